import { type GossipAgent, includes } from './agent.ts';
import { Purpose } from './anti-entropy.ts';
import type { GossipCluster } from './cluster.ts';
import { GossipMsg, MsgKind, MsgList, State, TableEntry } from './messages.ts';
import { retransmitLimit } from './memberlist-formulas.ts';
import { BLOCK, BLOCK_MASK, BLOCK_SHIFT, NdbNetwork } from './ndb-network.ts';
import { NetworkViews } from './network-views.ts';
import { WIRE } from './profiles.ts';
import type { GossipSpec } from './spec.ts';
import { type GossipPacket, PacketType } from './transport.ts';

/** A network as the cluster hands it to NetworkDB. */
export interface NdbNetworkSpec {
  name: string;
  /** Hosts that can be attached: those attached at the start, then those network events name. */
  rows: number[];
  /** Hosts attached at the start. */
  attached: number[];
  /** Whether network events change its attachments (then each node keeps a view of them). */
  dynamic: boolean;
}

/**
 * NetworkDB's table gossip (moby daemon/libnetwork/networkdb; reference/gossip-controlplane.md
 * §3): per network, every 200 ms one compound packet (≤ PacketBufferSize − 2) to 3 random
 * network peers, transmits counted once per tick, limit 4·ceil(log10(n_net+1)); events relayed
 * only if newer by Lamport time; a bulk sync of whole tables over TCP every 30 s (not scaled).
 */
export class NetworkDb {
  readonly networks: NdbNetwork[];
  /** Lamport clock shared by all table events. */
  private ltime = 0;
  private nextEntryId = 0;
  bulkSyncFailures = 0;
  private readonly scratch = new MsgList();
  private readonly peers: number[] = [];
  /** Live entries per network (created, not yet deleted), for endpoint deletes. */
  readonly liveEndpoints: TableEntry[][];

  constructor(private readonly c: GossipCluster, networks: NdbNetworkSpec[]) {
    this.networks = networks.map((n, i) => {
      const net = new NdbNetwork(i, n.name, n.rows, c.n, n.attached);
      if (n.dynamic) net.views = new NetworkViews(c.n, n.rows, net.isMember);
      return net;
    });
    this.liveEndpoints = this.networks.map(() => []);
  }

  /** Adds the endpoints present at the start (their owners): every host attached at the start already holds their entries. */
  addInitial(network: number, owners: readonly number[]): void {
    const net = this.networks[network]!;
    const first = net.entries.length;
    for (const owner of owners) {
      for (const [table, size] of this.tables()) {
        const entry = this.newEntry(net, table, owner, size);
        const lt = ++this.ltime;
        entry.createMsg = new GossipMsg(MsgKind.Table, owner, lt, owner, size, entry.id, entry, -1);
        if (table === 'endpoint_table') this.liveEndpoints[network]!.push(entry);
      }
    }
    // Every attached host knows them all: copy one run of Lamport times into each attached row.
    const entries = net.entries;
    let bytes = 0;
    for (let s = first; s < entries.length; s++) bytes += entries[s]!.sizeBytes + WIRE.compoundPartBytes;
    for (let s = first; s < entries.length; ) {
      const block = net.known[s >> BLOCK_SHIFT]!;
      const col = s & BLOCK_MASK;
      const run = new Int32Array(Math.min(BLOCK - col, entries.length - s));
      for (let i = 0; i < run.length; i++) run[i] = entries[s + i]!.createMsg!.version;
      for (let r = 0; r < net.members.length; r++) if (holdsInitial(net, r)) block.set(run, r * BLOCK + col);
      s += run.length;
    }
    for (let r = 0; r < net.members.length; r++) if (holdsInitial(net, r)) net.syncBytes[r] = net.syncBytes[r]! + bytes;
  }

  private tables(): [string, number][] {
    const cfg = this.c.ndbCfg;
    return [
      ['endpoint_table', cfg.endpointEntryBytes],
      ['overlay_peer_table', cfg.peerEntryBytes],
    ];
  }

  private newEntry(net: NdbNetwork, table: string, owner: number, size: number): TableEntry {
    const e = new TableEntry(this.nextEntryId++, net.index, table, owner, size, net.entries.length);
    net.add(e);
    return e;
  }

  /** An endpoint joins at `owner`: one CREATE per table, queued locally. Returns the events' ids. */
  createEndpoint(network: number, owner: number, nowNs: number, eventId: (entry: TableEntry, op: string) => number): void {
    const net = this.networks[network]!;
    for (const [table, size] of this.tables()) {
      const entry = this.newEntry(net, table, owner, size);
      const lt = ++this.ltime;
      entry.createMsg = new GossipMsg(MsgKind.Table, owner, lt, owner, size, entry.id, entry, eventId(entry, 'create'));
      net.setKnown(entry, owner, lt);
      net.local[owner]!.push(entry.createMsg);
      if (table === 'endpoint_table') this.liveEndpoints[network]!.push(entry);
      entry.createdAtNs = nowNs;
    }
  }

  /** Deletes an endpoint (both its entries) and drops it from the live endpoints; the tombstones are kept for reapEntryInterval. */
  deleteEndpoint(network: number, endpointEntry: TableEntry, nowNs: number, eventId: (entry: TableEntry, op: string) => number): void {
    const net = this.networks[network]!;
    const live = this.liveEndpoints[network]!;
    const i = live.indexOf(endpointEntry);
    if (i >= 0) {
      live[i] = live[live.length - 1]!;
      live.pop();
    }
    // The endpoint's two entries were created together: the endpoint_table one and the next.
    const next = net.entries[endpointEntry.slot + 1];
    const pair = [endpointEntry, next !== undefined && next.id === endpointEntry.id + 1 ? next : net.entries.find((e) => e.id === endpointEntry.id + 1)];
    for (const entry of pair) {
      if (entry === undefined) continue;
      const lt = ++this.ltime;
      entry.deleteLtime = lt;
      entry.deletedAtNs = nowNs;
      entry.deleteMsg = new GossipMsg(MsgKind.Table, entry.owner, lt, entry.owner, entry.sizeBytes, entry.id, entry, eventId(entry, 'delete'));
      net.setKnown(entry, entry.owner, lt);
      net.tombstones.push(entry);
      net.local[entry.owner]!.push(entry.deleteMsg);
      if (net.views !== undefined) this.c.networkEvents.entryGone(net, entry, nowNs);
    }
  }

  /**
   * `owner` left the network: it marks each of its live entries deleted (a new Lamport time, a
   * tombstone kept for reapEntryInterval) without gossiping table events, and forgets the others'
   * entries, as moby's LeaveNetwork does (the reference does not cover entries at a leave). Returns
   * every entry it owns there, deleted now or before.
   */
  leave(net: NdbNetwork, owner: number, nowNs: number): TableEntry[] {
    const owned: TableEntry[] = [];
    for (const entry of net.entries) {
      if (entry.owner !== owner) continue;
      owned.push(entry);
      if (entry.deleteLtime !== Infinity) continue;
      const lt = ++this.ltime;
      entry.deleteLtime = lt;
      entry.deletedAtNs = nowNs;
      entry.deleteMsg = new GossipMsg(MsgKind.Table, owner, lt, owner, entry.sizeBytes, entry.id, entry, -1);
      net.setKnown(entry, owner, lt);
      net.tombstones.push(entry);
    }
    const live = this.liveEndpoints[net.index]!;
    this.liveEndpoints[net.index] = live.filter((e) => e.owner !== owner);
    net.forgetOthers(owner);
    net.local[owner]!.clear();
    net.relay[owner]!.clear();
    return owned;
  }

  /** `node` learns that `e` is deleted without a table event (it applied its owner's leave); no relay. */
  learnDeletion(net: NdbNetwork, e: TableEntry, node: number, nowNs: number): void {
    this.learn(net, e, e.deleteLtime, node, nowNs);
  }

  /** The per-tick gossip of one node over each of its networks (nDB.gossip). */
  gossip(agent: GossipAgent, nowNs: number): void {
    const c = this.c;
    const cfg = c.ndbCfg;
    const nets = c.networksOf[agent.index]!;
    for (let i = 0; i < nets.length; i++) {
      const net = this.networks[nets[i]!]!;
      if (net.views !== undefined && net.isMember[agent.index] === 0) continue;
      const local = net.local[agent.index]!;
      const relay = net.relay[agent.index]!;
      c.tableQueueSampled.emit(agent.index, local.length + relay.length, nowNs);
      if (local.length + relay.length === 0) continue;
      const limit = retransmitLimit(cfg.retransmitMult, net.viewSize(agent.index));
      const msgs = this.scratch;
      msgs.clear();
      const budget = cfg.packetBufferSize - WIRE.compoundHeaderBytes;
      let used = local.take(WIRE.compoundPartBytes, budget, limit, msgs, false);
      used += relay.take(WIRE.compoundPartBytes, budget - used, limit, msgs, false);
      if (msgs.length === 0) continue;
      // One compound to up to 3 random network peers; the transmit count rises once per tick.
      const nPeers = this.randomPeers(agent, net, cfg.fanout);
      const peers = this.peers;
      for (let p = 0; p < nPeers; p++) {
        const pkt = c.packet(PacketType.Table, agent.index, peers[p]!);
        pkt.network = net.index;
        for (let m = 0; m < msgs.length; m++) pkt.msgs.push(msgs.at(m));
        pkt.bytes = WIRE.compoundHeaderBytes + used;
        c.sendUdp(pkt, 2, nowNs);
      }
      // GetBroadcasts counts a transmit when it hands the messages out, peers or not (ref §3.3).
      local.countTaken(limit);
      relay.countTaken(limit);
    }
  }

  /**
   * mRandomNodes over the hosts this node believes attached to the network (its networkNodes) and
   * alive, excluding itself: into peers[0 .. count), returns count.
   */
  private randomPeers(agent: GossipAgent, net: NdbNetwork, k: number): number {
    const out = this.peers;
    let count = 0;
    const m = net.members;
    const views = net.views;
    for (let i = 0; i < 3 * m.length && count < k; i++) {
      const j = m[agent.rng.int(m.length)]!;
      if (j === agent.index || includes(out, count, j)) continue;
      if (views !== undefined && !views.sees(agent.index, net.row[j]!)) continue;
      const st = agent.viewState(j);
      if (st !== State.Alive && st !== State.Suspect) continue;
      out[count++] = j;
    }
    return count;
  }

  /**
   * Handles a table-event compound (handleTableMessage): apply newer events, relay them. With
   * network events, an event whose owner this node does not believe attached is dropped (peers
   * that have not seen a join reject its entries, ref §3.6), and one is relayed only once the
   * node is in sync (rebroadcast rule, ref §3.3).
   */
  receive(agent: GossipAgent, p: GossipPacket, nowNs: number): void {
    const net = this.networks[p.network]!;
    const node = agent.index;
    if (net.isMember[node] === 0) return;
    const views = net.views;
    for (let i = 0; i < p.msgs.length; i++) {
      const m = p.msgs.at(i);
      if (views !== undefined && !views.sees(node, net.row[m.node]!)) continue;
      if (this.learn(net, m.entry as TableEntry, m.version, node, nowNs) && m.node !== node && (views === undefined || views.inSync[node] === 1)) net.relay[node]!.push(m);
    }
  }

  /** Node takes version `lt` of the entry if newer; emits the learn trace. */
  private learn(net: NdbNetwork, e: TableEntry, lt: number, node: number, nowNs: number): boolean {
    const had = net.knownBy(e, node);
    if (had >= lt) return false;
    net.setKnown(e, node, lt);
    const create = e.createMsg;
    if (create !== undefined && had < create.version && create.eventId >= 0) this.c.tableLearned.emit(create.eventId, node, nowNs);
    const del = e.deleteMsg;
    if (del !== undefined && lt >= del.version && del.eventId >= 0) this.c.tableLearned.emit(del.eventId, node, nowNs);
    if (net.views !== undefined) this.c.networkEvents.learned(net, e, lt, node, nowNs);
    return true;
  }

  private reaped(e: TableEntry, nowNs: number): boolean {
    return nowNs - e.deletedAtNs > this.c.ndbCfg.reapEntryIntervalNs;
  }

  /** Bytes of the tables of a network a node sends in a bulk sync (tombstones included until reaped). */
  bulkSyncBytes(network: number, node: number, nowNs: number): number {
    const net = this.networks[network]!;
    const r = net.row[node]!;
    if (r < 0) return 0;
    net.reap(nowNs, this.c.ndbCfg.reapEntryIntervalNs);
    return net.syncBytes[r]!;
  }

  /** Every 30 s, per network: bulk sync with one random peer; a second only if the first fails. */
  periodicBulkSync(agent: GossipAgent, nowNs: number): void {
    const nets = this.c.networksOf[agent.index]!;
    for (let i = 0; i < nets.length; i++) {
      const net = this.networks[nets[i]!]!;
      if (net.views !== undefined && net.isMember[agent.index] === 0) continue;
      for (let attempt = 0; attempt < 2; attempt++) {
        if (this.randomPeers(agent, net, 1) === 0 || agent.antiEntropy.exchange(nowNs, this.peers[0]!, Purpose.BulkSync, net.index)) break;
      }
    }
  }

  /**
   * After a join: bulk sync every network without network events with every member the node
   * believes in (bulkSync(networkNodes, true)); NetworkEvents.rejoin handles the others.
   */
  joinSync(agent: GossipAgent, nowNs: number): void {
    for (const ni of this.c.networksOf[agent.index]!) {
      if (this.networks[ni]!.views !== undefined) continue;
      for (const m of this.networks[ni]!.members) {
        if (m === agent.index) continue;
        const st = agent.viewState(m);
        if (st === State.Alive || st === State.Suspect) agent.antiEntropy.exchange(nowNs, m, Purpose.BulkSync, ni);
      }
    }
  }

  /**
   * A reconnect (memberlist Join of a failed node) completed: bulk sync with that node every
   * network both are attached to in the initiator's view (reconnectNode's bulkSync, ref §3.2).
   */
  reconnectSync(agent: GossipAgent, peer: number, nowNs: number): void {
    if (!this.c.ndbCfg.enabled) return;
    for (const ni of this.c.networksOf[agent.index]!) {
      const net = this.networks[ni]!;
      if (net.isMember[agent.index] === 1 && net.sees(agent.index, peer)) agent.antiEntropy.exchange(nowNs, peer, Purpose.BulkSync, ni);
    }
  }

  /** A node restarted: its NetworkDB state is gone. */
  forget(node: number): void {
    for (const ni of this.c.networksOf[node]!) {
      const net = this.networks[ni]!;
      net.forgetAll(node);
      net.local[node]!.clear();
      net.relay[node]!.clear();
    }
  }

  /**
   * Completes a bulk sync: both sides take the newer of every entry. With network events, only
   * when both are still attached; a side drops entries whose owner it does not believe attached
   * and relays what it learns only once in sync (handleTableEvent, ref §3.3).
   */
  merge(network: number, a: number, b: number, nowNs: number): void {
    const net = this.networks[network]!;
    const views = net.views;
    if (views !== undefined && (net.isMember[a] === 0 || net.isMember[b] === 0)) return;
    const cap = this.c.ndbCfg.maxQueueLenBroadcastOnSync;
    const entries = net.entries;
    const offA = net.row[a]! * BLOCK;
    const offB = net.row[b]! * BLOCK;
    for (let first = 0; first < entries.length; first += BLOCK) {
      const block = net.known[first >> BLOCK_SHIFT]!;
      const count = Math.min(BLOCK, entries.length - first);
      for (let s = 0; s < count; s++) {
        const ka = block[offA + s]!;
        const kb = block[offB + s]!;
        if (ka === kb) continue;
        const e = entries[first + s]!;
        if (this.reaped(e, nowNs)) continue;
        const to = ka < kb ? a : b;
        const lt = ka < kb ? kb : ka;
        if (views !== undefined && !views.sees(to, net.row[e.owner]!)) continue;
        this.learn(net, e, lt, to, nowNs);
        const msg = lt >= e.deleteLtime ? e.deleteMsg : e.createMsg;
        const relay = net.relay[to]!;
        if (msg !== undefined && e.owner !== to && relay.length <= cap && (views === undefined || views.inSync[to] === 1)) relay.push(msg);
      }
    }
  }
}

/** Whether row `r` of `net` holds the initial entries: its host's first row, attached at the start. */
function holdsInitial(net: NdbNetwork, r: number): boolean {
  const host = net.members[r]!;
  return net.row[host] === r && net.isMember[host] === 1;
}

/**
 * The networks as NetworkDB takes them: a network that network events name gets a row for every
 * host that can ever be attached (those attached at the start, then those the events name) and
 * keeps per-node views; the others keep their members from start to end.
 */
export function ndbNetworkSpecs(spec: GossipSpec): NdbNetworkSpec[] {
  const named = spec.networks.map(() => new Set<number>());
  for (const e of spec.events) if (e.kind === 'network') for (const h of e.hosts) named[e.network]!.add(h);
  return spec.networks.map((net, i) => {
    const extra = [...named[i]!].filter((h) => !net.members.includes(h)).sort((a, b) => a - b);
    return { name: net.name, rows: [...net.members, ...extra], attached: net.members, dynamic: named[i]!.size > 0 };
  });
}
