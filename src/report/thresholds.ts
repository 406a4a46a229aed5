import { parseDuration } from '../dist/duration.js';
import { parseRate } from '../dist/rate.js';
import { InputError } from '../errors.js';
import { formatCount, formatDuration, formatPercent, formatRate, sig3 } from './format.js';
import type { JsonReport } from './json.js';
import { findMetric, unknownMetricHint, type Metric } from './metrics.js';
import type { Paint } from './paint.js';

/** Comparison operators of a threshold. */
export type Operator = '<' | '<=' | '>' | '>=' | '==';

/** A parsed pass/fail rule over one metric, e.g. `wait.p99<500ms`. */
export interface Threshold {
  /** The expression as written (trimmed). */
  readonly expression: string;
  readonly metric: Metric;
  readonly operator: Operator;
  /** The bound in the metric's unit: ms, per second, a count, or a fraction 0..1. */
  readonly bound: number;
}

/** A threshold checked against a run. */
export interface ThresholdResult {
  readonly expression: string;
  readonly metric: string;
  readonly passed: boolean;
  /**
   * The measured value in the metric's unit; null when the run measured nothing to check (no
   * request completed for a percentile, no semaphore for utilization): the threshold fails.
   */
  readonly value: number | null;
}

// A name may start with a digit: `429s==0`, `5xx<10`.
const PATTERN = /^\s*([A-Za-z\d][\w.]*)\s*(<=|>=|==|<|>)\s*(\S.*?)\s*$/;

/**
 * Parses `metric op value`: `wait.p99<500ms`, `timedOut==0`, `throughput>=150/s`,
 * `utilization<0.9` (or `90%`), `429s==0`, `goodput>100/s`, `calls.perRequest<1.5`. Durations need a unit. Throws {@link InputError} naming the
 * expression and the accepted form.
 */
export function parseThreshold(text: string): Threshold {
  const expression = text.trim();
  const match = PATTERN.exec(expression);
  if (match === null) {
    throw new InputError(
      `${JSON.stringify(expression)}: expected <metric><op><value> with op one of < <= > >= ==, e.g. "wait.p99<500ms"`,
    );
  }
  const [, name = '', operator = '<', raw = ''] = match;
  const metric = findMetric(name);
  if (metric === undefined) {
    throw new InputError(`${JSON.stringify(expression)}: unknown metric "${name}" (${unknownMetricHint(name)})`);
  }
  return { expression, metric, operator: operator as Operator, bound: parseBound(expression, metric, raw) };
}

function parseBound(expression: string, metric: Metric, raw: string): number {
  const fail = (accepted: string): never => {
    throw new InputError(`${JSON.stringify(expression)}: ${metric.key} takes ${accepted}, got "${raw}"`);
  };
  try {
    switch (metric.kind) {
      case 'duration':
        return parseDuration(raw);
      case 'rate':
        return parseRate(raw);
      case 'fraction': {
        const percent = /^([\d.]+)\s*%$/.exec(raw);
        const value = percent ? Number(percent[1]) / 100 : Number(raw);
        // "utilization<50" meant 50 %, not 5000 %: a bare number above 1 is refused, not guessed.
        if (!Number.isFinite(value) || value < 0 || (!percent && value > 1)) fail('a fraction from 0 to 1 like 0.9, or a percentage like 90%');
        return value;
      }
      case 'count': {
        const value = Number(raw);
        if (raw === '' || !Number.isFinite(value) || value < 0) fail('a number >= 0');
        return value;
      }
    }
  } catch (error) {
    if (error instanceof InputError && !error.message.startsWith(JSON.stringify(expression))) {
      fail(metric.kind === 'duration' ? 'a duration with a unit, e.g. 500ms' : 'a rate, e.g. 150/s');
    }
    throw error;
  }
}

/** Checks each threshold against a report, in order. */
export function checkThresholds(thresholds: readonly Threshold[], report: JsonReport): ThresholdResult[] {
  return thresholds.map((t) => {
    // A percentile with no sample (nothing completed) proves nothing: the threshold fails.
    if (t.metric.sampled === true && report.requests.completed === 0) {
      return { expression: t.expression, metric: t.metric.key, passed: false, value: null };
    }
    const value = t.metric.get(report);
    // A figure that does not apply to the run (utilization without a semaphore) fails too.
    if (Number.isNaN(value)) return { expression: t.expression, metric: t.metric.key, passed: false, value: null };
    return { expression: t.expression, metric: t.metric.key, passed: compare(value, t.operator, t.bound), value };
  });
}

function compare(value: number, operator: Operator, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '==':
      return value === bound;
  }
}

/** Formats a metric's value with its unit (for tables and threshold lines); `-` when it does not apply (NaN). */
export function formatMetricValue(metric: Metric, value: number): string {
  if (Number.isNaN(value)) return '-';
  switch (metric.kind) {
    case 'duration':
      return formatDuration(value);
    case 'rate':
      return formatRate(value);
    case 'fraction':
      return formatPercent(value);
    case 'count':
      return Number.isInteger(value) ? formatCount(value) : sig3(value);
  }
}

/** The threshold block that heads a text report: one line per threshold, passed or failed. */
export function formatThresholdLines(results: readonly ThresholdResult[], paint: Paint): string {
  const width = Math.max(...results.map((r) => r.expression.length));
  const lines = results.map((r) => {
    const metric = findMetric(r.metric) as Metric;
    const mark = r.passed ? paint.good('✓ pass') : paint.bad('✗ FAIL');
    const measured =
      r.value !== null
        ? `measured ${formatMetricValue(metric, r.value)}`
        : metric.sampled === true
          ? 'no request completed: nothing measured'
          : `nothing measured: ${metric.key === 'utilization' ? 'no semaphore' : 'does not apply to this run'}`;
    return `${mark}  ${r.expression.padEnd(width)}  ${paint.dim(measured)}`;
  });
  const failed = results.filter((r) => !r.passed).length;
  const summary =
    failed === 0
      ? paint.good(results.length === 1 ? 'threshold: passed' : `thresholds: all ${results.length} passed`)
      : paint.bad(`thresholds: ${failed} of ${results.length} failed`);
  return `${summary}\n${lines.join('\n')}\n`;
}
