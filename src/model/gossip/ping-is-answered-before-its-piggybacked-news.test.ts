import { describe, expect, it } from 'vitest';
import { MsgKind, suspectMsg } from './messages.ts';
import { testCluster } from './test-cluster.ts';
import { PacketType } from './transport.ts';

/**
 * memberlist answers a ping inline and hands the messages piggybacked on it (alive, suspect, dead)
 * to its packet handler afterwards (net.go handleCommand, ref §2.2). So a suspected node that
 * receives the buddy-system ping carrying the suspicion (ref §5.5) acks first, with nothing to
 * piggyback, and only then refutes: the ack does not carry the refutation, and the refutation
 * (alive at incarnation 1) waits in its queue for the next gossip or probe.
 */
describe('a ping carrying a suspicion of its target', () => {
  it('is acked before the target refutes, so the ack carries no refutation', () => {
    const { cluster } = testCluster(3, 1);
    const sent: { type: number; to: number; kinds: number[] }[] = [];
    const send = cluster.sendUdp.bind(cluster);
    cluster.sendUdp = (p, category, nowNs) => {
      sent.push({ type: p.type, to: p.to, kinds: Array.from({ length: p.msgs.length }, (_, i) => p.msgs.at(i).kind) });
      send(p, category, nowNs);
    };
    const ping = cluster.packet(PacketType.Ping, 0, 1);
    ping.seq = 5;
    ping.target = 1;
    ping.msgs.push(suspectMsg(1, 0, 0));
    const target = cluster.agents[1]!;
    expect(target.queue.length).toBe(0);
    target.receive(ping, 0);
    expect(sent).toEqual([{ type: PacketType.Ack, to: 0, kinds: [] }]);
    expect(target.incarnation).toBe(1);
    expect(target.queue.length).toBe(1);
  });

  it('still piggybacks news queued before the ping arrived', () => {
    const { cluster } = testCluster(3, 1);
    const kinds: number[][] = [];
    const send = cluster.sendUdp.bind(cluster);
    cluster.sendUdp = (p, category, nowNs) => {
      kinds.push(Array.from({ length: p.msgs.length }, (_, i) => p.msgs.at(i).kind));
      send(p, category, nowNs);
    };
    const target = cluster.agents[1]!;
    target.onSuspect(2, 0, 1, 0);
    const ping = cluster.packet(PacketType.Ping, 0, 1);
    ping.target = 1;
    target.receive(ping, 0);
    expect(kinds).toEqual([[MsgKind.Suspect]]);
  });
});
