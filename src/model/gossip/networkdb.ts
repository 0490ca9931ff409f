import { TransmitLimitedQueue } from './broadcast-queue.ts';
import type { GossipAgent } from './agent.ts';
import type { GossipCluster } from './cluster.ts';
import { GossipMsg, MsgKind, State, TableEntry } from './messages.ts';
import { retransmitLimit } from './memberlist-formulas.ts';
import { WIRE } from './profiles.ts';
import { type GossipPacket, PacketType } from './transport.ts';

/** One overlay network as NetworkDB gossips it: its member hosts, entries and per-node queues. */
export class NdbNetwork {
  readonly isMember: Uint8Array;
  readonly entries: TableEntry[] = [];
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
    this.local = new Array(n);
    this.relay = new Array(n);
    for (const m of members) {
      this.isMember[m] = 1;
      this.local[m] = new TransmitLimitedQueue();
      this.relay[m] = new TransmitLimitedQueue();
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
  private readonly scratch: GossipMsg[] = [];
  private readonly peers: number[] = [];
  /** Live entries per network (created, not yet deleted), for endpoint deletes. */
  readonly liveEndpoints: TableEntry[][];

  constructor(private readonly c: GossipCluster, networks: { name: string; members: number[] }[]) {
    this.networks = networks.map((n, i) => new NdbNetwork(i, n.name, n.members, c.n));
    this.liveEndpoints = this.networks.map(() => []);
  }

  /** Adds an endpoint present at the start: every member already holds its entries. */
  addInitial(network: number, owner: number): void {
    const net = this.networks[network]!;
    for (const [table, size] of this.tables()) {
      const entry = this.newEntry(net, table, owner, size);
      const lt = ++this.ltime;
      entry.createMsg = new GossipMsg(MsgKind.Table, owner, lt, owner, size, entry.id, entry, -1);
      for (const m of net.members) entry.known[m] = lt;
      if (table === 'endpoint_table') this.liveEndpoints[network]!.push(entry);
    }
  }

  private tables(): [string, number][] {
    const cfg = this.c.ndbCfg;
    return [
      ['endpoint_table', cfg.endpointEntryBytes],
      ['overlay_peer_table', cfg.peerEntryBytes],
    ];
  }

  private newEntry(net: NdbNetwork, table: string, owner: number, size: number): TableEntry {
    const e = new TableEntry(this.nextEntryId++, net.index, table, owner, size, new Int32Array(this.c.n));
    net.entries.push(e);
    return e;
  }

  /** An endpoint joins at `owner`: one CREATE per table, queued locally. Returns the events' ids. */
  createEndpoint(network: number, owner: number, nowNs: number, eventId: (entry: TableEntry, op: string) => number): void {
    const net = this.networks[network]!;
    for (const [table, size] of this.tables()) {
      const entry = this.newEntry(net, table, owner, size);
      const lt = ++this.ltime;
      entry.createMsg = new GossipMsg(MsgKind.Table, owner, lt, owner, size, entry.id, entry, eventId(entry, 'create'));
      entry.known[owner] = lt;
      net.local[owner]!.push(entry.createMsg);
      if (table === 'endpoint_table') this.liveEndpoints[network]!.push(entry);
      entry.createdAtNs = nowNs;
    }
  }

  /** Deletes an endpoint (both its entries); the tombstones are kept for reapEntryInterval. */
  deleteEndpoint(network: number, endpointEntry: TableEntry, nowNs: number, eventId: (entry: TableEntry, op: string) => number): void {
    const net = this.networks[network]!;
    // The endpoint's two entries were created together: the endpoint_table one and the next.
    const pair = [endpointEntry, net.entries.find((e) => e.id === endpointEntry.id + 1)];
    for (const entry of pair) {
      if (entry === undefined) continue;
      const lt = ++this.ltime;
      entry.deleteLtime = lt;
      entry.deletedAtNs = nowNs;
      entry.deleteMsg = new GossipMsg(MsgKind.Table, entry.owner, lt, entry.owner, entry.sizeBytes, entry.id, entry, eventId(entry, 'delete'));
      entry.known[entry.owner] = lt;
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
      msgs.length = 0;
      const budget = cfg.packetBufferSize - WIRE.compoundHeaderBytes;
      let used = local.take(WIRE.compoundPartBytes, budget, limit, msgs, false);
      const nLocal = msgs.length;
      used += relay.take(WIRE.compoundPartBytes, budget - used, limit, msgs, false);
      if (msgs.length === 0) continue;
      // One compound to up to 3 random network peers; the transmit count rises once per tick.
      const peers = this.randomPeers(agent, net, cfg.fanout);
      for (let p = 0; p < peers.length; p++) {
        const pkt = c.packet(PacketType.Table, agent.index, peers[p]!);
        pkt.network = net.index;
        for (let m = 0; m < msgs.length; m++) pkt.msgs.push(msgs[m]!);
        pkt.bytes = WIRE.compoundHeaderBytes + used;
        c.sendUdp(pkt, 2, nowNs);
      }
      if (peers.length === 0) continue;
      local.countTransmits(msgs.slice(0, nLocal), 0, limit);
      relay.countTransmits(msgs, nLocal, limit);
    }
  }

  /** mRandomNodes over the network's members this node believes alive, excluding itself. */
  private randomPeers(agent: GossipAgent, net: NdbNetwork, k: number): number[] {
    const out = this.peers;
    out.length = 0;
    const m = net.members;
    for (let i = 0; i < 3 * m.length && out.length < k; i++) {
      const j = m[agent.rng.int(m.length)]!;
      if (j === agent.index || out.includes(j)) continue;
      const st = agent.viewState(j);
      if (st !== State.Alive && st !== State.Suspect) continue;
      out.push(j);
    }
    return out;
  }

  /** Handles a table-event compound (handleTableMessage): apply newer events, relay them. */
  receive(agent: GossipAgent, p: GossipPacket, nowNs: number): void {
    const net = this.networks[p.network]!;
    const node = agent.index;
    if (net.isMember[node] === 0) return;
    for (let i = 0; i < p.msgs.length; i++) {
      const m = p.msgs[i]!;
      if (this.learn(m.entry as TableEntry, m.version, node, nowNs) && m.node !== node) net.relay[node]!.push(m);
    }
  }

  /** Node takes version `lt` of the entry if newer; emits the learn trace. */
  private learn(e: TableEntry, lt: number, node: number, nowNs: number): boolean {
    const had = e.known[node]!;
    if (had >= lt) return false;
    e.known[node] = lt;
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
    let bytes = 0;
    for (const e of this.networks[network]!.entries) if (e.known[node]! > 0 && !this.reaped(e, nowNs)) bytes += e.sizeBytes + WIRE.compoundPartBytes;
    return bytes;
  }

  /** Every 30 s, per network: bulk sync with one random peer; a second only if the first fails. */
  periodicBulkSync(agent: GossipAgent, nowNs: number): void {
    const nets = this.c.networksOf[agent.index]!;
    for (let i = 0; i < nets.length; i++) {
      const net = this.networks[nets[i]!]!;
      for (let attempt = 0; attempt < 2; attempt++) {
        const peers = this.randomPeers(agent, net, 1);
        if (peers.length === 0 || agent.tcpExchange(nowNs, peers[0]!, false, net.index)) break;
      }
    }
  }

  /** After a join: bulk sync every network with every member the node believes in (bulkSync(networkNodes, true)). */
  joinSync(agent: GossipAgent, nowNs: number): void {
    for (const ni of this.c.networksOf[agent.index]!) {
      for (const m of this.networks[ni]!.members) {
        if (m === agent.index) continue;
        const st = agent.viewState(m);
        if (st === State.Alive || st === State.Suspect) agent.tcpExchange(nowNs, m, false, ni);
      }
    }
  }

  /** A node restarted: its NetworkDB state is gone. */
  forget(node: number): void {
    for (const ni of this.c.networksOf[node]!) {
      const net = this.networks[ni]!;
      for (const e of net.entries) e.known[node] = 0;
      net.local[node]!.clear();
      net.relay[node]!.clear();
    }
  }

  /** Completes a bulk sync: both sides take the newer of every entry. */
  merge(network: number, a: number, b: number, nowNs: number): void {
    const net = this.networks[network]!;
    const cap = this.c.ndbCfg.maxQueueLenBroadcastOnSync;
    for (const e of net.entries) {
      if (this.reaped(e, nowNs)) continue;
      const ka = e.known[a]!;
      const kb = e.known[b]!;
      if (ka === kb) continue;
      const [to, lt] = ka < kb ? [a, kb] : [b, ka];
      this.learn(e, lt, to, nowNs);
      const msg = lt >= e.deleteLtime ? e.deleteMsg : e.createMsg;
      const relay = net.relay[to]!;
      if (msg !== undefined && e.owner !== to && relay.length <= cap) relay.push(msg);
    }
  }
}
