import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../core/rng.ts';
import { TransmitLimitedQueue } from './broadcast-queue.ts';
import { GossipMsg, MsgList } from './messages.ts';

/**
 * The queue keeps memberlist's order without sorting (it moves the entries a count changes, by
 * binary search). This checks it against the plain definition: sort every entry by (transmits ascending, size
 * descending, id descending) before each take, hand out what fits in that order, count a transmit
 * per message handed out, drop at the limit (all entries at or over it once one reaches it), a
 * newer message with the same key replaces the queued one (also between a take and its count,
 * when the replaced message is not counted). Random operations, several seeds.
 */
class Reference {
  private es: { msg: GossipMsg; transmits: number; id: number }[] = [];
  private nextId = 0;
  private last: GossipMsg[] = [];

  get length(): number {
    return this.es.length;
  }

  push(msg: GossipMsg): void {
    const old = this.es.find((e) => e.msg.key === msg.key && e.msg.kind <= 2 === msg.kind <= 2);
    if (old) Object.assign(old, { msg, transmits: 0, id: this.nextId++ });
    else this.es.push({ msg, transmits: 0, id: this.nextId++ });
  }

  take(overhead: number, limitBytes: number, transmitLimit: number, out: GossipMsg[], count: boolean): number {
    this.es.sort((a, b) => a.transmits - b.transmits || b.msg.sizeBytes - a.msg.sizeBytes || b.id - a.id);
    let used = 0;
    this.last = [];
    for (const e of this.es) {
      const cost = e.msg.sizeBytes + overhead;
      if (used + cost > limitBytes) continue;
      used += cost;
      out.push(e.msg);
      this.last.push(e.msg);
      if (limitBytes - used < overhead + 1) break;
    }
    if (count) this.countTaken(transmitLimit);
    return used;
  }

  countTaken(transmitLimit: number): void {
    let removed = 0;
    for (const e of this.es) if (this.last.includes(e.msg) && ++e.transmits >= transmitLimit) removed++;
    this.last = [];
    if (removed > 0) this.es = this.es.filter((e) => e.transmits < transmitLimit);
  }

  clear(): void {
    this.es = [];
    this.last = [];
  }
}

function run(seed: number, steps: number): void {
  const rng = new RandomStream(seed, 0, 'queue-test');
  const sizes = [55, 75, 188, 284, 0, 1];
  const q = new TransmitLimitedQueue();
  const ref = new Reference();
  const keys = 2 + rng.int(60);
  const table = rng.uniform() < 0.5;
  for (let step = 0; step < steps; step++) {
    const op = rng.uniform();
    if (op < 0.45) {
      const kind = table ? (rng.uniform() < 0.9 ? 3 : rng.int(3)) : rng.int(3);
      const msg = new GossipMsg(kind, 0, step, 0, sizes[rng.int(rng.uniform() < 0.1 ? 6 : 4)]!, rng.int(keys));
      q.push(msg);
      ref.push(msg);
    } else if (op < 0.98) {
      const overhead = rng.int(4);
      const limitBytes = 50 + rng.int(1400);
      const transmitLimit = rng.int(10);
      const count = rng.uniform() < 0.5;
      const a = new MsgList();
      const b: GossipMsg[] = [];
      expect(q.take(overhead, limitBytes, transmitLimit, a, count)).toBe(ref.take(overhead, limitBytes, transmitLimit, b, count));
      if (a.length !== b.length || b.some((m, i) => m !== a.at(i))) expect.fail(`seed ${seed} step ${step}: handed out different messages`);
      if (!count && rng.uniform() < 0.8) {
        // Sometimes a message arrives between the take and its count (it may replace one handed out).
        if (rng.uniform() < 0.3) {
          const msg = new GossipMsg(3, 0, step, 0, sizes[rng.int(4)]!, rng.int(keys));
          q.push(msg);
          ref.push(msg);
        }
        q.countTaken(transmitLimit);
        ref.countTaken(transmitLimit);
      }
    } else {
      q.clear();
      ref.clear();
    }
    if (q.length !== ref.length) expect.fail(`seed ${seed} step ${step}: length ${q.length}, expected ${ref.length}`);
  }
}

describe('the transmit-limited queue', () => {
  it('hands out the same messages in the same order as sorting by (transmits, −size, −id) before every take', () => {
    for (let seed = 1; seed <= 40; seed++) run(seed, 2000);
  });
});
