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
 * api scales from 3 tasks to 2 at 1 s: api.3 stops on h3, which stays up. h3 drops it at once;
 * every other client host still sends it a third of its requests until it learns the
 * endpoint_table delete, and each of those fails with a reset one round trip later.
 */
describe('a task stopped on a live host', () => {
  it('is answered with a reset until each host learns the delete', async () => {
    const result = await runScenario(loadScenarioText('d.yaml', scenario('    - { kind: scale, at: 1s, service: api, replicas: 2 }')).resolved);
    const r = result.requests?.[0];
    const del = result.gossip?.events.find((e) => e.kind === 'endpoint-delete' && e.label.includes('endpoint_table'));
    expect(r?.failed).toBeGreaterThan(0);
    // A reset comes back after one round trip (tens of µs here), not after the SYN retries.
    expect(r?.failedAfterMaxNs).toBeGreaterThan(0);
    expect(r?.failedAfterMaxNs).toBeLessThan(1_000_000);
    // api.3's own host (h3) drops it at once: its clients never fail. The others fail until they learn the delete.
    expect(r?.windows.map((w) => w.host)).toEqual([0, 1, 3]);
    for (const w of r?.windows ?? []) {
      expect(w.firstFailNs).toBeGreaterThanOrEqual(SCALE_NS);
      expect(w.viewDroppedNs).toBeGreaterThanOrEqual(w.lastFailNs);
      expect(w.viewDroppedNs - w.lastFailNs).toBeLessThanOrEqual(3 * GAP_NS);
    }
    expect(Math.max(...(r?.windows ?? []).map((w) => w.viewDroppedNs))).toBe(SCALE_NS + (del?.reachNs[del.reachNs.length - 1] as number));
  });
});
