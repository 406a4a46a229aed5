import { assertProbability, isDuration, throwIfProblem } from './checks.js';
import type { Distribution } from './distribution.js';
import { formatDuration } from './duration.js';
import { isPercentile, percentileKey, type PercentilePoint } from './percentile.js';
import type { Rng } from './rng.js';

/** A latency curve given as percentiles, e.g. p50=800ms, p90=1.5s, p99=4s, max=10s. */
export interface PercentileTable {
  /** At least one point; any order, each percentile at most once. */
  readonly points: readonly PercentilePoint[];
  /** Value at p0, ms; default 0. */
  readonly min?: number | undefined;
  /** Value at p100, ms; when absent, values above the last percentile are pinned at its value. */
  readonly max?: number | undefined;
}

/**
 * Latency from a percentile table, e.g. `p50=800ms,p90=1.5s,p99=4s,max=10s`: the inverse CDF is
 * piecewise linear through (0, min), the given points and (1, max). Without `max` the inverse CDF
 * is flat after the last point: every draw above the last percentile returns the last value, so
 * that value carries the remaining probability mass (1% for a table ending at p99).
 */
export class EmpiricalDistribution implements Distribution {
  /** Canonical spec, e.g. `min=10ms,p50=800ms,p99=4s,max=10s` (min omitted when 0). */
  readonly spec: string;
  /** Mean of the piecewise-linear curve, ms. */
  readonly mean: number;
  /** The given points, sorted by percentile. */
  readonly points: readonly PercentilePoint[];
  /** Value at p0, ms (0 unless given). */
  readonly min: number;
  /** Value at p100 as given, ms, or `undefined` (pinned at the last point). */
  readonly max: number | undefined;
  // Knots of the inverse CDF, from (0, min) to (1, max or last value).
  readonly #probs: Float64Array;
  readonly #values: Float64Array;

  /** Why `table` cannot describe a latency curve, or `undefined` when it can. */
  static problem(table: PercentileTable): string | undefined {
    const points = sortedPoints(table.points);
    const first = points[0];
    const last = points[points.length - 1];
    if (first === undefined || last === undefined) return 'a percentile table needs at least one pN=<duration>';
    for (const point of points) {
      const key = percentileKey(point.percentile);
      if (!isPercentile(point.percentile)) {
        return `${key} is not a percentile between 0 and 100 (exclusive); use min= and max= for the ends`;
      }
      if (!isDuration(point.value)) return `${key} must be a finite duration >= 0`;
    }
    for (let i = 1; i < points.length; i++) {
      const before = points[i - 1];
      const after = points[i];
      if (before === undefined || after === undefined) continue;
      if (before.percentile === after.percentile) return `${percentileKey(after.percentile)} is given twice`;
      if (after.value < before.value) {
        const [low, high] = [percentileKey(before.percentile), percentileKey(after.percentile)];
        return `${high} must not be below ${low}: values must not decrease as the percentile grows`;
      }
    }
    const { min, max } = table;
    if (min !== undefined) {
      if (!isDuration(min)) return 'min must be a finite duration >= 0';
      if (min > first.value) return `min must not exceed ${percentileKey(first.percentile)}`;
    }
    if (max !== undefined) {
      if (!isDuration(max)) return 'max must be a finite duration >= 0';
      if (max < last.value) return `max must not be below ${percentileKey(last.percentile)}`;
    }
    return undefined;
  }

  /** @param table percentile points in ms; throws `RangeError` on any problem listed by `problem`. */
  constructor(table: PercentileTable) {
    throwIfProblem(EmpiricalDistribution.problem(table));
    this.points = sortedPoints(table.points).map((p) => ({ percentile: p.percentile, value: p.value }));
    this.min = table.min ?? 0;
    this.max = table.max;
    const n = this.points.length + 2;
    this.#probs = new Float64Array(n);
    this.#values = new Float64Array(n);
    this.#values[0] = this.min;
    this.points.forEach((point, i) => {
      this.#probs[i + 1] = point.percentile / 100;
      this.#values[i + 1] = point.value;
    });
    this.#probs[n - 1] = 1;
    this.#values[n - 1] = this.max ?? this.points[this.points.length - 1]?.value ?? 0;

    let mean = 0;
    for (let i = 1; i < n; i++) {
      mean += (this.#probs[i]! - this.#probs[i - 1]!) * ((this.#values[i]! + this.#values[i - 1]!) / 2);
    }
    this.mean = mean;

    const parts: string[] = [];
    if (this.min !== 0) parts.push(`min=${formatDuration(this.min)}`);
    for (const p of this.points) parts.push(`${percentileKey(p.percentile)}=${formatDuration(p.value)}`);
    if (this.max !== undefined) parts.push(`max=${formatDuration(this.max)}`);
    this.spec = parts.join(',');
  }

  /** Inverse CDF of one uniform; see `quantile`. */
  sample(rng: Rng): number {
    return this.#at(rng.next());
  }

  /** Linear interpolation between the knots, ms: `min` at p = 0, `max` (or the last value) at 1. */
  quantile(p: number): number {
    assertProbability(p);
    return this.#at(p);
  }

  #at(p: number): number {
    const probs = this.#probs;
    const values = this.#values;
    // Tables are short, so a forward scan beats a binary search; probs ends at 1 >= p, so it stops.
    let i = 1;
    while (p > probs[i]!) i++;
    const p1 = probs[i]!;
    const v1 = values[i]!;
    // Exactly at a knot, return its value rather than an interpolation that rounds near it.
    if (p === p1) return v1;
    const p0 = probs[i - 1]!;
    const v0 = values[i - 1]!;
    return v0 + (v1 - v0) * ((p - p0) / (p1 - p0));
  }
}

function sortedPoints(points: readonly PercentilePoint[]): PercentilePoint[] {
  return [...points].sort((a, b) => a.percentile - b.percentile);
}
