import { describe, expect, it } from 'vitest';
import { type EventQueue, type EventTarget, HeapEventQueue, SimEvent, TinyEventQueue } from './event-queue.ts';
import { RandomStream } from './rng.ts';
import { Scheduler } from './scheduler.ts';
import { TwoTierEventQueue } from './two-tier-queue.ts';

const nobody: EventTarget = { onEvent: () => undefined };

/** Pushes and pops the same random sequence (many equal times) and returns the (time, seq) popped. */
function drive(queue: EventQueue, seed: number): [number, number][] {
  const rng = new RandomStream(seed, 0, 'queue-test');
  const popped: [number, number][] = [];
  let seq = 0;
  let nowNs = 0;
  for (let step = 0; step < 20_000; step++) {
    if (queue.length === 0 || rng.uniform() < 0.55) {
      queue.push(new SimEvent(nowNs + rng.int(8), seq++, nobody, 0));
    } else {
      const headNs = queue.peekTimeNs();
      const event = queue.pop() as SimEvent;
      if (event.timeNs !== headNs || headNs < nowNs) throw new Error(`peeked ${headNs} ns, popped ${event.timeNs} ns at ${nowNs} ns`);
      nowNs = event.timeNs;
      popped.push([event.timeNs, event.seq]);
    }
  }
  while (queue.length > 0) {
    const event = queue.pop() as SimEvent;
    popped.push([event.timeNs, event.seq]);
  }
  return popped;
}

describe('HeapEventQueue pops in (time, seq) order, exactly as tinyqueue', () => {
  it('gives the same sequence as TinyEventQueue over 20 000 random pushes and pops with many ties', () => {
    for (const seed of [1, 2, 3]) {
      const heap = drive(new HeapEventQueue(4), seed);
      expect(heap).toEqual(drive(new TinyEventQueue(), seed));
      const tiesOutOfOrder = heap.filter(([t1, s1], i) => i > 0 && t1 === heap[i - 1]?.[0] && s1 < (heap[i - 1]?.[1] as number));
      expect(tiesOutOfOrder).toEqual([]);
    }
  });

  it('answers Infinity and undefined when empty', () => {
    const queue = new HeapEventQueue();
    expect(queue.peekTimeNs()).toBe(Infinity);
    expect(queue.pop()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  it('runs a scheduler: equal times in scheduling order, cancelled events skipped', () => {
    const scheduler = new Scheduler(new HeapEventQueue(2));
    const trace: string[] = [];
    const target = (name: string): EventTarget => ({ onEvent: (_kind, nowNs) => void trace.push(`${nowNs} ${name}`) });
    scheduler.scheduleAt(10, target('a'));
    scheduler.scheduleAt(5, target('b'));
    const cancelled = scheduler.scheduleAt(10, target('c'));
    scheduler.scheduleAt(10, target('d'));
    scheduler.cancel(cancelled);
    expect(scheduler.run()).toBe(3);
    expect(trace).toEqual(['5 b', '10 a', '10 d']);
  });
});

/** A tinyqueue that counts what was pushed into it. */
class CountingQueue extends TinyEventQueue {
  pushes = 0;
  override push(event: SimEvent): void {
    this.pushes++;
    super.push(event);
  }
}

describe('TwoTierEventQueue pops in (time, seq) order, exactly as one tinyqueue', () => {
  it('gives the same sequence as TinyEventQueue whatever the horizon, with both tiers and the slot in use', () => {
    for (const horizonNs of [1, 4, 1_000_000]) {
      for (const seed of [1, 2, 3]) {
        const near = new CountingQueue();
        const far = new CountingQueue();
        const popped = drive(new TwoTierEventQueue(near, far, horizonNs), seed);
        expect(popped).toEqual(drive(new TinyEventQueue(), seed));
        // An event due before everything queued waits in the slot: some never enter a heap.
        expect(near.pushes + far.pushes).toBeLessThan(popped.length);
        // Pushes are 0-7 ns ahead: a horizon of 4 ns splits them; 1 ms keeps them all near.
        if (horizonNs === 4) expect(Math.min(near.pushes, far.pushes)).toBeGreaterThan(1000);
        if (horizonNs === 1_000_000) expect(far.pushes).toBe(0);
      }
    }
  });

  it('keeps (time, seq) order when an event ties with the one in its slot but has the smaller seq', () => {
    const queue = new TwoTierEventQueue();
    queue.push(new SimEvent(10, 5, nobody, 0));
    queue.push(new SimEvent(10, 3, nobody, 0));
    queue.push(new SimEvent(20, 1, nobody, 0));
    expect([queue.pop(), queue.pop(), queue.pop()].map((e) => e?.seq)).toEqual([3, 5, 1]);
  });

  it('answers Infinity and undefined when empty', () => {
    const queue = new TwoTierEventQueue();
    expect(queue.peekTimeNs()).toBe(Infinity);
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
  });
});
