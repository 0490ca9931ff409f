/** Median and spread of repeated measurements. */
export interface Spread {
  medianNs: number;
  minNs: number;
  maxNs: number;
  /** Interquartile range over the median (0.05 = 5 %). */
  relativeIqr: number;
}

/** Quantile `q` of sorted values, interpolating linearly between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (b - a) * (at - lo);
}

/** Median, min, max and relative IQR of `samples` (at least one). */
export function spreadOf(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const medianNs = quantile(sorted, 0.5);
  return {
    medianNs,
    minNs: sorted[0] as number,
    maxNs: sorted[sorted.length - 1] as number,
    relativeIqr: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / medianNs,
  };
}

/** A per-message cost model t(n) = fixedNs + n × nsPerByte. */
export interface LinearCost {
  fixedNs: number;
  nsPerByte: number;
  /** The two-point solve gave a negative fixed cost, set to 0. */
  fixedClamped: boolean;
  /** The two-point slope was not positive (noise); nsPerByte is then the large message's mean. */
  slopeFallback: boolean;
}

/**
 * Solves t(n) = fixed + n × perByte through two measured points (small, large); clamps the
 * fixed cost at 0. A slope that is not positive (only noise can make one) falls back to the
 * large message's time per byte.
 */
export function fitLinearCost(small: { sizeBytes: number; ns: number }, large: { sizeBytes: number; ns: number }): LinearCost {
  const slope = (large.ns - small.ns) / (large.sizeBytes - small.sizeBytes);
  if (!(slope > 0)) return { fixedNs: 0, nsPerByte: large.ns / large.sizeBytes, fixedClamped: false, slopeFallback: true };
  const fixed = small.ns - small.sizeBytes * slope;
  return { fixedNs: Math.max(0, fixed), nsPerByte: slope, fixedClamped: fixed < 0, slopeFallback: false };
}
