import { TracePoint } from '../../core/trace.ts';

/** A service whose tasks each host's view tracks: its name and where its tasks run. */
export interface ViewedService {
  service: string;
  /** Host index of each task, in task order. */
  taskHosts: readonly number[];
  /** Whether each task runs from the start (the others start later, see {@link ServiceViews.start}). */
  atStart: readonly boolean[];
}

/**
 * What every host believes about each service's tasks, next to the truth. A host's IPVS table
 * and embedded DNS answer from its NetworkDB `endpoint_table` (libnetwork's service discovery
 * watches the table and adds or removes the real server and the DNS record on each create or
 * delete event), so a task stays a backend on a host until *that host's* NetworkDB drops its
 * entry. Every host holds the tasks present at the start; a task started later joins a host's
 * view when that host learns its endpoint create, and one stopped later leaves it when the host
 * learns the delete (see task-lifecycle.ts).
 *
 * A host learns a failed host's tasks are gone when its own memberlist declares that host dead
 * (or left): memberlist then calls NetworkDB's `NotifyLeave`, which deletes (moby ≤ v28,
 * networkdb/event_delegate.go → `deleteNodeTableEntries`) or hides (moby PR #53142,
 * reference/gossip-controlplane.md §3.3) every entry the failed node owns, and hands each one to
 * the watchers as a delete. Either way the data plane drops the node's tasks at that moment, on
 * that host only.
 */
export class ServiceViews {
  /** A host took a task into its view (it started, or the host learned its entry): host, slot (time: scheduler). */
  readonly learned = new TracePoint<number, number>();
  /** A host dropped a task from its view: host, global task slot (see {@link slotOf}) (time: scheduler). */
  readonly dropped = new TracePoint<number, number>();
  /**
   * (live host, dead task) pairs in which the host still holds the task: while above 0, some
   * host may send requests to a task that is gone.
   */
  staleEntries = 0;
  /** {@link staleEntries} changed: its new value (time: scheduler). */
  readonly staleChanged = new TracePoint<number>();
  /** Per service: first slot of its tasks and how many. */
  private readonly range = new Map<string, { first: number; count: number }>();
  /** Host of each task slot. */
  private readonly hostOfSlot: number[] = [];
  /** known[host × slots + slot] = 1 while the host holds the task's endpoint entry. */
  private readonly known: Uint8Array;
  /** 1 while the task runs (truth). */
  readonly alive: Uint8Array;
  /** 1 while the host is up (truth). */
  readonly hostUp: Uint8Array;
  readonly slots: number;

  constructor(
    readonly hostCount: number,
    services: readonly ViewedService[],
  ) {
    const atStart: boolean[] = [];
    for (const s of services) {
      if (this.range.has(s.service)) continue;
      this.range.set(s.service, { first: this.hostOfSlot.length, count: s.taskHosts.length });
      this.hostOfSlot.push(...s.taskHosts);
      atStart.push(...s.atStart);
    }
    this.slots = this.hostOfSlot.length;
    this.known = new Uint8Array(hostCount * this.slots);
    this.alive = new Uint8Array(this.slots);
    atStart.forEach((present, slot) => {
      if (!present) return;
      this.alive[slot] = 1;
      for (let h = 0; h < hostCount; h++) this.known[h * this.slots + slot] = 1;
    });
    this.hostUp = new Uint8Array(hostCount).fill(1);
  }

  /** Global slot of task `task` of `service`; −1 when the service is not viewed. */
  slotOf(service: string, task: number): number {
    const r = this.range.get(service);
    return r === undefined ? -1 : r.first + task;
  }

  /** The row of `host`'s view of `service`'s tasks (1 = known), a live window into the view; undefined when not viewed. */
  rowOf(host: number, service: string): Uint8Array | undefined {
    const r = this.range.get(service);
    if (r === undefined) return undefined;
    const start = host * this.slots + r.first;
    return this.known.subarray(start, start + r.count);
  }

  /** Whether the task in `slot` runs. */
  isAlive(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  /** Host of the task in `slot`. */
  hostOf(slot: number): number {
    return this.hostOfSlot[slot] as number;
  }

  /** `host` stopped (truth): every task on it is gone, and it answers nothing. */
  hostDown(host: number): void {
    if (this.hostUp[host] === 0) return;
    const before = this.staleEntries;
    // The host no longer sends: its own stale entries stop counting.
    for (let s = 0; s < this.slots; s++) if (this.alive[s] === 0 && this.knows(host, s)) this.staleEntries--;
    this.hostUp[host] = 0;
    for (let s = 0; s < this.slots; s++) {
      if (this.hostOfSlot[s] !== host || this.alive[s] === 0) continue;
      this.alive[s] = 0;
      for (let h = 0; h < this.hostCount; h++) if (this.hostUp[h] === 1 && this.knows(h, s)) this.staleEntries++;
    }
    if (this.staleEntries !== before) this.staleChanged.emit(this.staleEntries, undefined, undefined);
  }

  /**
   * `observer`'s memberlist declared `failed` dead or left: its NetworkDB drops every entry the
   * failed host owns, so each of that host's tasks leaves the observer's IPVS table and DNS.
   */
  memberFailed(observer: number, failed: number): void {
    for (let s = 0; s < this.slots; s++) if (this.hostOfSlot[s] === failed) this.drop(observer, s);
  }

  /** The task in `slot` starts (truth); its own host holds its entry at once, the others learn it by gossip. */
  start(slot: number): void {
    this.alive[slot] = 1;
    this.learn(this.hostOfSlot[slot] as number, slot);
  }

  /** The task in `slot` stops (truth) on a host that stays up; its own host holds its entry no longer. */
  stop(slot: number): void {
    if (this.alive[slot] === 0) return;
    this.alive[slot] = 0;
    let stale = 0;
    for (let h = 0; h < this.hostCount; h++) if (this.hostUp[h] === 1 && this.knows(h, slot)) stale++;
    this.addStale(stale);
    this.drop(this.hostOfSlot[slot] as number, slot);
  }

  /** `host` takes the task's endpoint entry (a create it learned): the task joins its IPVS table and DNS. */
  learn(host: number, slot: number): void {
    const i = host * this.slots + slot;
    if (this.known[i] === 1) return;
    this.known[i] = 1;
    this.learned.emit(host, slot, undefined);
    if (this.alive[slot] === 0 && this.hostUp[host] === 1) this.addStale(1);
  }

  /** `host` drops the task's endpoint entry (a delete it learned, or its owner failed). */
  drop(host: number, slot: number): void {
    const i = host * this.slots + slot;
    if (this.known[i] === 0) return;
    this.known[i] = 0;
    this.dropped.emit(host, slot, undefined);
    if (this.alive[slot] === 0 && this.hostUp[host] === 1) this.addStale(-1);
  }

  private addStale(delta: number): void {
    if (delta === 0) return;
    this.staleEntries += delta;
    this.staleChanged.emit(this.staleEntries, undefined, undefined);
  }

  /** Whether `host` holds the task in `slot`. */
  knows(host: number, slot: number): boolean {
    return this.known[host * this.slots + slot] === 1;
  }
}
