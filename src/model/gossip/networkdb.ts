import { TransmitLimitedQueue } from './broadcast-queue.ts';
import { type GossipAgent, includes } from './agent.ts';
import type { GossipCluster } from './cluster.ts';
import { GossipMsg, MsgKind, MsgList, State, TableEntry } from './messages.ts';
import { retransmitLimit } from './memberlist-formulas.ts';
import { WIRE } from './profiles.ts';
import { type GossipPacket, PacketType } from './transport.ts';

/** Entries per block of {@link NdbNetwork.known}: a power of two. */
const BLOCK_SHIFT = 10;
const BLOCK = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK - 1;

/** One overlay network as NetworkDB gossips it: its member hosts, entries and per-node queues. */
export class NdbNetwork {
  readonly isMember: Uint8Array;
  /** Row of each host in {@link known} (its position in members), −1 for non-members. */
  readonly row: Int32Array;
  readonly entries: TableEntry[] = [];
  /**
   * What each member knows of each entry: Lamport time, 0 = none. Blocks of {@link BLOCK}
   * entries, each laid out member by member (`block[row * BLOCK + slot % BLOCK]`), so a bulk
   * sync compares two members' knowledge in two contiguous runs of memory.
   */
  readonly known: Int32Array[] = [];
  /** Per member row: bytes of the entries it would send in a bulk sync (known, not reaped). */
  readonly syncBytes: Float64Array;
  /** Deleted entries in order of deletion (so of reap time); those before reapPos are reaped. */
  readonly tombstones: TableEntry[] = [];
  reapPos = 0;
  /** Per member host: locally originated events, and relayed ones (v29 split, ref §3.3). */
  readonly local: (TransmitLimitedQueue | undefined)[];
  readonly relay: (TransmitLimitedQueue | undefined)[];
  constructor(
    readonly index: number,
    readonly name: string,
    readonly members: number[],
    n: number,
  ) {
    this.isMember = new Uint8Array(n);
    this.row = new Int32Array(n).fill(-1);
    this.syncBytes = new Float64Array(members.length);
    this.local = new Array(n);
    this.relay = new Array(n);
    members.forEach((m, r) => {
      this.isMember[m] = 1;
      if (this.row[m] === -1) this.row[m] = r;
      this.local[m] = new TransmitLimitedQueue();
      this.relay[m] = new TransmitLimitedQueue();
    });
  }

  /** Lamport time of the newest event about `e` that `node` holds (0 = none). */
  knownBy(e: TableEntry, node: number): number {
    const r = this.row[node]!;
    if (r < 0) return 0;
    return this.known[e.slot >> BLOCK_SHIFT]![r * BLOCK + (e.slot & BLOCK_MASK)]!;
  }

  /** Sets what `node` (a member) knows of `e`, keeping its bulk-sync size. */
  setKnown(e: TableEntry, node: number, lt: number): void {
    const r = this.row[node]!;
    const block = this.known[e.slot >> BLOCK_SHIFT]!;
    const i = r * BLOCK + (e.slot & BLOCK_MASK);
    const had = block[i]!;
    block[i] = lt;
    if (had <= 0 && lt > 0 && !e.reapCounted) this.syncBytes[r] = this.syncBytes[r]! + e.sizeBytes + WIRE.compoundPartBytes;
  }

  /** Adds an entry at the next slot. */
  add(e: TableEntry): void {
    if ((e.slot & BLOCK_MASK) === 0) this.known.push(new Int32Array(this.members.length * BLOCK));
    this.entries.push(e);
  }

  /** Takes the bytes of tombstones reaped by `nowNs` (older than `reapNs`) out of the bulk-sync sizes. */
  reap(nowNs: number, reapNs: number): void {
    const ts = this.tombstones;
    while (this.reapPos < ts.length && nowNs - ts[this.reapPos]!.deletedAtNs > reapNs) {
      const e = ts[this.reapPos++]!;
      e.reapCounted = true;
      const block = this.known[e.slot >> BLOCK_SHIFT]!;
      const col = e.slot & BLOCK_MASK;
      const cost = e.sizeBytes + WIRE.compoundPartBytes;
      for (let r = 0; r < this.members.length; r++) if (block[r * BLOCK + col]! > 0) this.syncBytes[r] = this.syncBytes[r]! - cost;
    }
  }
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

  constructor(private readonly c: GossipCluster, networks: { name: string; members: number[] }[]) {
    this.networks = networks.map((n, i) => new NdbNetwork(i, n.name, n.members, c.n));
    this.liveEndpoints = this.networks.map(() => []);
  }

  /** Adds the endpoints present at the start (their owners): every member already holds their entries. */
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
    // Every member knows them all: copy one member's run of Lamport times into each member's row.
    const entries = net.entries;
    let bytes = 0;
    for (let s = first; s < entries.length; s++) bytes += entries[s]!.sizeBytes + WIRE.compoundPartBytes;
    for (let s = first; s < entries.length; ) {
      const block = net.known[s >> BLOCK_SHIFT]!;
      const col = s & BLOCK_MASK;
      const run = new Int32Array(Math.min(BLOCK - col, entries.length - s));
      for (let i = 0; i < run.length; i++) run[i] = entries[s + i]!.createMsg!.version;
      for (let r = 0; r < net.members.length; r++) if (net.row[net.members[r]!] === r) block.set(run, r * BLOCK + col);
      s += run.length;
    }
    for (let r = 0; r < net.members.length; r++) if (net.row[net.members[r]!] === r) net.syncBytes[r] = net.syncBytes[r]! + bytes;
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

  /** Deletes an endpoint (both its entries); the tombstones are kept for reapEntryInterval. */
  deleteEndpoint(network: number, endpointEntry: TableEntry, nowNs: number, eventId: (entry: TableEntry, op: string) => number): void {
    const net = this.networks[network]!;
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
    }
  }

  /** The per-tick gossip of one node over each of its networks (nDB.gossip). */
  gossip(agent: GossipAgent, nowNs: number): void {
    const c = this.c;
    const cfg = c.ndbCfg;
    const nets = c.networksOf[agent.index]!;
    for (let i = 0; i < nets.length; i++) {
      const net = this.networks[nets[i]!]!;
      const local = net.local[agent.index]!;
      const relay = net.relay[agent.index]!;
      c.tableQueueSampled.emit(agent.index, local.length + relay.length, nowNs);
      if (local.length + relay.length === 0) continue;
      const limit = retransmitLimit(cfg.retransmitMult, net.members.length);
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
      if (nPeers === 0) continue;
      local.countTaken(limit);
      relay.countTaken(limit);
    }
  }

  /** mRandomNodes over the network's members this node believes alive, excluding itself: into peers[0 .. count), returns count. */
  private randomPeers(agent: GossipAgent, net: NdbNetwork, k: number): number {
    const out = this.peers;
    let count = 0;
    const m = net.members;
    for (let i = 0; i < 3 * m.length && count < k; i++) {
      const j = m[agent.rng.int(m.length)]!;
      if (j === agent.index || includes(out, count, j)) continue;
      const st = agent.viewState(j);
      if (st !== State.Alive && st !== State.Suspect) continue;
      out[count++] = j;
    }
    return count;
  }

  /** Handles a table-event compound (handleTableMessage): apply newer events, relay them. */
  receive(agent: GossipAgent, p: GossipPacket, nowNs: number): void {
    const net = this.networks[p.network]!;
    const node = agent.index;
    if (net.isMember[node] === 0) return;
    for (let i = 0; i < p.msgs.length; i++) {
      const m = p.msgs.at(i);
      if (this.learn(net, m.entry as TableEntry, m.version, node, nowNs) && m.node !== node) net.relay[node]!.push(m);
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
      for (let attempt = 0; attempt < 2; attempt++) {
        if (this.randomPeers(agent, net, 1) === 0 || agent.antiEntropy.exchange(nowNs, this.peers[0]!, false, net.index)) break;
      }
    }
  }

  /** After a join: bulk sync every network with every member the node believes in (bulkSync(networkNodes, true)). */
  joinSync(agent: GossipAgent, nowNs: number): void {
    for (const ni of this.c.networksOf[agent.index]!) {
      for (const m of this.networks[ni]!.members) {
        if (m === agent.index) continue;
        const st = agent.viewState(m);
        if (st === State.Alive || st === State.Suspect) agent.antiEntropy.exchange(nowNs, m, false, ni);
      }
    }
  }

  /** A node restarted: its NetworkDB state is gone. */
  forget(node: number): void {
    for (const ni of this.c.networksOf[node]!) {
      const net = this.networks[ni]!;
      const r = net.row[node]!;
      for (const block of net.known) block.fill(0, r * BLOCK, (r + 1) * BLOCK);
      net.syncBytes[r] = 0;
      net.local[node]!.clear();
      net.relay[node]!.clear();
    }
  }

  /** Completes a bulk sync: both sides take the newer of every entry. */
  merge(network: number, a: number, b: number, nowNs: number): void {
    const net = this.networks[network]!;
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
        this.learn(net, e, lt, to, nowNs);
        const msg = lt >= e.deleteLtime ? e.deleteMsg : e.createMsg;
        const relay = net.relay[to]!;
        if (msg !== undefined && e.owner !== to && relay.length <= cap) relay.push(msg);
      }
    }
  }
}
