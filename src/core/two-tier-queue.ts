import { type EventQueue, type SimEvent, TinyEventQueue } from './event-queue.ts';

/** Events due within this long of the last popped event go to the near queue: 1 ms. */
const DEFAULT_NEAR_HORIZON_NS = 1_000_000;

/**
 * Two queues, one order. An event due within `horizonNs` of the last popped event goes to the
 * near queue, a later one to the far queue; `pop` takes the earlier of the two heads by
 * (time, seq). The order is exactly that of one queue whatever the horizon: the horizon only
 * decides where an event waits. It pays when many timers wait far ahead (gossip intervals,
 * retransmission timeouts, hundreds of ms) while packets come and go within microseconds: each
 * packet event then sifts through a small heap that stays in cache instead of a deep one.
 */
export class TwoTierEventQueue implements EventQueue {
  /** Time of the last popped event; the scheduler never pushes an event before it. */
  private lastPopNs = 0;
  /** The far queue's head, kept here: it changes rarely, and is compared on every pop. */
  private farHead: SimEvent | undefined;

  constructor(
    private readonly near: EventQueue = new TinyEventQueue(),
    private readonly far: EventQueue = new TinyEventQueue(),
    private readonly horizonNs = DEFAULT_NEAR_HORIZON_NS,
  ) {}

  get length(): number {
    return this.near.length + this.far.length;
  }

  push(event: SimEvent): void {
    if (event.timeNs - this.lastPopNs < this.horizonNs) return this.near.push(event);
    this.far.push(event);
    this.farHead = this.far.peek();
  }

  peekTimeNs(): number {
    const nearNs = this.near.peekTimeNs();
    const f = this.farHead;
    return f === undefined || nearNs < f.timeNs ? nearNs : f.timeNs;
  }

  peek(): SimEvent | undefined {
    return this.nearFirst() ? this.near.peek() : this.farHead;
  }

  pop(): SimEvent | undefined {
    let event: SimEvent | undefined;
    if (this.nearFirst()) event = this.near.pop();
    else {
      event = this.far.pop();
      this.farHead = this.far.peek();
    }
    if (event !== undefined) this.lastPopNs = event.timeNs;
    return event;
  }

  /** True when the earliest event is the near queue's head. */
  private nearFirst(): boolean {
    const n = this.near.peek();
    if (n === undefined) return false;
    const f = this.farHead;
    return f === undefined || n.timeNs < f.timeNs || (n.timeNs === f.timeNs && n.seq < f.seq);
  }
}
