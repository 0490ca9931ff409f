import { WIRE } from './profiles.ts';

/** Membership states, as memberlist's nodeState (plus UNKNOWN: not in the member list). */
export const State = { Alive: 0, Suspect: 1, Dead: 2, Left: 3, Unknown: 4 } as const;
export type State = (typeof State)[keyof typeof State];

/** Kinds of gossiped message: memberlist's own (0-2), NetworkDB table events (3) and NetworkEvents (4). */
export const MsgKind = { Alive: 0, Suspect: 1, Dead: 2, Table: 3, Network: 4 } as const;

/**
 * A gossiped message. Messages are immutable and shared: a relay re-queues the same object, so
 * dissemination allocates one queue entry per node per news, never a copy per hop.
 */
export class GossipMsg {
  constructor(
    readonly kind: number,
    /** Member the message is about (memberlist), the entry's owner (table event), or the host that joined or left (NetworkEvent). */
    readonly node: number,
    /** Incarnation (memberlist), Lamport time (table event) or attachment version (NetworkEvent, see NetworkViews). */
    readonly version: number,
    /** Who raised it (suspect/dead; dead with from = node is a graceful leave). */
    readonly from: number,
    /** Encoded size, bytes, without compound overhead. */
    readonly sizeBytes: number,
    /** Invalidation key: newer news with the same key replaces older in a queue. */
    readonly key: number,
    /** Table events: the entry; undefined for membership messages. */
    readonly entry: TableEntry | undefined = undefined,
    /** Tracked-event id for metrics (−1 when untracked). */
    readonly eventId = -1,
  ) {}
}

/**
 * A reusable list of messages. Clearing keeps its storage: setting a V8 array's length to 0 frees
 * the backing store, so a pooled packet refilled that way would allocate anew each time.
 */
export class MsgList {
  readonly items: GossipMsg[] = [];
  length = 0;

  push(msg: GossipMsg): void {
    this.items[this.length++] = msg;
  }

  at(i: number): GossipMsg {
    return this.items[i] as GossipMsg;
  }

  /** Empties the list (the references past `length` stay until overwritten). */
  clear(): void {
    this.length = 0;
  }
}

export function aliveMsg(node: number, incarnation: number): GossipMsg {
  return new GossipMsg(MsgKind.Alive, node, incarnation, node, WIRE.aliveBytes, node);
}
export function suspectMsg(node: number, incarnation: number, from: number): GossipMsg {
  return new GossipMsg(MsgKind.Suspect, node, incarnation, from, WIRE.suspectBytes, node);
}
export function deadMsg(node: number, incarnation: number, from: number): GossipMsg {
  return new GossipMsg(MsgKind.Dead, node, incarnation, from, WIRE.deadBytes, node);
}

/**
 * A NetworkEvent: `host` joined (odd `version`) or left (even) network `network` of a cluster of
 * `n` hosts. Its key, network × n + host, makes a newer event about the same attachment replace
 * a queued older one (a delegate broadcast's invalidation key, ref §2.2).
 */
export function networkEventMsg(network: number, host: number, version: number, n: number, eventId: number): GossipMsg {
  return new GossipMsg(MsgKind.Network, host, version, host, WIRE.networkEventBytes, network * n + host, undefined, eventId);
}

/** The network index of a NetworkEvent made by {@link networkEventMsg} in a cluster of `n` hosts. */
export function networkOfEvent(msg: GossipMsg, n: number): number {
  return (msg.key - msg.node) / n;
}

/**
 * One NetworkDB table entry (a key in endpoint_table or overlay_peer_table of one network).
 * What each member knows of it (the Lamport time of the newest event about it the member holds,
 * 0 = none) is kept by its network, at `slot` (see NdbNetwork.known); a node knows the entry is
 * deleted when known ≥ deleteLtime.
 */
export class TableEntry {
  deleteLtime = Infinity;
  deletedAtNs = Infinity;
  createdAtNs = 0;
  createMsg: GossipMsg | undefined;
  deleteMsg: GossipMsg | undefined;
  /** The tombstone's reap interval has passed and its bytes left the members' bulk-sync sizes. */
  reapCounted = false;
  constructor(
    readonly id: number,
    readonly network: number,
    readonly table: string,
    readonly owner: number,
    readonly sizeBytes: number,
    /** Index in its network's entries. */
    readonly slot: number,
  ) {}
}
