import { TracePoint } from '../../core/trace.ts';

/** What one TCP endpoint raises; statistics subscribe (connections.csv, vectors). */
export class TcpTraces {
  /** An RTT sample fed the estimator: sample ns, now. */
  readonly rttSampled = new TracePoint<number, number>();
  /** A segment was sent again: its first sequence number, now. */
  readonly retransmitted = new TracePoint<number, number>();
  /** The retransmission timer expired with data outstanding: now. */
  readonly timedOut = new TracePoint<number>();
  /** Three duplicate ACKs started fast retransmit and recovery: now. */
  readonly recoveryStarted = new TracePoint<number>();
  /** The connection reached ESTABLISHED at this end: now. */
  readonly established = new TracePoint<number>();
}
