import type { EventTarget } from '../../core/event-queue.ts';
import { Ring } from '../../core/ring.ts';
import type { RandomStream } from '../../core/rng.ts';
import { TracePoint } from '../../core/trace.ts';
import type { SimContext } from '../context.ts';
import { nextArrivalNs, type RpcConnectionApp } from '../transport/rpc-app.ts';
import { LINUX_SYN, synGiveUpNs } from '../transport/syn-retries.ts';
import type { ServiceRouter, ServiceTarget } from './service-router.ts';
import type { ServiceViews } from './service-views.ts';

const ARRIVAL = 0;
const ISSUE = 1;

/** Failed requests (or lost datagrams) of one workload, raised by its clients. */
export class RequestTraces {
  constructor(
    /** The workload sends UDP datagrams (each one a "request" that nobody answers), not tcp-rpc requests. */
    readonly datagrams = false,
  ) {}

  /**
   * A request failed: client host, task slot it was sent to (−1: the host held no task), time
   * from the request until the client saw the error, ns. Time: the scheduler's now, when the
   * request was made.
   */
  readonly failed = new TracePoint<number, number, number>();
  /** A request was sent to a running task: client host, task slot (time: the scheduler's now). */
  readonly routed = new TracePoint<number, number>();
}

/**
 * One client of a `per-request` tcp-rpc workload: open-loop requests, each routed as a new
 * connection would be (DNS on the client host, then that host's IPVS table, both over the host's
 * own view of the tasks), and sent over a warm connection to the chosen task. A request to a
 * task that no longer runs fails. If the task's host is down, the SYN goes unanswered and the
 * connect fails after Linux's SYN retry schedule (see syn-retries.ts); if the host is up, its
 * kernel answers the SYN with a reset (no socket listens), one round trip later (the warm
 * connection's smoothed RTT). The client counts the failure and goes on with its next request,
 * as an RPC client without retries does (Docker retries nothing for the application). A request
 * made when the host holds no task fails as the dead host's does (IPVS has no real server and
 * drops the SYN). Requests stop when the client's own host goes down.
 */
export class ServiceRpcClient implements EventTarget {
  /** Backends chosen for requests still waiting for their DNS answer, and when each was made. */
  private readonly pendingBackend = new Ring<number>();
  private readonly pendingSinceNs = new Ring<number>();
  private readonly failNs: number;

  constructor(
    private readonly ctx: SimContext,
    private readonly router: ServiceRouter,
    private readonly views: ServiceViews,
    private readonly traces: RequestTraces,
    private readonly workload: string,
    private readonly client: string,
    private readonly clientHost: number,
    private readonly target: ServiceTarget,
    /** One warm connection per task of the service, in task order. */
    private readonly apps: readonly RpcConnectionApp[],
    private readonly meanGapNs: number,
    private readonly poisson: boolean,
    startNs: number,
    private readonly stopNs: number,
    private readonly rng: RandomStream,
  ) {
    this.failNs = synGiveUpNs(LINUX_SYN.initialRtoNs, LINUX_SYN.retries);
    this.schedule(startNs);
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind === ISSUE) {
      (this.apps[this.pendingBackend.shift() as number] as RpcConnectionApp).issue(nowNs, this.pendingSinceNs.shift() as number);
      return;
    }
    if (this.views.hostUp[this.clientHost] === 0) return;
    this.request(nowNs);
    this.schedule(nowNs);
  }

  private request(nowNs: number): void {
    const route = this.router.connect(this.workload, this.client, this.clientHost, this.target, nowNs);
    const slot = route.backend < 0 ? -1 : this.views.slotOf(this.target.service, route.backend);
    if (slot < 0 || !this.views.isAlive(slot)) {
      const reset = slot >= 0 && this.views.hostUp[this.views.hostOf(slot)] === 1;
      const afterNs = reset ? Math.round((this.apps[route.backend] as RpcConnectionApp).connection.client.sender.rtt.srttNs) : this.failNs;
      this.traces.failed.emit(this.clientHost, slot, route.startNs - nowNs + afterNs);
      return;
    }
    this.traces.routed.emit(this.clientHost, slot, undefined);
    if (route.startNs === nowNs) {
      (this.apps[route.backend] as RpcConnectionApp).issue(nowNs);
      return;
    }
    this.pendingBackend.push(route.backend);
    this.pendingSinceNs.push(nowNs);
    this.ctx.scheduler.postAt(route.startNs, this, ISSUE);
  }

  private schedule(fromNs: number): void {
    const at = nextArrivalNs(fromNs, this.poisson, this.meanGapNs, this.rng);
    if (at < this.stopNs) this.ctx.scheduler.postAt(at, this, ARRIVAL);
  }
}
