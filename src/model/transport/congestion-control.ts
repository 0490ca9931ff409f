import type { CongestionAlgorithm } from './tcp-config.ts';
import { Cubic } from './cubic.ts';
import { NewReno } from './newreno.ts';

/**
 * A congestion controller: owns cwnd and ssthresh, in bytes. The sender calls it on ACKs of
 * new data outside recovery, when fast retransmit starts recovery, when recovery ends, and on
 * a retransmission timeout. Loss recovery itself (RFC 6675 with SACK, RFC 6582 without) is the sender's.
 */
export interface CongestionControl {
  cwndBytes: number;
  ssthreshBytes: number;
  /** `ackedBytes` of new data were acknowledged while the window limited sending. */
  onAck(ackedBytes: number, nowNs: number, srttNs: number): void;
  /** Three duplicate ACKs: set ssthresh (and the controller's own state) from `flightBytes`. */
  onCongestion(flightBytes: number, nowNs: number): void;
  /** Recovery ended with a full ACK; `flightBytes` are still outstanding. */
  onRecoveryEnd(flightBytes: number, nowNs: number): void;
  /** The retransmission timer expired. */
  onTimeout(flightBytes: number, nowNs: number): void;
}

export function congestionControl(algorithm: CongestionAlgorithm, mssBytes: number, initialCwndSegments: number, abc: boolean): CongestionControl {
  return algorithm === 'cubic' ? new Cubic(mssBytes, initialCwndSegments, abc) : new NewReno(mssBytes, initialCwndSegments, abc);
}
