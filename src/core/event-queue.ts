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
  readonly length: number;
}

function earlier(a: SimEvent, b: SimEvent): number {
  return a.timeNs - b.timeNs || a.seq - b.seq;
}

/** The default queue: a binary heap from tinyqueue. */
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

  get length(): number {
    return this.heap.length;
  }
}
