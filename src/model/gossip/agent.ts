import type { EventTarget } from '../../core/event-queue.ts';
import type { RandomStream } from '../../core/rng.ts';
import {
  BULK_SYNC,
  GOSSIP,
  LEAVE_DONE,
  LEAVE_PROPAGATE_NS,
  NDB_GOSSIP,
  PROBE_DEADLINE,
  PROBE_TICK,
  PROBE_TIMEOUT,
  PUSH_PULL,
  PUSH_PULL_ARM,
  RECONNECT,
  REJOIN,
  REJOIN_INTERVAL_NS,
  Suspicion,
} from './agent-events.ts';
import { AntiEntropy, Purpose } from './anti-entropy.ts';
import { TransmitLimitedQueue } from './broadcast-queue.ts';
import type { GossipCluster } from './cluster.ts';
import { FailedNodes } from './failed-nodes.ts';
import { aliveMsg, deadMsg, type GossipMsg, MsgKind, State, suspectMsg } from './messages.ts';
import {
  applyAwareness,
  pushPullIntervalNs,
  suspicionConfirmations,
  suspicionMaxNs,
  suspicionMinNs,
  suspicionTimeoutNs,
} from './memberlist-formulas.ts';
import { Prober } from './prober.ts';
import { gossipTick } from './send.ts';
import { type GossipPacket, PacketType } from './transport.ts';

/**
 * One host's memberlist agent (state.go, net.go; reference/gossip-controlplane.md §2): the gossip
 * tick (send.ts), suspicion with confirmations and refutation, join, graceful leave, and
 * NetworkDB's reconnects to its {@link failed} nodes. Its failure detector is a {@link Prober} and its TCP state exchanges an
 * {@link AntiEntropy}. Its view of the cluster is a row of {@link GossipCluster.view}.
 */
export class GossipAgent implements EventTarget {
  up = false;
  leaving = false;
  epoch = 0;
  incarnation = 0;
  awareness = 0;
  /** memberlist's own broadcasts (alive, suspect, dead). */
  readonly queue = new TransmitLimitedQueue();
  /**
   * NetworkDB's cluster-wide broadcasts (its networkBroadcasts queue, ref §3.2, §3.3), handed to
   * memberlist as delegate broadcasts: they fill only the space its own messages leave.
   */
  readonly ndbQueue = new TransmitLimitedQueue();
  /** The failure detector: probe cycle, ping-req relays. */
  readonly prober = new Prober(this);
  /** Push/pull, join, reconnect and bulk-sync exchanges. */
  readonly antiEntropy = new AntiEntropy(this);
  /** NetworkDB's failed nodes, which the reconnect loop re-joins (kept by {@link GossipCluster.setView}). */
  readonly failed = new FailedNodes();
  private readonly suspicions = new Map<number, Suspicion>();
  /** Result of {@link randomNodes}. */
  readonly picked: number[] = [];
  private readonly base: number;

  constructor(
    readonly index: number,
    readonly cluster: GossipCluster,
    readonly rng: RandomStream,
  ) {
    this.base = index * cluster.n;
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Starts the agent. `fresh` wipes its view to itself alone (a join or a restart); otherwise it
   * starts knowing every initial member alive (the steady cluster at t = 0).
   */
  start(nowNs: number, fresh: boolean): void {
    const c = this.cluster;
    this.up = true;
    this.leaving = false;
    this.epoch++;
    this.awareness = 0;
    this.suspicions.clear();
    this.queue.clear();
    this.ndbQueue.clear();
    if (fresh) {
      c.resetView(this.index);
      this.setView(this.index, this.incarnation, State.Alive);
      this.queue.push(aliveMsg(this.index, this.incarnation));
    }
    this.prober.reset();
    const cfg = c.cfg;
    this.startTimer(nowNs, cfg.gossipIntervalNs, GOSSIP);
    this.startTimer(nowNs, cfg.probeIntervalNs, PROBE_TICK);
    if (cfg.pushPullIntervalNs > 0) {
      // pushPullTrigger waits a random stagger, then the scaled interval (ref §2.1). A cluster
      // already running at t = 0 has its phases spread over the whole scaled period instead.
      if (fresh || c.coldStart) this.startTimer(nowNs, cfg.pushPullIntervalNs, PUSH_PULL_ARM);
      else this.startTimer(nowNs, pushPullIntervalNs(cfg.pushPullIntervalNs, this.estNumNodes), PUSH_PULL);
    }
    if (c.ndbCfg.reconnectIntervalNs > 0) this.startTimer(nowNs, c.ndbCfg.reconnectIntervalNs, RECONNECT);
    if (c.ndbCfg.enabled && c.networksOf[this.index]!.length > 0) {
      this.startTimer(nowNs, c.ndbCfg.gossipIntervalNs, NDB_GOSSIP);
      this.startTimer(nowNs, c.ndbCfg.bulkSyncIntervalNs, BULK_SYNC);
    }
    if (fresh) this.join(nowNs);
  }

  /** Crash: stops at once; pending timers of this life are ignored. */
  crash(): void {
    this.up = false;
    this.epoch++;
    for (const s of this.suspicions.values()) if (s.handle) this.cluster.ctx.scheduler.cancel(s.handle);
    this.suspicions.clear();
    this.prober.clear();
    this.queue.clear();
    this.ndbQueue.clear();
  }

  /** Graceful leave: broadcast a dead message about itself (from itself), keep gossiping a moment, stop. */
  leave(): void {
    this.leaving = true;
    this.incarnation = Math.max(this.incarnation, this.viewInc(this.index));
    this.setView(this.index, this.incarnation, State.Left);
    this.broadcast(deadMsg(this.index, this.incarnation, this.index));
    this.cluster.ctx.scheduler.post(LEAVE_PROPAGATE_NS, this, LEAVE_DONE | (this.epoch << 4));
  }

  private join(nowNs: number): void {
    const seed = this.cluster.pickSeed(this.index);
    if (seed < 0 || !this.antiEntropy.exchange(nowNs, seed, Purpose.Join, -1)) {
      this.cluster.joinFailures++;
      this.cluster.ctx.scheduler.post(REJOIN_INTERVAL_NS, this, REJOIN | (this.epoch << 4));
    }
  }

  private startTimer(nowNs: number, intervalNs: number, kind: number): void {
    const delay = this.cluster.stagger ? Math.floor(this.rng.uniform() * intervalNs) : 0;
    this.cluster.ctx.scheduler.postAt(nowNs + delay, this, kind | (this.epoch << 4));
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind >>> 4 !== this.epoch || !this.up) return;
    const c = this.cluster;
    const s = c.ctx.scheduler;
    const tag = this.epoch << 4;
    switch (kind & 15) {
      case GOSSIP:
        gossipTick(this, nowNs);
        s.post(c.cfg.gossipIntervalNs, this, GOSSIP | tag);
        break;
      case PROBE_TICK:
        this.prober.tick(nowNs);
        s.post(c.cfg.probeIntervalNs, this, PROBE_TICK | tag);
        break;
      case PROBE_TIMEOUT:
        this.prober.timeout(nowNs);
        break;
      case PROBE_DEADLINE:
        this.prober.deadline(nowNs);
        break;
      case PUSH_PULL:
        this.antiEntropy.pushPull(nowNs);
        s.post(pushPullIntervalNs(c.cfg.pushPullIntervalNs, this.estNumNodes), this, PUSH_PULL | tag);
        break;
      case PUSH_PULL_ARM:
        s.post(pushPullIntervalNs(c.cfg.pushPullIntervalNs, this.estNumNodes), this, PUSH_PULL | tag);
        break;
      case NDB_GOSSIP:
        c.ndb.gossip(this, nowNs);
        s.post(c.ndbCfg.gossipIntervalNs, this, NDB_GOSSIP | tag);
        break;
      case BULK_SYNC:
        c.ndb.periodicBulkSync(this, nowNs);
        s.post(c.ndbCfg.bulkSyncIntervalNs, this, BULK_SYNC | tag);
        break;
      case LEAVE_DONE:
        c.agentStopped(this.index, nowNs);
        break;
      case REJOIN:
        this.join(nowNs);
        break;
      case RECONNECT:
        this.antiEntropy.reconnect(nowNs);
        s.post(c.ndbCfg.reconnectIntervalNs, this, RECONNECT | tag);
        break;
    }
  }

  // ------------------------------------------------------------------ view

  viewState(node: number): number {
    return this.cluster.view[this.base + node]! & 7;
  }

  viewInc(node: number): number {
    return this.cluster.view[this.base + node]! >>> 3;
  }

  private setView(node: number, incarnation: number, state: number): void {
    this.cluster.setView(this.index, node, incarnation, state);
  }

  /**
   * memberlist's estNumNodes: the length of its member list, itself included. Dead and left
   * members stay on it until {@link reapDead} removes them (state.go resetNodes, ref §2.2).
   */
  get estNumNodes(): number {
    return this.cluster.numKnown[this.index]!;
  }

  /**
   * resetNodes, at the end of each round of the probe list: members dead or left for longer than
   * GossipToTheDeadTime leave the member list (they become unknown; NetworkDB's {@link failed}
   * list keeps them).
   */
  reapDead(nowNs: number): void {
    const c = this.cluster;
    const view = c.view;
    const keepNs = c.cfg.gossipToTheDeadTimeNs;
    for (let j = 0, i = this.base; j < c.n; j++, i++) {
      const st = view[i]! & 7;
      if ((st === State.Dead || st === State.Left) && nowNs - c.deadSince(this.index, j) > keepNs) c.setView(this.index, j, 0, State.Unknown);
    }
  }

  broadcast(msg: GossipMsg): void {
    this.queue.push(msg);
  }

  /**
   * kRandomNodes: up to k distinct random members, 3n tries (util.go). `mode` 0 takes gossip
   * targets (alive, suspect, or recently dead), 1 alive members only, 2 alive or suspect members.
   * They are left in `picked[0 .. count)`; returns the count (the array is never truncated, to keep
   * its storage).
   */
  randomNodes(k: number, exclude: number, mode: number): number {
    const out = this.picked;
    let count = 0;
    const n = this.cluster.n;
    const c = this.cluster;
    const dead = c.cfg.gossipToTheDeadTimeNs;
    for (let i = 0; i < 3 * n && count < k; i++) {
      const j = this.rng.int(n);
      if (j === this.index || j === exclude) continue;
      const st = this.viewState(j);
      if (mode === 0) {
        // Gossip targets: alive, suspect, or dead for less than GossipToTheDeadTime.
        if (st === State.Dead) {
          if (c.ctx.scheduler.nowNs - c.deadSince(this.index, j) > dead) continue;
        } else if (st !== State.Alive && st !== State.Suspect) continue;
      } else if (mode === 1) {
        if (st !== State.Alive) continue;
      } else if (st !== State.Alive && st !== State.Suspect) continue;
      if (includes(out, count, j)) continue;
      out[count++] = j;
    }
    return count;
  }

  // ------------------------------------------------------------------ receive

  /**
   * Handles a delivered datagram: the control message first (a ping is answered at once), then
   * its piggybacked messages, which memberlist hands to its packet handler after the reply (net.go).
   */
  receive(p: GossipPacket, nowNs: number): void {
    if (p.type === PacketType.Table) return this.cluster.ndb.receive(this, p, nowNs);
    this.prober.receive(p, nowNs);
    const msgs = p.msgs;
    for (let i = 0; i < msgs.length; i++) this.handleMsg(msgs.at(i), nowNs);
  }

  handleMsg(m: GossipMsg, nowNs: number): void {
    if (m.kind === MsgKind.Alive) this.onAlive(m.node, m.version, m, nowNs);
    else if (m.kind === MsgKind.Suspect) this.onSuspect(m.node, m.version, m.from, nowNs, m);
    else if (m.kind === MsgKind.Dead) this.onDead(m.node, m.version, m.from, nowNs, m);
    else if (m.kind === MsgKind.Network) this.cluster.networkEvents.receive(this, m, nowNs);
  }

  // ------------------------------------------------------------------ state machine (state.go)

  /** Refutes news of our own suspicion or death with a higher incarnation (ref §2.1, §5.5). */
  private refute(incarnation: number): void {
    this.incarnation = Math.max(this.incarnation, incarnation) + 1;
    this.setView(this.index, this.incarnation, State.Alive);
    this.broadcast(aliveMsg(this.index, this.incarnation));
    this.awareness = applyAwareness(this.awareness, 1, this.cluster.cfg.awarenessMaxMultiplier);
    this.cluster.refutations++;
  }

  onAlive(node: number, inc: number, msg: GossipMsg | undefined, _nowNs: number): void {
    if (node === this.index) return;
    const st = this.viewState(node);
    if (st !== State.Unknown && inc <= this.viewInc(node)) return;
    const s = this.suspicions.get(node);
    if (s !== undefined) this.clearSuspicion(s);
    this.setView(node, inc, State.Alive);
    this.broadcast(msg ?? aliveMsg(node, inc));
  }

  onSuspect(node: number, inc: number, from: number, nowNs: number, msg?: GossipMsg): void {
    const st = this.viewState(node);
    if (st === State.Unknown) return;
    if (inc < this.viewInc(node)) return;
    const existing = this.suspicions.get(node);
    if (existing !== undefined) {
      if (this.confirm(existing, from, nowNs)) this.broadcast(msg ?? suspectMsg(node, inc, from));
      return;
    }
    if (st !== State.Alive) return;
    if (node === this.index) {
      if (!this.leaving) this.refute(inc);
      return;
    }
    this.setView(node, inc, State.Suspect);
    this.broadcast(msg ?? suspectMsg(node, inc, from));
    const cfg = this.cluster.cfg;
    const n = this.estNumNodes;
    const k = suspicionConfirmations(cfg.suspicionMult, n);
    const minNs = suspicionMinNs(cfg.suspicionMult, n, cfg.probeIntervalNs);
    const maxNs = suspicionMaxNs(cfg.suspicionMaxTimeoutMult, minNs);
    const s = new Suspicion(this, node, inc, from, k, minNs, maxNs, nowNs);
    this.suspicions.set(node, s);
    s.handle = this.cluster.ctx.scheduler.schedule(k < 1 ? minNs : maxNs, s, 0);
  }

  /** Counts an independent confirmation; re-arms the timer (suspicion.go Confirm). */
  private confirm(s: Suspicion, from: number, nowNs: number): boolean {
    if (s.confirmations >= s.k || s.from.includes(from)) return false;
    s.from.push(from);
    s.confirmations++;
    const timeout = suspicionTimeoutNs(s.confirmations, s.k, s.minNs, s.maxNs);
    const sched = this.cluster.ctx.scheduler;
    if (s.handle) sched.cancel(s.handle);
    s.handle = sched.scheduleAt(Math.max(nowNs, s.startNs + timeout), s, 0);
    return true;
  }

  private clearSuspicion(s: Suspicion): void {
    if (s.handle) this.cluster.ctx.scheduler.cancel(s.handle);
    this.suspicions.delete(s.node);
  }

  suspicionExpired(s: Suspicion, nowNs: number): void {
    if (!this.up || this.suspicions.get(s.node) !== s) return;
    this.suspicions.delete(s.node);
    if (this.viewState(s.node) !== State.Suspect || this.viewInc(s.node) !== s.incarnation) return;
    this.onDead(s.node, s.incarnation, this.index, nowNs);
  }

  onDead(node: number, inc: number, from: number, _nowNs: number, msg?: GossipMsg): void {
    const st = this.viewState(node);
    if (st === State.Unknown || inc < this.viewInc(node)) return;
    if (st === State.Dead || st === State.Left) return;
    const s = this.suspicions.get(node);
    if (s !== undefined) this.clearSuspicion(s);
    if (node === this.index) {
      if (!this.leaving) this.refute(inc);
      return;
    }
    this.setView(node, inc, from === node ? State.Left : State.Dead);
    this.broadcast(msg ?? deadMsg(node, inc, from));
  }
}

/** Whether `xs[0 .. count)` holds `x`. */
export function includes(xs: readonly number[], count: number, x: number): boolean {
  for (let i = 0; i < count; i++) if (xs[i] === x) return true;
  return false;
}
