import { didYouMean } from '../dist/did-you-mean.js';
import type { JsonReport } from './json.js';

/**
 * How a metric's values read and parse: durations in ms, plain counts (and count-like ratios such
 * as calls per request), rates per second, fractions.
 */
export type MetricKind = 'duration' | 'count' | 'rate' | 'fraction';

/** One reported figure, addressable by name in thresholds, targets, compare and sweep. */
export interface Metric {
  /** Name used in expressions, e.g. `wait.p99`. */
  readonly key: string;
  /** Short label for tables, e.g. `wait p99`. */
  readonly label: string;
  readonly kind: MetricKind;
  /** True when a larger value is better (throughput); false when smaller is (waits, timeouts). */
  readonly higherIsBetter: boolean;
  /**
   * Reads the value from a report: ms for durations, per second for rates, 0..1 for fractions;
   * NaN when the figure does not apply to the run (utilization without a semaphore).
   */
  readonly get: (report: JsonReport) => number;
  /** True for a summary of completed requests' samples (wait.p99): nothing measured when none completed. */
  readonly sampled?: boolean;
}

const DURATION_STATS = ['p50', 'p90', 'p99', 'p999', 'max', 'mean'] as const;
const DURATION_GROUPS = [
  ['wait', 'waitMs'],
  ['service', 'serviceMs'],
  ['total', 'totalMs'],
] as const;

/** Every metric, in report order. */
export const METRICS: readonly Metric[] = [
  ...DURATION_GROUPS.flatMap(([group, field]) =>
    DURATION_STATS.map(
      (stat): Metric => ({
        key: `${group}.${stat}`,
        label: `${group} ${stat === 'p999' ? 'p99.9' : stat}`,
        kind: 'duration',
        higherIsBetter: false,
        get: (r) => r[field][stat],
        sampled: true,
      }),
    ),
  ),
  { key: 'throughput', label: 'throughput', kind: 'rate', higherIsBetter: true, get: (r) => r.throughputPerSec },
  // Reports saved before the upstream model lack its figures: they read as the neutral model's.
  { key: 'goodput', label: 'goodput', kind: 'rate', higherIsBetter: true, get: (r) => r.goodputPerSec ?? r.throughputPerSec },
  { key: 'utilization', label: 'utilization', kind: 'fraction', higherIsBetter: true, get: (r) => r.utilization ?? NaN },
  { key: 'wasted', label: 'wasted', kind: 'fraction', higherIsBetter: false, get: (r) => r.wastedPermitFraction ?? 0 },
  { key: 'issued', label: 'issued', kind: 'count', higherIsBetter: true, get: (r) => r.requests.issued },
  { key: 'completed', label: 'completed', kind: 'count', higherIsBetter: true, get: (r) => r.requests.completed },
  { key: 'timedOut', label: 'timed out', kind: 'count', higherIsBetter: false, get: (r) => r.requests.timedOut },
  { key: 'rejected', label: 'rejected', kind: 'count', higherIsBetter: false, get: (r) => r.requests.rejected },
  { key: 'failed', label: 'failed', kind: 'count', higherIsBetter: false, get: (r) => r.requests.failed ?? 0 },
  { key: 'late', label: 'late', kind: 'count', higherIsBetter: false, get: (r) => r.requests.late ?? 0 },
  { key: 'onTime', label: 'on time', kind: 'count', higherIsBetter: true, get: (r) => r.requests.onTime ?? r.requests.completed },
  { key: 'queued', label: 'queued', kind: 'count', higherIsBetter: false, get: (r) => r.requests.queued },
  { key: 'waiting.max', label: 'max waiters', kind: 'count', higherIsBetter: false, get: (r) => r.waiting.max },
  { key: 'waiting.mean', label: 'mean waiters', kind: 'count', higherIsBetter: false, get: (r) => r.waiting.mean },
  { key: 'inUse.max', label: 'max in use', kind: 'count', higherIsBetter: true, get: (r) => r.inUse.max },
  { key: 'inUse.mean', label: 'mean in use', kind: 'count', higherIsBetter: true, get: (r) => r.inUse.mean },
  { key: 'calls', label: 'calls', kind: 'count', higherIsBetter: false, get: (r) => r.calls?.total ?? r.requests.completed },
  // Retry amplification: 1 without retries; a ratio, but it reads and parses like a count.
  { key: 'calls.perRequest', label: 'calls/req', kind: 'count', higherIsBetter: false, get: (r) => r.calls?.perRequest ?? 1 },
  { key: 'throttled', label: '429s', kind: 'count', higherIsBetter: false, get: (r) => r.calls?.throttled ?? 0 },
  { key: 'errors', label: '5xx', kind: 'count', higherIsBetter: false, get: (r) => r.calls?.errors ?? 0 },
  { key: 'retried', label: 'retried', kind: 'count', higherIsBetter: false, get: (r) => r.calls?.retried ?? 0 },
  { key: 'backoff', label: 'backoff', kind: 'duration', higherIsBetter: false, get: (r) => r.calls?.backoffMs ?? 0 },
  { key: 'rateLimited', label: 'token waits', kind: 'count', higherIsBetter: false, get: (r) => r.calls?.rateLimited ?? 0 },
  // Shares, for SLOs that count in percent (k6's `rate<0.01`): of requests issued, of calls made.
  { key: 'failed.rate', label: 'failed %', kind: 'fraction', higherIsBetter: false, get: (r) => share(r.requests.failed ?? 0, r.requests.issued - r.requests.inFlight) },
  { key: 'timedOut.rate', label: 'timed out %', kind: 'fraction', higherIsBetter: false, get: (r) => share(r.requests.timedOut, r.requests.issued - r.requests.inFlight) },
  { key: 'onTime.rate', label: 'on time %', kind: 'fraction', higherIsBetter: true, get: (r) => share(r.requests.onTime ?? r.requests.completed, r.requests.issued - r.requests.inFlight) },
  { key: 'throttled.rate', label: '429 %', kind: 'fraction', higherIsBetter: false, get: (r) => share(r.calls?.throttled ?? 0, r.calls?.total ?? r.requests.completed) },
  { key: 'errors.rate', label: '5xx %', kind: 'fraction', higherIsBetter: false, get: (r) => share(r.calls?.errors ?? 0, r.calls?.total ?? r.requests.completed) },
  { key: 'upstream.inFlight.max', label: 'max upstream', kind: 'count', higherIsBetter: true, get: (r) => r.upstream?.inFlight.max ?? r.inUse.max },
  { key: 'upstream.inFlight.mean', label: 'mean upstream', kind: 'count', higherIsBetter: true, get: (r) => r.upstream?.inFlight.mean ?? r.inUse.mean },
];

const BY_KEY = new Map(METRICS.map((m) => [m.key.toLowerCase(), m]));
// Spellings people type for the same figure.
const ALIASES: Readonly<Record<string, string>> = {
  'wait.p99.9': 'wait.p999',
  'service.p99.9': 'service.p999',
  'total.p99.9': 'total.p999',
  timedout: 'timedOut',
  timeouts: 'timedOut',
  'timed_out': 'timedOut',
  rps: 'throughput',
  'throughputpersec': 'throughput',
  goodputpersec: 'goodput',
  ontime: 'onTime',
  'on_time': 'onTime',
  wastedpermitfraction: 'wasted',
  'calls.total': 'calls',
  callsperrequest: 'calls.perRequest',
  '429s': 'throttled',
  '429': 'throttled',
  '5xx': 'errors',
  backoffms: 'backoff',
  'calls.backoffms': 'backoff',
  'calls.throttled': 'throttled',
  'calls.errors': 'errors',
  'calls.retried': 'retried',
  'calls.ratelimited': 'rateLimited',
  '429s.rate': 'throttled.rate',
  '429.rate': 'throttled.rate',
  '5xx.rate': 'errors.rate',
};

/** part / whole, NaN (nothing measured) when the whole is 0. */
function share(part: number, whole: number): number {
  return whole === 0 ? NaN : part / whole;
}

/** Finds a metric by name (case-insensitive, a few aliases); undefined when unknown. */
export function findMetric(name: string): Metric | undefined {
  const key = name.trim().toLowerCase();
  const alias = ALIASES[key];
  return BY_KEY.get(alias === undefined ? key : alias.toLowerCase());
}

/** The "did you mean" hint for an unknown metric name, or a list of the accepted ones. */
export function unknownMetricHint(name: string): string {
  const suggestion = didYouMean(name.trim(), METRICS.map((m) => m.key));
  const accepted =
    'wait|service|total.(p50|p90|p99|p999|max|mean), throughput, goodput, utilization, wasted, completed, onTime, late, ' +
    'timedOut, rejected, failed, queued, waiting.max, calls, calls.perRequest, throttled (429s), errors (5xx), retried, ' +
    'backoff, upstream.inFlight.max, failed.rate, timedOut.rate, onTime.rate, throttled.rate (429s.rate), errors.rate, …';
  return suggestion === undefined ? `accepted: ${accepted}` : `did you mean "${suggestion}"?`;
}

/**
 * The metrics of the client and upstream model (deadline, retries, upstream limit and errors, rate
 * limit), in report order, each with when it applies to a run: its input is set or its figure is
 * non-zero. Tables of plain runs leave them all out.
 */
const MODEL_METRICS: readonly { readonly key: string; readonly applies: (r: JsonReport) => boolean }[] = [
  { key: 'goodput', applies: (r) => hasDeadline(r) || canFail(r) },
  { key: 'late', applies: hasDeadline },
  { key: 'wasted', applies: hasDeadline },
  { key: 'failed', applies: canFail },
  { key: 'calls.perRequest', applies: retries },
  { key: 'throttled', applies: (r) => upstreamLimit(r) !== null || value('throttled', r) > 0 },
  { key: 'errors', applies: (r) => (r.config.upstream?.errorRate ?? 0) > 0 || value('errors', r) > 0 },
  { key: 'retried', applies: retries },
  { key: 'backoff', applies: retries },
  { key: 'rateLimited', applies: (r) => (r.config.rateLimit ?? null) !== null || value('rateLimited', r) > 0 },
  { key: 'upstream.inFlight.max', applies: (r) => upstreamLimit(r) !== null || r.config.capacity === null },
];

/** The model metrics that apply to at least one of the reports, in report order. */
export function applyingModelMetrics(reports: readonly JsonReport[]): Metric[] {
  return MODEL_METRICS.filter((m) => reports.some(m.applies)).map((m) => findMetric(m.key) as Metric);
}

function value(key: string, r: JsonReport): number {
  return (findMetric(key) as Metric).get(r);
}

// Reports saved before the upstream model lack these config keys: they read as "not set".
function upstreamLimit(r: JsonReport): number | null {
  return r.config.upstream?.limit ?? null;
}

function hasDeadline(r: JsonReport): boolean {
  return (r.config.deadlineMs ?? null) !== null || value('late', r) > 0;
}

function canFail(r: JsonReport): boolean {
  return upstreamLimit(r) !== null || (r.config.upstream?.errorRate ?? 0) > 0 || value('failed', r) > 0;
}

function retries(r: JsonReport): boolean {
  return (r.config.retry?.attempts ?? 1) > 1 || value('retried', r) > 0;
}
