import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalPdf, normalQuantile } from '../../src/dist/normal-math.js';

/** Relative difference, with an absolute floor for values at 0. */
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

describe('normalQuantile', () => {
  // Reference values from scipy.stats.norm.ppf.
  it.each([
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-10, -6.361340902404056],
    [1e-5, -4.264890793922825],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.7, 0.5244005127080407],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
    [0.9999999999, 6.361340889697422],
  ])('when p = %d, then the quantile is %d to 1e-14 relative', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(1e-14);
  });

  it.each([
    [0, -Infinity],
    [0.5, 0],
    [1, Infinity],
    [-0.1, NaN],
    [1.1, NaN],
    [NaN, NaN],
  ])('when p = %d, then the quantile is %d', (p, expected) => {
    expect(normalQuantile(p)).toBe(expected);
  });

  it('when p and 1 - p are both exact, then the quantiles are mirror images', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 20 - 1 }), (k) => {
        const p = k / 2 ** 20;
        expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
      }),
    );
  });
});

describe('normalCdf', () => {
  // Reference values from scipy.stats.norm.cdf; erfcc promises 1.2e-7 relative error.
  it.each([
    [-37, 5.7255712225239266e-300],
    [-20, 2.7536241186061556e-89],
    [-10, 7.61985302416047e-24],
    [-5, 2.866515718791933e-7],
    [-2, 0.022750131948179195],
    [-1, 0.15865525393145707],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [3, 0.9986501019683699],
    [8, 0.9999999999999993],
  ])('when x = %d, then the CDF is %d to 1.2e-7 relative', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1.2e-7);
  });

  it('when x is ±Infinity, then the CDF is 0 or 1', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });

  it('when the CDF is applied to the quantile of p, then p comes back to 1.2e-7 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1 - 2 ** -40, noNaN: true }), (p) => {
        expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1.2e-7);
      }),
    );
  });

  it('when x grows, then the CDF never decreases', () => {
    let previous = 0;
    for (let x = -40; x <= 10; x += 0.01) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
  });
});

describe('erfc and normalPdf', () => {
  it.each([
    [0, 1],
    [1, 0.15729920705028516],
    [-1, 1.8427007929497148],
    [3, 2.209049699858544e-5],
  ])('when x = %d, then erfc is %d to 1.2e-7 relative', (x, expected) => {
    expect(relativeError(erfc(x), expected)).toBeLessThan(1.2e-7);
  });

  it.each([
    [0, 0.3989422804014327],
    [1, 0.24197072451914337],
    [-2, 0.05399096651318806],
  ])('when x = %d, then the density is %d', (x, expected) => {
    expect(normalPdf(x)).toBeCloseTo(expected, 15);
  });
});
