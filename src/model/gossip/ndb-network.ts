import { TransmitLimitedQueue } from './broadcast-queue.ts';
import type { TableEntry } from './messages.ts';
import type { NetworkViews } from './network-views.ts';
import { WIRE } from './profiles.ts';

/** Entries per block of {@link NdbNetwork.known}: a power of two. */
export const BLOCK_SHIFT = 10;
export const BLOCK = 1 << BLOCK_SHIFT;
export const BLOCK_MASK = BLOCK - 1;

/**
 * One overlay network as NetworkDB gossips it: the hosts that can be attached to it (its rows),
 * which are attached now, its entries, what each row knows of them, and per-row queues.
 * A network without network events has as rows exactly the hosts attached from start to end,
 * and no {@link views}: every node knows that truth.
 */
export class NdbNetwork {
  /** Per host: 1 while it is attached to the network (the truth; the host's own knowledge). */
  readonly isMember: Uint8Array;
  /** Row of each host in {@link known} (its position in members), −1 for hosts without a row. */
  readonly row: Int32Array;
  readonly entries: TableEntry[] = [];
  /**
   * What each row knows of each entry: Lamport time, 0 = none. Blocks of {@link BLOCK} entries,
   * each laid out row by row (`block[row * BLOCK + slot % BLOCK]`), so a bulk sync compares two
   * rows' knowledge in two contiguous runs of memory.
   */
  readonly known: Int32Array[] = [];
  /** Per row: bytes of the entries it would send in a bulk sync (known, not reaped). */
  readonly syncBytes: Float64Array;
  /** Deleted entries in order of deletion (so of reap time); those before reapPos are reaped. */
  readonly tombstones: TableEntry[] = [];
  reapPos = 0;
  /** Per host with a row: locally originated events, and relayed ones (v29 split, ref §3.3). */
  readonly local: (TransmitLimitedQueue | undefined)[];
  readonly relay: (TransmitLimitedQueue | undefined)[];
  /** Each node's view of who is attached, for a network with network events; undefined otherwise. */
  views: NetworkViews | undefined;

  /**
   * @param members hosts with a row: those attached at the start and those network events name
   * @param attached hosts attached at the start
   */
  constructor(
    readonly index: number,
    readonly name: string,
    readonly members: number[],
    n: number,
    attached: readonly number[] = members,
  ) {
    this.isMember = new Uint8Array(n);
    this.row = new Int32Array(n).fill(-1);
    this.syncBytes = new Float64Array(members.length);
    this.local = new Array(n);
    this.relay = new Array(n);
    members.forEach((m, r) => {
      if (this.row[m] === -1) this.row[m] = r;
      this.local[m] = new TransmitLimitedQueue();
      this.relay[m] = new TransmitLimitedQueue();
    });
    for (const m of attached) this.isMember[m] = 1;
  }

  /** Whether `obs` believes `host` is attached: its view, or the truth for a network without network events. */
  sees(obs: number, host: number): boolean {
    const v = this.views;
    return v === undefined ? this.isMember[host] === 1 : v.sees(obs, this.row[host]!);
  }

  /** Hosts attached in the view of `obs` (itself included): the N of the network's transmit limit. */
  viewSize(obs: number): number {
    const v = this.views;
    return v === undefined ? this.members.length : v.count[obs]!;
  }

  /** Lamport time of the newest event about `e` that `node` holds (0 = none). */
  knownBy(e: TableEntry, node: number): number {
    const r = this.row[node]!;
    if (r < 0) return 0;
    return this.known[e.slot >> BLOCK_SHIFT]![r * BLOCK + (e.slot & BLOCK_MASK)]!;
  }

  /** Sets what `node` (a host with a row) knows of `e`, keeping its bulk-sync size. */
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

  /** `node` forgets every entry (a restart): its row is cleared. */
  forgetAll(node: number): void {
    const r = this.row[node]!;
    for (const block of this.known) block.fill(0, r * BLOCK, (r + 1) * BLOCK);
    this.syncBytes[r] = 0;
  }

  /** `node` forgets every entry it does not own (it left the network); its own tombstones stay. */
  forgetOthers(node: number): void {
    const r = this.row[node]!;
    const entries = this.entries;
    let bytes = 0;
    for (let s = 0; s < entries.length; s++) {
      const e = entries[s]!;
      const block = this.known[s >> BLOCK_SHIFT]!;
      const i = r * BLOCK + (s & BLOCK_MASK);
      if (e.owner !== node) block[i] = 0;
      else if (block[i]! > 0 && !e.reapCounted) bytes += e.sizeBytes + WIRE.compoundPartBytes;
    }
    this.syncBytes[r] = bytes;
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
