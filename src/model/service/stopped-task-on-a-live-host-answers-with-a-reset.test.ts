import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { GOSSIP_CONVERGE_DELAY_NS } from './task-lifecycle.ts';

const GAP_NS = 1_000_000; // 1000 requests/s per client, constant spacing
const SCALE_NS = 1_000_000_000;

const scenario = (partition: string) => `name: lifecycle
seed: 3
duration: 5s
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
  networkdb: { bulkSyncInterval: 1s }
  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events:
    - { kind: scale, at: 1s, service: api, replicas: 2 }
${partition}
`;

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
