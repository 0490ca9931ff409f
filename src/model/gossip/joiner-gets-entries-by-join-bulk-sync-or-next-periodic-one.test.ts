import { describe, expect, it } from 'vitest';
import type { GossipEventResult } from '../../stats/gossip-monitor.ts';
import { NETWORKDB_DEFAULTS, tcpWireBytes, WIRE } from './profiles.ts';
import { scenarioCluster } from './test-cluster.ts';

/**
 * 30 hosts (memberlist push/pull every 30 s, not scaled up to 32 hosts; NetworkDB bulk sync
 * every 30 s, ref §2.1, §3.2), one-way delay 100 µs, TCP at 1 Gbit/s. appnet runs on h1..h10
 * with one endpoint each from the start. A bulk-sync exchange takes a TCP handshake plus request
 * and response one way each (4 × 100 µs) plus the bytes of both at 1 Gbit/s; the expected times
 * below are that, with no tolerance.
 *
 * In the main scenario 10 more endpoints are created at 1 s (40 entries in all, held by h1..h10
 * well before 5 s). h20 joins appnet at 5 s. It has known since t = 0 that h1..h10 are attached,
 * so its join bulk sync (ref §3.3) starts with h1, which sends every entry: the `network-sync`
 * event is done when that first exchange completes.
 *
 * h30 joins the cluster and appnet in the same instant. Its agent has just started, so it
 * believes no one is attached when its join bulk sync runs: the sync has no peer. Its view is
 * filled a moment later by the join push/pull (NetworkPushPull, ref §3.3), but the entries were
 * gossiped long ago, so they can only come by the next periodic bulk sync that involves h30 (its
 * own, at a random phase within 30 s, or a member's that picks it): the `network-sync` event ends
 * exactly when the first such exchange completes, at most 30 s plus that exchange's time after
 * the join. Five seeds, since the phases are random. With the periodic bulk sync practically
 * off (a 100 000-minute interval) h30 never gets them within the run.
 */
const PLACEMENT = Array.from({ length: 10 }, (_, i) => `h${i + 1}`).join(', ');

function scenario(seed: number, durationS: number, memberlist: string, events: string[]): string {
  return `name: join-sync
seed: ${seed}
duration: ${durationS}s
underlay: { topology: abstract, hosts: 30 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 10, networks: [appnet], placement: [${PLACEMENT}] } }
gossip:
  transport: { kind: abstract, delay: 100us, tcpRate: 1Gbps }
  memberlist: ${memberlist}
  networkdb: { bulkSyncInterval: 30s }
  events:
${events.map((e) => `    - ${e}\n`).join('')}`;
}

const MAIN_EVENTS = [
  '{ kind: endpoints, at: 1s, network: appnet, count: 10, rate: 10/s }',
  '{ kind: network, at: 5s, network: appnet, hosts: [h20], action: join }',
  '{ kind: join, at: 8s, hosts: [h30] }',
  '{ kind: network, at: 8s, network: appnet, hosts: [h30], action: join }',
];

/** Bytes of the entries of `endpoints` endpoints in a bulk sync. */
const entryBytes = (endpoints: number) => endpoints * (NETWORKDB_DEFAULTS.endpointEntryBytes + NETWORKDB_DEFAULTS.peerEntryBytes + 2 * WIRE.compoundPartBytes);
/** One bulk-sync exchange with `request` and `response` bytes of entries, ns. */
const exchangeNs = (request: number, response: number) => 4 * 100_000 + Math.ceil(((tcpWireBytes(request) + tcpWireBytes(response)) * 8 * 1e9) / 1e9);
/** The main scenario's exchange carrying all 40 entries one way. */
const EXCHANGE_NS = exchangeNs(0, entryBytes(20));
const BULK_SYNC_INTERVAL_NS = 30e9;

function run(text: string) {
  const { ctx, cluster, monitor, durationNs, hostIndex } = scenarioCluster(text);
  const h30 = hostIndex('h30');
  // Bulk syncs of appnet (network 0) that involve h30: peer, initiator, completion time.
  const h30Syncs: { peer: string; byH30: boolean; atNs: number }[] = [];
  cluster.bulkSyncDone.connect((network, a, b) => {
    if (network === 0 && (a === h30 || b === h30)) h30Syncs.push({ peer: cluster.names[a === h30 ? b : a]!, byH30: a === h30, atNs: ctx.scheduler.nowNs });
  });
  ctx.scheduler.run({ untilNs: durationNs });
  const events = monitor.results(durationNs).events;
  const sync = (label: string) => events.find((e) => e.kind === 'network-sync' && e.label === label) as GossipEventResult;
  return { h20: sync('h20'), h30: sync('h30'), h30Syncs };
}

describe('a host joining a network gets its existing entries', () => {
  it('through the join bulk sync when its view lists the network\'s hosts: one exchange after the join, to the nanosecond', () => {
    const { h20 } = run(scenario(4, 60, '{}', MAIN_EVENTS));
    expect(h20.shouldKnow).toBe(1);
    expect(h20.reachNs[3]).toBe(EXCHANGE_NS);
  });

  it('through a join bulk sync with exactly the hosts the joiner believes attached, one after another', () => {
    // h11..h15 join appnet at 2 s while h30 hears no UDP (its 7946/udp is blocked until 10 s) and
    // memberlist push/pull is off, so h30 never learns of them; h1..h10 it has known since t = 0.
    // Its join at 20 s syncs with h1..h10, in row order, each exchange starting when the previous
    // one completes: the first carries the 20 entries of the 10 initial endpoints to h30, each
    // later one carries them both ways. A join bulk sync taken from the truth would reach
    // h11..h15 as well.
    const { h30, h30Syncs } = run(
      scenario(4, 25, '{ pushPullInterval: 0s }', [
        '{ kind: firewall, at: 0s, hosts: [h30], block: [udp], until: 10s }',
        '{ kind: network, at: 2s, network: appnet, hosts: [h11, h12, h13, h14, h15], action: join }',
        '{ kind: network, at: 20s, network: appnet, hosts: [h30], action: join }',
      ]),
    );
    const first = exchangeNs(0, entryBytes(10));
    const later = exchangeNs(entryBytes(10), entryBytes(10));
    const joinSyncs = h30Syncs.filter((x) => x.atNs < 21e9);
    expect(joinSyncs).toEqual(Array.from({ length: 10 }, (_, i) => ({ peer: `h${i + 1}`, byH30: true, atNs: 20e9 + first + i * later })));
    expect(h30.reachNs[3]).toBe(first);
  });

  it.each([4, 5, 6, 7, 8])('only at the next periodic bulk sync when it believes no one is attached (seed %i)', (seed) => {
    const { h20, h30, h30Syncs } = run(scenario(seed, 60, '{}', MAIN_EVENTS));
    expect(h20.reachNs[3]).toBe(EXCHANGE_NS);
    const reach = h30.reachNs[3];
    expect(reach, 'h30 never held every entry').toBeDefined();
    // Not at the join: the first bulk sync that involves h30 delivers them, and it is a periodic one.
    expect(h30.startNs + reach!).toBe(h30Syncs[0]!.atNs);
    expect(reach!).toBeGreaterThan(EXCHANGE_NS);
    expect(reach!).toBeLessThanOrEqual(BULK_SYNC_INTERVAL_NS + EXCHANGE_NS);
  });

  it('never within the run when no periodic bulk sync comes, while the join bulk sync still serves h20', () => {
    const text = scenario(4, 60, '{}', MAIN_EVENTS).replace('bulkSyncInterval: 30s', 'bulkSyncInterval: 100000m');
    const { h20, h30, h30Syncs } = run(text);
    expect(h20.reachNs[3]).toBe(EXCHANGE_NS);
    expect(h30Syncs).toEqual([]);
    expect(h30.shouldKnow).toBe(1);
    expect(h30.informed).toBe(0);
  });
});
