import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planLayout } from '../../src/ui/layout.js';

describe('planLayout', () => {
  it('when the Go example shows at 80x24, then 40 permits are 2 rows of 20 medium cells, with histogram and sparklines, in 23 lines', () => {
    const layout = planLayout(80, 24, 40);
    expect(layout.bucket).toMatchObject({ kind: 'cells', perRow: 20, rows: 2, lines: 2 });
    expect(layout.bucket.kind === 'cells' && layout.bucket.shape.name).toBe('medium');
    expect(layout.stats).toBe('wide');
    expect(layout.histogramBins).toBe(6);
    expect(layout.sparklineWidth).toBeGreaterThan(40);
    expect(layout.height).toBeLessThanOrEqual(23);
  });

  it('when the terminal is 120x40, then permits are large cells and the histogram has 8 bins', () => {
    const layout = planLayout(120, 40, 40);
    expect(layout.bucket.kind === 'cells' && layout.bucket.shape.name).toBe('large');
    expect(layout.histogramBins).toBe(8);
  });

  it.each([100_000, 5000, 1001])('when the capacity is %s at 80x24, then the permits are a bar, not cells', (capacity) => {
    expect(planLayout(80, 24, capacity).bucket.kind).toBe('bar');
  });

  it('when the terminal is small, then sparklines and the histogram are dropped before anything breaks', () => {
    const small = planLayout(60, 16, 40);
    expect(small.sparklineWidth).toBe(0);
    expect(small.histogramBins).toBe(0);
    expect(small.stats).toBe('compact');
    expect(small.height).toBeLessThanOrEqual(15);
  });

  it('when the waiter row is planned, then its cells and "+N more" fit in the width', () => {
    const layout = planLayout(80, 24, 40);
    const cellWidth = layout.waiterShape.glyphWidth + layout.waiterShape.gap;
    expect(layout.waiterCells * cellWidth + 12).toBeLessThanOrEqual(layout.width + cellWidth);
  });

  it('when everything of the upstream model is in play at 80x24, then its 3 lines stay, the sparklines go first, and it fits in 23 lines', () => {
    const layout = planLayout(80, 24, 40, 3);
    expect(layout.upstreamLines).toBe(3);
    expect(layout.sparklineWidth).toBe(0);
    expect(layout.stats).toBe('wide');
    expect(layout.bucket).toMatchObject({ kind: 'cells', perRow: 20, rows: 2 });
    expect(layout.height).toBeLessThanOrEqual(23);
  });

  it('when there is no semaphore, then no permits are drawn: the bucket is its heading line alone', () => {
    const layout = planLayout(80, 24, Infinity, 1);
    expect(layout.bucket).toEqual({ kind: 'none', lines: 0 });
    expect(layout.sparklineWidth).toBeGreaterThan(0);
    expect(layout.height).toBeLessThanOrEqual(23);
  });

  it('when nothing of the upstream model is in play, then the layout is the plain one', () => {
    expect(planLayout(80, 24, 40, 0)).toEqual(planLayout(80, 24, 40));
    expect(planLayout(80, 24, 40).upstreamLines).toBe(0);
  });

  it('when any terminal of at least 40x14, any capacity (or none) and any upstream lines are given, then the view is at most rows - 1 lines tall', () => {
    const capacities = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant(Infinity));
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 300 }), fc.integer({ min: 14, max: 120 }), capacities, fc.integer({ min: 0, max: 3 }), (columns, rows, capacity, upstream) => {
        const layout = planLayout(columns, rows, capacity, upstream);
        expect(layout.upstreamLines).toBe(upstream);
        expect(layout.height).toBeLessThanOrEqual(rows - 1);
        if (layout.bucket.kind === 'cells') {
          const { shape, perRow } = layout.bucket;
          expect(perRow * (shape.glyphWidth + shape.gap) - shape.gap).toBeLessThanOrEqual(layout.width);
          expect(perRow * layout.bucket.rows).toBeGreaterThanOrEqual(capacity);
        }
      }),
    );
  });
});
