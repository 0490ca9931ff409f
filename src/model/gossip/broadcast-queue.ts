import type { GossipMsg, MsgList } from './messages.ts';

/** One queued message and how many times it has been handed out. */
class Entry {
  transmits = 0;
  id = 0;
  /** msg.sizeBytes, kept here so scans do not visit the message. */
  size = 0;
  /** Invalidation key: msg.key × 2, plus 1 for membership messages (kinds 0-2). */
  key = 0;
  /** The take that last handed it out (−1: none since it was queued). */
  stamp = -1;
  bucket: Bucket | undefined;
  constructor(public msg: GossipMsg) {}
}

/** The entries of one (transmits, size): equal in queue order but for id, kept by ascending id. */
class Bucket {
  transmits = 0;
  size = 0;
  readonly items: Entry[] = [];
}

/**
 * memberlist's TransmitLimitedQueue (queue.go; reference/gossip-controlplane.md §2.2): fewest
 * transmits first, then largest, then newest; a message is dropped once handed out `limit`
 * times; a newer message with the same key replaces the queued one.
 *
 * Entries are kept in buckets of equal (transmits, size), the buckets in queue order, each by
 * id. A take walks buckets, and within one stops at the first entry that does not fit (the rest
 * cost the same); the entries it hands out are the newest of their buckets, and counting a
 * transmit moves them, still in id order, to the next bucket. So neither sorts nor scans the queue.
 */
export class TransmitLimitedQueue {
  /** Non-empty buckets by transmits ascending, then size descending. */
  private readonly buckets: Bucket[] = [];
  private count = 0;
  private nextId = 0;
  /** Queued entries by key, for replacement. */
  private readonly byKey = new Map<number, Entry>();
  /** A lower bound of the sizes queued: a take stops once less than this (plus overhead) is left. */
  private minSize = Infinity;
  /** Entries handed out by the last take, in queue order, until they are counted. */
  private readonly taken: Entry[] = [];
  private nTaken = 0;
  private stamp = 0;
  private readonly moving: Entry[] = [];
  /**
   * Dropped entries and emptied buckets, for reuse by this queue only: nothing is shared between
   * queues, so nothing outlives the simulation that made it (a module-wide pool kept one run's
   * entries, and the messages they pointed to, alive into the next run in the same process).
   */
  private readonly freeEntries: Entry[] = [];
  private readonly freeBuckets: Bucket[] = [];
  /** Messages dropped because a newer one replaced them. */
  invalidated = 0;

  get length(): number {
    return this.count;
  }

  /** Queues a message with zero transmits, replacing any message with the same key. */
  push(msg: GossipMsg): void {
    const key = msg.key * 2 + (msg.kind <= 2 ? 1 : 0);
    let e = this.byKey.get(key);
    if (e !== undefined) {
      this.unlink(e);
      e.stamp = -1;
      this.invalidated++;
    } else {
      e = this.freeEntries.pop() ?? new Entry(msg);
      e.key = key;
      e.stamp = -1;
      this.byKey.set(key, e);
    }
    e.msg = msg;
    e.transmits = 0;
    e.size = msg.sizeBytes;
    e.id = this.nextId++;
    if (msg.sizeBytes < this.minSize) this.minSize = msg.sizeBytes;
    this.link(e);
  }

  /** Adds `e` to its (transmits, size) bucket, at its id. */
  private link(e: Entry): void {
    this.linkInto(this.bucketFor(e.transmits, e.size), e);
  }

  /** Adds `e` to bucket `b`, which must be its (transmits, size) bucket, at its id. */
  private linkInto(b: Bucket, e: Entry): void {
    const items = b.items;
    const n = items.length;
    if (n === 0 || (items[n - 1] as Entry).id < e.id) items.push(e);
    else items.splice(idIndex(items, e.id), 0, e);
    e.bucket = b;
    this.count++;
  }

  /** Takes `e` out of its bucket (dropping the bucket when it empties). */
  private unlink(e: Entry): void {
    const b = e.bucket as Bucket;
    const items = b.items;
    if (items[items.length - 1] === e) items.pop();
    else items.splice(idIndex(items, e.id), 1);
    e.bucket = undefined;
    this.count--;
    if (items.length === 0) {
      const bs = this.buckets;
      bs.splice(bs.indexOf(b), 1);
      this.freeBuckets.push(b);
    }
  }

  /** The bucket of (transmits, size), made and placed in order when there is none. */
  private bucketFor(transmits: number, size: number): Bucket {
    const bs = this.buckets;
    let i = 0;
    for (; i < bs.length; i++) {
      const b = bs[i] as Bucket;
      if (b.transmits === transmits && b.size === size) return b;
      if (b.transmits > transmits || (b.transmits === transmits && b.size < size)) break;
    }
    const b = this.freeBuckets.pop() ?? new Bucket();
    b.transmits = transmits;
    b.size = size;
    if (i === bs.length) bs.push(b);
    else bs.splice(i, 0, b);
    return b;
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
    const taken = this.taken;
    const bs = this.buckets;
    let nTaken = 0;
    let used = 0;
    // memberlist stops once under overhead + 1 is left; nothing queued fits in under this either.
    const stop = overheadBytes + Math.max(1, this.minSize);
    outer: for (let k = 0; k < bs.length; k++) {
      const b = bs[k] as Bucket;
      const cost = b.size + overheadBytes;
      if (used + cost > limitBytes) continue;
      const items = b.items;
      for (let i = items.length - 1; i >= 0; i--) {
        const e = items[i] as Entry;
        used += cost;
        out.push(e.msg);
        e.stamp = stamp;
        taken[nTaken++] = e;
        if (limitBytes - used < stop) break outer;
        if (used + cost > limitBytes) break;
      }
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
    const taken = this.taken;
    const stamp = this.stamp;
    const moving = this.moving;
    let removed = 0;
    // Group by bucket, last bucket first: each group leaves its bucket newest first (from the
    // end of its items) and joins the next bucket oldest first (usually at the end of its items).
    let end = n;
    while (end > 0) {
      const b = (taken[end - 1] as Entry).bucket;
      let start = end - 1;
      while (start > 0 && (taken[start - 1] as Entry).bucket === b) start--;
      let m = 0;
      for (let j = start; j < end; j++) {
        const e = taken[j] as Entry;
        if (e.stamp !== stamp) continue; // replaced since the take
        e.stamp = -1;
        this.unlink(e);
        moving[m++] = e;
      }
      // The group shares (transmits, size), so it moves to one bucket, found once.
      let next: Bucket | undefined;
      for (let j = m - 1; j >= 0; j--) {
        const e = moving[j] as Entry;
        if (++e.transmits >= transmitLimit) {
          removed++;
          this.byKey.delete(e.key);
          this.freeEntries.push(e);
        } else {
          next ??= this.bucketFor(e.transmits, e.size);
          this.linkInto(next, e);
        }
      }
      end = start;
    }
    // Once one reached the limit, every entry at or over it goes: the last buckets.
    if (removed > 0) {
      const bs = this.buckets;
      while (bs.length > 0 && (bs[bs.length - 1] as Bucket).transmits >= transmitLimit) {
        const b = bs.pop() as Bucket;
        for (const e of b.items) this.release(e);
        this.count -= b.items.length;
        b.items.length = 0;
        this.freeBuckets.push(b);
      }
    }
    if (this.count === 0) this.minSize = Infinity;
  }

  private release(e: Entry): void {
    e.bucket = undefined;
    e.stamp = -1;
    this.byKey.delete(e.key);
    this.freeEntries.push(e);
  }

  clear(): void {
    const bs = this.buckets;
    for (const b of bs) {
      for (const e of b.items) this.release(e);
      b.items.length = 0;
      this.freeBuckets.push(b);
    }
    bs.length = 0;
    this.count = 0;
    this.nTaken = 0;
    this.byKey.clear();
    this.minSize = Infinity;
  }
}

/** Index of the first entry whose id is not below `id` (items ascend by id). */
function idIndex(items: Entry[], id: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as Entry).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
