import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Summary of a set of non-negative integer durations, ns. */
export interface DelaySummary {
  count: number;
  minNs: number;
  meanNs: number;
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  p999Ns: number;
  maxNs: number;
}

/**
 * Records durations in ns. Count, sum, min and max are exact; percentiles come from an HDR
 * histogram with 3 significant digits, so each is within 0.1% of the exact order statistic.
 */
export class DelayRecorder {
  count = 0;
  sumNs = 0;
  minNs = Infinity;
  maxNs = 0;
  private readonly histogram: RecordableHistogram = createHistogram({ lowest: 1, highest: Number.MAX_SAFE_INTEGER, figures: 3 });

  record(ns: number): void {
    this.count++;
    this.sumNs += ns;
    if (ns < this.minNs) this.minNs = ns;
    if (ns > this.maxNs) this.maxNs = ns;
    // The histogram's lowest trackable value is 1 ns; 0 is recorded as 1 (a 1 ns error at most).
    this.histogram.record(ns < 1 ? 1 : ns);
  }

  /** The p-th percentile (0 < p ≤ 100), ns; 0 when empty. */
  percentileNs(p: number): number {
    return this.count === 0 ? 0 : Math.min(this.maxNs, this.histogram.percentile(p));
  }

  summary(): DelaySummary {
    const empty = this.count === 0;
    return {
      count: this.count,
      minNs: empty ? 0 : this.minNs,
      meanNs: empty ? 0 : Math.round(this.sumNs / this.count),
      p50Ns: this.percentileNs(50),
      p90Ns: this.percentileNs(90),
      p99Ns: this.percentileNs(99),
      p999Ns: this.percentileNs(99.9),
      maxNs: this.maxNs,
    };
  }
}
