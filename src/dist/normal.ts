import { assertProbability, isDuration, throwIfProblem } from './checks.js';
import type { Distribution } from './distribution.js';
import { formatDuration } from './duration.js';
import { normalCdf, normalPdf, normalQuantile } from './normal-math.js';
import { RNG_MAX, type Rng } from './rng.js';

/**
 * Normal latency truncated at 0, e.g. `normal:mean=200ms,sd=50ms`: a normal with location `mu`
 * and scale `sd`, conditioned on being >= 0. `mean` and `quantile` are those of the truncated
 * distribution (so `mean` > `mu` when the cut matters). Sampled by the inverse CDF on the kept
 * range — one uniform per sample, no rejection loop and no state between samples.
 */
export class NormalDistribution implements Distribution {
  /** Canonical spec, e.g. `normal:mean=200ms,sd=50ms` (`mean` here is `mu`, before truncation). */
  readonly spec: string;
  /** Mean of the truncated distribution, ms: mu + sd·φ(mu/sd)/Φ(mu/sd). */
  readonly mean: number;
  /** Location (the mean before truncation), ms. */
  readonly mu: number;
  /** Scale (the standard deviation before truncation), ms. */
  readonly sd: number;
  /** Φ(-mu/sd): the probability mass cut off below 0. */
  readonly #cut: number;
  /** 1 - Φ(-mu/sd): the probability mass kept. */
  readonly #kept: number;

  /** Why `mu` and `sd` (ms) cannot parameterize a truncated normal, or `undefined` when they can. */
  static problem(mu: number, sd: number): string | undefined {
    if (!isDuration(mu)) return 'the mean must be a finite duration >= 0';
    if (!(sd > 0) || !Number.isFinite(sd)) return 'sd must be positive';
    // The kept mass is at least 1/2, so no sample goes beyond the quantile of (1 - RNG_MAX) / 2.
    if (!Number.isFinite(mu - sd * normalQuantile((1 - RNG_MAX) / 2))) {
      return 'the mean or sd is too large: samples would overflow';
    }
    return undefined;
  }

  /** @param mu location in ms, >= 0; @param sd scale in ms, > 0. Throws `RangeError` otherwise. */
  constructor(mu: number, sd: number) {
    throwIfProblem(NormalDistribution.problem(mu, sd));
    this.mu = mu;
    this.sd = sd;
    const a = -mu / sd;
    this.#cut = normalCdf(a);
    // mu >= 0 puts the cut at or below 0.5, so 1 - cut has no cancellation.
    this.#kept = 1 - this.#cut;
    this.mean = mu + (sd * normalPdf(a)) / this.#kept;
    this.spec = `normal:mean=${formatDuration(mu)},sd=${formatDuration(sd)}`;
  }

  /** Inverse CDF of one uniform; see `quantile`. */
  sample(rng: Rng): number {
    return this.#at(rng.next());
  }

  /** Quantile of the truncated distribution, ms: 0 at p = 0, Infinity at p = 1. */
  quantile(p: number): number {
    assertProbability(p);
    if (p === 0) return 0;
    return this.#at(p);
  }

  #at(p: number): number {
    const q = this.#cut + p * this.#kept;
    // Above the median, work with the upper tail mass (1 - p)·kept directly: forming q near 1 and
    // then 1 - q would throw away the tail's precision. One call site keeps the inlined code small.
    const lower = q <= 0.5;
    const z = normalQuantile(lower ? q : (1 - p) * this.#kept);
    const x = lower ? this.mu + this.sd * z : this.mu - this.sd * z;
    return x > 0 ? x : 0;
  }
}
