import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/** Two hosts on one link; services on a network; one UDP CBR workload. */
function scenario(opts: { network: string; payload: number; packetRate: number; loss?: number; duration?: string; stop?: string }): string {
  return `
name: frag
duration: ${opts.duration ?? '1s'}
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 10Gbps, delay: 10us, loss: ${opts.loss ?? 0} }]
hosts: { cpu: none }
networks: { net: ${opts.network} }
services:
  src: { replicas: 1, networks: [net], placement: [a] }
  dst: { replicas: 1, networks: [net], placement: [b] }
workloads:
  - { name: big, kind: udp-cbr, from: src, to: dst, packetRate: ${opts.packetRate}/s, payload: ${opts.payload}B${opts.stop ? `, stop: ${opts.stop}` : ''} }
`;
}

async function run(text: string) {
  const result = await runScenario(loadScenarioText('frag.yaml', text).resolved);
  const flow = result.flows[0];
  if (!flow) throw new Error('no flow');
  return { result, flow };
}

describe('fragmentation', () => {
  it('inner: 8950 B of payload on a plain overlay (container MTU 1450) → 7 fragments, each VXLAN-wrapped', async () => {
    // Inner 8978 B; 8958 B of data in units of floor((1450 − 20) / 8) × 8 = 1424: 6 × 1444 B + 434 B.
    // Outer: + 50 B each: 6 × 1494 + 484 = 9448 B per datagram.
    const { flow } = await run(scenario({ network: '{ driver: overlay }', payload: 8950, packetRate: 1000 }));
    expect(flow.txPackets).toBe(1000);
    expect(flow.underlayPackets).toBe(7 * 1000);
    expect(flow.underlayBytes).toBe(9448 * 1000);
    expect(flow.rxPackets).toBe(1000);
    expect(flow.rxBytes).toBe(8978 * 1000);
    expect(flow.goodputBps).toBe(8950 * 8 * 1000);
  });

  it('outer: a network mtu of 9000 on a 1500 underlay → VXLAN packets fragmented by the host (DF clear)', async () => {
    // Inner 8028 B fits the container MTU 8950; outer 8078 B on a 1500 link: 8058 B of data in
    // units of 1480 → 5 × 1500 B + (20 + 658) B.
    const { flow, result } = await run(scenario({ network: '{ driver: overlay, mtu: 9000 }', payload: 8000, packetRate: 1000 }));
    expect(flow.underlayPackets).toBe(6 * 1000);
    expect(flow.underlayBytes).toBe((5 * 1500 + 678) * 1000);
    expect(flow.rxPackets).toBe(1000);
    expect(result.links.find((l) => l.link === 'a->b')?.txPackets).toBe(6000);
  });

  it('outer with DF set: every oversized packet is dropped as "fragmentation needed" (the MTU black hole)', async () => {
    const { flow, result } = await run(scenario({ network: '{ driver: overlay, mtu: 9000, outerDf: true }', payload: 8000, packetRate: 1000 }));
    expect(flow.rxPackets).toBe(0);
    expect(flow.lostPackets).toBe(1000);
    expect(flow.underlayPackets).toBe(0);
    expect(result.links.every((l) => l.txPackets === 0)).toBe(true);
  });

  it('with per-fragment loss p, a 7-fragment datagram is lost with probability 1 − (1 − p)^7, and lost datagrams time out in reassembly', async () => {
    const p = 0.02;
    // 500 datagrams/s for 40 s, then 31 s more so every incomplete one passes the 30 s timeout.
    const { flow } = await run(scenario({ network: '{ driver: overlay }', payload: 8950, packetRate: 500, loss: p, duration: '71s', stop: '40s' }));
    const n = flow.txPackets;
    expect(n).toBe(20_000);
    const expected = 1 - (1 - p) ** 7; // 0.1319
    const sd = Math.sqrt((expected * (1 - expected)) / n); // 0.0024
    expect(Math.abs(flow.lostPackets / n - expected)).toBeLessThan(4 * sd);
    expect(flow.rxPackets + flow.lostPackets).toBe(n);
    // Some fragment of each lost datagram arrived (all 7 lost has probability 0.02^7), so each
    // lost datagram left an incomplete reassembly that timed out.
    expect(flow.reassemblyTimeouts).toBe(flow.lostPackets);
  });
});
