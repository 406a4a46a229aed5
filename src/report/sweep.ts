import { parseDuration, formatDuration as formatSpecDuration } from '../dist/duration.js';
import { didYouMean } from '../dist/did-you-mean.js';
import { parseRate } from '../dist/rate.js';
import { InputError } from '../errors.js';
import { lineChart, type Series } from './chart.js';
import { formatCompact, formatDuration, padEnd, padStart } from './format.js';
import { SCHEMA_VERSION, type JsonReport } from './json.js';
import { applyingModelMetrics, findMetric, type Metric } from './metrics.js';
import type { Paint } from './paint.js';
import { checkThresholds, formatMetricValue, type Threshold } from './thresholds.js';

/** How a varied field's values are written and stepped. */
type FieldKind = 'integer' | 'permits' | 'duration' | 'rate';

/** The run options a sweep can vary, with the flag each maps to. */
const VARIABLE_FIELDS: Readonly<Record<string, { readonly flag: string; readonly kind: FieldKind }>> = {
  capacity: { flag: '--capacity', kind: 'permits' },
  concurrency: { flag: '--concurrency', kind: 'integer' },
  requests: { flag: '--requests', kind: 'integer' },
  maxQueue: { flag: '--max-queue', kind: 'integer' },
  seed: { flag: '--seed', kind: 'integer' },
  rate: { flag: '--rate', kind: 'rate' },
  timeout: { flag: '--timeout', kind: 'duration' },
  duration: { flag: '--duration', kind: 'duration' },
  warmup: { flag: '--warmup', kind: 'duration' },
  deadline: { flag: '--deadline', kind: 'duration' },
  attempts: { flag: '--attempts', kind: 'integer' },
  backoff: { flag: '--backoff', kind: 'duration' },
  upstreamLimit: { flag: '--upstream-limit', kind: 'integer' },
  keys: { flag: '--keys', kind: 'integer' },
  rateLimit: { flag: '--rate-limit', kind: 'rate' },
  bucketSize: { flag: '--bucket-size', kind: 'integer' },
};

/** One varied field and the values it takes, as flag text. */
export interface Variation {
  readonly field: string;
  readonly flag: string;
  /** Values in sweep order, written as the flag takes them (e.g. "40", "150/s", "2s"). */
  readonly values: readonly string[];
  /** The same values as numbers (count, per second, or ms), for charts and targets. */
  readonly numbers: readonly number[];
}

const MAX_POINTS = 10_000;

/**
 * Parses `--vary field=a..b:step` or `field=v1,v2,…` (values in the field's own syntax: counts,
 * durations such as 100ms, rates such as 150/s). Throws {@link InputError}.
 */
export function parseVariation(text: string): Variation {
  const eq = text.indexOf('=');
  const fail = (why: string): never => {
    throw new InputError(`${JSON.stringify(text)}: ${why}; expected field=from..to:step or field=v1,v2,… e.g. "capacity=10..100:10"`);
  };
  if (eq <= 0) fail('no field name');
  const name = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const key = Object.keys(VARIABLE_FIELDS).find((k) => k.toLowerCase() === name.toLowerCase().replace(/-/g, ''));
  if (key === undefined) {
    const hint = didYouMean(name, Object.keys(VARIABLE_FIELDS));
    return fail(`"${name}" cannot be varied${hint === undefined ? ` (numeric fields: ${Object.keys(VARIABLE_FIELDS).join(', ')})` : ` (did you mean "${hint}"?)`}`);
  }
  const field = VARIABLE_FIELDS[key] as { flag: string; kind: FieldKind };
  const parse = (v: string): number => {
    try {
      return parseValue(field.kind, v.trim());
    } catch (error) {
      if (error instanceof InputError) fail(`"${v.trim()}" is not ${describeKind(field.kind)}`);
      throw error;
    }
  };
  let numbers: number[];
  const range = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(spec);
  if (range !== null) {
    const [, fromText = '', toText = '', stepText] = range;
    const from = parse(fromText);
    const to = parse(toText);
    if (!Number.isFinite(from) || !Number.isFinite(to)) fail('unlimited has no place in a range; list it, e.g. capacity=20,40,unlimited');
    const step = stepText === undefined ? (field.kind === 'integer' || field.kind === 'permits' ? 1 : fail('a range of durations or rates needs a :step')) : parse(stepText);
    if (!(step > 0)) fail('the step must be > 0');
    if (to < from) fail('the range must go from low to high');
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_POINTS) fail(`${count} points is too many (at most ${MAX_POINTS})`);
    numbers = Array.from({ length: count }, (_, i) => from + i * step);
  } else {
    numbers = spec.split(',').map(parse);
  }
  if (numbers.length === 0) fail('no values');
  return { field: key, flag: field.flag, values: numbers.map((n) => formatValue(field.kind, n)), numbers };
}

function parseValue(kind: FieldKind, text: string): number {
  switch (kind) {
    case 'integer': {
      if (!/^\d+$/.test(text)) throw new InputError('not an integer');
      return Number(text);
    }
    case 'permits':
      // "Do I need a semaphore at all?": unlimited is a point of its own.
      if (text === 'unlimited') return Infinity;
      return parseValue('integer', text);
    case 'duration':
      return parseDuration(text);
    case 'rate':
      return parseRate(text);
  }
}

function formatValue(kind: FieldKind, n: number): string {
  switch (kind) {
    case 'integer':
      return String(Math.round(n));
    case 'permits':
      return n === Infinity ? 'unlimited' : String(Math.round(n));
    case 'duration':
      return formatSpecDuration(n);
    case 'rate':
      return `${Number(n.toPrecision(12))}/s`;
  }
}

function describeKind(kind: FieldKind): string {
  switch (kind) {
    case 'integer':
      return 'an integer >= 0';
    case 'permits':
      return 'a number of permits, or unlimited';
    case 'duration':
      return 'a duration like 500ms';
    case 'rate':
      return 'a rate like 150/s';
  }
}

/** One point of a sweep: the value of each variation (as flag text) and its report. */
export interface SweepPoint {
  readonly values: readonly string[];
  readonly numbers: readonly number[];
  readonly report: JsonReport;
}

/** Every combination of the variations' values, the first varying slowest. */
export function sweepGrid(variations: readonly Variation[]): { values: string[]; numbers: number[] }[] {
  let grid: { values: string[]; numbers: number[] }[] = [{ values: [], numbers: [] }];
  for (const v of variations) {
    grid = grid.flatMap((g) => v.values.map((value, i) => ({ values: [...g.values, value], numbers: [...g.numbers, v.numbers[i] as number] })));
  }
  return grid;
}

/** Columns of the sweep table, in order; the model's metrics that apply follow (see {@link sweepMetrics}). */
const SWEEP_METRICS = ['wait.p50', 'wait.p99', 'throughput', 'utilization', 'timedOut', 'rejected'].map((k) => findMetric(k) as Metric);

/**
 * The metrics a sweep reports: the base columns, then each metric of the client and upstream model
 * (goodput, 429s, failed, …) that applies to some point. A sweep of plain runs shows the base only.
 */
export function sweepMetrics(points: readonly SweepPoint[]): Metric[] {
  return [...SWEEP_METRICS, ...applyingModelMetrics(points.map((p) => p.report))];
}

/**
 * For each value of the other variations (none for a 1-D sweep), the smallest value of the first
 * variation whose run meets every target; null where none does.
 */
export function smallestMeeting(
  points: readonly SweepPoint[],
  targets: readonly Threshold[],
): { readonly others: readonly string[]; readonly value: string | null }[] {
  const groups = new Map<string, { others: string[]; best: { n: number; value: string } | null }>();
  for (const p of points) {
    const others = p.values.slice(1);
    const key = others.join('\u0000');
    const group = groups.get(key) ?? { others, best: null };
    groups.set(key, group);
    const ok = checkThresholds(targets, p.report).every((r) => r.passed);
    const n = p.numbers[0] as number;
    if (ok && (group.best === null || n < group.best.n)) group.best = { n, value: p.values[0] as string };
  }
  return [...groups.values()].map((g) => ({ others: g.others, value: g.best === null ? null : g.best.value }));
}

/** The JSON document of `semsim sweep --json`. */
export function sweepToJson(variations: readonly Variation[], points: readonly SweepPoint[], targets: readonly Threshold[]): object {
  const metrics = sweepMetrics(points);
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'sweep',
    vary: variations.map((v) => ({ field: v.field, values: v.values })),
    targets: targets.map((t) => t.expression),
    smallestMeetingTargets: targets.length === 0 ? null : smallestMeeting(points, targets),
    points: points.map((p) => ({
      values: Object.fromEntries(variations.map((v, i) => [v.field, p.values[i]])),
      metrics: Object.fromEntries(metrics.map((m) => [m.key, nanToNull(m.get(p.report))])),
      meetsTargets: targets.length === 0 ? null : checkThresholds(targets, p.report).every((r) => r.passed),
      report: p.report,
    })),
  };
}

function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/**
 * The sweep as text: a table (the model's figures that apply, such as goodput and 429s, in further
 * tables of the same rows, each within 80 columns), the answer to the targets, and a chart of
 * wait p50/p99.
 */
export function formatSweep(variations: readonly Variation[], points: readonly SweepPoint[], targets: readonly Threshold[], paint: Paint): string {
  const lines: string[] = [];
  const first = points[0]?.report;
  lines.push(
    paint.title(
      `semsim sweep · ${variations.map((v) => `${v.field} over ${v.values.length} values`).join(' × ')} · ${points.length} runs` +
        (first === undefined ? '' : ` · seed ${first.config.seed}`),
    ),
  );
  lines.push('');
  const keyWidths = variations.map((v) => Math.max(v.field.length, ...v.values.map((s) => s.length)) + 2);
  const cellWidth = 12;
  const showRejected = points.some((p) => p.report.requests.rejected > 0);
  const metrics = SWEEP_METRICS.filter((m) => m.key !== 'rejected' || showRejected);
  const table = (columns: readonly Metric[], marks: boolean): void => {
    lines.push(
      paint.dim(
        variations.map((v, i) => padEnd(v.field, keyWidths[i] as number)).join('') +
          // A space of its own before each label, so a 12-character one (max upstream) stays apart.
          columns.map((m) => ` ${padStart(m.label, cellWidth - 1)}`).join('') +
          (marks && targets.length > 0 ? '  target' : ''),
      ),
    );
    for (const p of points) {
      const ok = !marks || targets.length === 0 ? null : checkThresholds(targets, p.report).every((r) => r.passed);
      lines.push(
        p.values.map((v, i) => paint.label(padEnd(v, keyWidths[i] as number))).join('') +
          columns.map((m) => padStart(formatMetricValue(m, m.get(p.report)), cellWidth)).join('') +
          (ok === null ? '' : ok ? paint.good('  ✓') : paint.bad('  ✗')),
      );
    }
  };
  table(metrics, true);
  // The model's figures repeat the rows in tables of their own, as many columns as fit 80.
  const extras = applyingModelMetrics(points.map((p) => p.report));
  const perTable = Math.max(1, Math.floor((80 - keyWidths.reduce((a, b) => a + b, 0)) / cellWidth));
  for (let i = 0; i < extras.length; i += perTable) {
    lines.push('');
    table(extras.slice(i, i + perTable), false);
  }
  if (targets.length > 0) {
    lines.push('');
    const what = targets.map((t) => t.expression).join(' and ');
    const primary = variations[0] as Variation;
    for (const answer of smallestMeeting(points, targets)) {
      const context = answer.others.length === 0 ? '' : ` (with ${answer.others.map((o, i) => `${variations[i + 1]?.field}=${o}`).join(', ')})`;
      lines.push(
        answer.value === null
          ? paint.bad(`no ${primary.field} in the sweep meets ${what}${context}`)
          : paint.good(`smallest ${primary.field} meeting ${what}${context}: ${answer.value}`),
      );
    }
  }
  // The chart draws the points that ran (an interrupted sweep has fewer than the variation's
  // values) and have a place on the axis (capacity=unlimited has none); not a flat line of 0.
  const charted = points.filter((p) => Number.isFinite(p.numbers[0]));
  const waited = charted.some((p) => (findMetric('wait.p99') as Metric).get(p.report) > 0);
  if (variations.length === 1 && charted.length > 1 && waited) {
    lines.push('');
    const v = variations[0] as Variation;
    const points = charted;
    const xs = points.map((p) => p.numbers[0] as number);
    const at = (metric: Metric) => (x: number) => {
      // Linear interpolation between sweep points.
      let i = 0;
      while (i < xs.length - 2 && x > (xs[i + 1] as number)) i++;
      const x0 = xs[i] as number;
      const x1 = xs[i + 1] as number;
      const y0 = metric.get((points[i] as SweepPoint).report);
      const y1 = metric.get((points[i + 1] as SweepPoint).report);
      return x1 === x0 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    };
    const series: Series[] = [
      { label: 'wait p50', mark: '·', y: at(findMetric('wait.p50') as Metric) },
      { label: 'wait p99', mark: '●', y: at(findMetric('wait.p99') as Metric) },
    ];
    const xMin = xs[0] as number;
    const xMax = xs[xs.length - 1] as number;
    const tickCount = Math.min(xs.length, 5);
    const ticks = Array.from({ length: tickCount }, (_, i) => {
      const x = xMin + ((xMax - xMin) * i) / Math.max(1, tickCount - 1);
      return { x, label: v.flag === '--timeout' || v.flag === '--duration' || v.flag === '--warmup' ? formatDuration(x) : formatCompact(Math.round(x * 100) / 100) };
    });
    lines.push(lineChart(series, { xMin, xMax, xTicks: ticks, title: `wait by ${v.field}`, formatY: formatDuration }, paint).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
