/** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (standard tables). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t(0.975, df); beyond 30 degrees of freedom the normal 1.96 is within 2%. */
export function tQuantile975(df: number): number {
  return T_975[df - 1] ?? 1.96;
}

/** Mean and 95% confidence interval of independent samples (replications). */
export interface MeanWithCi {
  n: number;
  mean: number;
  /** Half-width of the 95% interval (0 with fewer than two samples). */
  halfWidth: number;
  low: number;
  high: number;
}

/** Mean ± t(0.975, n−1) · s / √n of independent, roughly normal replication results. */
export function meanWithCi(samples: readonly number[]): MeanWithCi {
  const n = samples.length;
  const mean = n === 0 ? 0 : samples.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, halfWidth: 0, low: mean, high: mean };
  const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { n, mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}
