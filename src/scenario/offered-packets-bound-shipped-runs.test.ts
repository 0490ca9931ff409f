import { describe, expect, it } from 'vitest';
import { checkEventBudget } from '../cli/limits.ts';
import { EVENTS_PER_PACKET, estimatedEvents, offeredPackets } from './estimate-events.ts';
import { loadScenario, loadScenarioText } from './load.ts';
import { runScenario } from './run.ts';

/**
 * The event estimate behind the default budget: offered packets by hand for a UDP workload,
 * and for the shipped scenarios with workloads an upper figure of the events a run processes
 * (at least the actual count, at most EVENTS_PER_PACKET times it: the shipped runs take 1.5 to 8
 * events a packet).
 */
describe('offered packets and the event estimate', () => {
  it('counts a UDP workload at its packet rate per pair over the run', () => {
    const loaded = loadScenarioText(
      'cbr.yaml',
      `name: cbr
duration: 10ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 1Gbps } }
workloads:
  - { name: a, kind: udp-cbr, from: h1, to: h2, packetRate: 1000/s, packetSize: 500B }
  - { name: b, kind: ping, from: h3, to: h4, interval: 1ms, start: 5ms }
`,
    );
    // a: 1000/s × 10 ms = 10; b: requests and replies every 1 ms for 5 ms = 10.
    expect(offeredPackets(loaded.resolved)).toBe(20);
    expect(offeredPackets(loaded.resolved, 5_000_000)).toBe(5);
    expect(estimatedEvents(loaded.resolved)).toBe(20 * EVENTS_PER_PACKET);
  });

  it.each(['p2p-udp', 'quickstart', 'bottleneck', 'tcp-iperf', 'encrypted-vs-plain'])('%s: actual ≤ estimate ≤ 10 × actual over 20 ms', async (name) => {
    const loaded = loadScenario(`scenarios/${name}.yaml`);
    for (const v of loaded.variants.length > 0 ? loaded.variants.map((x) => x.resolved) : [loaded.resolved]) {
      const untilNs = 20_000_000;
      const result = await runScenario(v, { untilNs });
      const estimate = estimatedEvents(v, untilNs);
      expect(estimate).toBeGreaterThanOrEqual(result.eventsProcessed);
      expect(estimate).toBeLessThanOrEqual(EVENTS_PER_PACKET * result.eventsProcessed);
    }
  });

  it('refuses a run above the budget unless --max-events is at least the estimate', () => {
    const loaded = loadScenario('scenarios/p2p-udp.yaml');
    const estimate = estimatedEvents(loaded.resolved);
    expect(() => checkEventBudget('p2p-udp', loaded.resolved, undefined, estimate - 1)).toThrow(`confirm with --max-events ${estimate}`);
    expect(() => checkEventBudget('p2p-udp', loaded.resolved, undefined, estimate)).not.toThrow();
  });
});
