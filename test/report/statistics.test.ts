import { describe, expect, it } from 'vitest';
import { differsSignificantly, estimate, tQuantile975 } from '../../src/report/statistics.js';

describe('estimate', () => {
  it('when given replications, then the mean and the Student-t 95 % half-width are computed', () => {
    // mean 5, sample sd sqrt(2.5), n = 5, t(4) = 2.776.
    const e = estimate([3, 4, 5, 6, 7]);
    expect(e.mean).toBe(5);
    expect(e.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(e.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 12);
  });

  it('when there is one value, then there is no interval', () => {
    expect(estimate([42])).toEqual({ mean: 42, halfWidth: 0, sd: 0, n: 1 });
  });
});

describe('tQuantile975', () => {
  it.each([
    [1, 12.706],
    [10, 2.228],
    [30, 2.042],
    [40, 2.021],
    [120, 1.98],
    [1e9, 1.96],
  ])('when df is %d, then t is %d', (df, t) => {
    expect(tQuantile975(df)).toBeCloseTo(t, 2);
  });
});

describe('differsSignificantly (Welch)', () => {
  it('when two samples are far apart relative to their spread, then the difference is significant', () => {
    expect(differsSignificantly(estimate([10, 11, 9, 10, 10]), estimate([20, 21, 19, 20, 20]))).toBe(true);
  });

  it('when two samples overlap, then the difference is inside the noise', () => {
    expect(differsSignificantly(estimate([10, 12, 8, 11, 9]), estimate([10.5, 12.5, 8.5, 11.5, 9]))).toBe(false);
  });

  it('when either side has one value, then no verdict is given', () => {
    expect(differsSignificantly(estimate([1]), estimate([100, 101, 99]))).toBe(false);
  });
});
