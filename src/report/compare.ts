import * as hdr from 'hdr-histogram-js';
import { PERCENTILE_TICKS, lineChart, percentileAtNinesX, type Series } from './chart.js';
import { formatDuration, padEnd, padStart, sig3 } from './format.js';
import { SCHEMA_VERSION, type JsonReport } from './json.js';
import { applyingModelMetrics, findMetric, type Metric } from './metrics.js';
import type { Paint } from './paint.js';
import { differsSignificantly, estimate, type Estimate } from './statistics.js';
import { formatMetricValue } from './thresholds.js';

/** One side of a comparison: a scenario's name and its reports (one per replication). */
export interface CompareColumn {
  readonly name: string;
  /** Where it came from: a scenario file, a built-in name, or a saved report. */
  readonly source: string;
  readonly reports: readonly JsonReport[];
}

/** The rows every comparison shows, in order (a comparison of plain runs shows exactly these). */
export const COMPARE_METRICS: readonly Metric[] = [
  'wait.p50',
  'wait.p90',
  'wait.p99',
  'wait.max',
  'total.p99',
  'throughput',
  'utilization',
  'waiting.max',
  'timedOut',
  'rejected',
].map((key) => findMetric(key) as Metric);

// Where each model metric goes: after this base row (absent: at the end).
const MODEL_ROW_AFTER: Readonly<Record<string, string>> = {
  goodput: 'throughput',
  late: 'rejected',
  wasted: 'rejected',
  failed: 'rejected',
};

/**
 * The rows of a comparison: {@link COMPARE_METRICS}, plus each metric of the client and upstream
 * model that applies to some compared run (429s when any has an upstream limit, …).
 */
export function compareMetrics(columns: readonly CompareColumn[]): Metric[] {
  const shown = applyingModelMetrics(columns.flatMap((c) => c.reports));
  const rows: Metric[] = [];
  for (const base of COMPARE_METRICS) {
    rows.push(base);
    rows.push(...shown.filter((m) => MODEL_ROW_AFTER[m.key] === base.key));
  }
  rows.push(...shown.filter((m) => MODEL_ROW_AFTER[m.key] === undefined));
  return rows;
}

/** A metric compared across columns: an estimate per column, the change against the first. */
export interface ComparedMetric {
  readonly metric: string;
  readonly estimates: readonly Estimate[];
  /** Per column: change against the first (absolute, relative or null when the first is 0, significance). */
  readonly changes: readonly { readonly absolute: number; readonly relative: number | null; readonly significant: boolean | null }[];
}

/**
 * Compares every row metric (see {@link compareMetrics}) across the columns. A figure that does
 * not apply to a column (utilization without a semaphore) has a NaN mean and a NaN change.
 */
export function compareColumns(columns: readonly CompareColumn[]): ComparedMetric[] {
  return compareMetrics(columns).map((metric) => {
    const estimates = columns.map((c) => estimate(c.reports.map((r) => metric.get(r))));
    const base = estimates[0] as Estimate;
    const changes = estimates.map((e) => ({
      absolute: e.mean - base.mean,
      relative: base.mean === 0 || Number.isNaN(base.mean) || Number.isNaN(e.mean) ? null : (e.mean - base.mean) / Math.abs(base.mean),
      significant: e.n < 2 || base.n < 2 || Number.isNaN(base.mean) || Number.isNaN(e.mean) ? null : differsSignificantly(base, e),
    }));
    return { metric: metric.key, estimates, changes };
  });
}

/** The JSON document of `semsim compare --json`. */
export function compareToJson(columns: readonly CompareColumn[]): object {
  const compared = compareColumns(columns);
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'compare',
    columns: columns.map((c, i) => ({
      name: c.name,
      source: c.source,
      replications: c.reports.length,
      seeds: c.reports.map((r) => r.config.seed),
      metrics: Object.fromEntries(
        compared.map((m) => {
          const e = m.estimates[i] as Estimate;
          const change = m.changes[i] as ComparedMetric['changes'][number];
          return [
            m.metric,
            {
              mean: Number.isNaN(e.mean) ? null : e.mean,
              ci95: e.n < 2 || Number.isNaN(e.mean) ? null : [e.mean - e.halfWidth, e.mean + e.halfWidth],
              changeVsFirst:
                i === 0 || Number.isNaN(change.absolute)
                  ? null
                  : { absolute: change.absolute, relative: change.relative, significant: change.significant },
            },
          ];
        }),
      ),
    })),
  };
}

const LABEL_WIDTH = 12;
/** Cells are at least this wide, and wider when one would otherwise touch its neighbour. */
const MIN_CELL_WIDTH = 17;

/**
 * The side-by-side text: per metric a line of values (± the 95 % confidence half-width when
 * replicated) and a line of changes against the first column, marked `*` when significant at the
 * 5 % level and `≈` when inside the noise; then the wait percentile curves overlaid.
 */
export function formatComparison(columns: readonly CompareColumn[], paint: Paint): string {
  const compared = compareColumns(columns);
  const letters = columns.map((_, i) => String.fromCharCode(65 + i));
  const replicated = columns.some((c) => c.reports.length > 1);
  const lines: string[] = [];
  const reps = columns.map((c) => c.reports.length);
  lines.push(
    paint.title(
      `semsim compare · ${columns.length} scenarios` +
        (replicated ? ` · ${reps.every((r) => r === reps[0]) ? reps[0] : reps.join('/')} replications (seeds) each` : ''),
    ),
  );
  columns.forEach((c, i) => lines.push(`  ${paint.label(`${letters[i]}`)}  ${c.name}${c.source === c.name ? "" : ` ${paint.dim(`(${c.source})`)}`}`));
  lines.push('');
  const cells = compared.flatMap((row) => {
    const metric = findMetric(row.metric) as Metric;
    return [...row.estimates.map((e) => formatEstimate(metric, e)), ...row.changes.map((c) => formatChange(metric, c))];
  });
  const cellWidth = Math.max(MIN_CELL_WIDTH, ...cells.map((text) => [...text].length + 1));
  lines.push(paint.dim(padEnd('', LABEL_WIDTH) + letters.map((l) => padStart(l, cellWidth)).join('')));
  for (const row of compared) {
    const metric = findMetric(row.metric) as Metric;
    const values = row.estimates.map((e) => padStart(formatEstimate(metric, e), cellWidth));
    lines.push(paint.label(padEnd(metric.label, LABEL_WIDTH)) + values.join(''));
    const changes = row.changes.map((c, i) => {
      if (i === 0) return padStart('', cellWidth);
      const text = formatChange(metric, c);
      const colored = c.significant === true ? (isBetter(metric, c.absolute) ? paint.good(text) : paint.bad(text)) : paint.dim(text);
      return ' '.repeat(Math.max(0, cellWidth - [...text].length)) + colored;
    });
    if (columns.length > 1) lines.push(paint.dim(padEnd('  vs A', LABEL_WIDTH)) + changes.join(''));
  }
  lines.push('');
  lines.push(
    paint.dim(
      replicated
        ? '± is the 95 % confidence half-width over seeds; * marks a change significant\nat the 5 % level (Welch\'s t-test), ≈ a change inside the noise'
        : 'one run each: changes carry no significance test (use --replications K for one)',
    ),
  );
  lines.push('');
  lines.push(waitCurves(columns, letters, paint));
  return `${lines.join('\n')}\n`;
}

function formatEstimate(metric: Metric, e: Estimate): string {
  const value = formatMetricValue(metric, e.mean);
  if (e.n < 2 || e.halfWidth === 0 || Number.isNaN(e.mean)) return value;
  const relative = e.mean === 0 ? null : e.halfWidth / Math.abs(e.mean);
  return relative === null ? `${value} ±${formatMetricValue(metric, e.halfWidth)}` : `${value} ±${sig2(relative * 100)}%`;
}

function formatChange(metric: Metric, c: ComparedMetric['changes'][number]): string {
  // A figure that applies to only one side has no change to show.
  if (Number.isNaN(c.absolute)) return '';
  // A change below 0.1 % of the first value reads as none; printing it would only show float noise.
  if (c.absolute === 0 || (c.relative !== null && Math.abs(c.relative) < 0.001)) return c.significant === null ? '=' : '= ≈';
  const sign = c.absolute > 0 ? '+' : '-';
  // A change of a percentage is in percentage points, not percent.
  const abs = metric.kind === 'fraction' ? `${(Math.abs(c.absolute) * 100).toFixed(1)} pp` : formatMetricValue(metric, Math.abs(c.absolute));
  const rel = c.relative === null ? '' : ` ${sign}${sig2(Math.abs(c.relative) * 100)}%`;
  const mark = c.significant === null ? '' : c.significant ? ' *' : ' ≈';
  return `${sign}${abs}${rel}${mark}`;
}

function isBetter(metric: Metric, change: number): boolean {
  return metric.higherIsBetter ? change > 0 : change < 0;
}

function sig2(x: number): string {
  if (x >= 100) return String(Math.round(x));
  return x >= 10 ? x.toFixed(0) : sig3(x) === '0' ? '0' : x.toFixed(1);
}

/** The wait-time percentile curves of every column, overlaid (histograms of all replications merged). */
function waitCurves(columns: readonly CompareColumn[], letters: readonly string[], paint: Paint): string {
  const series: Series[] = columns.map((c, i) => {
    const merged = hdr.build({ numberOfSignificantValueDigits: 3, bitBucketSize: 64 });
    let max = 0;
    for (const r of c.reports) {
      merged.add(hdr.decodeFromCompressedBase64(r.histograms.waitUs, 64));
      max = Math.max(max, r.waitMs.max);
    }
    return {
      label: c.name,
      mark: letters[i] as string,
      y: (x: number) => (merged.totalCount === 0 ? NaN : Math.min(merged.getValueAtPercentile(percentileAtNinesX(x)) / 1000, max)),
    };
  });
  return lineChart(series, { xMin: 0, xMax: 3, xTicks: PERCENTILE_TICKS, title: 'wait by percentile', formatY: formatDuration }, paint);
}
