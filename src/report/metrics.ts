import { didYouMean } from '../dist/did-you-mean.js';
import type { JsonReport } from './json.js';

/** How a metric's values read and parse: durations in ms, plain counts, rates per second, fractions. */
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
  /** Reads the value from a report: ms for durations, per second for rates, 0..1 for fractions. */
  readonly get: (report: JsonReport) => number;
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
      }),
    ),
  ),
  { key: 'throughput', label: 'throughput', kind: 'rate', higherIsBetter: true, get: (r) => r.throughputPerSec },
  { key: 'utilization', label: 'utilization', kind: 'fraction', higherIsBetter: true, get: (r) => r.utilization },
  { key: 'issued', label: 'issued', kind: 'count', higherIsBetter: true, get: (r) => r.requests.issued },
  { key: 'completed', label: 'completed', kind: 'count', higherIsBetter: true, get: (r) => r.requests.completed },
  { key: 'timedOut', label: 'timed out', kind: 'count', higherIsBetter: false, get: (r) => r.requests.timedOut },
  { key: 'rejected', label: 'rejected', kind: 'count', higherIsBetter: false, get: (r) => r.requests.rejected },
  { key: 'queued', label: 'queued', kind: 'count', higherIsBetter: false, get: (r) => r.requests.queued },
  { key: 'waiting.max', label: 'max waiters', kind: 'count', higherIsBetter: false, get: (r) => r.waiting.max },
  { key: 'waiting.mean', label: 'mean waiters', kind: 'count', higherIsBetter: false, get: (r) => r.waiting.mean },
  { key: 'inUse.max', label: 'max in use', kind: 'count', higherIsBetter: true, get: (r) => r.inUse.max },
  { key: 'inUse.mean', label: 'mean in use', kind: 'count', higherIsBetter: true, get: (r) => r.inUse.mean },
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
};

/** Finds a metric by name (case-insensitive, a few aliases); undefined when unknown. */
export function findMetric(name: string): Metric | undefined {
  const key = name.trim().toLowerCase();
  const alias = ALIASES[key];
  return BY_KEY.get(alias === undefined ? key : alias.toLowerCase());
}

/** The "did you mean" hint for an unknown metric name, or a list of the accepted ones. */
export function unknownMetricHint(name: string): string {
  const suggestion = didYouMean(name.trim(), METRICS.map((m) => m.key));
  const accepted = 'wait|service|total.(p50|p90|p99|p999|max|mean), throughput, utilization, completed, timedOut, rejected, queued, waiting.max, …';
  return suggestion === undefined ? `accepted: ${accepted}` : `did you mean "${suggestion}"?`;
}
