import { describe, expect, it } from 'vitest';
import type { TableEntry } from './messages.ts';
import { PacketType } from './transport.ts';
import { scenarioCluster } from './test-cluster.ts';

/**
 * The rebroadcast rule (ref §3.3): a node re-queues a newer table event only when the network is
 * in sync there, which happens once its join bulk sync is done. appnet runs on h1..h10; h20
 * joins it at 5 s. With a 10 ms one-way delay each exchange of the join bulk sync takes over
 * 40 ms, one after another with the ten hosts h20 believes attached, so h20 is not in sync for
 * about half a second. A table event from h1 delivered to h20 1 ms after its join is applied
 * but not relayed; the same kind of event delivered once the join bulk sync is done is relayed,
 * as it is at h5, attached and in sync from the start.
 */
const HOSTS = Array.from({ length: 10 }, (_, i) => `h${i + 1}`).join(', ');
const SCENARIO = `name: in-sync
seed: 3
duration: 10s
underlay: { topology: abstract, hosts: 30 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 10, networks: [appnet], placement: [${HOSTS}] } }
gossip:
  transport: { kind: abstract, delay: 10ms }
  events:
    - { kind: network, at: 5s, network: appnet, hosts: [h20], action: join }
`;

describe('a node relays table events', () => {
  it('only once its join bulk sync is done and the network is in sync', () => {
    const { ctx, cluster, hostIndex } = scenarioCluster(SCENARIO);
    const s = ctx.scheduler;
    const net = cluster.ndb.networks[0]!;
    const [h1, h2, h5, h20] = ['h1', 'h2', 'h5', 'h20'].map(hostIndex) as [number, number, number, number];
    /** A fresh table event of `owner` (an endpoint's first entry), delivered straight to `to`; returns the growth of `to`'s relay queue. */
    const deliver = (owner: number, to: number): { entry: TableEntry; relayed: number } => {
      const before = net.entries.length;
      cluster.ndb.createEndpoint(0, owner, s.nowNs, () => -1);
      const entry = net.entries[before]!;
      const p = cluster.packet(PacketType.Table, owner, to);
      p.network = 0;
      p.msgs.push(entry.createMsg!);
      const queued = net.relay[to]!.length;
      cluster.agents[to]!.receive(p, s.nowNs);
      cluster.releasePacket(p);
      return { entry, relayed: net.relay[to]!.length - queued };
    };

    s.run({ untilNs: 5_001_000_000 });
    expect(net.views!.inSync[h20]).toBe(0);
    const early = deliver(h1, h20);
    expect(net.knownBy(early.entry, h20)).toBe(early.entry.createMsg!.version);
    expect(early.relayed).toBe(0);
    // The same at a node in sync from the start: relayed.
    expect(deliver(h1, h5).relayed).toBe(1);

    s.run({ untilNs: 7e9 });
    expect(net.views!.inSync[h20]).toBe(1);
    const late = deliver(h2, h20);
    expect(net.knownBy(late.entry, h20)).toBe(late.entry.createMsg!.version);
    expect(late.relayed).toBe(1);
  });
});
