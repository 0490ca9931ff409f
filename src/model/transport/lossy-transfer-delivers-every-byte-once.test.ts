import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * A 1 MB transfer over a link that loses 5% of packets each way: holes, out-of-order data,
 * duplicate ACKs, lost retransmissions and lost ACKs, so fast recovery and timeouts (with
 * back-off) both happen. Every byte must reach the receiver, in order, exactly once (the
 * receiver's goodput counts only new in-order bytes), for both congestion controllers.
 */
describe('a transfer over a lossy link delivers every byte exactly once', () => {
  it.each(['newreno', 'cubic'])('%s', async (congestion) => {
    const text = `
name: lossy
duration: 60s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Mbps, delay: 5ms, loss: 0.05 }]
workloads:
  - { name: lossy, kind: tcp-bulk, from: a, to: b, bytes: 1MB, congestion: ${congestion} }
`;
    const result = await runScenario(loadScenarioText('lossy.yaml', text).resolved);
    const c = result.connections?.[0];
    const flow = result.flows[0];
    if (!c || !flow) throw new Error('no connection');
    console.log(`${congestion}: completed in ${(c.completionNs / 1e6).toFixed(1)} ms, ${c.retransmittedSegments} retransmitted, ${c.fastRecoveries} fast recoveries, ${c.timeouts} timeouts, ${flow.lostPackets} data segments lost`);
    expect(c.completionNs).toBeGreaterThan(0);
    expect(c.forwardBytes).toBe(1e6);
    expect(flow.rxPayloadBytes).toBe(1e6);
    expect(c.fastRecoveries).toBeGreaterThan(0);
    expect(c.timeouts).toBeGreaterThan(0);
    // Every lost data segment was sent again (some retransmissions are spurious or lost themselves).
    expect(c.retransmittedSegments).toBeGreaterThanOrEqual(flow.lostPackets);
  });
});
