import * as hdr from 'hdr-histogram-js';
import { formatStages } from '../dist/stages.js';
import type { SimConfig, Workload } from '../sim/config.js';
import type { LatencyHistogram } from '../sim/histogram.js';
import type { RunResult } from '../sim/result.js';
import type { DurationSummary } from '../sim/stats.js';

/** Version of the JSON report's shape; bumped only when a key changes meaning or disappears. */
export const SCHEMA_VERSION = 1;

/** The JSON report (`--json`): times in ms, rates per second, "none" limits as null. */
export interface JsonReport {
  readonly schemaVersion: number;
  readonly config: JsonConfig;
  readonly interrupted: boolean;
  /** Permits at the end: differs from config.capacity when changed in the live view. */
  readonly finalCapacity: number;
  readonly requests: RunResult['requests'];
  readonly waitMs: DurationSummary;
  readonly serviceMs: DurationSummary;
  readonly totalMs: DurationSummary;
  readonly throughputPerSec: number;
  readonly utilization: number;
  readonly offeredLoad: number | null;
  readonly inUse: RunResult['inUse'];
  readonly waiting: RunResult['waiting'];
  readonly elapsedMs: number;
  readonly measuredMs: number;
  /** HdrHistogram V2 compressed base64 of each metric, in µs: readable by any HdrHistogram tool. */
  readonly histograms: { readonly waitUs: string; readonly serviceUs: string; readonly totalUs: string };
}

/** Every resolved input of a run. */
export interface JsonConfig {
  /** Scenario name and description, when the run came from a scenario file. */
  readonly name?: string;
  readonly description?: string;
  readonly seed: number;
  readonly capacity: number;
  readonly workload: JsonWorkload;
  readonly latency: string;
  readonly latencyMeanMs: number | null;
  readonly timeoutMs: number | null;
  readonly maxQueue: number | null;
  readonly requests: number | null;
  readonly durationMs: number | null;
  readonly warmupMs: number;
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
    finalCapacity: result.finalCapacity,
    requests: result.requests,
    waitMs: result.wait,
    serviceMs: result.service,
    totalMs: result.total,
    throughputPerSec: result.throughputPerSec,
    utilization: result.utilization,
    offeredLoad: result.offeredLoad,
    inUse: result.inUse,
    waiting: result.waiting,
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
    capacity: config.capacity,
    workload: toJsonWorkload(config.workload),
    // A trace's recorded latencies replace the distribution: the spec then names that.
    latency: recordedLatencies ? 'recorded' : config.latency.spec,
    latencyMeanMs: recordedLatencies ? null : finiteOrNull(config.latency.mean),
    timeoutMs: finiteOrNull(config.timeoutMs),
    maxQueue: finiteOrNull(config.maxQueue),
    requests: finiteOrNull(config.requests),
    durationMs: finiteOrNull(config.durationMs),
    warmupMs: config.warmupMs,
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
