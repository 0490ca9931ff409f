import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * Four NewReno connections from four hosts to one, through a 100 Mbit/s bottleneck with a
 * one-BDP drop-tail queue (100e6 × 0.02 / 8 / 1538 ≈ 163 packets); access links are 1 Gbit/s
 * and every path has the same 20 ms RTT (10 ms on the bottleneck, 0 on the access links),
 * so AIMD converges to equal shares. Jain's index J = (Σx)² / (n·Σx²) over 30 s must be
 * ≥ 0.95 (the bound), and together they must keep the bottleneck busy.
 */
const text = `
name: fairness
duration: 30s
seed: 3
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a1, a2, a3, a4, b]
  switches: [r]
  links:
    - { between: [a1, r], bandwidth: 1Gbps }
    - { between: [a2, r], bandwidth: 1Gbps }
    - { between: [a3, r], bandwidth: 1Gbps }
    - { between: [a4, r], bandwidth: 1Gbps }
    - { between: [r, b], bandwidth: 100Mbps, delay: 10ms, queue: 163 }
networks: { bare: { driver: host } }
services:
  sender: { replicas: 4, networks: [bare], placement: [a1, a2, a3, a4] }
  sink: { replicas: 1, networks: [bare], placement: [b] }
workloads:
  - { name: bulk, kind: tcp-bulk, from: sender, to: sink, congestion: newreno }
`;

function jain(x: readonly number[]): number {
  const sum = x.reduce((a, v) => a + v, 0);
  return (sum * sum) / (x.length * x.reduce((a, v) => a + v * v, 0));
}

describe('four NewReno flows share one bottleneck fairly', () => {
  it("Jain's index over 30 s ≥ 0.95", async () => {
    const result = await runScenario(loadScenarioText('fairness.yaml', text).resolved);
    const connections = result.connections ?? [];
    expect(connections.map((c) => c.client)).toEqual(['sender.1', 'sender.2', 'sender.3', 'sender.4']);
    const goodputs = connections.map((c) => c.forwardBytes * 8 / 30);
    const index = jain(goodputs);
    const total = goodputs.reduce((a, g) => a + g, 0);
    console.log(`goodputs ${goodputs.map((g) => (g / 1e6).toFixed(2)).join(', ')} Mbit/s; Jain ${index.toFixed(4)}; total ${(total / 1e6).toFixed(2)} Mbit/s`);
    expect(index).toBeGreaterThanOrEqual(0.95);
    // Losses come from the queue only, and AIMD with a one-BDP buffer keeps the link nearly full.
    expect(connections.every((c) => c.retransmittedSegments > 0)).toBe(true);
    expect(total).toBeGreaterThan(0.9 * ((100e6 * 1448) / 1538));
  });

  it("Jain's index is 1 for equal shares and 1/n for one winner", () => {
    expect(jain([5, 5, 5, 5])).toBe(1);
    expect(jain([8, 0, 0, 0])).toBe(0.25);
  });
});
