import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { LIFECYCLE_REQUEST_GAP_NS, taskLifecycleScenario } from '../../test-support/task-lifecycle-scenario.ts';
import { GOSSIP_CONVERGE_DELAY_NS } from './task-lifecycle.ts';

const GAP_NS = LIFECYCLE_REQUEST_GAP_NS;
const SCALE_NS = 1_000_000_000;

/** api scales down to 2 at 1 s; table entries are bulk-synced every 1 s; `partition` adds an event. */
const scenario = (partition: string) =>
  taskLifecycleScenario({
    duration: '5s',
    gossipExtra: '  networkdb: { bulkSyncInterval: 1s }\n',
    events: `    - { kind: scale, at: 1s, service: api, replicas: 2 }\n${partition}`,
  });

/**
 * api scales from 3 tasks to 2 at 1 s: api.3's entries are deleted at once and its container
 * stops 2 s later (Swarm's gossip converge delay), on h3, which stays up. Hosts that learn the
 * delete by table gossip within those 2 s send it nothing that fails. h4, cut off from the
 * other agents from 0.9 s to 3.5 s (too short for anyone to be declared dead; the data plane is
 * not cut), misses the table gossip and learns the delete at a bulk sync after the heal (every
 * 1 s here): from 3 s until then its requests to api.3 are answered by h3's kernel with a
 * reset, one round trip later.
 */
describe('a task stopped on a live host', () => {
  it('fails no request while every host learns its delete within the converge delay', async () => {
    const result = await runScenario(loadScenarioText('d.yaml', scenario('')).resolved);
    expect(result.requests?.[0]?.failed).toBe(0);
  });

  it('is answered with a reset to a host that learns the delete only later', async () => {
    const result = await runScenario(loadScenarioText('d.yaml', scenario('    - { kind: partition, at: 900ms, hosts: [h4], heal: 3500ms }')).resolved);
    const r = result.requests?.[0];
    const del = result.gossip?.events.find((e) => e.kind === 'endpoint-delete' && e.label.includes('endpoint_table'));
    expect(r?.windows.map((w) => w.host)).toEqual([3]);
    const w = r!.windows[0]!;
    // The first reset is for the first request to api.3 after its container stopped, within one cycle over 3 tasks.
    expect(w.firstFailNs).toBeGreaterThanOrEqual(SCALE_NS + GOSSIP_CONVERGE_DELAY_NS);
    expect(w.firstFailNs - (SCALE_NS + GOSSIP_CONVERGE_DELAY_NS)).toBeLessThanOrEqual(3 * GAP_NS);
    // h4 is the last to learn the delete: the row's 100 % reach; its last reset is within one cycle before.
    expect(w.viewDroppedNs).toBe(SCALE_NS + (del?.reachNs[del.reachNs.length - 1] as number));
    expect(w.viewDroppedNs - w.lastFailNs).toBeLessThanOrEqual(3 * GAP_NS);
    expect(w.viewDroppedNs - w.lastFailNs).toBeGreaterThanOrEqual(0);
    // A reset comes back after one round trip (tens of µs), not after the SYN retries.
    expect(r!.failedAfterMaxNs).toBeGreaterThan(0);
    expect(r!.failedAfterMaxNs).toBeLessThan(1_000_000);
  });
});
