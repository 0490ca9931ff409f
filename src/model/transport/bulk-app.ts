import type { EventTarget } from '../../core/event-queue.ts';
import type { SimContext } from '../context.ts';
import type { TcpApp, TcpEndpoint } from './tcp-endpoint.ts';
import type { TcpConnection } from './tcp-connection.ts';

const START = 0;
const STOP = 1;

/**
 * An iperf3-like bulk sender on one connection: the client connects at the connection's start
 * and writes `bytes` (or, with Infinity, as fast as the window allows until `stopNs`, when it
 * stops writing and what was sent drains). The server only reads. When every written byte has
 * reached the server the connection raises `completed` (the flow completion time).
 */
export class BulkApp implements TcpApp, EventTarget {
  /** Bytes to transfer; Infinity until the stop, then the bytes written. */
  private totalBytes: number;
  private stopped = false;
  private done = false;

  constructor(
    ctx: SimContext,
    private readonly connection: TcpConnection,
    bytes: number,
    stopNs: number,
  ) {
    this.totalBytes = bytes;
    connection.client.app = this;
    connection.server.app = this;
    ctx.scheduler.postAt(connection.startNs, this, START);
    if (bytes === Infinity) ctx.scheduler.postAt(stopNs, this, STOP);
  }

  onEvent(kind: number, nowNs: number): void {
    const client = this.connection.client;
    if (kind === START) return client.connect(nowNs);
    this.stopped = true;
    client.sender.stopWriting();
    this.totalBytes = client.sender.sndMax - 1;
    this.check(this.connection.server.receiver.deliveredBytes, nowNs);
  }

  onEstablished(endpoint: TcpEndpoint, nowNs: number): void {
    if (endpoint === this.connection.client && !this.stopped) endpoint.sender.write(this.totalBytes, nowNs);
  }

  onData(endpoint: TcpEndpoint, deliveredBytes: number, nowNs: number): void {
    if (endpoint === this.connection.server) this.check(deliveredBytes, nowNs);
  }

  private check(deliveredBytes: number, nowNs: number): void {
    if (this.done || deliveredBytes < this.totalBytes) return;
    this.done = true;
    this.connection.completed.emit(nowNs, undefined, undefined);
  }
}
