import { isDuration, assertProbability, throwIfProblem } from './checks.js';
import type { Distribution } from './distribution.js';
import { formatDuration } from './duration.js';
import type { Rng } from './rng.js';

/** Uniform latency between two bounds, e.g. `uniform:100ms..300ms`. */
export class UniformDistribution implements Distribution {
  /** Canonical spec, e.g. `uniform:100ms..300ms`. */
  readonly spec: string;
  /** (low + high) / 2, ms. */
  readonly mean: number;
  /** Lower bound, ms. */
  readonly low: number;
  /** Upper bound, ms. */
  readonly high: number;
  readonly #width: number;

  /** Why `low`..`high` (ms) cannot bound a uniform latency, or `undefined` when they can. */
  static problem(low: number, high: number): string | undefined {
    if (!isDuration(low) || !isDuration(high)) return 'both ends must be finite durations >= 0';
    if (low > high) return 'the low end must not exceed the high end';
    return undefined;
  }

  /** @param low lower bound in ms; @param high upper bound in ms, >= low. Throws `RangeError` otherwise. */
  constructor(low: number, high: number) {
    throwIfProblem(UniformDistribution.problem(low, high));
    this.low = low;
    this.high = high;
    this.#width = high - low;
    this.mean = low + this.#width / 2;
    this.spec = `uniform:${formatDuration(low)}..${formatDuration(high)}`;
  }

  /** Inverse CDF of one uniform u: low + (high - low)·u. */
  sample(rng: Rng): number {
    return this.low + this.#width * rng.next();
  }

  /** low + (high - low)·p, ms. */
  quantile(p: number): number {
    assertProbability(p);
    return this.low + this.#width * p;
  }
}
