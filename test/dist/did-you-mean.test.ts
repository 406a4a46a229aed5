import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanHint, editDistance } from '../../src/dist/did-you-mean.js';

const NAMES = ['const', 'exp', 'uniform', 'normal', 'lognormal', 'pareto', 'table'];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['exp', 'exp', 0],
    ['', 'abc', 3],
    ['exp', 'epx', 1],
    ['kitten', 'sitting', 3],
    ['normal', 'lognormal', 3],
    ['ab', 'ba', 1],
  ])('when comparing "%s" and "%s", then the distance is %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('didYouMean', () => {
  it.each([
    ['expo', NAMES, 'exp'],
    ['epx', NAMES, 'exp'],
    ['lognromal', NAMES, 'lognormal'],
    ['Uniform', NAMES, 'uniform'],
    ['normla', NAMES, 'normal'],
    ['sdev', ['mean', 'sd'], 'sd'],
    ['msec', ['us', 'ms', 's'], 'ms'],
    ['x', ['s', 'm'], undefined],
    ['gamma', NAMES, undefined],
    ['weibull', NAMES, undefined],
    ['ab', ['xy', 'ac', 'ad'], 'ac'],
  ])('when the input is "%s", then the suggestion is %s', (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });

  it('when maxDistance is raised, then farther candidates are suggested', () => {
    expect(didYouMean('paretto-x', NAMES)).toBeUndefined();
    expect(didYouMean('paretto-x', NAMES, 3)).toBe('pareto');
  });
});

describe('didYouMeanHint', () => {
  it.each([
    ['expo', ' (did you mean "exp"?)'],
    ['gamma', ''],
  ])('when the input is "%s", then the hint is "%s"', (input, expected) => {
    expect(didYouMeanHint(input, NAMES)).toBe(expected);
  });
});
