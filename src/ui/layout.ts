/**
 * Decides what the live view shows for a terminal size and a number of permits: how big the permit
 * cells are (or a proportional bar, or none without a semaphore), how many waiter cells fit, and
 * which optional panels stay. Pure.
 *
 * The view is kept at most `rows - 1` lines tall: Ink clears the whole screen on every frame once
 * the output fills the terminal, which flickers.
 */

/** How one permit (or waiter) cell is drawn: `glyphWidth` columns, `gap` columns after, `height` lines. */
export interface CellShape {
  readonly name: 'large' | 'medium' | 'small' | 'tiny';
  readonly glyphWidth: number;
  readonly gap: number;
  readonly height: number;
  /** The most rows of cells this shape may take before a smaller one is used. */
  readonly maxRows: number;
}

/** The shapes, largest first. */
export const CELL_SHAPES: readonly CellShape[] = [
  { name: 'large', glyphWidth: 3, gap: 1, height: 2, maxRows: 3 },
  { name: 'medium', glyphWidth: 2, gap: 1, height: 1, maxRows: 6 },
  { name: 'small', glyphWidth: 1, gap: 1, height: 1, maxRows: 8 },
  { name: 'tiny', glyphWidth: 1, gap: 0, height: 1, maxRows: 10 },
];

/**
 * The permits drawn one cell each, or as one proportional bar when they do not fit; `none` without
 * a semaphore (the heading line only).
 */
export type BucketLayout =
  | {
      readonly kind: 'cells';
      readonly shape: CellShape;
      /** Cells per row. */
      readonly perRow: number;
      /** Rows of cells. */
      readonly rows: number;
      /** Lines the grid takes (rows × height, plus a spacer between rows of tall cells). */
      readonly lines: number;
    }
  | { readonly kind: 'bar'; readonly lines: 1 }
  | { readonly kind: 'none'; readonly lines: 0 };

/** What the live view draws and how big; every size in terminal columns or lines. */
export interface Layout {
  /** Columns available to the content. */
  readonly width: number;
  /** Lines the whole view takes. */
  readonly height: number;
  readonly bucket: BucketLayout;
  /** Lines of the upstream panel (upstream, rate limit, deadline), 0 when none is in play. */
  readonly upstreamLines: number;
  /** Shape of a waiter cell (the bucket's, one line high). */
  readonly waiterShape: CellShape;
  /** Most waiter cells drawn in the queue row. */
  readonly waiterCells: number;
  /** Wait statistics as a panel with the histogram beside it (`wide`), or two lines (`compact`). */
  readonly stats: 'wide' | 'compact';
  /** Bins of the wait histogram, 0 when it is hidden. */
  readonly histogramBins: number;
  /** Lines of the stats section. */
  readonly statsLines: number;
  /** Columns of each sparkline, 0 when they are hidden. */
  readonly sparklineWidth: number;
  /** Blank lines between sections. */
  readonly gaps: boolean;
}

/** Lines of the stats panel's left column: heading, p50, p90, p99, max, throughput, served. */
const STATS_PANEL_LINES = 7;
/** Narrowest content for the stats panel with the histogram beside it. */
const WIDE_STATS_MIN_WIDTH = 64;
/** Columns kept free after the waiter cells for "+N more". */
const MORE_LABEL_WIDTH = 15;
/** Columns of a sparkline's label and value around it. */
const SPARKLINE_FRAME = 32;
/** Most samples a sparkline shows. */
export const SPARKLINE_MAX_WIDTH = 120;

/**
 * Lays the view out for a terminal of `columns` × `rows`, `capacity` permits in all (of every
 * semaphore; Infinity for none) and an upstream panel of `upstreamLines` lines (default 0).
 * Drops detail in this order until it fits: histogram bins (8 → 6), large cells, sparklines,
 * the histogram, blank lines, then smaller cells down to a bar. The upstream panel always stays.
 */
export function planLayout(columns: number, rows: number, capacity: number, upstreamLines = 0): Layout {
  const width = Math.max(20, Math.floor(columns) - 2);
  const budget = Math.max(1, Math.floor(rows) - 1);
  const wideOk = width >= WIDE_STATS_MIN_WIDTH;
  const upstream = Math.max(0, Math.floor(upstreamLines));

  const noSemaphore = capacity === Infinity;
  const shapes = noSemaphore ? [] : CELL_SHAPES.map((shape) => gridFor(shape, width, capacity)).filter((g) => g !== null);
  let shapeIndex = 0;
  let bins = wideOk ? 8 : 0;
  let sparklines = true;
  let gaps = true;

  const build = (): Layout => {
    const bucket: BucketLayout = noSemaphore ? { kind: 'none', lines: 0 } : (shapes[shapeIndex] ?? { kind: 'bar', lines: 1 });
    // Without a semaphore nobody waits for a permit: the waiter row keeps the plain view's shape.
    const waiterShape =
      bucket.kind === 'cells' && bucket.shape.gap > 0
        ? { ...bucket.shape, height: 1 }
        : bucket.kind === 'none'
          ? (CELL_SHAPES[1] as CellShape)
          : (CELL_SHAPES[3] as CellShape);
    const cellWidth = waiterShape.glyphWidth + waiterShape.gap;
    const stats = bins > 0 ? 'wide' : 'compact';
    const statsLines = bins > 0 ? Math.max(STATS_PANEL_LINES, bins + 1) : 2;
    const sparklineWidth = sparklines ? Math.max(0, Math.min(SPARKLINE_MAX_WIDTH, width - SPARKLINE_FRAME)) : 0;
    const sections = [2, 1 + bucket.lines, ...(upstream > 0 ? [upstream] : []), 2, statsLines, ...(sparklineWidth > 0 ? [2] : []), 1];
    const height = sections.reduce((a, b) => a + b, 0) + (gaps ? sections.length - 1 : 0);
    return {
      width,
      height,
      bucket,
      upstreamLines: upstream,
      waiterShape,
      waiterCells: Math.max(1, Math.floor((width - MORE_LABEL_WIDTH) / cellWidth)),
      stats,
      histogramBins: bins,
      statsLines,
      sparklineWidth,
      gaps,
    };
  };

  const steps: (() => boolean)[] = [
    () => (bins > 6 ? ((bins = 6), true) : false),
    () => (shapes[shapeIndex]?.shape.name === 'large' ? (shapeIndex++, true) : false),
    () => (sparklines ? ((sparklines = false), true) : false),
    () => (bins > 0 ? ((bins = 0), true) : false),
    () => (gaps ? ((gaps = false), true) : false),
    () => (shapeIndex < shapes.length ? (shapeIndex++, true) : false),
  ];
  let layout = build();
  for (const step of steps) {
    while (layout.height > budget && step()) layout = build();
  }
  return layout;
}

/** The grid of `capacity` cells of `shape` in `width` columns, or null when it needs too many rows. */
function gridFor(shape: CellShape, width: number, capacity: number): (BucketLayout & { kind: 'cells' }) | null {
  const step = shape.glyphWidth + shape.gap;
  const maxPerRow = Math.floor((width + shape.gap) / step);
  if (maxPerRow < 1) return null;
  const rows = Math.ceil(capacity / maxPerRow);
  if (rows > shape.maxRows) return null;
  // Even rows read better than a full row and a stub: 40 → 2 × 20, not 26 + 14.
  const perRow = Math.ceil(capacity / rows);
  const spacers = shape.height > 1 ? rows - 1 : 0;
  return { kind: 'cells', shape, perRow, rows, lines: rows * shape.height + spacers };
}
