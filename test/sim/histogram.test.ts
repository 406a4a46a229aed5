import * as hdr from 'hdr-histogram-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/sim/histogram.js';

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

/** The reference: hdr-histogram-js with 3 significant digits, values in µs. */
function reference(valuesUs: readonly number[]) {
  const h = hdr.build({ numberOfSignificantValueDigits: 3, bitBucketSize: 64 });
  for (const v of valuesUs) h.recordValue(v);
  return h;
}

describe('LatencyHistogram', () => {
  it('when values span µs to hours, then every percentile equals hdr-histogram-js (clamped to the exact min/max)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2 ** 31, max: 2 ** 40 })), {
          minLength: 1,
          maxLength: 400,
        }),
        (valuesUs) => {
          const ours = new LatencyHistogram();
          for (const v of valuesUs) ours.record(v / 1000);
          const ref = reference(valuesUs);
          const min = Math.min(...valuesUs) / 1000;
          const max = Math.max(...valuesUs) / 1000;
          for (const p of PERCENTILES) {
            const expected = Math.min(Math.max(ref.getValueAtPercentile(p) / 1000, min), max);
            expect(ours.percentileMs(p)).toBe(expected);
          }
          expect(ours.count).toBe(valuesUs.length);
          expect(ours.maxMs).toBe(max);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('when 200 ms is recorded, then p50 reads 200 ms exactly, not the bucket edge', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 10; i++) h.record(200);
    expect(h.percentileMs(50)).toBe(200);
    expect(h.percentileMs(99.9)).toBe(200);
    expect(h.meanMs).toBe(200);
  });

  it('when a value is recorded, then its bucket is within 0.1 % of it (3 significant digits)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e9, noNaN: true }), (ms) => {
        const h = new LatencyHistogram();
        h.record(ms);
        h.record(ms * 4);
        let low = 0;
        let high = 0;
        h.forEachBucket((l, hi) => {
          if (low === 0) [low, high] = [l, hi];
        });
        const us = Math.round(ms * 1000);
        expect(low).toBeLessThanOrEqual(us);
        expect(high).toBeGreaterThanOrEqual(us);
        expect(high - low).toBeLessThanOrEqual(Math.max(0, us * 0.001));
      }),
    );
  });

  it('when empty or reset, then every figure is 0', () => {
    const h = new LatencyHistogram();
    expect([h.count, h.meanMs, h.maxMs, h.minMs, h.percentileMs(99)]).toEqual([0, 0, 0, 0, 0]);
    h.record(5);
    h.reset();
    expect([h.count, h.meanMs, h.maxMs, h.percentileMs(50)]).toEqual([0, 0, 0, 0]);
  });
});
