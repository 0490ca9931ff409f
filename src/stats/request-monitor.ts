import type { RequestTraces } from '../model/service/service-rpc-client.ts';
import type { ServiceViews } from '../model/service/service-views.ts';
import type { TcpConnection } from '../model/transport/tcp-connection.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { LogHistogram } from './log-histogram.ts';

/** One client host's failed requests in one workload: its error window. */
export interface ErrorWindow {
  host: number;
  failed: number;
  /** When the host made its first and last request that failed, ns. */
  firstFailNs: number;
  lastFailNs: number;
  /** When the host's view last dropped a task that had died (its NetworkDB convergence), ns; −1 if it never did. */
  viewDroppedNs: number;
}

/** A task that started during the run, as one client host first saw it. */
export interface NewTaskArrival {
  host: number;
  task: string;
  /** When the host took the task into its view, ns; −1 if it never did. */
  learnedNs: number;
  /** When the host first sent it a request, ns; −1 if it never did. */
  firstRequestNs: number;
}

/** Request outcomes of one `per-request` workload. */
export interface RequestResult {
  workload: string;
  /** Requests answered in full within the run; for a UDP workload, datagrams sent to a running task. */
  succeeded: number;
  /** Requests sent to a task that was gone (counted when made; the client sees the error later); for UDP, datagrams lost so. */
  failed: number;
  /** Latency of answered requests (DNS, IPVS and the round trip included), ns. */
  latency: { p50Ns: number; p99Ns: number; p999Ns: number };
  /** Answered requests made while some live host still held a dead task, and their tail latency, ns. */
  duringStale: { succeeded: number; p99Ns: number; p999Ns: number };
  /** Longest time from a failed request until its client saw the error, ns (0 without failures, and for UDP: no one reports a lost datagram). */
  failedAfterMaxNs: number;
  /** Failed requests per task name; the empty name counts requests made when the host held no task. */
  failedByTask: Map<string, number>;
  /** Per client host with failures, by host index. */
  windows: ErrorWindow[];
  /** Per client host and task started during the run, in host then task order. */
  newTasks: NewTaskArrival[];
}

/** Time intervals [from, to) in which some live host held a dead task. */
class StaleIntervals {
  private readonly fromNs: number[] = [];
  private readonly toNs: number[] = [];

  open(nowNs: number): void {
    this.fromNs.push(nowNs);
    this.toNs.push(Infinity);
  }

  close(nowNs: number): void {
    this.toNs[this.toNs.length - 1] = nowNs;
  }

  contains(tNs: number): boolean {
    for (let i = this.fromNs.length - 1; i >= 0; i--) if (tNs >= (this.fromNs[i] as number) && tNs < (this.toNs[i] as number)) return true;
    return false;
  }
}

/**
 * Subscribes to the failed-request traces of `per-request` workloads, their connections'
 * answered requests and the hosts' service views; counts successes and failures, the error
 * window of each client host and the latency of requests made while views were stale.
 */
export class RequestMonitor {
  private readonly records = new Map<
    string,
    { datagrams: boolean; reached: number; ok: LogHistogram; stale: LogHistogram; failed: number; failedAfterMaxNs: number; bySlot: Map<number, number>; windows: Map<number, ErrorWindow>; firstRequestNs: Map<number, number>; clients: Set<number> }
  >();
  private readonly stale = new StaleIntervals();
  private readonly droppedDeadNs: number[];
  private staleOpen = false;
  private readonly slots: number;
  /** (host × slots + slot) → when the host took a task that started during the run into its view. */
  private readonly learnedNs = new Map<number, number>();

  constructor(
    scheduler: Scheduler,
    traces: ReadonlyMap<string, RequestTraces>,
    connections: readonly TcpConnection[],
    views: ServiceViews,
    /** Task name of each slot of the views. */
    private readonly taskNames: readonly string[],
  ) {
    this.slots = views.slots;
    this.droppedDeadNs = new Array<number>(views.hostCount).fill(-1);
    views.staleChanged.connect((count) => {
      if (count > 0 && this.staleOpen === false) this.stale.open(scheduler.nowNs);
      else if (count === 0 && this.staleOpen) this.stale.close(scheduler.nowNs);
      this.staleOpen = count > 0;
    });
    views.learned.connect((host, slot) => {
      if (scheduler.nowNs > 0) this.learnedNs.set(host * views.slots + slot, scheduler.nowNs);
    });
    views.dropped.connect((host, slot) => {
      if (!views.isAlive(slot)) this.droppedDeadNs[host] = scheduler.nowNs;
    });
    for (const [workload, t] of traces) {
      const r = {
        datagrams: t.datagrams,
        reached: 0,
        ok: new LogHistogram(),
        stale: new LogHistogram(),
        failed: 0,
        failedAfterMaxNs: 0,
        bySlot: new Map<number, number>(),
        windows: new Map<number, ErrorWindow>(),
        firstRequestNs: new Map<number, number>(),
        clients: new Set<number>(),
      };
      this.records.set(workload, r);
      t.routed.connect((host, slot) => {
        r.reached++;
        r.clients.add(host);
        const key = host * views.slots + slot;
        if (this.learnedNs.has(key) && !r.firstRequestNs.has(key)) r.firstRequestNs.set(key, scheduler.nowNs);
      });
      t.failed.connect((host, slot, afterNs) => {
        const now = scheduler.nowNs;
        r.failed++;
        r.failedAfterMaxNs = Math.max(r.failedAfterMaxNs, afterNs);
        r.bySlot.set(slot, (r.bySlot.get(slot) ?? 0) + 1);
        let w = r.windows.get(host);
        if (w === undefined) {
          w = { host, failed: 0, firstFailNs: now, lastFailNs: now, viewDroppedNs: -1 };
          r.windows.set(host, w);
        }
        w.failed++;
        w.lastFailNs = now;
      });
    }
    for (const c of connections) {
      const r = this.records.get(c.workload);
      if (r === undefined) continue;
      c.requestDone.connect((latencyNs, nowNs) => {
        r.ok.record(latencyNs);
        if (this.stale.contains(nowNs - latencyNs)) r.stale.record(latencyNs);
      });
    }
  }

  results(): RequestResult[] {
    return [...this.records].map(([workload, r]) => ({
      workload,
      succeeded: r.datagrams ? r.reached : r.ok.count,
      failed: r.failed,
      latency: { p50Ns: r.ok.percentile(50), p99Ns: r.ok.percentile(99), p999Ns: r.ok.percentile(99.9) },
      duringStale: { succeeded: r.stale.count, p99Ns: r.stale.percentile(99), p999Ns: r.stale.percentile(99.9) },
      failedAfterMaxNs: r.failedAfterMaxNs,
      failedByTask: new Map([...r.bySlot].map(([slot, n]) => [slot < 0 ? '' : (this.taskNames[slot] as string), n])),
      newTasks: [...this.learnedNs.keys()]
        .filter((key) => r.clients.has(Math.floor(key / this.slots)))
        .sort((a, b) => a - b)
        .map((key) => ({
          host: Math.floor(key / this.slots),
          task: this.taskNames[key % this.slots] as string,
          learnedNs: this.learnedNs.get(key) as number,
          firstRequestNs: r.firstRequestNs.get(key) ?? -1,
        })),
      windows: [...r.windows.values()].sort((a, b) => a.host - b.host).map((w) => ({ ...w, viewDroppedNs: this.droppedDeadNs[w.host] as number })),
    }));
  }
}
