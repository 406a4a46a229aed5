import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/index.js';
import { mmc } from '../support/erlang.js';
import { testConfig } from '../support/config.js';

/**
 * M/M/c runs against the Erlang C formula. Each point runs R independent replications (seeds
 * 1..R); the replication estimates are independent, so the standard error of their average is
 * sd/√R, and we accept |estimate − theory| ≤ Z·SE (plus the histogram's 0.1 % resolution for
 * percentiles). Z is Student's t with R − 1 = 29 degrees of freedom at a two-sided 1.25e-4 per
 * check: 16 checks (4 points × 4 figures) at a Bonferroni family-wise error rate of 0.2 %. The tolerance comes from the sample, not from trial and error, and each point
 * also asserts the tolerance is tight enough (relative half-width below a bound) for the check to
 * mean something. The first 10 % of each run is warm-up, left out so the empty start does not
 * bias the steady-state figures.
 */
const R = 30;
const Z = 4.5;
const MEAN_SERVICE_MS = 200;

interface Point {
  readonly c: number;
  readonly load: number;
  readonly requests: number;
}

const POINTS: readonly Point[] = [
  { c: 1, load: 0.5, requests: 40_000 },
  { c: 10, load: 0.8, requests: 60_000 },
  { c: 40, load: 0.9, requests: 200_000 },
  { c: 40, load: 0.95, requests: 400_000 },
];

function meanAndSe(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

describe.each(POINTS)('M/M/$c at load $load', ({ c, load, requests }) => {
  const ratePerSec = (load * c * 1000) / MEAN_SERVICE_MS;
  const theory = mmc(c, ratePerSec / 1000, MEAN_SERVICE_MS);
  const warmupMs = ((requests / ratePerSec) * 1000) / 10;
  const runs = Array.from({ length: R }, (_, i) =>
    simulate(
      testConfig({
        seed: 1 + i,
        capacity: c,
        workload: { kind: 'poisson', ratePerSec },
        latency: `exp:${MEAN_SERVICE_MS}ms`,
        requests,
        warmupMs,
      }),
    ),
  );

  it('when Poisson traffic meets exponential service, then P(wait > 0) agrees with Erlang C', () => {
    const { mean, se } = meanAndSe(runs.map((r) => r.requests.queued / r.requests.issued));
    expect(Z * se).toBeLessThan(0.1 * theory.pWait);
    expect(Math.abs(mean - theory.pWait)).toBeLessThanOrEqual(Z * se);
  });

  it('when Poisson traffic meets exponential service, then the mean wait agrees with Erlang C', () => {
    const { mean, se } = meanAndSe(runs.map((r) => r.wait.mean));
    expect(Z * se).toBeLessThan(0.2 * theory.meanWaitMs);
    expect(Math.abs(mean - theory.meanWaitMs)).toBeLessThanOrEqual(Z * se);
  });

  it('when Poisson traffic meets exponential service, then the p99 wait agrees with Erlang C', () => {
    const { mean, se } = meanAndSe(runs.map((r) => r.wait.p99));
    const expected = theory.waitQuantileMs(0.99);
    expect(Z * se).toBeLessThan(0.2 * expected);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(Z * se + 0.001 * expected);
  });

  it("when the run is long, then Little's law holds for the time-weighted queue length", () => {
    // L = λ·W with λ the measured arrival rate: with warm-up excluded, only edge effects remain.
    const { mean, se } = meanAndSe(runs.map((r) => r.waiting.mean - (r.requests.issued / r.measuredMs) * r.wait.mean));
    expect(Math.abs(mean)).toBeLessThanOrEqual(Z * se + 0.01 * theory.meanWaitMs * (ratePerSec / 1000));
  });
});
