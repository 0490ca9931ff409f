import type { GossipMsg } from './messages.ts';

/** One queued message and how many times it has been handed out. */
class Entry {
  transmits = 0;
  id = 0;
  constructor(public msg: GossipMsg) {}
}

/** Queue order of memberlist's btree: transmits ascending, size descending, id descending (ref §2.2). */
function order(a: Entry, b: Entry): number {
  return a.transmits - b.transmits || b.msg.sizeBytes - a.msg.sizeBytes || b.id - a.id;
}

const free: Entry[] = [];

/**
 * memberlist's TransmitLimitedQueue (queue.go; reference/gossip-controlplane.md §2.2): fewest
 * transmits first, then largest; a message is dropped once handed out `limit` times; a newer
 * message with the same key replaces the queued one.
 */
export class TransmitLimitedQueue {
  private entries: Entry[] = [];
  private nextId = 0;
  private sorted = true;
  /** Messages dropped because a newer one replaced them. */
  invalidated = 0;

  get length(): number {
    return this.entries.length;
  }

  /** Queues a message with zero transmits, replacing any message with the same key. */
  push(msg: GossipMsg): void {
    const es = this.entries;
    for (let i = 0; i < es.length; i++) {
      const e = es[i] as Entry;
      if (e.msg.key === msg.key && e.msg.kind <= 2 === msg.kind <= 2) {
        e.msg = msg;
        e.transmits = 0;
        e.id = this.nextId++;
        this.invalidated++;
        this.sorted = false;
        return;
      }
    }
    const e = free.pop() ?? new Entry(msg);
    e.msg = msg;
    e.transmits = 0;
    e.id = this.nextId++;
    es.push(e);
    this.sorted = false;
  }

  /**
   * Fills `out` with messages that fit in `limitBytes`, each costing its size plus `overheadBytes`,
   * in queue order, skipping ones that do not fit (as memberlist does). When `count` is true each
   * chosen message uses one transmit and is dropped at `transmitLimit`; NetworkDB passes false and
   * calls {@link countTransmits} once per tick. Returns the bytes used.
   */
  take(overheadBytes: number, limitBytes: number, transmitLimit: number, out: GossipMsg[], count = true): number {
    const es = this.entries;
    if (es.length === 0) return 0;
    if (!this.sorted) {
      es.sort(order);
      this.sorted = true;
    }
    let used = 0;
    let removed = 0;
    for (let i = 0; i < es.length; i++) {
      const e = es[i] as Entry;
      const cost = e.msg.sizeBytes + overheadBytes;
      if (used + cost > limitBytes) continue;
      used += cost;
      out.push(e.msg);
      if (count) {
        e.transmits++;
        this.sorted = false;
        if (e.transmits >= transmitLimit) removed++;
      }
      if (limitBytes - used < overheadBytes + 1) break;
    }
    if (removed > 0) this.prune(transmitLimit);
    return used;
  }

  /** NetworkDB's per-tick accounting: each of `msgs` that is still queued uses one transmit. */
  countTransmits(msgs: readonly GossipMsg[], from: number, transmitLimit: number): void {
    const es = this.entries;
    let removed = 0;
    for (let i = from; i < msgs.length; i++) {
      const m = msgs[i];
      for (let j = 0; j < es.length; j++) {
        const e = es[j] as Entry;
        if (e.msg === m) {
          if (++e.transmits >= transmitLimit) removed++;
          break;
        }
      }
    }
    this.sorted = false;
    if (removed > 0) this.prune(transmitLimit);
  }

  /** Drops messages at or over the transmit limit (also when the limit shrank). */
  prune(transmitLimit: number): void {
    const es = this.entries;
    let w = 0;
    for (let i = 0; i < es.length; i++) {
      const e = es[i] as Entry;
      if (e.transmits >= transmitLimit) free.push(e);
      else es[w++] = e;
    }
    es.length = w;
  }

  clear(): void {
    for (const e of this.entries) free.push(e);
    this.entries.length = 0;
  }
}
