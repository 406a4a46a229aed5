/**
 * Small-sample statistics for comparing runs over several seeds: mean with a 95 % confidence
 * interval (Student's t), and Welch's t-test for "is this difference more than noise?".
 */

/** Mean, 95 % confidence half-width and sample size of some replicated figure. */
export interface Estimate {
  readonly mean: number;
  /** Half-width of the 95 % confidence interval (0 when n < 2). */
  readonly halfWidth: number;
  /** Sample standard deviation (0 when n < 2). */
  readonly sd: number;
  readonly n: number;
}

/** Mean and 95 % confidence interval of independent replications. */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  const mean = n === 0 ? 0 : values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, halfWidth: 0, sd: 0, n };
  const variance = values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  return { mean, halfWidth: tQuantile975(n - 1) * (sd / Math.sqrt(n)), sd, n };
}

/**
 * Welch's two-sample t-test at the 5 % level (two-sided).
 * @returns true when the means differ significantly; false when the difference is inside the
 * noise, or when either side has fewer than 2 replications (no evidence either way).
 */
export function differsSignificantly(a: Estimate, b: Estimate): boolean {
  if (a.n < 2 || b.n < 2) return false;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  const diff = Math.abs(a.mean - b.mean);
  if (se === 0) return diff > 0;
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return diff / se > tQuantile975(Math.max(1, Math.floor(df)));
}

// Two-sided 95 % critical values of Student's t for 1..30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 97.5th percentile of Student's t with `df` degrees of freedom (df rounded down). */
export function tQuantile975(df: number): number {
  const d = Math.floor(df);
  if (d < 1) return Infinity;
  if (d <= 30) return T975[d - 1] as number;
  // Beyond 30 the Cornish–Fisher expansion around the normal quantile is accurate to 1e-4.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * d) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * d * d);
}
