import type { EventTarget } from '../../core/event-queue.ts';
import type { GossipAgent } from './agent.ts';
import { REJOIN, REJOIN_INTERVAL_NS } from './agent-events.ts';
import { State } from './messages.ts';
import type { JoinSync } from './network-events.ts';
import { Traffic } from './transport.ts';

/** Why a TCP state exchange runs. */
export const Purpose = {
  /** memberlist's periodic push/pull. */
  PushPull: 0,
  /** The push/pull of a host joining the cluster (memberlist Join through a seed). */
  Join: 1,
  /** NetworkDB's reconnectNode: memberlist Join of a failed node, then a bulk sync with it. */
  Reconnect: 2,
  /** A NetworkDB bulk sync of one network. */
  BulkSync: 3,
} as const;

/** A TCP state exchange (push/pull, join, reconnect, bulk sync) in flight. */
class Exchange implements EventTarget {
  constructor(
    readonly antiEntropy: AntiEntropy,
    readonly peer: number,
    readonly purpose: number,
    /** NetworkDB network index for a bulk sync; −1 for memberlist push/pull. */
    readonly network: number,
    readonly epoch: number,
    /** The join bulk sync this exchange is a step of, if any. */
    readonly joinSync: JoinSync | undefined,
  ) {}
  onEvent(_kind: number, nowNs: number): void {
    this.antiEntropy.exchangeDone(this, nowNs);
  }
}

/**
 * An agent's TCP state exchanges (state.go pushPull, net.go): memberlist push/pull with one
 * random live peer, the push/pull of a join, NetworkDB's reconnects and bulk syncs. Both sides
 * merge the other's state when the exchange completes; a remote dead is applied as suspect
 * (mergeState).
 */
export class AntiEntropy {
  constructor(private readonly agent: GossipAgent) {}

  /** The push/pull timer fired: exchange state with one random live member. */
  pushPull(nowNs: number): void {
    const a = this.agent;
    if (a.randomNodes(1, -1, 1) === 0) return;
    this.exchange(nowNs, a.picked[0]!, Purpose.PushPull, -1);
  }

  /**
   * NetworkDB's reconnectNode (ref §3.2 retryInterval): memberlist Join of one random node of the
   * failed list; once it completes, a bulk sync of the common networks with that node.
   */
  reconnect(nowNs: number): void {
    const a = this.agent;
    const failed = a.failed;
    if (failed.size === 0) return;
    const peer = failed.get(a.rng.int(failed.size));
    a.cluster.reconnects++;
    if (!this.exchange(nowNs, peer, Purpose.Reconnect, -1)) a.cluster.reconnectFailures++;
  }

  /**
   * Starts a TCP exchange with `peer` (for `network` ≥ 0 a bulk sync, perhaps a step of `joinSync`);
   * false when it cannot connect.
   */
  exchange(nowNs: number, peer: number, purpose: number, network: number, joinSync?: JoinSync): boolean {
    const a = this.agent;
    const c = a.cluster;
    const bytes = network < 0 ? c.pushPullBytes(a.index) : c.ndb.bulkSyncBytes(network, a.index, nowNs);
    const back = network < 0 ? c.pushPullBytes(peer) : c.ndb.bulkSyncBytes(network, peer, nowNs);
    const ns = c.transport.tcpExchangeNs(a.index, peer, bytes, back);
    if (ns < 0 || !c.isUp(peer) || ns > c.cfg.tcpTimeoutNs) {
      if (purpose === Purpose.PushPull || purpose === Purpose.Join) c.pushPullFailures++;
      else if (purpose === Purpose.BulkSync) c.ndb.bulkSyncFailures++;
      return false;
    }
    c.countTcp(a.index, bytes, network < 0 ? Traffic.PushPull : Traffic.BulkSync);
    c.countTcp(peer, back, network < 0 ? Traffic.PushPull : Traffic.BulkSync);
    c.transport.carryTcpExchange(a.index, peer, bytes, back, nowNs);
    c.ctx.scheduler.post(ns, new Exchange(this, peer, purpose, network, a.epoch, joinSync), 0);
    return true;
  }

  exchangeDone(x: Exchange, nowNs: number): void {
    const a = this.agent;
    const c = a.cluster;
    if (!a.up || x.epoch !== a.epoch) return;
    if (!c.isUp(x.peer)) {
      // The seed went down during the join: retry later, as a failed join does.
      if (x.purpose === Purpose.Join) {
        c.joinFailures++;
        c.ctx.scheduler.post(REJOIN_INTERVAL_NS, a, REJOIN | (a.epoch << 4));
      }
      x.joinSync?.next(nowNs);
      return;
    }
    if (x.network >= 0) {
      c.ndb.merge(x.network, a.index, x.peer, nowNs);
      c.bulkSyncDone.emit(x.network, a.index, x.peer);
      x.joinSync?.next(nowNs);
      return;
    }
    c.agents[x.peer]!.antiEntropy.mergeFrom(a.index, nowNs);
    this.mergeFrom(x.peer, nowNs);
    // memberlist's push/pull carries NetworkDB's LocalState: every node's attachments (ref §3.3).
    if (c.networkEvents.dynamic.length > 0) c.networkEvents.mergeViews(a.index, x.peer, nowNs);
    if (x.purpose === Purpose.Join) c.joined(a.index, nowNs);
    else if (x.purpose === Purpose.Reconnect) c.ndb.reconnectSync(a, x.peer, nowNs);
  }

  /** mergeState with the view of `other` (as it is now). */
  private mergeFrom(other: number, nowNs: number): void {
    const a = this.agent;
    const c = a.cluster;
    const n = c.n;
    const view = c.view;
    const ob = other * n;
    const mb = a.index * n;
    for (let j = 0; j < n; j++) {
      const v = view[ob + j]!;
      const st = v & 7;
      if (st === State.Unknown) continue;
      const inc = v >>> 3;
      if (view[mb + j]! === v) continue;
      if (st === State.Alive) a.onAlive(j, inc, undefined, nowNs);
      else if (st === State.Suspect || st === State.Dead) a.onSuspect(j, inc, other, nowNs);
      else a.onDead(j, inc, j, nowNs);
    }
  }
}
