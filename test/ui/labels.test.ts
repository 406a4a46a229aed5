import { describe, expect, it } from 'vitest';
import { binLabel, columns, formatSpeed } from '../../src/ui/labels.js';

describe('formatSpeed', () => {
  it.each([
    [1, '1×'],
    [0.5, '0.5×'],
    [0.125, '0.125×'],
    [0.1 * 2 ** 4, '1.6×'],
    [1024, '1024×'],
  ])('when the speed is %s, then it reads %s', (speed, text) => {
    expect(formatSpeed(speed)).toBe(text);
  });
});

describe('binLabel', () => {
  it.each([
    [{ fromMs: 0, toMs: 0.001, count: 1 }, 'no wait'],
    [{ fromMs: 0.001, toMs: 12.3, count: 1 }, '< 12.3 ms'],
    [{ fromMs: 200, toMs: Infinity, count: 1 }, '≤ 845 ms'],
  ])('when the bin is %j, then its label is %s', (bin, label) => {
    expect(binLabel(bin, 845)).toBe(label);
  });
});

describe('columns', () => {
  it('when text has multi-byte characters, then each code point counts one column', () => {
    expect(columns('█░ ±')).toBe(4);
  });
});
