import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';

/**
 * Request–response traffic that stops issuing requests at 1 s of a 2 s run: its goodput in
 * connections.csv is the bytes over the second it was active (as in flows.csv), not over the
 * whole run, which would about halve it.
 */
describe('connection goodput', () => {
  it('spans start to stop when the workload stops before the end of the run', async () => {
    const text = `
name: goodput-stop
duration: 2s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Mbps, delay: 100us }]
workloads:
  - { name: rpc, kind: tcp-rpc, from: a, to: b, response: 64KiB, stop: 1s }
`;
    const result = await runScenario(loadScenarioText('g.yaml', text).resolved);
    const connection = result.connections?.[0];
    if (!connection) throw new Error('no connection');
    expect(connection.completionNs).toBe(-1);
    const bytes = connection.forwardBytes + connection.reverseBytes;
    expect(connection.goodputBps).toBe(Math.round((bytes * 8e9) / 1e9));
    // One request at a time, each a round trip plus 64 KiB at 100 Mbit/s: well over 10 Mbit/s.
    expect(connection.goodputBps).toBeGreaterThan(10e6);
    expect(connection.goodputBps).toBeLessThanOrEqual(100e6);
  });
});
