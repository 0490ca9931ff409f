import { type EventQueue, type EventTarget, SimEvent, TinyEventQueue } from './event-queue.ts';
import { formatDurationNs } from './units.ts';

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
  /** Current simulation time in nanoseconds. */
  nowNs = 0;
  /** Events executed so far (cancelled ones are not counted). */
  eventsProcessed = 0;
  private seq = 0;
  private stopRequested = false;

  constructor(private readonly queue: EventQueue = new TinyEventQueue()) {}

  /** Schedules `target.onEvent(kind)` after `delayNs` (a non-negative integer). */
  schedule(delayNs: number, target: EventTarget, kind = 0): SimEvent {
    return this.scheduleAt(this.nowNs + delayNs, target, kind);
  }

  /** Schedules `target.onEvent(kind)` at absolute time `timeNs` (not in the past). */
  scheduleAt(timeNs: number, target: EventTarget, kind = 0): SimEvent {
    if (!(timeNs >= this.nowNs) || !Number.isSafeInteger(timeNs)) {
      throw new RangeError(`cannot schedule at ${timeNs} ns: time must be an integer >= now (${this.nowNs} ns)`);
    }
    const event = new SimEvent(timeNs, this.seq++, target, kind);
    this.queue.push(event);
    return event;
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
    let executed = 0;
    let event: SimEvent | undefined;
    this.stopRequested = false;
    try {
      while (executed < maxEvents && !this.stopRequested && queue.peekTimeNs() <= untilNs) {
        event = queue.pop() as SimEvent;
        if (event.cancelled) continue;
        this.nowNs = event.timeNs;
        event.target.onEvent(event.kind, event.timeNs);
        executed++;
      }
    } catch (error) {
      const name = event ? `${event.target.constructor.name} event ${event.kind}` : 'scheduler';
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
