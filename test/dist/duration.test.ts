import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatDuration, parseDuration } from '../../src/dist/duration.js';

describe('parseDuration', () => {
  it.each([
    ['200ms', 200],
    ['1.5s', 1500],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['250μs', 0.25],
    ['2m', 120_000],
    ['2min', 120_000],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['0.0', 0],
    ['0s', 0],
    [' 200ms\t', 200],
    ['200 ms', 200],
    ['.5s', 500],
    ['1.s', 1000],
    ['2e3ms', 2000],
    ['1E-3s', 1],
    ['1.005s', 1005],
    ['0.1m', 6000],
    ['1e-7ms', 1e-7],
  ])('when given "%s", then it is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['200', '"200": a duration needs a unit, e.g. "200ms"'],
    ['1.5', '"1.5": a duration needs a unit, e.g. "1.5ms"'],
    ['-5ms', '"-5ms": a duration must not be negative'],
    ['-0', 'must not be negative'],
    ['', 'must be a number with a unit (us, ms, s, m or min, h), e.g. "200ms"'],
    ['   ', 'must be a number with a unit'],
    ['ms', 'must be a number with a unit'],
    ['abc', 'must be a number with a unit'],
    ['NaN', 'must be a number with a unit'],
    ['Infinity', 'must be a number with a unit'],
    ['Infinityms', 'must be a number with a unit'],
    ['+5ms', 'must be a number with a unit'],
    ['0x10ms', 'must be a number with a unit'],
    ['5x', 'unknown unit "x"; accepted units'],
    ['1..5s', 'must be a number with a unit'],
    ['5ms5', 'must be a number with a unit'],
    ['1e999', '"1e999": a duration is too large'],
    ['1e999ms', 'is too large'],
    ['1e306h', 'is too large'],
    ['200msec', 'unknown unit "msec" (did you mean "ms"?); accepted units: us, ms, s, m (or min), h'],
    ['2 mins', 'unknown unit "mins" (did you mean "m"?)'],
    ['2sec', 'unknown unit "sec" (did you mean "s"?)'],
    ['2hours', 'unknown unit "hours" (did you mean "h"?)'],
    ['200MS', 'unknown unit "MS" (did you mean "ms"?)'],
    ['5ns', 'unknown unit "ns" (did you mean "us"?)'],
    ['5days', 'unknown unit "days"; accepted units'],
  ])('when given "%s", then it throws an InputError saying %s', (text, message) => {
    expect(() => parseDuration(text)).toThrow(InputError);
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [-0, '0ms'],
    [200, '200ms'],
    [12.5, '12.5ms'],
    [1, '1ms'],
    [999.999, '999.999ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [1234, '1.234s'],
    [1234.5, '1234.5ms'],
    [59_000, '59s'],
    [60_000, '1m'],
    [90_000, '90s'],
    [120_000, '2m'],
    [3_600_000, '1h'],
    [5_400_000, '90m'],
    [7_200_000, '2h'],
    [0.25, '250us'],
    [0.0005, '0.5us'],
    [0.1 + 0.2, '0.30000000000000004ms'],
    [1e-10, '1e-10ms'],
    [1e25, '1e+25ms'],
  ])('when given %d ms, then it writes "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([-1, NaN, Infinity, -Infinity])('when given %d, then it throws a RangeError', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });

  it('when any finite non-negative double is formatted, then parsing gives back exactly the same value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms === 0 ? 0 : ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('when a whole number of microseconds up to a day is formatted, then it round-trips and uses a nice unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400_000_000 }), (us) => {
        const ms = us / 1000;
        const text = formatDuration(ms);
        expect(parseDuration(text)).toBe(ms);
        expect(text).toMatch(/^\d+(\.\d{1,3})?(us|ms|s|m|h)$/);
      }),
      { numRuns: 2000 },
    );
  });
});
