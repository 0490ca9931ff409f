import type { EventTarget } from '../../core/event-queue.ts';
import type { RandomStream } from '../../core/rng.ts';
import { TracePoint } from '../../core/trace.ts';
import type { SimContext } from '../context.ts';
import { GossipAgent } from './agent.ts';
import { State, type TableEntry } from './messages.ts';
import { NetworkEvents } from './network-events.ts';
import { NetworkDb, ndbNetworkSpecs } from './networkdb.ts';
import { planEvents, type ScheduledAction } from './scenario-events.ts';
import type { MemberlistConfig, NetworkDbConfig } from './profiles.ts';
import { tcpWireBytes, WIRE } from './profiles.ts';
import type { GossipSpec } from './spec.ts';
import { AbstractTransport, GossipPacket, type GossipTransport, type PacketHandler, Reachability } from './transport.ts';

/** A piece of news whose spread is measured: who should know it, from when. */
export interface TrackedEvent {
  id: number;
  kind: 'crash' | 'recover' | 'join' | 'leave' | 'endpoint-create' | 'endpoint-delete' | 'network-join' | 'network-leave' | 'network-sync' | 'partition-heal';
  /**
   * Host the news is about (membership; for network events the host that joined or left), or
   * the entry owner (table events). A `network-sync` event is known when its subject, the joiner,
   * holds every entry of the network that was live at its join.
   */
  subject: number;
  /** e.g. `h12` or `appnet/endpoint_table/17`. */
  label: string;
  network: string;
  startNs: number;
  /** 1 for every host that should come to know it (live members, the subject excluded). */
  shouldKnow: Uint8Array;
  /**
   * `partition-heal` only (its subject is −1): 1 for each host of the group that was cut off. A
   * host knows of the heal once it holds alive every live host on the other side.
   */
  side?: Uint8Array;
}

/** Whether an event kind is memberlist membership news (known through the observers' member views). */
export function isMembershipKind(kind: TrackedEvent['kind']): boolean {
  return kind === 'crash' || kind === 'recover' || kind === 'join' || kind === 'leave';
}

/** Membership news: does `state` at an observer mean it knows the event? */
export function knowsMembership(kind: TrackedEvent['kind'], state: number): boolean {
  if (kind === 'crash') return state === State.Dead || state === State.Left;
  if (kind === 'leave') return state === State.Left || state === State.Dead;
  return state === State.Alive || state === State.Suspect;
}

/**
 * The gossip control plane of a run: one {@link GossipAgent} per host, NetworkDB, the transport,
 * the ground truth (who is up) and the scenario's timed events. Agents' views live in one
 * n × n array of (incarnation × 8 + state); a zero means "alive, incarnation 0", so the memory of
 * rows nobody changes is never touched.
 */
export class GossipCluster implements PacketHandler, EventTarget {
  readonly n: number;
  readonly cfg: MemberlistConfig;
  readonly ndbCfg: NetworkDbConfig;
  readonly stagger: boolean;
  /** Whether every agent started at t = 0 (see {@link GossipSpec.coldStart}). */
  readonly coldStart: boolean;
  readonly view: Uint32Array;
  /** Length of each node's member list (its estNumNodes): every state but unknown, itself included. */
  readonly numKnown: Int32Array;
  /** Hosts running an agent that has joined (truth). */
  readonly inCluster: Uint8Array;
  readonly agents: GossipAgent[];
  readonly reach: Reachability;
  readonly transport: GossipTransport;
  readonly ndb: NetworkDb;
  /** NetworkEvents of the networks whose attachments change. */
  readonly networkEvents: NetworkEvents;
  /** Network indices in which each host has a row (it is attached, or a network event names it). */
  readonly networksOf: number[][];
  private readonly deadAt = new Map<number, number>();
  private readonly pool: GossipPacket[] = [];
  private readonly actions: ScheduledAction[];
  /** Draws of the cluster as a whole: join seeds, endpoints to delete. */
  readonly rng: RandomStream;
  private nextEventId = 0;

  /** An observer's view of a subject changed: observer, subject, new state (time: scheduler.nowNs). */
  readonly memberView = new TracePoint<number, number, number>();
  /** A host learned a tracked NetworkDB event (table event, network event, or a joiner's sync): event id, host, now. */
  readonly tableLearned = new TracePoint<number, number, number>();
  /** A host left a network: host, network index. */
  readonly networkDetached = new TracePoint<number, number>();
  /** A host can no longer learn a tracked table event (the entry left with its owner before the host held it): event id, host. */
  readonly learnVoided = new TracePoint<number, number>();
  /** A bulk sync of a network completed (time: scheduler.nowNs): network index, initiator, peer. */
  readonly bulkSyncDone = new TracePoint<number, number, number>();
  /** A host sent gossip: host, wire bytes, traffic category (see Traffic); `packets` in {@link sentPackets}. */
  readonly sent = new TracePoint<number, number, number>();
  /** Broadcast-queue depth at each gossip tick: host, messages queued, now. */
  readonly queueSampled = new TracePoint<number, number, number>();
  readonly tableQueueSampled = new TracePoint<number, number, number>();
  /** A tracked event began. */
  readonly eventStarted = new TracePoint<TrackedEvent>();
  /** A host stopped (crash or end of leave): host, now. */
  readonly nodeDown = new TracePoint<number, number>();

  refutations = 0;
  tcpOnlyProbes = 0;
  pushPullFailures = 0;
  joinFailures = 0;
  /** Reconnect attempts (NetworkDB reconnectNode), and those that could not connect. */
  reconnects = 0;
  reconnectFailures = 0;

  constructor(
    readonly ctx: SimContext,
    readonly names: readonly string[],
    readonly spec: GossipSpec,
    /** Makes the underlay transport when `spec.transport.kind` is `underlay`. */
    underlay?: (reach: Reachability, release: (p: GossipPacket) => void) => GossipTransport,
  ) {
    const n = names.length;
    this.n = n;
    this.cfg = spec.memberlist;
    this.ndbCfg = spec.networkdb;
    this.stagger = spec.stagger;
    this.coldStart = spec.coldStart;
    this.view = new Uint32Array(n * n);
    this.numKnown = new Int32Array(n);
    this.inCluster = new Uint8Array(n);
    this.rng = ctx.streams.stream('gossip/cluster');
    this.reach = new Reachability(n);
    this.reach.lossProbability = spec.lossProbability;
    const t = spec.transport;
    const release = (p: GossipPacket) => this.releasePacket(p);
    if (t.kind === 'abstract') this.transport = new AbstractTransport(ctx.scheduler, t, this.reach, ctx.streams.stream('gossip/transport'), release);
    else if (underlay) this.transport = underlay(this.reach, release);
    else throw new Error('gossip over the underlay needs the packet-level hosts and links');
    const ndbNetworks = ndbNetworkSpecs(spec);
    this.networksOf = names.map(() => []);
    ndbNetworks.forEach((net, i) => {
      for (const m of net.rows) this.networksOf[m]!.push(i);
    });
    this.ndb = new NetworkDb(this, ndbNetworks);
    this.networkEvents = new NetworkEvents(this);
    spec.networks.forEach((net, i) => {
      this.ndb.addInitial(i, net.initialEndpoints);
    });
    this.agents = names.map((name, i) => new GossipAgent(i, this, ctx.streams.stream(`gossip/${name}`)));

    const absent = new Uint8Array(n);
    for (const h of spec.absent) absent[h] = 1;
    for (let obs = 0; obs < n; obs++) {
      if (absent[obs]) continue;
      for (const h of spec.absent) this.view[obs * n + h] = State.Unknown;
    }
    const initial = n - spec.absent.length;
    for (let i = 0; i < n; i++) {
      if (absent[i]) continue;
      this.numKnown[i] = initial;
      this.inCluster[i] = 1;
      this.agents[i]!.start(0, false);
    }
    this.actions = planEvents(this);
    this.actions.forEach((a, i) => ctx.scheduler.scheduleAt(a.atNs, this, i));
  }

  onEvent(kind: number, nowNs: number): void {
    this.actions[kind]!.run(nowNs);
  }

  // ------------------------------------------------------------------ views

  setView(obs: number, subj: number, inc: number, state: number): void {
    const i = obs * this.n + subj;
    const before = this.view[i]! & 7;
    this.view[i] = inc * 8 + state;
    if (before === State.Unknown && state !== State.Unknown) this.numKnown[obs]!++;
    else if (before !== State.Unknown && state === State.Unknown) this.numKnown[obs]!--;
    if (state === State.Dead || state === State.Left) this.deadAt.set(i, this.ctx.scheduler.nowNs);
    else if (before === State.Dead || before === State.Left) this.deadAt.delete(i);
    const failed = this.agents[obs]!.failed;
    if (state === State.Dead) failed.add(subj);
    else if (failed.size > 0 && state !== State.Unknown) failed.remove(subj);
    if (before !== state) this.memberView.emit(obs, subj, state);
  }

  resetView(obs: number): void {
    this.view.fill(State.Unknown, obs * this.n, (obs + 1) * this.n);
    this.numKnown[obs] = 0;
    this.agents[obs]!.failed.clear();
  }

  deadSince(obs: number, subj: number): number {
    return this.deadAt.get(obs * this.n + subj) ?? 0;
  }

  isUp(node: number): boolean {
    return this.agents[node]!.up;
  }

  /** A random host in the cluster to join through (a swarm manager in Docker), or −1. */
  pickSeed(node: number): number {
    for (let tries = 0; tries < 3 * this.n; tries++) {
      const j = this.rng.int(this.n);
      if (j !== node && this.inCluster[j] === 1 && this.isUp(j)) return j;
    }
    return -1;
  }

  /** The join push/pull of `node` completed. */
  joined(node: number, nowNs: number): void {
    this.inCluster[node] = 1;
    if (!this.ndbCfg.enabled) return;
    this.ndb.joinSync(this.agents[node]!, nowNs);
    this.networkEvents.rejoin(this.agents[node]!, nowNs);
  }

  agentStopped(node: number, nowNs: number): void {
    this.agents[node]!.crash();
    this.inCluster[node] = 0;
    this.nodeDown.emit(node, nowNs, undefined);
  }

  pushPullBytes(node: number): number {
    return 12 + this.numKnown[node]! * WIRE.pushPullNodeBytes;
  }

  // ------------------------------------------------------------------ packets

  packet(type: number, from: number, to: number): GossipPacket {
    const p = this.pool.pop() ?? new GossipPacket();
    p.type = type;
    p.from = from;
    p.to = to;
    p.seq = 0;
    p.target = 0;
    p.network = 0;
    p.bytes = 0;
    p.handler = this;
    return p;
  }

  releasePacket(p: GossipPacket): void {
    p.msgs.clear();
    this.pool.push(p);
  }

  sendUdp(p: GossipPacket, category: number, nowNs: number): void {
    this.sent.emit(p.from, p.bytes + this.cfg.encryptionOverheadBytes + WIRE.udpIpHeaderBytes, category);
    this.transport.sendUdp(p, nowNs);
  }

  /** Counts a TCP exchange's bytes sent by `node`, in full segments with their headers. */
  countTcp(node: number, bytes: number, category: number): void {
    this.sent.emit(node, tcpWireBytes(bytes), category + 8);
  }

  deliver(p: GossipPacket, nowNs: number): void {
    const agent = this.agents[p.to]!;
    if (agent.up) agent.receive(p, nowNs);
    this.releasePacket(p);
  }

  // ------------------------------------------------------------------ scenario events

  /**
   * Starts tracking news: every live host in the cluster but the subject should come to know it
   * (only those with `members[host]` = 1 when given). Returns its id.
   */
  track(kind: TrackedEvent['kind'], subject: number, label: string, network: string, nowNs: number, members?: Uint8Array): number {
    return this.trackFor(kind, subject, label, network, nowNs, this.liveHosts(subject, members));
  }

  /**
   * The event ids of an endpoint's table entries as NetworkDB creates or deletes them on
   * network `net` at `nowNs`: each entry's event is tracked (gossip.csv) among the network's members.
   */
  endpointEventIds(net: number, nowNs: number): (entry: TableEntry, op: string) => number {
    const network = this.ndb.networks[net]!;
    return (entry, op) => this.track(op === 'create' ? 'endpoint-create' : 'endpoint-delete', entry.owner, `${network.name}/${entry.table}/${entry.id}`, network.name, nowNs, network.isMember);
  }

  /** 1 for each live host in the cluster but `subject` (only those with `members[host]` = 1 when given). */
  liveHosts(subject: number, members?: Uint8Array): Uint8Array {
    const live = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) {
      if (i !== subject && this.inCluster[i] === 1 && this.isUp(i) && !this.agents[i]!.leaving && (members === undefined || members[i] === 1)) live[i] = 1;
    }
    return live;
  }

  /** Starts tracking news that exactly the hosts with `shouldKnow[host]` = 1 should come to know. Returns its id. */
  trackFor(kind: TrackedEvent['kind'], subject: number, label: string, network: string, nowNs: number, shouldKnow: Uint8Array, side?: Uint8Array): number {
    const id = this.nextEventId++;
    this.eventStarted.emit({ id, kind, subject, label, network, startNs: nowNs, shouldKnow, ...(side ? { side } : {}) }, undefined, undefined);
    return id;
  }
}
