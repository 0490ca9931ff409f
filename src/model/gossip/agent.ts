import type { EventTarget } from '../../core/event-queue.ts';
import type { SimEvent } from '../../core/event-queue.ts';
import type { RandomStream } from '../../core/rng.ts';
import { TransmitLimitedQueue } from './broadcast-queue.ts';
import type { GossipCluster } from './cluster.ts';
import { aliveMsg, deadMsg, type GossipMsg, MsgKind, State, suspectMsg } from './messages.ts';
import {
  applyAwareness,
  awarenessScaledNs,
  pushPullIntervalNs,
  retransmitLimit,
  suspicionConfirmations,
  suspicionMaxNs,
  suspicionMinNs,
  suspicionTimeoutNs,
} from './memberlist-formulas.ts';
import { WIRE } from './profiles.ts';
import { type GossipPacket, PacketType, Traffic } from './transport.ts';

// Event kinds (low 4 bits); the agent's epoch sits above them, so timers of a crashed life are ignored.
const GOSSIP = 0;
const PROBE_TICK = 1;
const PROBE_TIMEOUT = 2;
const PROBE_DEADLINE = 3;
const PUSH_PULL = 4;
const NDB_GOSSIP = 5;
const BULK_SYNC = 6;
const LEAVE_DONE = 7;
const RECONNECT = 8;

const IDLE = 0;
const DIRECT = 1;
const INDIRECT = 2;

/** serf's LeavePropagateDelay: a leaving node keeps gossiping 1 s (ref §4 serf defaults). */
const LEAVE_PROPAGATE_NS = 1_000_000_000;
/** NetworkDB rejoinClusterInterval: a node that failed to join retries every 60 s (ref §3.2). */
const REJOIN_INTERVAL_NS = 60_000_000_000;

/** A suspicion timer (suspicion.go): starts at max, falls with independent confirmations. */
class Suspicion implements EventTarget {
  confirmations = 0;
  readonly from: number[];
  handle: SimEvent | undefined;
  constructor(
    readonly agent: GossipAgent,
    readonly node: number,
    readonly incarnation: number,
    from: number,
    readonly k: number,
    readonly minNs: number,
    readonly maxNs: number,
    readonly startNs: number,
  ) {
    this.from = [from];
  }
  onEvent(_kind: number, nowNs: number): void {
    this.agent.suspicionExpired(this, nowNs);
  }
}

/** An indirect probe this node relays for another (ping-req). */
class Relay implements EventTarget {
  constructor(
    readonly agent: GossipAgent,
    readonly seq: number,
    readonly origin: number,
    readonly originSeq: number,
    readonly epoch: number,
  ) {}
  onEvent(_kind: number, nowNs: number): void {
    this.agent.relayTimedOut(this, nowNs);
  }
}

/** A TCP state exchange (push/pull, join, bulk sync) in flight. */
class Exchange implements EventTarget {
  constructor(
    readonly agent: GossipAgent,
    readonly peer: number,
    readonly join: boolean,
    /** NetworkDB network index for a bulk sync; −1 for memberlist push/pull. */
    readonly network: number,
    readonly epoch: number,
  ) {}
  onEvent(_kind: number, nowNs: number): void {
    this.agent.exchangeDone(this, nowNs);
  }
}

/**
 * One host's memberlist agent (state.go, net.go; reference/gossip-controlplane.md §2): the gossip
 * tick, the probe cycle with indirect checks, TCP fallback and Lifeguard awareness, suspicion
 * with confirmations and refutation, push/pull anti-entropy, join and graceful leave. Its view of
 * the cluster is a row of {@link GossipCluster.view}.
 */
export class GossipAgent implements EventTarget {
  up = false;
  leaving = false;
  epoch = 0;
  incarnation = 0;
  awareness = 0;
  readonly queue = new TransmitLimitedQueue();
  // Probe cycle.
  private permA = 1;
  private permB = 0;
  private permPos = 0;
  private probePhase = IDLE;
  private probeTarget = -1;
  /** Sequence number of this node's own probe in flight; acks and nacks must match it. */
  private probeSeq = 0;
  /** Source of sequence numbers for own probes and for relayed ping-reqs alike. */
  private nextSeq = 0;
  private probeTimeoutAtNs = -1;
  private probeDeadlineNs = -1;
  private tickPending = false;
  private expectedNacks = 0;
  private nacks = 0;
  private tcpFallbackOk = false;
  private readonly suspicions = new Map<number, Suspicion>();
  private readonly relays = new Map<number, Relay>();
  private readonly picked: number[] = [];
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
    this.probePhase = IDLE;
    this.tickPending = false;
    this.suspicions.clear();
    this.relays.clear();
    this.queue.clear();
    if (fresh) {
      c.resetView(this.index);
      this.setView(this.index, this.incarnation, State.Alive);
      this.queue.push(aliveMsg(this.index, this.incarnation));
    }
    this.reshuffle();
    const cfg = c.cfg;
    this.startTimer(nowNs, cfg.gossipIntervalNs, GOSSIP);
    this.startTimer(nowNs, cfg.probeIntervalNs, PROBE_TICK);
    if (cfg.pushPullIntervalNs > 0) this.startTimer(nowNs, cfg.pushPullIntervalNs, PUSH_PULL);
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
    this.relays.clear();
    this.queue.clear();
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
    if (seed < 0 || !this.tcpExchange(nowNs, seed, true, -1)) {
      this.cluster.joinFailures++;
      this.cluster.ctx.scheduler.post(REJOIN_INTERVAL_NS, this, RECONNECT | (this.epoch << 4));
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
        this.gossip(nowNs);
        s.post(c.cfg.gossipIntervalNs, this, GOSSIP | tag);
        break;
      case PROBE_TICK:
        if (this.probePhase === IDLE) this.probe(nowNs);
        else this.tickPending = true;
        s.post(c.cfg.probeIntervalNs, this, PROBE_TICK | tag);
        break;
      case PROBE_TIMEOUT:
        if (this.probePhase === DIRECT && nowNs === this.probeTimeoutAtNs) this.indirect(nowNs);
        break;
      case PROBE_DEADLINE:
        if (this.probePhase === INDIRECT && nowNs === this.probeDeadlineNs) this.probeFailed(nowNs);
        break;
      case PUSH_PULL: {
        this.pushPull(nowNs);
        s.post(pushPullIntervalNs(c.cfg.pushPullIntervalNs, c.numKnown[this.index]!), this, PUSH_PULL | tag);
        break;
      }
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
      case RECONNECT:
        this.join(nowNs);
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

  /** memberlist's estNumNodes: members this node knows (alive or suspect). */
  get estNumNodes(): number {
    return this.cluster.numKnown[this.index]!;
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
  private randomNodes(k: number, exclude: number, mode: number): number {
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

  // ------------------------------------------------------------------ gossip

  private gossip(nowNs: number): void {
    const c = this.cluster;
    const cfg = c.cfg;
    this.cluster.queueSampled.emit(this.index, this.queue.length, nowNs);
    if (this.queue.length === 0) return;
    const nTargets = this.randomNodes(cfg.gossipNodes, -1, 0);
    const targets = this.picked;
    const bytesAvail = cfg.udpBufferSize - WIRE.compoundHeaderBytes - cfg.encryptionOverheadBytes;
    const limit = retransmitLimit(cfg.retransmitMult, this.estNumNodes);
    for (let t = 0; t < nTargets; t++) {
      const p = c.packet(PacketType.Gossip, this.index, targets[t]!);
      const used = this.queue.take(WIRE.compoundPartBytes, bytesAvail, limit, p.msgs);
      if (p.msgs.length === 0) {
        c.releasePacket(p);
        return;
      }
      p.bytes = p.msgs.length === 1 ? p.msgs.at(0).sizeBytes : WIRE.compoundHeaderBytes + used;
      c.sendUdp(p, Traffic.Gossip, nowNs);
    }
  }

  /** sendMsg: a control message with queued broadcasts piggybacked up to the packet budget. */
  private sendControl(type: number, to: number, seq: number, target: number, msgBytes: number, nowNs: number, extra?: GossipMsg): void {
    const c = this.cluster;
    const cfg = c.cfg;
    const p = c.packet(type, this.index, to);
    p.seq = seq;
    p.target = target;
    let used = 0;
    if (extra !== undefined) {
      p.msgs.push(extra);
      used += extra.sizeBytes + WIRE.compoundPartBytes;
    }
    const avail = cfg.udpBufferSize - msgBytes - WIRE.compoundHeaderBytes - cfg.encryptionOverheadBytes - used;
    used += this.queue.take(WIRE.compoundPartBytes, avail, retransmitLimit(cfg.retransmitMult, this.estNumNodes), p.msgs);
    p.bytes = p.msgs.length === 0 ? msgBytes : WIRE.compoundHeaderBytes + msgBytes + WIRE.compoundPartBytes + used;
    c.sendUdp(p, Traffic.Probe, nowNs);
  }

  // ------------------------------------------------------------------ probe cycle

  /** A fresh random permutation of member indices, i ↦ (a·i + b) mod n with gcd(a, n) = 1. */
  private reshuffle(): void {
    const n = this.cluster.n;
    let a = 1 + this.rng.int(Math.max(1, n - 1));
    while (gcd(a, n) !== 1) a = 1 + this.rng.int(Math.max(1, n - 1));
    this.permA = a;
    this.permB = this.rng.int(n);
    this.permPos = 0;
  }

  private nextTarget(): number {
    const n = this.cluster.n;
    if (this.cluster.cfg.probeOrder === 'random') {
      // Probe targets are alive or suspect members, as in the round-robin order below.
      return this.randomNodes(1, -1, 2) > 0 ? this.picked[0]! : -1;
    }
    for (let tries = 0; tries < n; tries++) {
      if (this.permPos >= n) this.reshuffle();
      const j = (this.permA * this.permPos++ + this.permB) % n;
      if (j === this.index) continue;
      const st = this.viewState(j);
      if (st === State.Alive || st === State.Suspect) return j;
    }
    return -1;
  }

  private probe(nowNs: number): void {
    const target = this.nextTarget();
    if (target < 0) return;
    const cfg = this.cluster.cfg;
    this.probeTarget = target;
    this.probeSeq = ++this.nextSeq;
    this.probePhase = DIRECT;
    this.probeTimeoutAtNs = nowNs + cfg.probeTimeoutNs;
    this.probeDeadlineNs = nowNs + awarenessScaledNs(cfg.probeIntervalNs, this.awareness);
    // Buddy system: a suspect target is told it is suspected, so it can refute at once (ref §2.2).
    const buddy = this.viewState(target) === State.Suspect ? suspectMsg(target, this.viewInc(target), this.index) : undefined;
    this.sendControl(PacketType.Ping, target, this.probeSeq, target, WIRE.pingBytes, nowNs, buddy);
    this.cluster.ctx.scheduler.postAt(this.probeTimeoutAtNs, this, PROBE_TIMEOUT | (this.epoch << 4));
  }

  private indirect(nowNs: number): void {
    const c = this.cluster;
    const cfg = c.cfg;
    this.probePhase = INDIRECT;
    const nPeers = this.randomNodes(cfg.indirectChecks, this.probeTarget, 1);
    const peers = this.picked;
    this.expectedNacks = nPeers;
    this.nacks = 0;
    for (let i = 0; i < nPeers; i++) this.sendControl(PacketType.PingReq, peers[i]!, this.probeSeq, this.probeTarget, WIRE.pingReqBytes, nowNs);
    // TCP fallback ping, in parallel; its result is read at the deadline (ref §2.2).
    this.tcpFallbackOk = false;
    if (!cfg.disableTcpPings) {
      const ns = c.transport.tcpExchangeNs(this.index, this.probeTarget, WIRE.pingBytes, WIRE.ackBytes);
      this.tcpFallbackOk = ns >= 0 && nowNs + ns <= this.probeDeadlineNs && c.isUp(this.probeTarget);
      if (ns >= 0) c.countTcp(this.index, WIRE.pingBytes + WIRE.ackBytes, Traffic.Probe);
    }
    c.ctx.scheduler.postAt(Math.max(nowNs, this.probeDeadlineNs), this, PROBE_DEADLINE | (this.epoch << 4));
  }

  private probeDone(nowNs: number): void {
    this.probePhase = IDLE;
    if (this.tickPending) {
      // Go's ticker keeps one missed tick: the next probe starts as soon as this one ends.
      this.tickPending = false;
      this.probe(nowNs);
    }
  }

  private probeFailed(nowNs: number): void {
    const c = this.cluster;
    if (this.tcpFallbackOk) {
      // "Was able to connect over TCP but UDP probes failed": no suspicion (ref §2.2).
      c.tcpOnlyProbes++;
      return this.probeDone(nowNs);
    }
    let delta = 0;
    if (this.expectedNacks > 0) {
      if (this.nacks < this.expectedNacks) delta += this.expectedNacks - this.nacks;
    } else delta += 1;
    this.awareness = applyAwareness(this.awareness, delta, c.cfg.awarenessMaxMultiplier);
    const target = this.probeTarget;
    if (this.viewState(target) === State.Alive || this.viewState(target) === State.Suspect) {
      this.onSuspect(target, this.viewInc(target), this.index, nowNs);
    }
    this.probeDone(nowNs);
  }

  // ------------------------------------------------------------------ receive

  /** Handles a delivered datagram: its piggybacked messages, then the control message. */
  receive(p: GossipPacket, nowNs: number): void {
    if (p.type === PacketType.Table) return this.cluster.ndb.receive(this, p, nowNs);
    const msgs = p.msgs;
    for (let i = 0; i < msgs.length; i++) this.handleMsg(msgs.at(i), nowNs);
    switch (p.type) {
      case PacketType.Ping:
        this.sendControl(PacketType.Ack, p.from, p.seq, 0, WIRE.ackBytes, nowNs);
        break;
      case PacketType.Ack:
        this.onAck(p.seq, nowNs);
        break;
      case PacketType.Nack:
        if (p.seq === this.probeSeq && this.probePhase === INDIRECT) this.nacks++;
        break;
      case PacketType.PingReq: {
        const seq = ++this.nextSeq;
        const relay = new Relay(this, seq, p.from, p.seq, this.epoch);
        this.relays.set(seq, relay);
        this.sendControl(PacketType.Ping, p.target, seq, p.target, WIRE.pingBytes, nowNs);
        this.cluster.ctx.scheduler.post(this.cluster.cfg.probeTimeoutNs, relay, 0);
        break;
      }
    }
  }

  private onAck(seq: number, nowNs: number): void {
    const relay = this.relays.get(seq);
    if (relay !== undefined) {
      this.relays.delete(seq);
      this.sendControl(PacketType.Ack, relay.origin, relay.originSeq, 0, WIRE.ackBytes, nowNs);
      return;
    }
    if (seq !== this.probeSeq) return;
    if (this.probePhase === DIRECT) {
      this.awareness = applyAwareness(this.awareness, -1, this.cluster.cfg.awarenessMaxMultiplier);
      this.probeDone(nowNs);
    } else if (this.probePhase === INDIRECT) this.probeDone(nowNs);
  }

  relayTimedOut(relay: Relay, nowNs: number): void {
    if (!this.up || relay.epoch !== this.epoch || this.relays.get(relay.seq) !== relay) return;
    this.relays.delete(relay.seq);
    this.sendControl(PacketType.Nack, relay.origin, relay.originSeq, 0, WIRE.nackBytes, nowNs);
  }

  handleMsg(m: GossipMsg, nowNs: number): void {
    if (m.kind === MsgKind.Alive) this.onAlive(m.node, m.version, m, nowNs);
    else if (m.kind === MsgKind.Suspect) this.onSuspect(m.node, m.version, m.from, nowNs, m);
    else if (m.kind === MsgKind.Dead) this.onDead(m.node, m.version, m.from, nowNs, m);
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

  // ------------------------------------------------------------------ push/pull

  private pushPull(nowNs: number): void {
    if (this.randomNodes(1, -1, 1) === 0) return;
    this.tcpExchange(nowNs, this.picked[0]!, false, -1);
  }

  /** Starts a TCP exchange; false when the connection cannot be made. */
  tcpExchange(nowNs: number, peer: number, join: boolean, network: number): boolean {
    const c = this.cluster;
    const bytes = network < 0 ? c.pushPullBytes(this.index) : c.ndb.bulkSyncBytes(network, this.index, nowNs);
    const back = network < 0 ? c.pushPullBytes(peer) : c.ndb.bulkSyncBytes(network, peer, nowNs);
    const ns = c.transport.tcpExchangeNs(this.index, peer, bytes, back);
    if (ns < 0 || !c.isUp(peer) || ns > c.cfg.tcpTimeoutNs) {
      if (network < 0) c.pushPullFailures++;
      else c.ndb.bulkSyncFailures++;
      return false;
    }
    c.countTcp(this.index, bytes, network < 0 ? Traffic.PushPull : Traffic.BulkSync);
    c.countTcp(peer, back, network < 0 ? Traffic.PushPull : Traffic.BulkSync);
    c.ctx.scheduler.post(ns, new Exchange(this, peer, join, network, this.epoch), 0);
    return true;
  }

  exchangeDone(x: Exchange, nowNs: number): void {
    const c = this.cluster;
    if (!this.up || x.epoch !== this.epoch) return;
    if (!c.isUp(x.peer)) {
      // The seed went down during the join: retry later, as a failed join does.
      if (x.join) {
        c.joinFailures++;
        c.ctx.scheduler.post(REJOIN_INTERVAL_NS, this, RECONNECT | (this.epoch << 4));
      }
      return;
    }
    if (x.network >= 0) return c.ndb.merge(x.network, this.index, x.peer, nowNs);
    // Both sides merge the other's state (mergeState): a remote dead is applied as suspect.
    c.agents[x.peer]!.mergeFrom(this.index, nowNs);
    this.mergeFrom(x.peer, nowNs);
    if (x.join) c.joined(this.index, nowNs);
  }

  /** mergeState with the view of `other` (as it is now). */
  mergeFrom(other: number, nowNs: number): void {
    const c = this.cluster;
    const n = c.n;
    const view = c.view;
    const ob = other * n;
    for (let j = 0; j < n; j++) {
      const v = view[ob + j]!;
      const st = v & 7;
      if (st === State.Unknown) continue;
      const inc = v >>> 3;
      const mine = view[this.base + j]!;
      if (mine === v) continue;
      if (st === State.Alive) this.onAlive(j, inc, undefined, nowNs);
      else if (st === State.Suspect || st === State.Dead) this.onSuspect(j, inc, other, nowNs);
      else this.onDead(j, inc, j, nowNs);
    }
  }
}

/** Whether `xs[0 .. count)` holds `x`. */
export function includes(xs: readonly number[], count: number, x: number): boolean {
  for (let i = 0; i < count; i++) if (xs[i] === x) return true;
  return false;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
