import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

const GAP_NS = 5_000_000; // 200 datagrams/s per client, constant spacing
const CRASH_NS = 1_000_000_000;
const DURATION_NS = 9_000_000_000;

/** Datagrams of one client at k·gap (ideal hosts: no DNS delay) that fall in [fromNs, toNs). */
function sentIn(fromNs: number, toNs: number): number {
  return Math.ceil(toNs / GAP_NS) - Math.ceil(fromNs / GAP_NS);
}

/**
 * api has 4 tasks, one on h1, which crashes at 1 s. Each of h2-h5 runs 4 udp-cbr clients to
 * api's VIP, so each host's IPVS round robin gives each task exactly one client's flow: on
 * every client host exactly one flow points at h1's task. Its datagrams are lost from the crash
 * until that host's view drops the task (its memberlist declares h1 dead), then the entry is
 * expired (expire_nodest_conn) and the flow goes on to a live task: nothing is lost after.
 * With ideal hosts the datagrams leave at exact multiples of the gap, so the counts are exact.
 */
describe('UDP datagrams to a task on a crashed host', () => {
  it('are lost from the crash until the client host drops the task, then reach a live task', async () => {
    const loaded = loadScenarioText(
      'udp-crash.yaml',
      `name: udp-crash
seed: 5
duration: 9s
underlay: { topology: star, hosts: 5, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cpu: none }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 4, networks: [appnet], placement: [h1, h2, h3, h4] }
  web: { replicas: 16, networks: [appnet], placement: [h2, h2, h2, h2, h3, h3, h3, h3, h4, h4, h4, h4, h5, h5, h5, h5] }
workloads:
  - { name: dgram, kind: udp-cbr, from: web, to: api, packetRate: 200/s, payload: 100B }
gossip:
  profile: lan
  transport: { kind: abstract, delay: 100us, jitter: 50us }
  events: [{ kind: crash, at: 1s, hosts: [h1] }]
`,
    );
    const result = await runScenario(loaded.resolved);
    const dgram = result.requests?.find((r) => r.workload === 'dgram');
    const crash = result.gossip?.events.find((e) => e.kind === 'crash');
    expect(dgram).toBeDefined();
    expect(crash?.informed).toBe(4);
    const windows = dgram!.windows;
    expect(windows.map((w) => w.host)).toEqual([1, 2, 3, 4]);
    for (const w of windows) {
      // One client per host lost every datagram it sent from the crash until the host's view dropped api.1.
      expect(w.viewDroppedNs).toBeGreaterThan(CRASH_NS);
      expect(w.failed).toBe(sentIn(CRASH_NS, w.viewDroppedNs));
      // The loss window is the view-drop time: first loss at the crash, last within one gap before the drop.
      expect(w.firstFailNs).toBe(CRASH_NS);
      expect(w.lastFailNs).toBeLessThan(w.viewDroppedNs);
      expect(w.viewDroppedNs - w.lastFailNs).toBeLessThanOrEqual(GAP_NS);
    }
    // The latest host to drop api.1 is the gossip model's 100 % reach of the crash, to the ns.
    const reach100 = crash!.reachNs[crash!.reachNs.length - 1] as number;
    expect(Math.max(...windows.map((w) => w.viewDroppedNs))).toBe(CRASH_NS + reach100);
    // Every lost datagram went to h1's task; every other one reached a running task.
    const lost = windows.reduce((a, w) => a + w.failed, 0);
    expect(dgram!.failed).toBe(lost);
    expect([...dgram!.failedByTask]).toEqual([['api.1', lost]]);
    expect(dgram!.succeeded + dgram!.failed).toBe(16 * (DURATION_NS / GAP_NS));
    // Before the crash, h1's task received its four clients' datagrams; none after.
    const rx = (dst: (task: string) => boolean) => result.flows.filter((f) => f.workload === 'dgram' && dst(f.dst)).reduce((a, f) => a + f.rxPackets, 0);
    expect(rx((t) => t === 'api.1')).toBe(4 * sentIn(0, CRASH_NS));
    // After its drop, the client that pointed at api.1 sends on to a live task: every datagram sent
    // to a running task arrived (an uncongested 10 Gb/s star loses none), and after the crash only
    // the live tasks received any.
    expect(rx((t) => t !== 'api.1')).toBe(dgram!.succeeded - 4 * sentIn(0, CRASH_NS));
    // By hand: the 12 clients on live tasks send all along; each host's fourth client from its drop on.
    const movedOn = windows.reduce((a, w) => a + sentIn(CRASH_NS, DURATION_NS) - w.failed, 0);
    expect(rx((t) => t !== 'api.1')).toBe(12 * (DURATION_NS / GAP_NS) + movedOn);
  });
});
