import type { GossipAgent } from './agent.ts';
import type { GossipMsg } from './messages.ts';
import { retransmitLimit } from './memberlist-formulas.ts';
import { DELEGATE_MSG_OVERHEAD_BYTES, WIRE } from './profiles.ts';
import { PacketType, Traffic } from './transport.ts';

/**
 * What an agent sends over UDP with broadcasts on board (state.go gossip, net.go sendMsg;
 * reference/gossip-controlplane.md §2.2): memberlist's own messages first, NetworkDB's delegate
 * broadcasts in the space they leave, each handed out up to the retransmit limit of the agent's
 * member count.
 */

/** The gossip tick: to up to GossipNodes targets, one packet each, filled separately. */
export function gossipTick(a: GossipAgent, nowNs: number): void {
  const c = a.cluster;
  const cfg = c.cfg;
  c.queueSampled.emit(a.index, a.queue.length, nowNs);
  if (a.queue.length === 0 && a.ndbQueue.length === 0) return;
  const nTargets = a.randomNodes(cfg.gossipNodes, -1, 0);
  const targets = a.picked;
  const bytesAvail = cfg.udpBufferSize - WIRE.compoundHeaderBytes - cfg.encryptionOverheadBytes;
  const limit = retransmitLimit(cfg.retransmitMult, a.estNumNodes);
  for (let t = 0; t < nTargets; t++) {
    const p = c.packet(PacketType.Gossip, a.index, targets[t]!);
    let used = a.queue.take(WIRE.compoundPartBytes, bytesAvail, limit, p.msgs);
    if (a.ndbQueue.length > 0) used += a.ndbQueue.take(DELEGATE_MSG_OVERHEAD_BYTES, bytesAvail - used, limit, p.msgs);
    if (p.msgs.length === 0) {
      c.releasePacket(p);
      return;
    }
    // A lone message goes without the compound wrapper: its size, plus the user-message byte of a delegate one.
    p.bytes = p.msgs.length === 1 ? used - WIRE.compoundPartBytes : WIRE.compoundHeaderBytes + used;
    c.sendUdp(p, Traffic.Gossip, nowNs);
  }
}

/** sendMsg: a control message with queued broadcasts piggybacked up to the packet budget. */
export function sendControl(a: GossipAgent, type: number, to: number, seq: number, target: number, msgBytes: number, nowNs: number, extra?: GossipMsg): void {
  const c = a.cluster;
  const cfg = c.cfg;
  const p = c.packet(type, a.index, to);
  p.seq = seq;
  p.target = target;
  let used = 0;
  if (extra !== undefined) {
    p.msgs.push(extra);
    used += extra.sizeBytes + WIRE.compoundPartBytes;
  }
  const avail = cfg.udpBufferSize - msgBytes - WIRE.compoundHeaderBytes - cfg.encryptionOverheadBytes - used;
  const limit = retransmitLimit(cfg.retransmitMult, a.estNumNodes);
  let piggybacked = a.queue.take(WIRE.compoundPartBytes, avail, limit, p.msgs);
  if (a.ndbQueue.length > 0) piggybacked += a.ndbQueue.take(DELEGATE_MSG_OVERHEAD_BYTES, avail - piggybacked, limit, p.msgs);
  used += piggybacked;
  p.bytes = p.msgs.length === 0 ? msgBytes : WIRE.compoundHeaderBytes + msgBytes + WIRE.compoundPartBytes + used;
  c.sendUdp(p, Traffic.Probe, nowNs);
}
