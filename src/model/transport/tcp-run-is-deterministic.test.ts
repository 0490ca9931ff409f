import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { type RunResult, runScenario } from '../../scenario/run.ts';

/**
 * Bulk (CUBIC, NewReno) and RPC (open and closed loop) over a lossy, jittery link: the same
 * seed gives identical results, field for field; another seed gives other losses.
 */
const text = `
name: tcp-determinism
duration: 2s
hosts: { cores: 2, cpu: aesni }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 200Mbps, delay: 2ms, jitter: 100us, loss: 0.002 }]
networks: { net: { encrypted: true } }
services:
  client: { replicas: 2, networks: [net], placement: [a] }
  server: { replicas: 2, networks: [net], placement: [b] }
workloads:
  - { name: cubic, kind: tcp-bulk, from: client, to: server, streams: 2 }
  - { name: newreno, kind: tcp-bulk, from: client.1, to: server.2, congestion: newreno, bytes: 2MB, vectors: true }
  - { name: open, kind: tcp-rpc, from: server, to: client, rate: 500/s, connections: 2 }
  - { name: closed, kind: tcp-rpc, from: client.2, to: server.1, concurrency: 3, think: 1ms, timestamps: false }
`;

/** Everything a run reports but its wall time. */
const fingerprint = (r: RunResult) => JSON.stringify({ ...r, wallMs: 0, scenario: undefined });

describe('a TCP run is deterministic', () => {
  it('the same seed gives identical results; another seed, other ones', async () => {
    const resolved = loadScenarioText('det.yaml', text).resolved;
    const a = await runScenario(resolved, { seed: 5 });
    const b = await runScenario(resolved, { seed: 5 });
    const c = await runScenario(resolved, { seed: 6 });
    expect(fingerprint(b)).toBe(fingerprint(a));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
    // The run exercised what it should: losses recovered, every request kind answered, a completed transfer.
    const connections = a.connections ?? [];
    expect(connections).toHaveLength(2 * 2 + 1 + 2 * 2 + 3);
    expect(connections.reduce((s, x) => s + x.retransmittedSegments, 0)).toBeGreaterThan(0);
    expect(a.workloads.find((w) => w.workload === 'newreno')?.tcp?.completed).toBe(1);
    expect(a.workloads.find((w) => w.workload === 'open')?.tcp?.requestLatency?.count).toBeGreaterThan(900);
    expect(a.workloads.find((w) => w.workload === 'closed')?.tcp?.requestLatency?.count).toBeGreaterThan(100);
    expect(a.vectors?.map((v) => v.connection)).toEqual(['newreno']);
  });
});
