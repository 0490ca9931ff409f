/**
 * The retransmission timer's estimator of RFC 6298: smoothed RTT and RTT variation from
 * Jacobson's algorithm (α = 1/8, β = 1/4), RTO = SRTT + max(G, 4·RTTVAR) clamped to
 * [min, max], doubled on each timeout (exponential back-off) until the next sample. Karn's
 * rule (no samples from retransmitted segments) is the caller's: it only passes valid samples.
 */
export class RttEstimator {
  /** Smoothed RTT, ns; 0 before the first sample. */
  srttNs = 0;
  /** RTT variation, ns. */
  rttVarNs = 0;
  /** Smallest sample so far, ns. */
  minRttNs = Infinity;
  /** Current timeout, back-off included, ns. */
  rtoNs: number;
  /** Whether a sample has been taken (a first RTT of 0 ns is possible between tasks on one host). */
  private sampled = false;

  constructor(
    initialRtoNs: number,
    private readonly minRtoNs: number,
    private readonly maxRtoNs: number,
    /** Clock granularity G, ns (Linux: one jiffy; 1 ms here). */
    private readonly granularityNs = 1e6,
  ) {
    this.rtoNs = initialRtoNs;
  }

  sample(rttNs: number): void {
    if (!this.sampled) {
      this.sampled = true;
      this.srttNs = rttNs;
      this.rttVarNs = rttNs / 2;
    } else {
      this.rttVarNs = 0.75 * this.rttVarNs + 0.25 * Math.abs(this.srttNs - rttNs);
      this.srttNs = 0.875 * this.srttNs + 0.125 * rttNs;
    }
    if (rttNs < this.minRttNs) this.minRttNs = rttNs;
    this.rtoNs = this.bounded(this.srttNs + Math.max(this.granularityNs, 4 * this.rttVarNs));
  }

  /** A timeout fired: double the timeout (RFC 6298 5.5). */
  backOff(): void {
    this.rtoNs = this.bounded(this.rtoNs * 2);
  }

  private bounded(ns: number): number {
    return Math.round(Math.min(this.maxRtoNs, Math.max(this.minRtoNs, ns)));
  }
}
