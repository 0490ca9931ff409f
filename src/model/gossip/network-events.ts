import type { GossipAgent } from './agent.ts';
import { Purpose } from './anti-entropy.ts';
import type { GossipCluster } from './cluster.ts';
import { type GossipMsg, networkEventMsg, networkOfEvent, State, type TableEntry } from './messages.ts';
import type { NdbNetwork } from './ndb-network.ts';
import type { NetworkViews } from './network-views.ts';

/**
 * A join bulk sync in progress (JoinNetwork, ref §3.3): bulkSync(networkNodes, true) syncs with
 * every peer the joiner believes attached, one after another, each waiting for the reply; then
 * the network is in sync. A peer that cannot be reached is skipped.
 */
export class JoinSync {
  private pos = 0;
  /** False once done, or abandoned (the host left the network or restarted). */
  active = true;
  constructor(
    private readonly events: NetworkEvents,
    /** The joiner. */
    readonly agent: GossipAgent,
    /** The network it joins. */
    readonly net: NdbNetwork,
    /** The hosts it believes attached and alive when the sync starts, in row order. */
    private readonly peers: readonly number[],
  ) {}

  /** The previous exchange ended (or none began): start the next one, or finish. */
  next(nowNs: number): void {
    if (!this.active) return;
    while (this.pos < this.peers.length) {
      if (this.agent.antiEntropy.exchange(nowNs, this.peers[this.pos++]!, Purpose.BulkSync, this.net.index, this)) return;
    }
    this.events.synced(this);
  }

  /** Stops it: later replies are ignored and it never sets inSync. */
  abandon(): void {
    this.active = false;
  }
}

/** A joiner waiting to hold every entry live at its join (the `network-sync` tracked event). */
class SyncWatch {
  constructor(
    readonly eventId: number,
    readonly node: number,
    /** Entries live at the join that it does not hold yet (and that are still live). */
    readonly missing: Set<TableEntry>,
  ) {}
}

/**
 * NetworkDB's cluster-wide NetworkEvents (reference/gossip-controlplane.md §3.3): a host joins or
 * leaves a network, raising an event every node applies to its view of the network when it is
 * newer, and relays; the events ride in each agent's {@link GossipAgent.ndbQueue}, piggybacked on
 * memberlist's gossip. A join bulk-syncs with the peers the joiner believes attached, then sets
 * inSync. memberlist push/pull carries every node's attachments (NetworkPushPull, §3.3), which
 * both sides merge without relaying. Only networks with network events (those with
 * {@link NdbNetwork.views}) are handled here.
 */
export class NetworkEvents {
  /** Join bulk syncs in progress, by network × n + host. */
  private readonly chains = new Map<number, JoinSync>();
  /** Per network: joiners waiting to hold every live entry. */
  private readonly watches: SyncWatch[][];
  /** The networks with network events. */
  readonly dynamic: NdbNetwork[];

  constructor(private readonly c: GossipCluster) {
    this.watches = c.ndb.networks.map(() => []);
    this.dynamic = c.ndb.networks.filter((net) => net.views !== undefined);
  }

  /** A scenario network event: each listed host whose agent is up joins or leaves (others are skipped). */
  apply(network: number, hosts: readonly number[], action: 'join' | 'leave', nowNs: number): void {
    const net = this.c.ndb.networks[network]!;
    for (const h of hosts) {
      if (!this.c.isUp(h)) continue;
      if (action === 'join' && net.isMember[h] === 0) this.join(net, h, nowNs);
      else if (action === 'leave' && net.isMember[h] === 1) this.leave(net, h, nowNs);
    }
  }

  /** JoinNetwork: announce the attachment, watch for the entries, bulk-sync with the peers in view. */
  private join(net: NdbNetwork, h: number, nowNs: number): void {
    net.isMember[h] = 1;
    this.announce(net, h, 'network-join', nowNs);
    const views = net.views!;
    views.inSync[h] = 0;
    this.watch(net, h, nowNs);
    this.startSync(this.c.agents[h]!, net, nowNs);
  }

  /**
   * LeaveNetwork: announce it, stop gossiping the network, delete the own entries and forget the
   * others' (NetworkDb.leave). Nodes applying the leave delete the leaver's entries too.
   */
  private leave(net: NdbNetwork, h: number, nowNs: number): void {
    const c = this.c;
    net.isMember[h] = 0;
    const views = net.views!;
    const row = net.row[h]!;
    views.inSync[h] = 0;
    this.stopSync(net, h);
    const watches = this.watches[net.index]!;
    this.watches[net.index] = watches.filter((w) => w.node !== h);
    const owned = c.ndb.leave(net, h, nowNs);
    for (const e of owned) {
      this.entryGone(net, e, nowNs);
      // Hosts that never held the entry can no longer learn its events: they are dropped with it.
      for (const m of net.members) {
        if (m === h || net.knownBy(e, m) > 0) continue;
        if (e.createMsg !== undefined && e.createMsg.eventId >= 0) c.learnVoided.emit(e.createMsg.eventId, m, undefined);
        if (e.deleteMsg !== undefined && e.deleteMsg.eventId >= 0) c.learnVoided.emit(e.deleteMsg.eventId, m, undefined);
      }
    }
    const version = this.announce(net, h, 'network-leave', nowNs);
    views.leftEntries[row]![version] = owned;
    c.networkDetached.emit(h, net.index, undefined);
  }

  /** Raises the host's next event about the network: its own view, a tracked event, a queued NetworkEvent. Returns its version. */
  private announce(net: NdbNetwork, h: number, kind: 'network-join' | 'network-leave', nowNs: number): number {
    const c = this.c;
    const views = net.views!;
    const row = net.row[h]!;
    const version = views.truth[row]! + 1;
    views.truth[row] = version;
    views.apply(h, row, version);
    const id = c.track(kind, h, c.names[h]!, net.name, nowNs);
    views.eventIds[row]![version] = id;
    c.agents[h]!.ndbQueue.push(networkEventMsg(net.index, h, version, c.n, id));
    return version;
  }

  /** Tracks the joiner until it holds every entry live now (created, not deleted, owner attached). */
  private watch(net: NdbNetwork, h: number, nowNs: number): void {
    const c = this.c;
    const missing = new Set<TableEntry>();
    for (const e of net.entries) {
      const create = e.createMsg;
      if (create === undefined || e.deleteLtime !== Infinity || e.owner === h || net.isMember[e.owner] === 0) continue;
      if (net.knownBy(e, h) < create.version) missing.add(e);
    }
    const shouldKnow = new Uint8Array(c.n);
    shouldKnow[h] = 1;
    const id = c.trackFor('network-sync', h, c.names[h]!, net.name, nowNs, shouldKnow);
    if (missing.size === 0) c.tableLearned.emit(id, h, nowNs);
    else this.watches[net.index]!.push(new SyncWatch(id, h, missing));
  }

  /** Starts the join bulk sync of `agent` with every peer it believes attached and alive. */
  private startSync(agent: GossipAgent, net: NdbNetwork, nowNs: number): void {
    const peers: number[] = [];
    for (const m of net.members) {
      if (m === agent.index || !net.sees(agent.index, m)) continue;
      const st = agent.viewState(m);
      if (st === State.Alive || st === State.Suspect) peers.push(m);
    }
    this.stopSync(net, agent.index);
    const chain = new JoinSync(this, agent, net, peers);
    this.chains.set(net.index * this.c.n + agent.index, chain);
    chain.next(nowNs);
  }

  /** Abandons the join bulk sync of host `h` on `net`, if one is in progress. */
  private stopSync(net: NdbNetwork, h: number): void {
    const key = net.index * this.c.n + h;
    this.chains.get(key)?.abandon();
    this.chains.delete(key);
  }

  /** A join bulk sync finished: the network is in sync at that host. */
  synced(chain: JoinSync): void {
    chain.active = false;
    const h = chain.agent.index;
    chain.net.views!.inSync[h] = 1;
    this.chains.delete(chain.net.index * this.c.n + h);
  }

  /** A NetworkEvent arrived at `agent`: apply it if newer, and then relay it. */
  receive(agent: GossipAgent, m: GossipMsg, nowNs: number): void {
    if (m.node === agent.index) return;
    const net = this.c.ndb.networks[networkOfEvent(m, this.c.n)]!;
    if (this.applyView(net, agent.index, net.row[m.node]!, m.version, nowNs)) agent.ndbQueue.push(m);
  }

  /**
   * `obs` applies version `v` about the host of `row` if newer. Every tracked event up to `v` is
   * then known to it, and each leave among them deletes the leaver's entries it holds (moby's
   * handleNetworkEvent drops them outright; here they become tombstones, which only adds their
   * bytes to bulk syncs until they are reaped). Returns whether the view changed.
   */
  private applyView(net: NdbNetwork, obs: number, row: number, v: number, nowNs: number): boolean {
    const views = net.views as NetworkViews;
    const had = views.apply(obs, row, v);
    if (had < 0) return false;
    const ids = views.eventIds[row]!;
    for (let u = had + 1; u <= v; u++) {
      const id = ids[u];
      if (id !== undefined) this.c.tableLearned.emit(id, obs, nowNs);
      const gone = (u & 1) === 0 ? views.leftEntries[row]![u] : undefined;
      if (gone === undefined || net.row[obs]! < 0) continue;
      for (const e of gone) {
        const k = net.knownBy(e, obs);
        if (k > 0 && k < e.deleteLtime) this.c.ndb.learnDeletion(net, e, obs, nowNs);
      }
    }
    return true;
  }

  /** memberlist push/pull between `a` and `b` completed: each merges the other's attachments (no relay). */
  mergeViews(a: number, b: number, nowNs: number): void {
    for (const net of this.dynamic) {
      const views = net.views as NetworkViews;
      const ra = a * views.rows;
      const rb = b * views.rows;
      for (let r = 0; r < views.rows; r++) {
        const va = views.version[ra + r]!;
        const vb = views.version[rb + r]!;
        if (va < vb && net.members[r] !== a) this.applyView(net, a, r, vb, nowNs);
        else if (vb < va && net.members[r] !== b) this.applyView(net, b, r, va, nowNs);
      }
    }
  }

  /** Host `h` restarts: its views are gone but for its own attachments, and none of its networks is in sync. */
  restart(h: number): void {
    for (const net of this.dynamic) {
      const attached = net.isMember[h] === 1;
      net.views!.reset(h, attached ? net.row[h]! : -1);
      net.views!.inSync[h] = 0;
      this.stopSync(net, h);
    }
  }

  /** `agent` (re)joined the cluster: it joins again each network it is attached to and not in sync with. */
  rejoin(agent: GossipAgent, nowNs: number): void {
    const h = agent.index;
    for (const net of this.dynamic) {
      if (net.isMember[h] === 1 && net.views!.inSync[h] === 0 && !this.chains.has(net.index * this.c.n + h)) this.startSync(agent, net, nowNs);
    }
  }

  /** `node` learned version `lt` of `e`: a joiner waiting for it may now hold every live entry. */
  learned(net: NdbNetwork, e: TableEntry, lt: number, node: number, nowNs: number): void {
    const watches = this.watches[net.index]!;
    if (watches.length === 0 || e.createMsg === undefined || lt < e.createMsg.version) return;
    for (let i = watches.length - 1; i >= 0; i--) {
      const w = watches[i]!;
      if (w.node === node && w.missing.delete(e) && w.missing.size === 0) this.done(net, w, nowNs);
    }
  }

  /** `e` is no longer live (deleted, or its owner left): no joiner needs to wait for it. */
  entryGone(net: NdbNetwork, e: TableEntry, nowNs: number): void {
    const watches = this.watches[net.index]!;
    for (let i = watches.length - 1; i >= 0; i--) {
      const w = watches[i]!;
      if (w.missing.delete(e) && w.missing.size === 0) this.done(net, w, nowNs);
    }
  }

  private done(net: NdbNetwork, w: SyncWatch, nowNs: number): void {
    this.c.tableLearned.emit(w.eventId, w.node, nowNs);
    const watches = this.watches[net.index]!;
    watches.splice(watches.indexOf(w), 1);
  }
}
