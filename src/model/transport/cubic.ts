import type { CongestionControl } from './congestion-control.ts';

/** CUBIC's constants (RFC 9438 §4.1–4.3). */
const C = 0.4;
const BETA = 0.7;
/** Reno-friendly additive increase per RTT, segments: 3(1−β)/(1+β). */
const ALPHA = (3 * (1 - BETA)) / (1 + BETA);

/**
 * CUBIC (RFC 9438), windows counted in segments internally. After a reduction the window
 * follows W(t) = C·(t − K)³ + Wmax with K = ∛(Wmax·(1−β)/C), aiming one RTT ahead
 * (cwnd += (W(t+RTT) − cwnd)/cwnd per segment acked), but never below the Reno-friendly
 * estimate W_est (§4.3). Fast convergence (§4.7) lowers Wmax when the window shrank since
 * the last loss. Slow start as NewReno's (ABC, L = 2); HyStart++ is not modelled.
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
  ) {
    this.cwndBytes = initialCwndSegments * mssBytes;
  }

  onAck(ackedBytes: number, nowNs: number, srttNs: number): void {
    const mss = this.mssBytes;
    if (this.cwndBytes < this.ssthreshBytes) {
      this.cwndBytes += Math.min(ackedBytes, 2 * mss);
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
    this.wEst += (ALPHA * acked) / cwnd;
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
    this.reduce();
    this.cwndBytes = this.mssBytes;
  }

  private reduce(): void {
    const cwnd = this.cwndBytes / this.mssBytes;
    this.wMax = cwnd < this.wMax ? (cwnd * (1 + BETA)) / 2 : cwnd;
    this.ssthreshBytes = Math.max(cwnd * BETA, 2) * this.mssBytes;
    this.epochNs = -1;
  }
}
