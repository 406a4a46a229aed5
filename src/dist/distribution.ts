import type { Rng } from './rng.js';

/**
 * A latency distribution. All values are milliseconds (float64). Implementations keep any
 * sampling state in fields (never allocate per sample): `sample` sits in the engine's hot loop.
 */
export interface Distribution {
  /** Canonical spec string that parses back to this distribution, e.g. `exp:200ms`. */
  readonly spec: string;
  /** Theoretical mean in ms (Infinity when it does not exist, e.g. pareto alpha <= 1). */
  readonly mean: number;
  /** Draws one value in ms, >= 0. */
  sample(rng: Rng): number;
  /** Theoretical quantile in ms for p in [0, 1] (p = 1 may be Infinity). */
  quantile(p: number): number;
}
