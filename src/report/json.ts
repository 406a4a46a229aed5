import * as hdr from 'hdr-histogram-js';
import { formatStages } from '../dist/stages.js';
import type { Jitter, KeyChoice, QueueOrder, SimConfig, Workload } from '../sim/config.js';
import type { LatencyHistogram } from '../sim/histogram.js';
import type { CallCounts, ClassFigures, KeyFigures, RequestCounts, RunResult } from '../sim/result.js';
import type { DurationSummary, LevelSummary } from '../sim/stats.js';

/** Version of the JSON report's shape; bumped only when a key changes meaning or disappears. */
export const SCHEMA_VERSION = 1;

/**
 * The JSON report (`--json`): times in ms, rates per second, fractions 0..1, "none" limits
 * (Infinity) and undefined figures (NaN) as null.
 */
export interface JsonReport {
  readonly schemaVersion: number;
  readonly config: JsonConfig;
  readonly interrupted: boolean;
  /** Permits at the end: differs from config.capacity when changed in the live view; null without a semaphore. */
  readonly finalCapacity: number | null;
  readonly requests: RequestCounts;
  readonly waitMs: DurationSummary;
  readonly serviceMs: DurationSummary;
  readonly totalMs: DurationSummary;
  readonly throughputPerSec: number;
  /** On-time completions per second (equals throughputPerSec without a deadline). */
  readonly goodputPerSec: number;
  /** Mean fraction of permits in use (0..1); null without a semaphore. */
  readonly utilization: number | null;
  /** Fraction of permit-time held by requests that completed after their deadline (0..1). */
  readonly wastedPermitFraction: number;
  readonly offeredLoad: number | null;
  readonly inUse: LevelSummary;
  readonly waiting: LevelSummary;
  /** Upstream calls, retries included, and what came back; backoffMs is the summed sleep. */
  readonly calls: CallCounts;
  /** The provider's limit per key (null: none) and the calls in flight at it over all keys. */
  readonly upstream: { readonly limit: number | null; readonly inFlight: LevelSummary };
  /** One entry per API key, in key order. */
  readonly keys: readonly KeyFigures[];
  /** One entry per priority class, in config order (empty without classes). */
  readonly classes: readonly JsonClass[];
  readonly elapsedMs: number;
  readonly measuredMs: number;
  /** HdrHistogram V2 compressed base64 of each metric, in µs: readable by any HdrHistogram tool. */
  readonly histograms: { readonly waitUs: string; readonly serviceUs: string; readonly totalUs: string };
}

/** One priority class's outcomes: the result's, with `wait` named `waitMs` as at the top level. */
export type JsonClass = Omit<ClassFigures, 'wait'> & { readonly waitMs: DurationSummary };

/** Every resolved input of a run. */
export interface JsonConfig {
  /** Scenario name and description, when the run came from a scenario file. */
  readonly name?: string;
  readonly description?: string;
  readonly seed: number;
  /** Permits of the semaphore (of each key's, with per-key semaphores); null: no semaphore. */
  readonly capacity: number | null;
  readonly workload: JsonWorkload;
  readonly latency: string;
  readonly latencyMeanMs: number | null;
  readonly timeoutMs: number | null;
  readonly maxQueue: number | null;
  readonly requests: number | null;
  readonly durationMs: number | null;
  readonly warmupMs: number;
  readonly order: QueueOrder;
  /** `weight` is null for a class without one. */
  readonly classes: readonly { readonly name: string; readonly share: number; readonly priority: number; readonly weight: number | null }[];
  /** The caller's deadline per request, ms from arrival; null: none. */
  readonly deadlineMs: number | null;
  /** Calls per request at most (1: no retries); backoff base and cap in ms. */
  readonly retry: { readonly attempts: number; readonly backoffMs: number; readonly backoffCapMs: number; readonly jitter: Jitter };
  /** Latencies as specs; limit per key, null: none; errorRate 0..1; slowdown per other call in flight. */
  readonly upstream: {
    readonly limit: number | null;
    readonly rejectLatency: string;
    readonly errorRate: number;
    readonly errorLatency: string;
    readonly slowdownPerCall: number;
  };
  readonly keys: { readonly count: number; readonly choice: KeyChoice; readonly semaphore: 'shared' | 'per-key' };
  /** Token bucket: tokens per second and bucket size; null: no rate limit. */
  readonly rateLimit: { readonly ratePerSec: number; readonly bucketSize: number } | null;
}

/** The workload as JSON. */
export type JsonWorkload =
  | { readonly kind: 'closed'; readonly clients: number; readonly think: string | null }
  | { readonly kind: 'poisson' | 'constant'; readonly ratePerSec: number }
  | { readonly kind: 'burst' }
  | { readonly kind: 'trace'; readonly source: string; readonly arrivals: number; readonly recordedLatencies: boolean }
  /** `stages` is the canonical `--stages` shorthand (rates per second, or client counts). */
  | { readonly kind: 'staged'; readonly shape: 'poisson' | 'constant' | 'closed'; readonly stages: string; readonly think: string | null };

/** Builds the JSON report of a run. Deterministic: the same result gives the same object. */
export function toJsonReport(result: RunResult): JsonReport {
  return {
    schemaVersion: SCHEMA_VERSION,
    config: toJsonConfig(result.config),
    interrupted: result.interrupted,
    finalCapacity: finiteOrNull(result.finalCapacity),
    requests: toJsonRequests(result.requests),
    waitMs: result.wait,
    serviceMs: result.service,
    totalMs: result.total,
    throughputPerSec: result.throughputPerSec,
    goodputPerSec: result.goodputPerSec,
    utilization: Number.isNaN(result.utilization) ? null : result.utilization,
    wastedPermitFraction: result.wastedPermitFraction,
    offeredLoad: result.offeredLoad,
    inUse: result.inUse,
    waiting: result.waiting,
    calls: toJsonCalls(result.calls),
    upstream: { limit: finiteOrNull(result.upstream.limit), inFlight: { mean: result.upstream.inFlight.mean, max: result.upstream.inFlight.max } },
    keys: result.keys.map((k) => ({ calls: k.calls, throttled: k.throttled, errors: k.errors, inFlightMax: k.inFlightMax })),
    classes: result.classes.map(
      (c): JsonClass => ({
        name: c.name,
        priority: c.priority,
        share: c.share,
        completed: c.completed,
        onTime: c.onTime,
        late: c.late,
        timedOut: c.timedOut,
        rejected: c.rejected,
        failed: c.failed,
        waitMs: c.wait,
      }),
    ),
    elapsedMs: result.elapsedMs,
    measuredMs: result.measuredMs,
    histograms: {
      waitUs: encodeHistogram(result.histograms.wait),
      serviceUs: encodeHistogram(result.histograms.service),
      totalUs: encodeHistogram(result.histograms.total),
    },
  };
}

/** Serializes a report as pretty JSON with a trailing newline. */
export function formatJson(report: JsonReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The config as JSON: Infinity ("no limit") becomes null. */
export function toJsonConfig(config: SimConfig): JsonConfig {
  const recordedLatencies = config.workload.kind === 'trace' && config.workload.latenciesMs !== null;
  return {
    ...(config.name === undefined ? {} : { name: config.name }),
    ...(config.description === undefined ? {} : { description: config.description }),
    seed: config.seed,
    capacity: finiteOrNull(config.capacity),
    workload: toJsonWorkload(config.workload),
    // A trace's recorded latencies replace the distribution: the spec then names that.
    latency: recordedLatencies ? 'recorded' : config.latency.spec,
    latencyMeanMs: recordedLatencies ? null : finiteOrNull(config.latency.mean),
    timeoutMs: finiteOrNull(config.timeoutMs),
    maxQueue: finiteOrNull(config.maxQueue),
    requests: finiteOrNull(config.requests),
    durationMs: finiteOrNull(config.durationMs),
    warmupMs: config.warmupMs,
    order: config.order,
    classes: config.classes.map((c) => ({ name: c.name, share: c.share, priority: c.priority, weight: c.weight ?? null })),
    deadlineMs: finiteOrNull(config.deadlineMs),
    retry: { attempts: config.retry.attempts, backoffMs: config.retry.baseMs, backoffCapMs: config.retry.capMs, jitter: config.retry.jitter },
    upstream: {
      limit: finiteOrNull(config.upstream.limit),
      rejectLatency: config.upstream.rejectLatency.spec,
      errorRate: config.upstream.errorRate,
      errorLatency: config.upstream.errorLatency.spec,
      slowdownPerCall: config.upstream.slowdownPerCall,
    },
    keys: { count: config.keys.count, choice: config.keys.choice, semaphore: config.keys.semaphore },
    rateLimit: config.rateLimit === null ? null : { ratePerSec: config.rateLimit.ratePerSec, bucketSize: config.rateLimit.bucketSize },
  };
}

// Built key by key, so the report's key order is this file's, whatever order the result has.
function toJsonRequests(r: RequestCounts): RequestCounts {
  return {
    issued: r.issued,
    completed: r.completed,
    timedOut: r.timedOut,
    rejected: r.rejected,
    queued: r.queued,
    inFlight: r.inFlight,
    warmupExcluded: r.warmupExcluded,
    failed: r.failed,
    late: r.late,
    onTime: r.onTime,
  };
}

function toJsonCalls(c: CallCounts): CallCounts {
  return {
    total: c.total,
    callers: c.callers,
    perRequest: c.perRequest,
    throttled: c.throttled,
    errors: c.errors,
    retried: c.retried,
    backoffMs: c.backoffMs,
    rateLimited: c.rateLimited,
  };
}

function toJsonWorkload(w: Workload): JsonWorkload {
  switch (w.kind) {
    case 'closed':
      return { kind: 'closed', clients: w.clients, think: w.think === null ? null : w.think.spec };
    case 'poisson':
    case 'constant':
      return { kind: w.kind, ratePerSec: w.ratePerSec };
    case 'burst':
      return { kind: 'burst' };
    case 'trace':
      return { kind: 'trace', source: w.source, arrivals: w.arrivalsMs.length, recordedLatencies: w.latenciesMs !== null };
    case 'staged':
      return {
        kind: 'staged',
        shape: w.shape,
        stages: formatStages(w.stages, w.shape === 'closed' ? 'clients' : 'rate'),
        think: w.think === null ? null : w.think.spec,
      };
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Encodes a histogram in HdrHistogram's standard compressed form (values in µs). */
function encodeHistogram(h: LatencyHistogram): string {
  const out = hdr.build({ numberOfSignificantValueDigits: 3, bitBucketSize: 64 });
  h.forEachBucket((lowUs, _highUs, count) => out.recordValueWithCount(lowUs, count));
  return hdr.encodeIntoCompressedBase64(out);
}
