import type { EventTarget } from '../../core/event-queue.ts';
import type { Scheduler } from '../../core/scheduler.ts';

/** Who a {@link LazyTimer} calls when it expires. */
export interface TimerOwner {
  onTimer(timer: LazyTimer, nowNs: number): void;
}

/**
 * A restartable timer (the RTO, the delayed ACK) that costs no scheduler entry per restart.
 * TCP restarts its retransmission timer on nearly every ACK; cancelling and scheduling anew
 * would allocate an event each time. Instead the timer keeps its deadline and one posted wake-up:
 * a later deadline is picked up when the wake-up fires (it posts itself again), an earlier one
 * posts a new wake-up tagged with a new generation, and a stale wake-up (older generation) does
 * nothing. The owner sees exactly one call, at the deadline.
 */
export class LazyTimer implements EventTarget {
  /** When it expires, ns; Infinity when stopped. */
  deadlineNs = Infinity;
  /** Time of the live wake-up, ns; Infinity when none is posted. */
  private wakeNs = Infinity;
  private generation = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly owner: TimerOwner,
  ) {}

  get running(): boolean {
    return this.deadlineNs !== Infinity;
  }

  /** (Re)starts the timer to expire at `deadlineNs`. */
  startAt(deadlineNs: number): void {
    this.deadlineNs = deadlineNs;
    if (deadlineNs < this.wakeNs) this.post(deadlineNs);
  }

  stop(): void {
    this.deadlineNs = Infinity;
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind !== this.generation) return;
    this.wakeNs = Infinity;
    if (this.deadlineNs === Infinity) return;
    if (this.deadlineNs > nowNs) return this.post(this.deadlineNs);
    this.deadlineNs = Infinity;
    this.owner.onTimer(this, nowNs);
  }

  private post(timeNs: number): void {
    this.generation = (this.generation + 1) | 0;
    this.wakeNs = timeNs;
    this.scheduler.postAt(timeNs, this, this.generation);
  }
}
