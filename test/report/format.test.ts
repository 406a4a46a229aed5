import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount, formatDuration, formatPercent, sig3 } from '../../src/report/format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [0.0004, '0.400 µs'],
    [0.85, '850 µs'],
    [0.9996, '1.00 ms'],
    [12.34, '12.3 ms'],
    [9.996, '10.0 ms'],
    [800, '800 ms'],
    [999.6, '1.00 s'],
    [1500, '1.50 s'],
    [59_990, '1.00 min'],
    [150_000, '2.50 min'],
    [3_599_000, '1.00 h'],
    [7_200_000, '2.00 h'],
    [Infinity, '∞'],
  ])('when %d ms is formatted, then it reads %j (unit picked after rounding)', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('numbers', () => {
  it.each([
    [0, '0'],
    [1073.4, '1070'],
    [999.7, '1000'],
    [0.012345, '0.0123'],
    [-4.567, '-4.57'],
  ])('when sig3(%d), then %j', (x, text) => {
    expect(sig3(x)).toBe(text);
  });

  it.each([
    [950, '950'],
    [12_345, '12.3k'],
    [4_560_000, '4.56M'],
    [1.2e9, '1.20G'],
  ])('when formatCompact(%d), then %j', (x, text) => {
    expect(formatCompact(x)).toBe(text);
  });

  it('when counts and fractions are formatted, then they get separators and one decimal', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0.9753)).toBe('97.5 %');
  });
});
