import { type EventQueue, type EventTarget, SimEvent } from './event-queue.ts';
import { TwoTierEventQueue } from './two-tier-queue.ts';
import { formatDurationNs } from './units.ts';

/** The writable view of a pooled event the scheduler refills for reuse. */
type Reusable = { -readonly [K in keyof SimEvent]: SimEvent[K] };

/** Thrown when a model's event handler fails; names the simulation time and the event. */
export class SimulationError extends Error {
  constructor(
    readonly timeNs: number,
    readonly eventName: string,
    readonly causeError: unknown,
  ) {
    const why = causeError instanceof Error ? causeError.message : String(causeError);
    super(`simulation failed at t=${timeNs} ns (${formatDurationNs(timeNs)}) in ${eventName}: ${why}`);
    this.name = 'SimulationError';
  }
}

/**
 * The discrete-event kernel: an integer-nanosecond clock and a queue of events ordered by
 * (time, scheduling order). Events at equal times run in the order they were scheduled.
 */
export class Scheduler {
  /**
   * Makes the queue of a scheduler constructed without one (as the scenario builder does).
   * Every queue orders by (time, seq), so results do not depend on it; benchmarks swap it to
   * compare queues on whole scenarios. Default: {@link TwoTierEventQueue} of two 4-ary heaps (HeapEventQueue) and a slot.
   */
  static defaultQueue: () => EventQueue = () => new TwoTierEventQueue();

  /** Current simulation time in nanoseconds. */
  nowNs = 0;
  /** Events executed so far (cancelled ones are not counted). */
  eventsProcessed = 0;
  private seq = 0;
  private stopRequested = false;
  /** Events made by {@link post} that have run, ready for reuse. */
  private readonly free: SimEvent[] = [];

  constructor(private readonly queue: EventQueue = Scheduler.defaultQueue()) {}

  /** Schedules `target.onEvent(kind)` after `delayNs` (a non-negative integer). */
  schedule(delayNs: number, target: EventTarget, kind = 0): SimEvent {
    return this.scheduleAt(this.nowNs + delayNs, target, kind);
  }

  /** Schedules `target.onEvent(kind)` at absolute time `timeNs` (not in the past). */
  scheduleAt(timeNs: number, target: EventTarget, kind = 0): SimEvent {
    this.check(timeNs);
    const event = new SimEvent(timeNs, this.seq++, target, kind);
    this.queue.push(event);
    return event;
  }

  /**
   * Like {@link schedule} but returns no handle, so the event cannot be cancelled; in return
   * the scheduler reuses event objects, and steady-state posting allocates nothing. For the
   * per-packet events of models that never cancel (end of serialisation, wire delivery, the
   * next send of a traffic source). Ordering is the same (time, seq) as {@link schedule}.
   */
  post(delayNs: number, target: EventTarget, kind = 0): void {
    this.postAt(this.nowNs + delayNs, target, kind);
  }

  /** {@link post} at absolute time `timeNs` (not in the past). */
  postAt(timeNs: number, target: EventTarget, kind = 0): void {
    this.check(timeNs);
    const event = this.free.pop() as Reusable | undefined;
    if (event === undefined) {
      this.queue.push(new SimEvent(timeNs, this.seq++, target, kind, true));
      return;
    }
    event.timeNs = timeNs;
    event.seq = this.seq++;
    event.target = target;
    event.kind = kind;
    this.queue.push(event);
  }

  private check(timeNs: number): void {
    if (!(timeNs >= this.nowNs) || !Number.isSafeInteger(timeNs)) {
      throw new RangeError(`cannot schedule at ${timeNs} ns: time must be an integer >= now (${this.nowNs} ns)`);
    }
  }

  /** Cancels a pending event; cancelling twice or after it ran does nothing. */
  cancel(event: SimEvent): void {
    event.cancelled = true;
  }

  /** Number of events still queued, cancelled ones included. */
  get pending(): number {
    return this.queue.length;
  }

  /** Time of the next event, or Infinity when none is queued. */
  peekTimeNs(): number {
    return this.queue.peekTimeNs();
  }

  /** Makes {@link run} return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs one event; returns false when the queue is empty. */
  step(): boolean {
    return this.run({ maxEvents: 1 }) > 0 || this.queue.length > 0;
  }

  /**
   * Runs events in order until the queue is empty, the next event lies after `untilNs`
   * (the clock then advances to `untilNs`), `maxEvents` have run, or {@link stop} is called.
   * Returns the number of events executed.
   */
  run(options: { untilNs?: number; maxEvents?: number } = {}): number {
    const untilNs = options.untilNs ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    const queue = this.queue;
    const free = this.free;
    let executed = 0;
    let target: EventTarget | undefined;
    let kind = 0;
    this.stopRequested = false;
    try {
      while (executed < maxEvents && !this.stopRequested) {
        // One look at the head per event; an empty queue answers Infinity, which no event has.
        const timeNs = queue.peekTimeNs();
        if (timeNs > untilNs || timeNs === Infinity) break;
        const event = queue.pop() as SimEvent;
        if (event.cancelled) continue;
        target = event.target;
        kind = event.kind;
        // Nothing refers to a posted event once it is off the queue: free it before its handler
        // runs, so the handler's own next post reuses it.
        if (event.pooled) free.push(event);
        this.nowNs = timeNs;
        target.onEvent(kind, timeNs);
        executed++;
      }
    } catch (error) {
      const name = target ? `${target.constructor.name} event ${kind}` : 'scheduler';
      throw new SimulationError(this.nowNs, name, error);
    } finally {
      this.eventsProcessed += executed;
    }
    if (untilNs !== Infinity && untilNs > this.nowNs && !this.stopRequested && executed < maxEvents) {
      this.nowNs = untilNs;
    }
    return executed;
  }
}
