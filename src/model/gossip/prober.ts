import type { EventTarget } from '../../core/event-queue.ts';
import type { GossipAgent } from './agent.ts';
import { PROBE_DEADLINE, PROBE_TIMEOUT } from './agent-events.ts';
import { State, suspectMsg } from './messages.ts';
import { applyAwareness, awarenessScaledNs } from './memberlist-formulas.ts';
import { WIRE } from './profiles.ts';
import { sendControl } from './send.ts';
import { type GossipPacket, PacketType, Traffic } from './transport.ts';

const IDLE = 0;
const DIRECT = 1;
const INDIRECT = 2;

/** An indirect probe this node relays for another (ping-req). */
class Relay implements EventTarget {
  constructor(
    readonly prober: Prober,
    readonly seq: number,
    readonly origin: number,
    readonly originSeq: number,
    readonly epoch: number,
  ) {}
  onEvent(_kind: number, nowNs: number): void {
    this.prober.relayTimedOut(this, nowNs);
  }
}

/**
 * An agent's failure detector (state.go probeNode; reference §2.2): round-robin over a shuffled
 * member list, a direct ping with ProbeTimeout, then IndirectChecks ping-reqs (with nacks) and a
 * TCP fallback ping until the awareness-scaled probe interval ends, then suspicion. It also
 * answers pings and relays other nodes' ping-reqs.
 */
export class Prober {
  private permA = 1;
  private permB = 0;
  private permPos = 0;
  private phase = IDLE;
  private target = -1;
  /** Sequence number of this node's own probe in flight; acks and nacks must match it. */
  private probeSeq = 0;
  /** Source of sequence numbers for own probes and for relayed ping-reqs alike. */
  private nextSeq = 0;
  private timeoutAtNs = -1;
  private deadlineNs = -1;
  private tickPending = false;
  private expectedNacks = 0;
  private nacks = 0;
  private tcpFallbackOk = false;
  private readonly relays = new Map<number, Relay>();

  constructor(private readonly agent: GossipAgent) {}

  /** A new life of the agent: no probe in flight, a fresh random order. */
  reset(): void {
    this.phase = IDLE;
    this.tickPending = false;
    this.relays.clear();
    this.reshuffle();
  }

  /** The agent crashed: forget relayed probes. */
  clear(): void {
    this.relays.clear();
  }

  /** The probe ticker fired: probe now, or as soon as the probe in flight ends. */
  tick(nowNs: number): void {
    if (this.phase === IDLE) this.probe(nowNs);
    else this.tickPending = true;
  }

  /** ProbeTimeout passed: go indirect if the direct ping is still unanswered. */
  timeout(nowNs: number): void {
    if (this.phase === DIRECT && nowNs === this.timeoutAtNs) this.indirect(nowNs);
  }

  /** The probe interval ended: fail if the indirect checks are still unanswered. */
  deadline(nowNs: number): void {
    if (this.phase === INDIRECT && nowNs === this.deadlineNs) this.failed(nowNs);
  }

  /** Handles a ping, ack, nack or ping-req addressed to this node. */
  receive(p: GossipPacket, nowNs: number): void {
    const a = this.agent;
    switch (p.type) {
      case PacketType.Ping:
        sendControl(a, PacketType.Ack, p.from, p.seq, 0, WIRE.ackBytes, nowNs);
        break;
      case PacketType.Ack:
        this.onAck(p.seq, nowNs);
        break;
      case PacketType.Nack:
        if (p.seq === this.probeSeq && this.phase === INDIRECT) this.nacks++;
        break;
      case PacketType.PingReq: {
        const seq = ++this.nextSeq;
        const relay = new Relay(this, seq, p.from, p.seq, a.epoch);
        this.relays.set(seq, relay);
        sendControl(a, PacketType.Ping, p.target, seq, p.target, WIRE.pingBytes, nowNs);
        a.cluster.ctx.scheduler.post(a.cluster.cfg.probeTimeoutNs, relay, 0);
        break;
      }
    }
  }

  relayTimedOut(relay: Relay, nowNs: number): void {
    const a = this.agent;
    if (!a.up || relay.epoch !== a.epoch || this.relays.get(relay.seq) !== relay) return;
    this.relays.delete(relay.seq);
    sendControl(a, PacketType.Nack, relay.origin, relay.originSeq, 0, WIRE.nackBytes, nowNs);
  }

  /** A fresh random permutation of member indices, i ↦ (a·i + b) mod n with gcd(a, n) = 1. */
  private reshuffle(): void {
    const rng = this.agent.rng;
    const n = this.agent.cluster.n;
    let a = 1 + rng.int(Math.max(1, n - 1));
    while (gcd(a, n) !== 1) a = 1 + rng.int(Math.max(1, n - 1));
    this.permA = a;
    this.permB = rng.int(n);
    this.permPos = 0;
  }

  private nextTarget(): number {
    const a = this.agent;
    const n = a.cluster.n;
    if (a.cluster.cfg.probeOrder === 'random') {
      // Probe targets are alive or suspect members, as in the round-robin order below.
      return a.randomNodes(1, -1, 2) > 0 ? a.picked[0]! : -1;
    }
    for (let tries = 0; tries < n; tries++) {
      if (this.permPos >= n) {
        // End of a round of the list: resetNodes drops long-dead members, then shuffles (ref §2.2).
        a.reapDead(a.cluster.ctx.scheduler.nowNs);
        this.reshuffle();
      }
      const j = (this.permA * this.permPos++ + this.permB) % n;
      if (j === a.index) continue;
      const st = a.viewState(j);
      if (st === State.Alive || st === State.Suspect) return j;
    }
    return -1;
  }

  private probe(nowNs: number): void {
    const target = this.nextTarget();
    if (target < 0) return;
    const a = this.agent;
    const cfg = a.cluster.cfg;
    this.target = target;
    this.probeSeq = ++this.nextSeq;
    this.phase = DIRECT;
    this.timeoutAtNs = nowNs + cfg.probeTimeoutNs;
    this.deadlineNs = nowNs + awarenessScaledNs(cfg.probeIntervalNs, a.awareness);
    // Buddy system: a suspect target is told it is suspected, so it can refute at once (ref §2.2).
    const buddy = a.viewState(target) === State.Suspect ? suspectMsg(target, a.viewInc(target), a.index) : undefined;
    sendControl(a, PacketType.Ping, target, this.probeSeq, target, WIRE.pingBytes, nowNs, buddy);
    a.cluster.ctx.scheduler.postAt(this.timeoutAtNs, a, PROBE_TIMEOUT | (a.epoch << 4));
  }

  private indirect(nowNs: number): void {
    const a = this.agent;
    const c = a.cluster;
    const cfg = c.cfg;
    this.phase = INDIRECT;
    const nPeers = a.randomNodes(cfg.indirectChecks, this.target, 1);
    const peers = a.picked;
    this.expectedNacks = nPeers;
    this.nacks = 0;
    for (let i = 0; i < nPeers; i++) sendControl(a, PacketType.PingReq, peers[i]!, this.probeSeq, this.target, WIRE.pingReqBytes, nowNs);
    // TCP fallback ping, in parallel; its result is read at the deadline (ref §2.2).
    this.tcpFallbackOk = false;
    if (!cfg.disableTcpPings) {
      const ns = c.transport.tcpExchangeNs(a.index, this.target, WIRE.pingBytes, WIRE.ackBytes);
      this.tcpFallbackOk = ns >= 0 && nowNs + ns <= this.deadlineNs && c.isUp(this.target);
      if (ns >= 0) c.countTcp(a.index, WIRE.pingBytes + WIRE.ackBytes, Traffic.Probe);
      // Only a live target answers; the lone SYN to a crashed one is not put on the links.
      if (ns >= 0 && c.isUp(this.target)) c.transport.carryTcpExchange(a.index, this.target, WIRE.pingBytes, WIRE.ackBytes, nowNs);
    }
    c.ctx.scheduler.postAt(Math.max(nowNs, this.deadlineNs), a, PROBE_DEADLINE | (a.epoch << 4));
  }

  private done(nowNs: number): void {
    this.phase = IDLE;
    if (this.tickPending) {
      // Go's ticker keeps one missed tick: the next probe starts as soon as this one ends.
      this.tickPending = false;
      this.probe(nowNs);
    }
  }

  private failed(nowNs: number): void {
    const a = this.agent;
    const c = a.cluster;
    if (this.tcpFallbackOk) {
      // "Was able to connect over TCP but UDP probes failed": no suspicion (ref §2.2).
      c.tcpOnlyProbes++;
      return this.done(nowNs);
    }
    let delta = 0;
    if (this.expectedNacks > 0) {
      if (this.nacks < this.expectedNacks) delta += this.expectedNacks - this.nacks;
    } else delta += 1;
    a.awareness = applyAwareness(a.awareness, delta, c.cfg.awarenessMaxMultiplier);
    const target = this.target;
    if (a.viewState(target) === State.Alive || a.viewState(target) === State.Suspect) {
      a.onSuspect(target, a.viewInc(target), a.index, nowNs);
    }
    this.done(nowNs);
  }

  private onAck(seq: number, nowNs: number): void {
    const a = this.agent;
    const relay = this.relays.get(seq);
    if (relay !== undefined) {
      this.relays.delete(seq);
      sendControl(a, PacketType.Ack, relay.origin, relay.originSeq, 0, WIRE.ackBytes, nowNs);
      return;
    }
    if (seq !== this.probeSeq) return;
    if (this.phase === DIRECT) {
      a.awareness = applyAwareness(a.awareness, -1, a.cluster.cfg.awarenessMaxMultiplier);
      this.done(nowNs);
    } else if (this.phase === INDIRECT) this.done(nowNs);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
