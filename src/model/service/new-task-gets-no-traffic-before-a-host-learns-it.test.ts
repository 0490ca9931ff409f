import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { LIFECYCLE_REQUEST_GAP_NS, taskLifecycleScenario } from '../../test-support/task-lifecycle-scenario.ts';

const GAP_NS = LIFECYCLE_REQUEST_GAP_NS;
const SCALE_NS = 1_000_000_000;

/**
 * api scales from 3 to 4 tasks at 1 s; the new task, api.4, starts on h4 (no api task there).
 * h4 holds it at once; every other client host sends it nothing until its NetworkDB learns the
 * endpoint_table create by table gossip, as the same run's gossip.csv times it, and then within
 * one round-robin cycle over the 4 tasks.
 */
describe('a task started by a scale-up', () => {
  it('gets no request from a host before that host learns it', async () => {
    const result = await runScenario(loadScenarioText('s.yaml', taskLifecycleScenario({ duration: '2500ms', events: '    - { kind: scale, at: 1s, service: api, replicas: 4 }' })).resolved);
    const arrivals = result.requests?.[0]?.newTasks ?? [];
    expect(arrivals.map((a) => [a.host, a.task])).toEqual([[0, 'api.4'], [1, 'api.4'], [2, 'api.4'], [3, 'api.4']]);
    const owner = arrivals.find((a) => a.host === 3);
    expect(owner?.learnedNs).toBe(SCALE_NS);
    for (const a of arrivals) {
      expect(a.firstRequestNs).toBeGreaterThanOrEqual(a.learnedNs);
      expect(a.firstRequestNs - a.learnedNs).toBeLessThanOrEqual(4 * GAP_NS);
    }
    // The last host to learn it is the create event's 100 % reach in gossip.csv, to the ns.
    const create = result.gossip?.events.find((e) => e.kind === 'endpoint-create' && e.label.includes('endpoint_table'));
    const others = arrivals.filter((a) => a.host !== 3).map((a) => a.learnedNs);
    expect(Math.max(...others)).toBe(SCALE_NS + (create?.reachNs[create.reachNs.length - 1] as number));
    expect(Math.min(...others)).toBeGreaterThan(SCALE_NS);
    // Nothing failed: a scale-up only adds a backend.
    expect(result.requests?.[0]?.failed).toBe(0);
  });

});
