import type { EventTarget } from '../../core/event-queue.ts';
import { Ring } from '../../core/ring.ts';
import type { RandomStream } from '../../core/rng.ts';
import type { SimContext } from '../context.ts';
import type { TcpApp, TcpEndpoint } from './tcp-endpoint.ts';
import type { TcpConnection } from './tcp-connection.ts';

const START = 0;
const THINK_OVER = 1;

/** Request/response sizes and pacing of an RPC workload. */
export interface RpcParams {
  requestBytes: number;
  responseBytes: number;
  /** Closed loop: one request outstanding per connection, the next after the response and the think time. */
  closedLoop: boolean;
  /** Closed loop: pause between a response and the next request, ns. */
  thinkNs: number;
  /** No request is issued at or after this time, ns. */
  stopNs: number;
}

/**
 * Request/response over one persistent connection. The client writes a request of fixed size;
 * the server answers each complete request at once with a response of fixed size (requests on
 * one connection are answered in order, so message boundaries are byte offsets). A request's
 * latency runs from when it was issued (queued at the client, before the handshake if need be)
 * to when its whole response has arrived. Nagle is off (TCP_NODELAY), as RPC stacks set it.
 */
export class RpcConnectionApp implements TcpApp, EventTarget {
  /** Issue times of requests whose responses are still due, oldest first. */
  private readonly issued = new Ring<number>();
  /** Requests issued before the connection was established, not yet written. */
  private unwritten = 0;
  private served = 0;
  private answered = 0;

  constructor(
    private readonly ctx: SimContext,
    readonly connection: TcpConnection,
    private readonly params: RpcParams,
  ) {
    connection.client.app = this;
    connection.server.app = this;
    ctx.scheduler.postAt(connection.startNs, this, START);
  }

  /**
   * A new request (from the closed loop or an open-loop arrival). Its latency counts from
   * `sinceNs` (default now), e.g. from before a DNS lookup that preceded it.
   */
  issue(nowNs: number, sinceNs = nowNs): void {
    this.issued.push(sinceNs);
    const client = this.connection.client;
    if (client.established) client.sender.write(this.params.requestBytes, nowNs);
    else this.unwritten++;
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind === START) {
      this.connection.client.connect(nowNs);
      if (this.params.closedLoop) this.issue(nowNs);
    } else if (nowNs < this.params.stopNs) this.issue(nowNs);
  }

  onEstablished(endpoint: TcpEndpoint, nowNs: number): void {
    if (endpoint !== this.connection.client || this.unwritten === 0) return;
    const bytes = this.unwritten * this.params.requestBytes;
    this.unwritten = 0;
    endpoint.sender.write(bytes, nowNs);
  }

  onData(endpoint: TcpEndpoint, deliveredBytes: number, nowNs: number): void {
    const p = this.params;
    if (endpoint === this.connection.server) {
      const complete = Math.floor(deliveredBytes / p.requestBytes);
      if (complete > this.served) {
        endpoint.sender.write((complete - this.served) * p.responseBytes, nowNs);
        this.served = complete;
      }
      return;
    }
    const complete = Math.floor(deliveredBytes / p.responseBytes);
    while (this.answered < complete) {
      this.answered++;
      this.connection.requestDone.emit(nowNs - (this.issued.shift() as number), nowNs, undefined);
      if (!p.closedLoop) continue;
      if (p.thinkNs > 0) this.ctx.scheduler.post(p.thinkNs, this, THINK_OVER);
      else if (nowNs < p.stopNs) this.issue(nowNs);
    }
  }
}

/** The next open-loop arrival after `fromNs`: a gap of `meanGapNs`, exponential when `poisson`, rounded to the ns. */
export function nextArrivalNs(fromNs: number, poisson: boolean, meanGapNs: number, rng: RandomStream): number {
  return Math.round(fromNs + (poisson ? rng.exponential(meanGapNs) : meanGapNs));
}

/**
 * Open-loop request arrivals for one sender–receiver pair: a Poisson process (or constant
 * spacing) of `ratePerS`, from `startNs` until `stopNs`, dealt round-robin over the pair's
 * connections; requests queue (pipeline) on their connection when it is busy.
 */
export class RpcArrivals implements EventTarget {
  private next = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly apps: RpcConnectionApp[],
    private readonly meanGapNs: number,
    private readonly poisson: boolean,
    startNs: number,
    private readonly stopNs: number,
    private readonly rng: RandomStream,
  ) {
    this.schedule(startNs);
  }

  onEvent(_kind: number, nowNs: number): void {
    (this.apps[this.next] as RpcConnectionApp).issue(nowNs);
    this.next = (this.next + 1) % this.apps.length;
    this.schedule(nowNs);
  }

  private schedule(fromNs: number): void {
    const at = nextArrivalNs(fromNs, this.poisson, this.meanGapNs, this.rng);
    if (at < this.stopNs) this.ctx.scheduler.postAt(at, this);
  }
}
