import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConstantDistribution } from '../../src/dist/constant.js';
import type { Distribution } from '../../src/dist/distribution.js';
import { EmpiricalDistribution } from '../../src/dist/empirical.js';
import { ExponentialDistribution } from '../../src/dist/exponential.js';
import { LognormalDistribution } from '../../src/dist/lognormal.js';
import { NormalDistribution } from '../../src/dist/normal.js';
import { normalCdf, normalPdf } from '../../src/dist/normal-math.js';
import { ParetoDistribution } from '../../src/dist/pareto.js';
import { RNG_MAX, RNG_MIN, createRng, openUnitFromBits, type Rng } from '../../src/dist/rng.js';
import { parseLatency } from '../../src/dist/spec.js';
import { UniformDistribution } from '../../src/dist/uniform.js';

/** Samples per statistical check. */
const N = 200_000;
/** Every tolerance below is this many standard errors: a two-sided miss chance of about 6e-5 per check. */
const Z = 4;
/** Fixed, so a check that passes once passes forever; any seed would do. */
const SEED = 20240601;

/** Standard deviation of a normal(mu, sd) truncated to [0, ∞), ms. */
function truncatedNormalSd(mu: number, sd: number): number {
  const a = -mu / sd;
  const lambda = normalPdf(a) / (1 - normalCdf(a));
  return sd * Math.sqrt(1 + a * lambda - lambda * lambda);
}

/** Standard deviation of a piecewise-linear inverse CDF through the table's knots, ms. */
function tableSd(d: EmpiricalDistribution): number {
  const knots: Array<[number, number]> = [[0, d.min]];
  for (const p of d.points) knots.push([p.percentile / 100, p.value]);
  knots.push([1, d.max ?? d.points[d.points.length - 1]?.value ?? 0]);
  let secondMoment = 0;
  for (let i = 1; i < knots.length; i++) {
    const [p0, v0] = knots[i - 1] ?? [0, 0];
    const [p1, v1] = knots[i] ?? [0, 0];
    // Over a linear segment, E[X²] = (v0² + v0·v1 + v1²) / 3 times the segment's probability.
    secondMoment += ((p1 - p0) * (v0 * v0 + v0 * v1 + v1 * v1)) / 3;
  }
  return Math.sqrt(secondMoment - d.mean * d.mean);
}

interface Case {
  readonly spec: string;
  /** Theoretical standard deviation, ms; Infinity when the variance does not exist. */
  readonly sd: (d: Distribution) => number;
  /** Theoretical mean the parser must produce, ms (checked independently of `d.mean`). */
  readonly mean: number;
}

const lognormalSd = (d: Distribution): number => {
  const { sigma } = d as LognormalDistribution;
  return d.mean * Math.sqrt(Math.expm1(sigma * sigma));
};

const CASES: readonly Case[] = [
  { spec: '200ms', mean: 200, sd: () => 0 },
  { spec: 'exp:200ms', mean: 200, sd: () => 200 },
  { spec: 'uniform:100ms..300ms', mean: 200, sd: () => 200 / Math.sqrt(12) },
  // Barely truncated: P(X < 0) = Φ(-4), so the mean moves by only 0.0067 ms.
  { spec: 'normal:mean=200ms,sd=50ms', mean: 200 + (50 * normalPdf(4)) / normalCdf(4), sd: () => truncatedNormalSd(200, 50) },
  // Heavily truncated (Φ(-2/3) = 25% cut): the mean is 164 ms, not 100 ms.
  {
    spec: 'normal:mean=100ms,sd=150ms',
    mean: 100 + (150 * normalPdf(2 / 3)) / normalCdf(2 / 3),
    sd: () => truncatedNormalSd(100, 150),
  },
  // Half-normal: mean sd·sqrt(2/π).
  { spec: 'normal:mean=0ms,sd=100ms', mean: 100 * Math.sqrt(2 / Math.PI), sd: () => 100 * Math.sqrt(1 - 2 / Math.PI) },
  // sigma = ln(6000/800) / Φ⁻¹(0.99); mean = 800·exp(sigma²/2).
  { spec: 'lognormal:p50=800ms,p99=6s', mean: 800 * Math.exp((Math.log(7.5) / 2.3263478740408408) ** 2 / 2), sd: lognormalSd },
  { spec: 'lognormal:p50=800ms,sigma=1.2', mean: 800 * Math.exp(0.72), sd: lognormalSd },
  // alpha = 1.5: the variance is infinite, so no standard error exists for the sample mean and
  // the mean is not checked; the median and percentiles (binomial counts) still are.
  { spec: 'pareto:min=100ms,alpha=1.5', mean: 300, sd: () => Infinity },
  // alpha = 3: finite variance min²·α / ((α-1)²(α-2)) = 7500 ms².
  { spec: 'pareto:min=100ms,alpha=3', mean: 150, sd: () => Math.sqrt(7500) },
  {
    spec: 'p50=800ms,p90=1.5s,p99=4s,max=10s',
    mean: 0.5 * 400 + 0.4 * 1150 + 0.09 * 2750 + 0.01 * 7000,
    sd: (d) => tableSd(d as EmpiricalDistribution),
  },
  // No max: the last 1% is pinned at 4 s, an atom the percentile check must handle.
  {
    spec: 'min=100ms,p50=800ms,p99=4s',
    mean: 0.5 * 450 + 0.49 * 2400 + 0.01 * 4000,
    sd: (d) => tableSd(d as EmpiricalDistribution),
  },
];

const PERCENTILES = [0.1, 0.5, 0.9, 0.99];

function sortedSample(d: Distribution, seed: number, n: number): { sorted: Float64Array; mean: number } {
  const rng = createRng(seed);
  const values = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = d.sample(rng);
    values[i] = x;
    sum += x;
  }
  return { sorted: values.sort(), mean: sum / n };
}

/** Index of the first element of `sorted` for which `before(element)` is false. */
function partitionPoint(sorted: Float64Array, before: (x: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(sorted[mid] ?? NaN)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An Rng that replays fixed values and counts the draws. */
class ScriptedRng implements Rng {
  draws = 0;
  constructor(private readonly values: readonly number[]) {}
  next(): number {
    const value = this.values[this.draws % this.values.length] ?? 0.5;
    this.draws++;
    return value;
  }
}

// Values createRng can return (cell centres (k + 0.5)/2^52), for which 1 - u is exact.
const GRID = [RNG_MIN, openUnitFromBits(0, 12_345), 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999, RNG_MAX];

describe.each(CASES)('$spec', ({ spec, mean, sd }) => {
  const d = parseLatency(spec);
  const { sorted, mean: sampleMean } = sortedSample(d, SEED, N);

  it('when its mean is read, then it equals the theoretical mean to 1e-6 relative', () => {
    // Not tighter: the truncated normal's mean goes through normalCdf, accurate to 1.2e-7 relative.
    expect(Math.abs(d.mean - mean)).toBeLessThanOrEqual(1e-6 * mean);
  });

  it(`when ${N} samples are averaged, then the mean is within ${Z} standard errors (sd/sqrt(n)) of the theoretical mean`, () => {
    const sigma = sd(d);
    if (!Number.isFinite(sigma)) {
      // Infinite variance: the sample mean has no standard error, so there is nothing to bound.
      return;
    }
    const tolerance = (Z * sigma) / Math.sqrt(N);
    expect(Math.abs(sampleMean - d.mean)).toBeLessThanOrEqual(tolerance);
  });

  it.each(PERCENTILES)(
    `when ${N} samples are drawn, then the share below quantile(%d) is within ${Z}·sqrt(p(1-p)/n) of p`,
    (p) => {
      // The count below x_p is binomial(n, F(x_p)) with F(x_p) = p, so its share has standard
      // error sqrt(p(1-p)/n). With an atom at x_p (constant, pinned tables) F jumps over p:
      // require P(X < x_p) <= p <= P(X <= x_p), each up to the same tolerance.
      const x = d.quantile(p);
      const tolerance = Z * Math.sqrt((p * (1 - p)) / N);
      const below = partitionPoint(sorted, (v) => v < x) / N;
      const atMost = partitionPoint(sorted, (v) => v <= x) / N;
      expect(below).toBeLessThanOrEqual(p + tolerance);
      expect(atMost).toBeGreaterThanOrEqual(p - tolerance);
    },
  );

  it('when a sample is drawn from uniform u, then it is quantile(u) and exactly one uniform is used', () => {
    for (const u of GRID) {
      const rng = new ScriptedRng([u]);
      const x = d.sample(rng);
      expect(rng.draws).toBe(1);
      const q = d.quantile(u);
      expect(Math.abs(x - q)).toBeLessThanOrEqual(1e-12 * Math.abs(q));
    }
  });

  it('when p increases from 0 to 1, then quantile(p) never decreases and starts at >= 0', () => {
    let previous = d.quantile(0);
    expect(previous).toBeGreaterThanOrEqual(0);
    for (let i = 1; i <= 10_000; i++) {
      const q = d.quantile(i / 10_000);
      expect(q).toBeGreaterThanOrEqual(previous);
      previous = q;
    }
  });

  it('when p is outside [0, 1], then quantile throws a RangeError', () => {
    for (const p of [-0.01, 1.01, NaN]) expect(() => d.quantile(p)).toThrow(RangeError);
  });

  it('when the uniform is at either extreme, then the sample is finite and >= 0', () => {
    for (const u of [RNG_MIN, RNG_MAX, 1e-300, 1 - 2 ** -53]) {
      const x = d.sample(new ScriptedRng([u]));
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it('when the same seed is replayed on the same instance, then the samples repeat (no hidden state)', () => {
    const draw = (): number[] => {
      const rng = createRng(99);
      return Array.from({ length: 101 }, () => d.sample(rng));
    };
    expect(draw()).toEqual(draw());
  });
});

describe('samples for any seed', () => {
  it('when any seed drives any example distribution, then every sample is finite and >= 0', () => {
    const distributions = CASES.map((c) => parseLatency(c.spec));
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.constantFrom(...distributions), (seed, d) => {
        const rng = createRng(seed);
        for (let i = 0; i < 200; i++) {
          const x = d.sample(rng);
          expect(Number.isFinite(x) && x >= 0).toBe(true);
        }
      }),
    );
  });
});

describe('distribution specifics', () => {
  it('when a lognormal is fixed by p50 and p99, then its quantiles pass through both points', () => {
    const d = parseLatency('lognormal:p50=800ms,p99=6s');
    expect(d.quantile(0.5)).toBeCloseTo(800, 9);
    expect(d.quantile(0.99)).toBeCloseTo(6000, 9);
  });

  it('when a lognormal is fixed by p90, p99.9 given in any order, then it passes through both', () => {
    const d = new LognormalDistribution([
      { percentile: 99.9, value: 5000 },
      { percentile: 90, value: 1000 },
    ]);
    expect(d.spec).toBe('lognormal:p90=1s,p99.9=5s');
    expect(d.quantile(0.9)).toBeCloseTo(1000, 9);
    expect(d.quantile(0.999)).toBeCloseTo(5000, 9);
  });

  it('when pareto has alpha <= 1, then its mean is Infinity but its quantiles are finite below 1', () => {
    const d = new ParetoDistribution(10, 1);
    expect(d.mean).toBe(Infinity);
    expect(d.quantile(0.5)).toBeCloseTo(20, 12);
    expect(d.quantile(1)).toBe(Infinity);
  });

  it('when a table has knots, then quantile returns the knot values exactly', () => {
    const d = parseLatency('min=10ms,p50=800ms,p90=1.5s,p99=4s,max=10s');
    expect([0, 0.5, 0.9, 0.99, 1].map((p) => d.quantile(p))).toEqual([10, 800, 1500, 4000, 10_000]);
    expect(d.quantile(0.7)).toBeCloseTo(1150, 9);
  });

  it('when a table has no max, then every value above the last percentile is pinned at it', () => {
    const d = parseLatency('p50=800ms,p99=4s');
    expect([0.99, 0.995, 0.999999, 1].map((p) => d.quantile(p))).toEqual([4000, 4000, 4000, 4000]);
    expect(d.quantile(0)).toBe(0);
  });

  it('when a normal is truncated at 0, then quantile(0) is 0 and the mean is above mu', () => {
    const d = new NormalDistribution(100, 150);
    expect(d.quantile(0)).toBe(0);
    expect(d.mean).toBeGreaterThan(160);
    expect(d.quantile(0.5)).toBeGreaterThan(100);
  });

  it('when a normal sits far from 0, then it is the plain normal (mean mu, median mu)', () => {
    const d = new NormalDistribution(10_000, 10);
    expect(d.mean).toBe(10_000);
    expect(d.quantile(0.5)).toBeCloseTo(10_000, 9);
    expect(d.quantile(0.975)).toBeCloseTo(10_000 + 10 * 1.959963984540054, 6);
  });

  it('when exp is asked for quantile(p), then it is -mean·ln(1-p)', () => {
    const d = new ExponentialDistribution(200);
    expect(d.quantile(0.5)).toBeCloseTo(200 * Math.LN2, 12);
    expect(d.quantile(0)).toBe(0);
    expect(d.quantile(1)).toBe(Infinity);
  });

  it.each<[string, () => Distribution]>([
    ['constant -1', () => new ConstantDistribution(-1)],
    ['constant NaN', () => new ConstantDistribution(NaN)],
    ['exp 0', () => new ExponentialDistribution(0)],
    ['exp Infinity', () => new ExponentialDistribution(Infinity)],
    ['uniform 3..1', () => new UniformDistribution(3, 1)],
    ['normal sd 0', () => new NormalDistribution(1, 0)],
    ['normal mu -1', () => new NormalDistribution(-1, 1)],
    ['lognormal one point', () => new LognormalDistribution([{ percentile: 50, value: 1 }])],
    ['lognormal decreasing', () => new LognormalDistribution([{ percentile: 50, value: 2 }, { percentile: 99, value: 1 }])],
    ['pareto alpha 0', () => new ParetoDistribution(1, 0)],
    ['empirical empty', () => new EmpiricalDistribution({ points: [] })],
    ['empirical p100', () => new EmpiricalDistribution({ points: [{ percentile: 100, value: 1 }] })],
  ])('when constructing %s, then it throws a RangeError', (_name, make) => {
    expect(make).toThrow(RangeError);
  });
});
