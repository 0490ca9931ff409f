import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { synGiveUpNs } from '../transport/syn-retries.ts';

const GAP_NS = 1_000_000; // 1000 requests/s per client, constant spacing
const CRASH_NS = 1_000_000_000;

/**
 * h1 runs 2 of api's 6 tasks and crashes at 1 s; every live host (h2-h6) runs one client that
 * routes each request through its own IPVS view. Each host's error window must end where that
 * host's memberlist declared h1 dead in the same run (the gossip model's per-host convergence):
 * the last failed request is at most one round-robin cycle before it (the 4 live tasks are
 * picked in between, so 5 request gaps), and the gossip row's 100 % reach time is the latest
 * host's drop, exactly.
 */
describe('the error window of each client host', () => {
  it('ends within one round-robin cycle of the host learning of the crash', async () => {
    const loaded = loadScenarioText(
      'crash.yaml',
      `name: crash
seed: 3
duration: 9s
underlay: { topology: star, hosts: 6, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 2, cpu: aesni }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 6, networks: [appnet], placement: [h1, h1, h2, h3, h4, h5] }
  web: { replicas: 5, networks: [appnet], placement: [h2, h3, h4, h5, h6] }
workloads:
  - { name: rpc, kind: tcp-rpc, from: web, to: api, rate: 1000/s, arrivals: constant, connect: per-request, request: 100B, response: 100B }
gossip:
  profile: lan
  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events: [{ kind: crash, at: 1s, hosts: [h1] }]
`,
    );
    const result = await runScenario(loaded.resolved);
    const requests = result.requests?.[0];
    const crash = result.gossip?.events.find((e) => e.kind === 'crash');
    expect(requests).toBeDefined();
    expect(crash?.informed).toBe(5);
    const windows = requests!.windows;
    expect(windows.map((w) => w.host)).toEqual([1, 2, 3, 4, 5]);
    for (const w of windows) {
      // The first request after the crash that picks a dead task fails: h1's two tasks are adjacent
      // in the round robin over 6, so at most 4 live picks come first.
      expect(w.firstFailNs).toBeGreaterThanOrEqual(CRASH_NS);
      expect(w.firstFailNs - CRASH_NS).toBeLessThanOrEqual(5 * GAP_NS);
      // The window closes when this host's view drops h1's tasks: no failure after, the last one within one cycle before.
      expect(w.viewDroppedNs).toBeGreaterThanOrEqual(w.lastFailNs);
      expect(w.viewDroppedNs - w.lastFailNs).toBeLessThanOrEqual(5 * GAP_NS);
      // Round robin over 6 tasks, 2 of them dead: a third of the requests made until the drop fail,
      // give or take the 2 of a partial cycle at either end.
      const made = Math.floor((w.viewDroppedNs - CRASH_NS) / GAP_NS);
      expect(Math.abs(w.failed - made / 3)).toBeLessThanOrEqual(2);
    }
    // The latest host to drop h1's tasks is the gossip model's 100 % reach of the crash, to the ns.
    const reach100 = crash!.reachNs[crash!.reachNs.length - 1] as number;
    expect(Math.max(...windows.map((w) => w.viewDroppedNs))).toBe(CRASH_NS + reach100);
    expect(requests!.failed).toBe(windows.reduce((a, w) => a + w.failed, 0));
    // Each failed request's client sees the error after DNS and Linux's SYN retries: 9.2 µs + 127 s.
    expect(requests!.failedAfterMaxNs).toBe(4 * 2300 + synGiveUpNs(1e9, 6));
  });
});
