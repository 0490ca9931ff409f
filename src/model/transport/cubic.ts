import type { CongestionControl } from './congestion-control.ts';
import { slowStartIncreaseBytes } from './slow-start.ts';

/** CUBIC's constants (RFC 9438 §4.1–4.3). */
const C = 0.4;
const BETA = 0.7;
/** Reno-friendly additive increase per RTT, segments: 3(1−β)/(1+β), until W_est reaches Wmax. */
const ALPHA = (3 * (1 - BETA)) / (1 + BETA);
/** ...and 1 segment per RTT once it has (RFC 9438 §4.3). */
const ALPHA_AFTER_WMAX = 1;

/**
 * CUBIC (RFC 9438), windows counted in segments internally. After a reduction the window
 * follows W(t) = C·(t − K)³ + Wmax with K = ∛(Wmax·(1−β)/C), aiming one RTT ahead
 * (cwnd += (W(t+RTT) − cwnd)/cwnd per segment acked), but never below the Reno-friendly
 * estimate W_est (§4.3). Fast convergence (§4.7) lowers Wmax when the window shrank since
 * the last loss. After a timeout the next epoch starts with K = 0 and Wmax = cwnd (§4.8), and
 * a repeated timeout of the same data does not shrink ssthresh again. Slow start as NewReno's
 * (ABC, L = 2, unless `abc` is off). Not modelled: HyStart++, and restarting the epoch after an idle period.
 */
export class Cubic implements CongestionControl {
  cwndBytes: number;
  ssthreshBytes = Infinity;
  /** Window before the last reduction, segments. */
  private wMax = 0;
  private k = 0;
  /** Start of the current congestion-avoidance epoch, ns; −1 when none has started. */
  private epochNs = -1;
  /** Reno-friendly window estimate, segments. */
  private wEst = 0;

  constructor(
    private readonly mssBytes: number,
    initialCwndSegments: number,
    /** Slow start by appropriate byte counting (see {@link slowStartIncreaseBytes}). */
    private readonly abc: boolean,
  ) {
    this.cwndBytes = initialCwndSegments * mssBytes;
  }

  onAck(ackedBytes: number, nowNs: number, srttNs: number): void {
    const mss = this.mssBytes;
    if (this.cwndBytes < this.ssthreshBytes) {
      this.cwndBytes += slowStartIncreaseBytes(ackedBytes, mss, this.abc);
      return;
    }
    const cwnd = this.cwndBytes / mss;
    if (this.epochNs < 0) {
      this.epochNs = nowNs;
      if (this.wMax <= cwnd) {
        this.wMax = cwnd;
        this.k = 0;
      } else this.k = Math.cbrt((this.wMax - cwnd) / C);
      this.wEst = cwnd;
    }
    const acked = ackedBytes / mss;
    this.wEst += ((this.wEst >= this.wMax ? ALPHA_AFTER_WMAX : ALPHA) * acked) / cwnd;
    const t = (nowNs - this.epochNs + srttNs) / 1e9;
    const target = Math.min(C * (t - this.k) ** 3 + this.wMax, 1.5 * cwnd);
    let next = cwnd;
    if (target > cwnd) next += ((target - cwnd) / cwnd) * acked;
    if (this.wEst > next) next = this.wEst;
    this.cwndBytes = next * mss;
  }

  onCongestion(_flightBytes: number): void {
    this.reduce();
  }

  onRecoveryEnd(flightBytes: number): void {
    this.cwndBytes = Math.min(this.ssthreshBytes, Math.max(flightBytes, this.mssBytes) + this.mssBytes);
  }

  onTimeout(_flightBytes: number): void {
    // A second timeout before any new ACK (cwnd already 1 MSS) keeps ssthresh (RFC 5681 §3.1).
    if (this.cwndBytes > this.mssBytes) this.reduce();
    this.cwndBytes = this.mssBytes;
    // The epoch after a timeout starts afresh: K = 0, Wmax = cwnd at that point (§4.8).
    this.wMax = 0;
    this.epochNs = -1;
  }

  private reduce(): void {
    const cwnd = this.cwndBytes / this.mssBytes;
    this.wMax = cwnd < this.wMax ? (cwnd * (1 + BETA)) / 2 : cwnd;
    this.ssthreshBytes = Math.max(cwnd * BETA, 2) * this.mssBytes;
    this.epochNs = -1;
  }
}
