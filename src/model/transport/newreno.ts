import type { CongestionControl } from './congestion-control.ts';
import { slowStartIncreaseBytes } from './slow-start.ts';

/**
 * Reno's window rules (RFC 5681) as NewReno uses them. Slow start with appropriate byte
 * counting, L = 2 (RFC 3465): cwnd += min(acked, 2·MSS) per ACK, so with delayed ACKs cwnd
 * doubles every round trip, as in Linux (or, with `abc` off, one MSS per ACK). Congestion avoidance: cwnd += MSS²/cwnd per ACK
 * (RFC 5681 eq. 3), so with delayed ACKs (one ACK per two segments) cwnd grows by half a
 * segment per round trip: the b = 2 of Mathis et al. Loss: ssthresh = max(flight/2, 2·MSS).
 */
export class NewReno implements CongestionControl {
  cwndBytes: number;
  ssthreshBytes = Infinity;

  constructor(
    private readonly mssBytes: number,
    initialCwndSegments: number,
    /** Slow start by appropriate byte counting (see {@link slowStartIncreaseBytes}). */
    private readonly abc: boolean,
  ) {
    this.cwndBytes = initialCwndSegments * mssBytes;
  }

  onAck(ackedBytes: number): void {
    const mss = this.mssBytes;
    if (this.cwndBytes < this.ssthreshBytes) this.cwndBytes += slowStartIncreaseBytes(ackedBytes, mss, this.abc);
    else this.cwndBytes += (mss * mss) / this.cwndBytes;
  }

  onCongestion(flightBytes: number): void {
    this.ssthreshBytes = Math.max(flightBytes / 2, 2 * this.mssBytes);
  }

  /** RFC 6582 full ACK, option 1: cwnd = min(ssthresh, max(flight, MSS) + MSS). */
  onRecoveryEnd(flightBytes: number): void {
    this.cwndBytes = Math.min(this.ssthreshBytes, Math.max(flightBytes, this.mssBytes) + this.mssBytes);
  }

  onTimeout(flightBytes: number): void {
    this.ssthreshBytes = Math.max(flightBytes / 2, 2 * this.mssBytes);
    this.cwndBytes = this.mssBytes;
  }
}
