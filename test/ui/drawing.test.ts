import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cells, sparkline, split } from '../../src/ui/drawing.js';

describe('cells', () => {
  it.each([
    [0, 2, 1, ''],
    [1, 2, 1, '██'],
    [3, 2, 1, '██ ██ ██'],
    [3, 1, 0, '███'],
    [2, 3, 1, '███ ███'],
  ])('when drawing %s cells %s wide with a gap of %s, then the row is "%s"', (n, width, gap, expected) => {
    expect(cells(n, '█', width, gap)).toBe(expected);
  });
});

describe('split', () => {
  it.each([
    [0, 10, 0],
    [1, 10, 10],
    [0.5, 10, 5],
    [0.01, 10, 1],
    [0.99, 10, 9],
    [2, 10, 10],
    [Number.NaN, 10, 0],
  ])('when the fraction is %s of %s columns, then %s are filled', (fraction, width, filled) => {
    expect(split(fraction, width)).toEqual({ filled, empty: width - filled });
  });

  it('when any fraction splits any width, then filled + empty = width and neither is negative', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 2, noNaN: true }), fc.integer({ min: 0, max: 500 }), (f, w) => {
        const { filled, empty } = split(f, w);
        expect(filled + empty).toBe(w);
        expect(filled).toBeGreaterThanOrEqual(0);
        expect(empty).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('sparkline', () => {
  it('when values go from 0 to the max, then the levels go from the lowest to the full block, newest on the right', () => {
    expect(sparkline([0, 1, 20, 40], 40, 4)).toBe('▁▂▅█');
  });

  it('when there are fewer samples than columns, then it is right-aligned; more, then the newest are kept', () => {
    expect(sparkline([40], 40, 3)).toBe('  █');
    expect(sparkline([0, 0, 40, 40], 40, 2)).toBe('██');
  });

  it('when the max is 0, then everything is drawn at the lowest level', () => {
    expect(sparkline([0, 0], 0, 2)).toBe('▁▁');
  });
});
