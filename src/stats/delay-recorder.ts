import { LogHistogram } from './log-histogram.ts';

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
 * Records durations in ns. Count, sum, min and max are exact; percentiles come from a
 * log-linear histogram, each within 0.2% of the exact order statistic (and never outside
 * [min, max]).
 */
export class DelayRecorder {
  count = 0;
  sumNs = 0;
  minNs = Infinity;
  maxNs = 0;
  private readonly histogram = new LogHistogram();

  record(ns: number): void {
    this.count++;
    this.sumNs += ns;
    if (ns < this.minNs) this.minNs = ns;
    if (ns > this.maxNs) this.maxNs = ns;
    this.histogram.record(ns);
  }

  /** Adds every duration `other` recorded, as if recorded here: the summary is the same. */
  add(other: DelayRecorder): void {
    this.count += other.count;
    this.sumNs += other.sumNs;
    if (other.minNs < this.minNs) this.minNs = other.minNs;
    if (other.maxNs > this.maxNs) this.maxNs = other.maxNs;
    this.histogram.add(other.histogram);
  }

  /** The p-th percentile (0 < p ≤ 100), ns; 0 when empty. */
  percentileNs(p: number): number {
    return this.count === 0 ? 0 : Math.min(this.maxNs, Math.max(this.minNs, this.histogram.percentile(p)));
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
