import type { GossipMsg, MsgList } from './messages.ts';

/**
 * memberlist's TransmitLimitedQueue (queue.go; reference/gossip-controlplane.md §2.2): fewest
 * transmits first, then largest, then newest; a message is dropped once handed out `limit`
 * times; a newer message with the same key replaces the queued one.
 *
 * Each entry keeps a slot of parallel arrays (numbers in typed arrays) for as long as it is
 * queued, and `order` lists the slots in queue order. In a large run every queue is cold when
 * its node's tick comes: a take reads a few short runs of memory instead of visiting an object
 * per entry (each a cache miss). Counting the transmits of what a take handed out moves those
 * slots, still in order, to their new places: a binary search and one block move per slot.
 */
export class TransmitLimitedQueue {
  private count = 0;
  private nextId = 0;
  /** Slots in queue order; the first {@link count} are queued. */
  private order = new Int32Array(INITIAL_CAPACITY);
  // Per slot: the push that queued the entry (larger is newer), its transmits, size in bytes,
  // invalidation key (msg.key × 2, plus 1 for membership messages, kinds 0-2), the take that last
  // handed it out (0: none), and the message.
  private ids = new Float64Array(INITIAL_CAPACITY);
  private transmits = new Int32Array(INITIAL_CAPACITY);
  private sizes = new Float64Array(INITIAL_CAPACITY);
  private keys = new Float64Array(INITIAL_CAPACITY);
  private stamps = new Float64Array(INITIAL_CAPACITY);
  private readonly msgs: (GossipMsg | undefined)[] = [];
  /** Slots not in use: the first {@link freeCount}. */
  private free = slotsFrom(0, INITIAL_CAPACITY);
  private freeCount = INITIAL_CAPACITY;
  /** A lower bound of the sizes queued: a take stops once less than this (plus overhead) is left. */
  private minSize = Infinity;
  /** The latest take (stamps start at 1). */
  private stamp = 0;
  /** Entries the latest take handed out, until they are counted. */
  private nTaken = 0;

  get length(): number {
    return this.count;
  }

  /** Queues a message with zero transmits, replacing any message with the same key. */
  push(msg: GossipMsg): void {
    const key = msg.key * 2 + (msg.kind <= 2 ? 1 : 0);
    for (let i = 0; i < this.count; i++) {
      const slot = this.order[i] as number;
      if (this.keys[slot] === key) {
        this.order.copyWithin(i, i + 1, this.count);
        this.count--;
        this.release(slot);
        break;
      }
    }
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount] as number;
    const size = msg.sizeBytes;
    this.ids[slot] = this.nextId++;
    this.transmits[slot] = 0;
    this.sizes[slot] = size;
    this.keys[slot] = key;
    this.stamps[slot] = 0;
    this.msgs[slot] = msg;
    // Fewest transmits first, then largest: after every zero-transmit entry that is larger, and
    // before the others of its size, being the newest.
    let pos = 0;
    while (pos < this.count) {
      const s = this.order[pos] as number;
      if (this.transmits[s] !== 0 || (this.sizes[s] as number) <= size) break;
      pos++;
    }
    this.order.copyWithin(pos + 1, pos, this.count);
    this.order[pos] = slot;
    this.count++;
    if (size < this.minSize) this.minSize = size;
  }

  /**
   * Fills `out` with messages that fit in `limitBytes`, each costing its size plus `overheadBytes`,
   * in queue order, skipping ones that do not fit (as memberlist does). When `count` is true each
   * chosen message uses one transmit and is dropped at `transmitLimit`; NetworkDB passes false and
   * calls {@link countTaken} once per tick. Returns the bytes used.
   */
  take(overheadBytes: number, limitBytes: number, transmitLimit: number, out: MsgList, count = true): number {
    this.nTaken = 0;
    if (this.count === 0) return 0;
    const stamp = ++this.stamp;
    const order = this.order;
    const sizes = this.sizes;
    const stamps = this.stamps;
    const msgs = this.msgs;
    const queued = this.count;
    let nTaken = 0;
    let used = 0;
    // memberlist stops once under overhead + 1 is left; nothing queued fits in under this either.
    const stop = overheadBytes + Math.max(1, this.minSize);
    for (let i = 0; i < queued; i++) {
      const slot = order[i] as number;
      const cost = (sizes[slot] as number) + overheadBytes;
      if (used + cost > limitBytes) {
        // Nor does the rest of its run of equal transmits and size.
        i = this.runEnd(i) - 1;
        continue;
      }
      used += cost;
      out.push(msgs[slot] as GossipMsg);
      stamps[slot] = stamp;
      nTaken++;
      if (limitBytes - used < stop) break;
    }
    this.nTaken = nTaken;
    if (count) this.countTaken(transmitLimit);
    return used;
  }

  /**
   * Each message the last {@link take} handed out (and still queued as it was) uses one transmit;
   * once any reaches `transmitLimit`, every message at or over it is dropped. NetworkDB calls it
   * once per tick, after sending the tick's compound to all its peers.
   */
  countTaken(transmitLimit: number): void {
    const n = this.nTaken;
    if (n === 0) return;
    this.nTaken = 0;
    const stamp = this.stamp;
    const order = this.order;
    // The handed-out entries still queued lie between `first` and `last` (a push may have replaced some).
    let first = -1;
    let last = -1;
    let m = 0;
    for (let i = 0; i < this.count && m < n; i++) {
      if (this.stamps[order[i] as number] !== stamp) continue;
      if (first < 0) first = i;
      last = i;
      m++;
    }
    if (m === 0) return;
    // Lift them out in order, moving the entries between them up to close the gaps: the free
    // places gather at `first`, right before the entries the moved ones are merged with.
    const moved = scratchFor(m);
    let k = m;
    let write = last;
    for (let i = last; i >= first; i--) {
      const slot = order[i] as number;
      if (this.stamps[slot] === stamp) moved[--k] = slot;
      else order[write--] = slot;
    }
    let reachedLimit = false;
    for (let j = 0; j < m; j++) {
      const slot = moved[j] as number;
      this.stamps[slot] = 0;
      if (++this.transmits[slot]! >= transmitLimit) reachedLimit = true;
    }
    // Merge: the moved entries kept their order among themselves and only moved later.
    let read = first + m;
    let at = first;
    for (let j = 0; j < m; j++) {
      const slot = moved[j] as number;
      const to = this.firstNotBefore(slot, read);
      order.copyWithin(at, read, to);
      at += to - read;
      read = to;
      order[at++] = slot;
    }
    // Once one reached the limit, every entry at or over it goes: the last ones.
    if (reachedLimit) {
      while (this.count > 0 && (this.transmits[order[this.count - 1] as number] as number) >= transmitLimit) this.release(order[--this.count] as number);
    }
    if (this.count === 0) this.minSize = Infinity;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.release(this.order[i] as number);
    this.count = 0;
    this.nTaken = 0;
    this.minSize = Infinity;
  }

  /** The place after the run of entries with the transmits and size of the one at `i`. */
  private runEnd(i: number): number {
    const first = this.order[i] as number;
    const t = this.transmits[first] as number;
    const s = this.sizes[first] as number;
    // Most runs are short: look at the next entry before searching.
    if (i + 1 >= this.count || !this.inRun(i + 1, t, s)) return i + 1;
    let lo = i + 2;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.inRun(mid, t, s)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the entry at place `p` has `transmits` and `size`. */
  private inRun(p: number, transmits: number, size: number): boolean {
    const slot = this.order[p] as number;
    return this.transmits[slot] === transmits && this.sizes[slot] === size;
  }

  /** The first place from `from` on whose entry does not come before `slot`'s (the entries there are in queue order). */
  private firstNotBefore(slot: number, from: number): number {
    const t = this.transmits[slot] as number;
    const s = this.sizes[slot] as number;
    const id = this.ids[slot] as number;
    let lo = from;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = this.order[mid] as number;
      const to = this.transmits[o] as number;
      const so = this.sizes[o] as number;
      // Fewer transmits, then larger, then newer: comes before.
      if (to < t || (to === t && (so > s || (so === s && (this.ids[o] as number) > id)))) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private release(slot: number): void {
    this.msgs[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  private grow(): void {
    const old = this.order.length;
    const capacity = old * 2;
    this.order = grown(new Int32Array(capacity), this.order);
    this.ids = grown(new Float64Array(capacity), this.ids);
    this.transmits = grown(new Int32Array(capacity), this.transmits);
    this.sizes = grown(new Float64Array(capacity), this.sizes);
    this.keys = grown(new Float64Array(capacity), this.keys);
    this.stamps = grown(new Float64Array(capacity), this.stamps);
    // Every slot was in use: the new ones are the free ones.
    this.free = slotsFrom(old, capacity);
    this.freeCount = capacity - old;
  }
}

const INITIAL_CAPACITY = 8;

/** A free list with room for `to` slots, holding slots `from` to `to` − 1 (the lowest is handed out first). */
function slotsFrom(from: number, to: number): Int32Array {
  const free = new Int32Array(to);
  for (let i = 0; i < to - from; i++) free[i] = to - 1 - i;
  return free;
}

function grown<T extends Int32Array | Float64Array>(next: T, old: T): T {
  next.set(old);
  return next;
}

/**
 * Scratch space for the slots one count moves, shared by every queue: a count runs to its end
 * before any other begins. It holds numbers only, so it keeps nothing of a run alive.
 */
let scratch = new Int32Array(64);

function scratchFor(n: number): Int32Array {
  if (n > scratch.length) scratch = new Int32Array(2 * n);
  return scratch;
}
