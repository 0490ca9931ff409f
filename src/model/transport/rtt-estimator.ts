/**
 * The retransmission timer's estimator of RFC 6298: smoothed RTT and RTT variation from
 * Jacobson's algorithm (α = 1/8, β = 1/4), RTO = SRTT + max(G, 4·RTTVAR) clamped to
 * [min, max], doubled on each timeout (exponential back-off) until the next sample. Karn's
 * rule (no samples from retransmitted segments) is the caller's: it only passes valid samples.
 */
export class RttEstimator {
  /** Smoothed RTT, ns; 0 before the first sample. */
  srttNs = 0;
  rttVarNs = 0;
  /** Smallest sample so far, ns. */
  minRttNs = Infinity;
  /** Current timeout, back-off included, ns. */
  rtoNs: number;
  private backoff = 1;

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
    if (this.srttNs === 0) {
      this.srttNs = rttNs;
      this.rttVarNs = rttNs / 2;
    } else {
      this.rttVarNs = 0.75 * this.rttVarNs + 0.25 * Math.abs(this.srttNs - rttNs);
      this.srttNs = 0.875 * this.srttNs + 0.125 * rttNs;
    }
    if (rttNs < this.minRttNs) this.minRttNs = rttNs;
    this.backoff = 1;
    this.rtoNs = this.bounded(this.srttNs + Math.max(this.granularityNs, 4 * this.rttVarNs));
  }

  /** A timeout fired: double the timeout (RFC 6298 5.5). */
  backOff(): void {
    this.backoff *= 2;
    this.rtoNs = this.bounded(this.rtoNs * 2);
  }

  private bounded(ns: number): number {
    return Math.round(Math.min(this.maxRtoNs, Math.max(this.minRtoNs, ns)));
  }
}
