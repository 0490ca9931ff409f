import TinyQueue from 'tinyqueue';

/**
 * One scheduled event. Models implement {@link EventTarget} and receive `kind` back, so the
 * hot path needs no closure per event.
 */
export class SimEvent {
  /** Set by {@link Scheduler.cancel}; a cancelled event is skipped when it reaches the head. */
  cancelled = false;
  constructor(
    /** Absolute simulation time, integer nanoseconds. */
    readonly timeNs: number,
    /** Scheduling order, breaking ties between equal times. */
    readonly seq: number,
    /** Who handles the event. */
    readonly target: EventTarget,
    /** A small integer the target uses to tell its event kinds apart. */
    readonly kind: number,
    /**
     * True for events made by {@link Scheduler.post}: no handle to them ever escapes, so the
     * scheduler reuses the object for a later post once the event has run.
     */
    readonly pooled = false,
  ) {}
}

/** A model object that receives events it scheduled. */
export interface EventTarget {
  /** Called at the event's time; `nowNs` equals the event's `timeNs`. */
  onEvent(kind: number, nowNs: number): void;
}

/** The three operations the scheduler needs from a priority queue ordered by (time, seq). */
export interface EventQueue {
  push(event: SimEvent): void;
  /** Removes and returns the earliest event, or undefined when empty. */
  pop(): SimEvent | undefined;
  /** Time of the earliest event, or Infinity when empty. */
  peekTimeNs(): number;
  /** The earliest event without removing it, or undefined when empty. */
  peek(): SimEvent | undefined;
  readonly length: number;
}

function earlier(a: SimEvent, b: SimEvent): number {
  return a.timeNs - b.timeNs || a.seq - b.seq;
}

/** A binary heap from tinyqueue: the order every other queue is tested against. */
export class TinyEventQueue implements EventQueue {
  private readonly heap = new TinyQueue<SimEvent>([], earlier);

  push(event: SimEvent): void {
    this.heap.push(event);
  }

  pop(): SimEvent | undefined {
    return this.heap.pop();
  }

  peekTimeNs(): number {
    const head = this.heap.peek();
    return head === undefined ? Infinity : head.timeNs;
  }

  peek(): SimEvent | undefined {
    return this.heap.peek();
  }

  get length(): number {
    return this.heap.length;
  }
}

/**
 * A 4-ary heap whose sort keys (time, seq) sit in typed arrays beside the event references, so
 * sifting compares numbers in contiguous memory instead of chasing each event object through a
 * comparator call, and a heap of n events is log4(n) levels deep instead of log2(n). Same
 * order as {@link TinyEventQueue}: by (timeNs, seq). Measured in bench/engine-hold.ts: about
 * 10-25% faster per event than tinyqueue on both small and large heaps (see bench/README.md);
 * the default queue (TwoTierEventQueue) is made of two.
 */
export class HeapEventQueue implements EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private events: (SimEvent | undefined)[];
  private size = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(2, initialCapacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.events = [];
    for (let i = 0; i < capacity; i++) this.events.push(undefined); // packed, not holey
  }

  get length(): number {
    return this.size;
  }

  peekTimeNs(): number {
    return this.size === 0 ? Infinity : (this.times[0] as number);
  }

  peek(): SimEvent | undefined {
    return this.size === 0 ? undefined : this.events[0];
  }

  push(event: SimEvent): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const events = this.events;
    const t = event.timeNs;
    const s = event.seq;
    let pos = this.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const pt = times[parent] as number;
      if (pt < t || (pt === t && (seqs[parent] as number) < s)) break;
      times[pos] = pt;
      seqs[pos] = seqs[parent] as number;
      events[pos] = events[parent];
      pos = parent;
    }
    times[pos] = t;
    seqs[pos] = s;
    events[pos] = event;
  }

  pop(): SimEvent | undefined {
    if (this.size === 0) return undefined;
    const events = this.events;
    const top = events[0];
    const last = --this.size;
    if (last > 0) {
      const times = this.times;
      const seqs = this.seqs;
      const t = times[last] as number;
      const s = seqs[last] as number;
      const item = events[last];
      let pos = 0;
      for (;;) {
        const first = 4 * pos + 1;
        if (first >= last) break;
        let child = first;
        let ct = times[first] as number;
        let cs = seqs[first] as number;
        const end = first + 4 < last ? first + 4 : last;
        for (let c = first + 1; c < end; c++) {
          const rt = times[c] as number;
          if (rt < ct || (rt === ct && (seqs[c] as number) < cs)) {
            child = c;
            ct = rt;
            cs = seqs[c] as number;
          }
        }
        if (t < ct || (t === ct && s < cs)) break;
        times[pos] = ct;
        seqs[pos] = cs;
        events[pos] = events[child];
        pos = child;
      }
      times[pos] = t;
      seqs[pos] = s;
      events[pos] = item;
    }
    events[last] = undefined;
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    const events = this.events;
    for (let i = events.length; i < capacity; i++) events.push(undefined);
  }
}
