import { formatDuration, padEnd, padStart } from './format.js';
import type { Paint } from './paint.js';

/** One curve of a chart: a letter to draw it with and y as a function of x. */
export interface Series {
  readonly label: string;
  /** One character drawn at each point of the curve. */
  readonly mark: string;
  readonly y: (x: number) => number;
}

/** Options of {@link lineChart}. */
export interface ChartOptions {
  /** Plot area size in characters (default 56 × 12). */
  readonly width?: number;
  readonly height?: number;
  /** The x range drawn, left to right. */
  readonly xMin: number;
  readonly xMax: number;
  /** Tick labels on the x axis, at their x values. */
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  /** Formats y-axis labels (default: a duration in ms). */
  readonly formatY?: (y: number) => string;
  /** Title printed above the plot. */
  readonly title: string;
}

/**
 * A plain-text line chart: each series sampled at every column and drawn with its mark; where
 * curves overlap the later series wins. Fits in width + 10 columns. Pure: returns the text.
 */
export function lineChart(series: readonly Series[], options: ChartOptions, paint: Paint): string {
  const width = options.width ?? 56;
  const height = options.height ?? 12;
  const formatY = options.formatY ?? formatDuration;
  const xs = Array.from({ length: width }, (_, i) => options.xMin + ((options.xMax - options.xMin) * i) / Math.max(1, width - 1));
  const values = series.map((s) => xs.map((x) => s.y(x)));
  const finite = values.flat().filter((v) => Number.isFinite(v));
  const yMax = Math.max(0, ...finite) || 1;

  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  series.forEach((s, si) => {
    (values[si] as number[]).forEach((v, col) => {
      if (!Number.isFinite(v)) return;
      const row = height - 1 - Math.round((v / yMax) * (height - 1));
      (grid[row] as string[])[col] = s.mark;
    });
  });

  const labelWidth = Math.max(formatY(yMax).length, formatY(0).length, formatY(yMax / 2).length);
  const lines = [paint.title(options.title)];
  grid.forEach((row, i) => {
    const label = i === 0 ? formatY(yMax) : i === height - 1 ? formatY(0) : i === Math.floor((height - 1) / 2) ? formatY(yMax / 2) : '';
    lines.push(`${paint.dim(padStart(label, labelWidth))} ${paint.dim('│')}${row.join('')}`);
  });
  lines.push(`${' '.repeat(labelWidth)} ${paint.dim(`└${'─'.repeat(width)}`)}`);
  const ticks = Array.from({ length: width + 1 }, () => ' ');
  for (const tick of options.xTicks) {
    const col = Math.round(((tick.x - options.xMin) / (options.xMax - options.xMin)) * (width - 1));
    const start = Math.min(Math.max(0, col - Math.floor(tick.label.length / 2)), width + 1 - tick.label.length);
    for (let i = 0; i < tick.label.length; i++) ticks[start + i] = tick.label[i] as string;
  }
  lines.push(`${' '.repeat(labelWidth + 2)}${paint.dim(ticks.join('').trimEnd())}`);
  lines.push(`${' '.repeat(labelWidth + 2)}${series.map((s) => `${s.mark} ${s.label}`).map((t) => padEnd(t, 0)).join('   ')}`);
  return `${lines.join('\n')}\n`;
}

/** x of percentile p (0..100) on a "nines" scale: p0 → 0, p90 → 1, p99 → 2, p99.9 → 3. */
export function ninesX(p: number): number {
  return -Math.log10(1 - Math.min(p, 99.99) / 100);
}

/** Percentile (0..100) at x on the nines scale. */
export function percentileAtNinesX(x: number): number {
  return 100 * (1 - 10 ** -x);
}

/** The tick marks of a percentile axis up to p99.9. */
export const PERCENTILE_TICKS = [
  { x: 0, label: 'p0' },
  { x: ninesX(50), label: 'p50' },
  { x: ninesX(90), label: 'p90' },
  { x: ninesX(99), label: 'p99' },
  { x: ninesX(99.9), label: 'p99.9' },
] as const;
