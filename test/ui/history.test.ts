import { describe, expect, it } from 'vitest';
import { LevelHistory, SampleRing } from '../../src/ui/history.js';

describe('SampleRing', () => {
  it('when more samples are pushed than it holds, then the oldest are dropped and last(n) reads oldest first', () => {
    const ring = new SampleRing(3);
    for (const v of [1, 2, 3, 4, 5]) ring.push(v);
    expect(ring.size).toBe(3);
    expect(ring.last(3)).toEqual([3, 4, 5]);
    expect(ring.last(2)).toEqual([4, 5]);
    expect(ring.last(10)).toEqual([3, 4, 5]);
  });

  it('when cleared, then it is empty', () => {
    const ring = new SampleRing(2);
    ring.push(1);
    ring.clear();
    expect(ring.last(2)).toEqual([]);
  });

  it('when the capacity is not a positive integer, then it throws', () => {
    expect(() => new SampleRing(0)).toThrow(RangeError);
  });
});

describe('LevelHistory', () => {
  it('when virtual time has not moved (paused), then no sample is added', () => {
    const history = new LevelHistory(10);
    history.sample({ now: 0, inUse: 1, waiting: 0 });
    history.sample({ now: 0, inUse: 2, waiting: 0 });
    history.sample({ now: 5, inUse: 3, waiting: 7 });
    expect(history.inUse.last(10)).toEqual([1, 3]);
    expect(history.waiting.last(10)).toEqual([0, 7]);
    history.clear();
    history.sample({ now: 5, inUse: 4, waiting: 0 });
    expect(history.inUse.last(10)).toEqual([4]);
  });
});
