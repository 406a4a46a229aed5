import { isDuration, assertProbability, throwIfProblem } from './checks.js';
import type { Distribution } from './distribution.js';
import { formatDuration } from './duration.js';
import type { Rng } from './rng.js';

/** Always the same latency, e.g. `200ms`. */
export class ConstantDistribution implements Distribution {
  /** Canonical spec: the bare duration, e.g. `200ms`. */
  readonly spec: string;
  /** Equal to `value`, ms. */
  readonly mean: number;
  /** The latency, ms. */
  readonly value: number;

  /** Why `value` (ms) cannot be a constant latency, or `undefined` when it can. */
  static problem(value: number): string | undefined {
    return isDuration(value) ? undefined : 'the latency must be a finite duration >= 0';
  }

  /** @param value the latency in ms, finite and >= 0. Throws `RangeError` otherwise. */
  constructor(value: number) {
    throwIfProblem(ConstantDistribution.problem(value));
    this.value = value;
    this.mean = value;
    this.spec = formatDuration(value);
  }

  /** Returns `value`; still draws one uniform so every distribution consumes the stream alike. */
  sample(rng: Rng): number {
    rng.next();
    return this.value;
  }

  /** Returns `value` for every p in [0, 1]. */
  quantile(p: number): number {
    assertProbability(p);
    return this.value;
  }
}
