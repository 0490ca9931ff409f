import { TracePoint } from '../../core/trace.ts';
import type { SimContext } from '../context.ts';
import type { FlowInfo } from '../flow.ts';
import type { Host } from '../host/host.ts';
import type { TcpConfig } from './tcp-config.ts';
import { TcpEndpoint } from './tcp-endpoint.ts';

/**
 * A TCP connection between a client and a server: two endpoints and the two flows they send
 * on (client → server is `forward`). Applications raise its completion traces.
 */
export class TcpConnection {
  readonly client: TcpEndpoint;
  readonly server: TcpEndpoint;
  /** A sized transfer's last byte reached the receiving application: now. */
  readonly completed = new TracePoint<number>();
  /** A request's whole response reached the client: latency ns (request issued → response in), now. */
  readonly requestDone = new TracePoint<number, number>();

  constructor(
    ctx: SimContext,
    /** Report name, e.g. `iperf.2`; also the name of its vectors file. */
    readonly name: string,
    readonly workload: string,
    clientHost: Host,
    serverHost: Host,
    readonly forward: FlowInfo,
    readonly reverse: FlowInfo,
    readonly config: TcpConfig,
    /** When the client sends its SYN, ns. */
    readonly startNs: number,
  ) {
    this.client = new TcpEndpoint(ctx, clientHost, forward, reverse, config);
    this.server = new TcpEndpoint(ctx, serverHost, reverse, forward, config);
    this.server.listen();
  }
}
