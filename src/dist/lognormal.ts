import { assertProbability, throwIfProblem } from './checks.js';
import type { Distribution } from './distribution.js';
import { formatDuration } from './duration.js';
import { normalQuantile } from './normal-math.js';
import { formatPlainNumber } from './number.js';
import { isPercentile, percentileKey, type PercentilePoint } from './percentile.js';
import { RNG_MAX, type Rng } from './rng.js';

/**
 * Lognormal latency fixed by two percentiles, e.g. `lognormal:p50=800ms,p99=6s`, or by one
 * percentile and the log-space standard deviation, e.g. `lognormal:p50=800ms,sigma=1.2`.
 * ln X ~ Normal(mu, sigma): mu = ln(median), sigma = (ln v2 - ln v1) / (z2 - z1) where z are the
 * standard normal quantiles of the two percentiles.
 */
export class LognormalDistribution implements Distribution {
  /** Canonical spec, e.g. `lognormal:p50=800ms,p99=6s` (percentiles in increasing order). */
  readonly spec: string;
  /** exp(mu + sigma²/2), ms (Infinity if that overflows). */
  readonly mean: number;
  /** Mean of ln X, with X in ms. */
  readonly mu: number;
  /** Standard deviation of ln X. */
  readonly sigma: number;

  /**
   * Why these points (and `sigma`) cannot fix a lognormal latency, or `undefined` when they can:
   * two points with no sigma, or one point with sigma > 0.
   */
  static problem(points: readonly PercentilePoint[], sigma?: number): string | undefined {
    const wanted = sigma === undefined ? 2 : 1;
    if (points.length !== wanted) {
      return sigma === undefined
        ? 'give exactly two percentiles (or one percentile and sigma)'
        : 'give exactly one percentile with sigma';
    }
    for (const point of points) {
      if (!isPercentile(point.percentile)) {
        return `${percentileKey(point.percentile)} is not a percentile between 0 and 100 (exclusive)`;
      }
      if (!(point.value > 0) || !Number.isFinite(point.value)) {
        return `${percentileKey(point.percentile)} must be a positive duration`;
      }
    }
    if (sigma !== undefined && (!(sigma > 0) || !Number.isFinite(sigma))) {
      return 'sigma must be a positive number';
    }
    if (sigma === undefined) {
      const [a, b] = sorted(points);
      if (a === undefined || b === undefined) return 'give exactly two percentiles';
      if (a.percentile === b.percentile) return `${percentileKey(a.percentile)} is given twice`;
      if (!(a.value < b.value)) {
        return `${percentileKey(b.percentile)} must be larger than ${percentileKey(a.percentile)}`;
      }
    }
    const { mu, sigma: s } = fit(points, sigma);
    if (!Number.isFinite(Math.exp(mu + s * normalQuantile(RNG_MAX)))) {
      return 'the spread is too wide: samples would overflow';
    }
    return undefined;
  }

  /**
   * @param points two percentile points (any order), or one when `sigma` is given; values in ms.
   * @param sigma standard deviation of ln X (> 0), only with one point.
   * Throws `RangeError` on any problem listed by `LognormalDistribution.problem`.
   */
  constructor(points: readonly PercentilePoint[], sigma?: number) {
    throwIfProblem(LognormalDistribution.problem(points, sigma));
    const fitted = fit(points, sigma);
    this.mu = fitted.mu;
    this.sigma = fitted.sigma;
    this.mean = Math.exp(this.mu + (this.sigma * this.sigma) / 2);
    const keys = sorted(points).map((p) => `${percentileKey(p.percentile)}=${formatDuration(p.value)}`);
    if (sigma !== undefined) keys.push(`sigma=${formatPlainNumber(sigma)}`);
    this.spec = `lognormal:${keys.join(',')}`;
  }

  /** Inverse CDF of one uniform u: exp(mu + sigma·Φ⁻¹(u)). */
  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * normalQuantile(rng.next()));
  }

  /** exp(mu + sigma·Φ⁻¹(p)), ms: 0 at p = 0, Infinity at p = 1. */
  quantile(p: number): number {
    assertProbability(p);
    return Math.exp(this.mu + this.sigma * normalQuantile(p));
  }
}

function sorted(points: readonly PercentilePoint[]): PercentilePoint[] {
  return [...points].sort((x, y) => x.percentile - y.percentile);
}

function fit(points: readonly PercentilePoint[], sigma: number | undefined): { mu: number; sigma: number } {
  const [a, b] = sorted(points);
  if (a === undefined) return { mu: NaN, sigma: NaN };
  const za = normalQuantile(a.percentile / 100);
  const s =
    sigma ??
    (b === undefined ? NaN : (Math.log(b.value) - Math.log(a.value)) / (normalQuantile(b.percentile / 100) - za));
  return { mu: Math.log(a.value) - s * za, sigma: s };
}
