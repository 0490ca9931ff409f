import { type EventQueue, HeapEventQueue, type SimEvent } from './event-queue.ts';

/** Events due within this long of the last popped event go to the near queue: 1 ms. */
const DEFAULT_NEAR_HORIZON_NS = 1_000_000;

/**
 * Two queues and a slot, one order. An event due within `horizonNs` of the last popped event goes
 * to the near queue, a later one to the far queue; `pop` takes the earlier of the two heads by
 * (time, seq). The order is exactly that of one queue whatever the horizon: the horizon only
 * decides where an event waits. It pays when many timers wait far ahead (gossip intervals,
 * retransmission timeouts, hundreds of ms) while packets come and go within microseconds: each
 * packet event then sifts through a small heap that stays in cache instead of a deep one.
 *
 * An event pushed when it is due before everything queued waits in the slot instead, and is the
 * next popped unless an even earlier one replaces it (which sends it to the queues). A packet
 * handed from link to link is often the next event anyway; the slot spares it a push and a pop
 * of a heap.
 */
export class TwoTierEventQueue implements EventQueue {
  /** Time of the last popped event; the scheduler never pushes an event before it. */
  private lastPopNs = 0;
  /** The far queue's head, kept here: it changes rarely, and is compared on every pop. */
  private farHead: SimEvent | undefined;
  /** An event earlier (by time, seq) than every event in the two queues, or undefined. */
  private slot: SimEvent | undefined;

  constructor(
    private readonly near: EventQueue = new HeapEventQueue(),
    private readonly far: EventQueue = new HeapEventQueue(),
    private readonly horizonNs = DEFAULT_NEAR_HORIZON_NS,
  ) {}

  get length(): number {
    return this.near.length + this.far.length + (this.slot === undefined ? 0 : 1);
  }

  push(event: SimEvent): void {
    const slot = this.slot;
    if (slot === undefined) {
      if (event.timeNs < this.queuedTimeNs()) {
        this.slot = event;
        return;
      }
    } else if (event.timeNs < slot.timeNs || (event.timeNs === slot.timeNs && event.seq < slot.seq)) {
      this.slot = event;
      this.enqueue(slot);
      return;
    }
    this.enqueue(event);
  }

  peekTimeNs(): number {
    const s = this.slot;
    return s === undefined ? this.queuedTimeNs() : s.timeNs;
  }

  peek(): SimEvent | undefined {
    return this.slot ?? (this.nearFirst() ? this.near.peek() : this.farHead);
  }

  pop(): SimEvent | undefined {
    let event = this.slot;
    if (event !== undefined) this.slot = undefined;
    else if (this.nearFirst()) event = this.near.pop();
    else {
      event = this.far.pop();
      this.farHead = this.far.peek();
    }
    if (event !== undefined) this.lastPopNs = event.timeNs;
    return event;
  }

  private enqueue(event: SimEvent): void {
    if (event.timeNs - this.lastPopNs < this.horizonNs) return this.near.push(event);
    this.far.push(event);
    this.farHead = this.far.peek();
  }

  /** Time of the earlier head of the two queues (Infinity when both are empty). */
  private queuedTimeNs(): number {
    const nearNs = this.near.peekTimeNs();
    const f = this.farHead;
    return f === undefined || nearNs < f.timeNs ? nearNs : f.timeNs;
  }

  /** True when the earliest event of the two queues is the near queue's head. */
  private nearFirst(): boolean {
    const n = this.near.peek();
    if (n === undefined) return false;
    const f = this.farHead;
    return f === undefined || n.timeNs < f.timeNs || (n.timeNs === f.timeNs && n.seq < f.seq);
  }
}
