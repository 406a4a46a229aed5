import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseRate } from '../../src/dist/rate.js';

describe('parseRate', () => {
  it.each([
    ['100', 100],
    ['100/s', 100],
    ['6000/m', 100],
    ['6000/min', 100],
    ['360000/h', 100],
    [' 2.5 / s ', 2.5],
    ['0.5', 0.5],
    ['1/m', 1 / 60],
    ['1e3', 1000],
  ])('when given "%s", then it is %d per second', (text, perSecond) => {
    expect(parseRate(text)).toBe(perSecond);
  });

  it.each([
    ['0', '"0": a rate must be positive'],
    ['0/s', 'a rate must be positive'],
    ['-5', 'a rate must be positive'],
    ['1e-400', 'a rate must be positive'],
    ['', 'not a rate; accepted: a positive number per second, like 100, 100/s, 6000/m or 360000/h'],
    ['abc', 'not a rate'],
    ['NaN', 'not a rate'],
    ['Infinity', 'not a rate'],
    ['100 per second', 'not a rate'],
    ['100rps', 'not a rate'],
    ['1e999', 'a rate must be finite'],
    ['100/sec', 'unknown unit "/sec" (did you mean "/s"?)'],
    ['100/hr', 'unknown unit "/hr" (did you mean "/h"?)'],
    ['100/day', 'unknown unit "/day"; accepted: /s, /m (or /min), /h'],
    ['100/', 'unknown unit "/"'],
  ])('when given "%s", then it throws an InputError saying %s', (text, message) => {
    expect(() => parseRate(text)).toThrow(InputError);
    expect(() => parseRate(text)).toThrow(message);
  });
});
