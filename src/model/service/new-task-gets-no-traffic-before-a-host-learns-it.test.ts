import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

const GAP_NS = 1_000_000; // 1000 requests/s per client, constant spacing
const SCALE_NS = 1_000_000_000;

const scenario = (events: string) => `name: lifecycle
seed: 3
duration: 2500ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 2, cpu: aesni }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 3, networks: [appnet], placement: [h1, h2, h3] }
  web: { replicas: 4, networks: [appnet], placement: [h1, h2, h3, h4] }
workloads:
  - { name: rpc, kind: tcp-rpc, from: web, to: api, rate: 1000/s, arrivals: constant, connect: per-request, request: 100B, response: 100B }
gossip:
  profile: lan
  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events:
${events}
`;

/**
 * api scales from 3 to 4 tasks at 1 s; the new task, api.4, starts on h4 (no api task there).
 * h4 holds it at once; every other client host sends it nothing until its NetworkDB learns the
 * endpoint_table create by table gossip, as the same run's gossip.csv times it, and then within
 * one round-robin cycle over the 4 tasks.
 */
describe('a task started by a scale-up', () => {
  it('gets no request from a host before that host learns it', async () => {
    const result = await runScenario(loadScenarioText('s.yaml', scenario('    - { kind: scale, at: 1s, service: api, replicas: 4 }')).resolved);
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
