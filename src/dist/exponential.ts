import { assertProbability, throwIfProblem } from './checks.js';
import type { Distribution } from './distribution.js';
import { formatDuration } from './duration.js';
import { RNG_MAX, type Rng } from './rng.js';

/** Exponential latency with a given mean, e.g. `exp:200ms` (memoryless; the M in M/M/c). */
export class ExponentialDistribution implements Distribution {
  /** Canonical spec, e.g. `exp:200ms`. */
  readonly spec: string;
  /** Mean (and standard deviation), ms. */
  readonly mean: number;

  /** Why `mean` (ms) cannot be an exponential mean, or `undefined` when it can. */
  static problem(mean: number): string | undefined {
    if (!(mean > 0) || !Number.isFinite(mean)) return 'the mean must be positive';
    if (!Number.isFinite(-mean * Math.log1p(-RNG_MAX))) return 'the mean is too large: samples would overflow';
    return undefined;
  }

  /** @param mean mean latency in ms, > 0. Throws `RangeError` otherwise. */
  constructor(mean: number) {
    throwIfProblem(ExponentialDistribution.problem(mean));
    this.mean = mean;
    this.spec = `exp:${formatDuration(mean)}`;
  }

  /** Inverse CDF of one uniform u: -mean·ln(1 - u). */
  sample(rng: Rng): number {
    // ln(1 - u) rather than log1p(-u), which is measurably slower: createRng's values are cell
    // centres (k + 0.5)/2^52, for which 1 - u is exact, so nothing is lost.
    return -this.mean * Math.log(1 - rng.next());
  }

  /** -mean·ln(1 - p), ms; Infinity at p = 1. */
  quantile(p: number): number {
    assertProbability(p);
    return -this.mean * Math.log1p(-p);
  }
}
