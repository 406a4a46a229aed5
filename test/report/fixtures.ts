import { LatencyHistogram } from '../../src/sim/histogram.js';
import type { CallCounts, ClassFigures, KeyFigures, RequestCounts, RunResult } from '../../src/sim/result.js';
import { RunStats, type DurationSummary } from '../../src/sim/stats.js';
import { testConfig } from '../support/config.js';

/** A histogram holding the given durations (ms). */
export function histogramOf(valuesMs: readonly number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of valuesMs) h.record(v);
  return h;
}

/** The percentile summary of the given durations (ms). */
export function summaryOf(valuesMs: readonly number[]): DurationSummary {
  return RunStats.summarize(histogramOf(valuesMs));
}

/** What a hand-built run may override: the config as for testConfig, counts and figures field by field. */
export interface FakeRun extends Partial<Omit<RunResult, 'config' | 'requests' | 'calls'>> {
  readonly config?: Parameters<typeof testConfig>[0];
  readonly requests?: Partial<RequestCounts>;
  readonly calls?: Partial<CallCounts>;
}

/**
 * A RunResult built by hand, without the engine: by default 1,000 requests that all completed in
 * 5 s (200 req/s), waits 0–99 ms, service 200 ms, 40 permits 90 % used; the model figures neutral
 * (one call per request, no 429s or 5xx, one key). Override any part; keys default to one entry
 * per configured key, upstream.limit to the config's.
 */
export function fakeRun(overrides: FakeRun = {}): RunResult {
  const { config: configOverrides, requests, calls, ...rest } = overrides;
  const config = testConfig(configOverrides);
  const waits = Array.from({ length: 1000 }, (_, i) => i % 100);
  const wait = histogramOf(waits);
  const service = histogramOf(waits.map(() => 200));
  const total = histogramOf(waits.map((w) => w + 200));
  const counts: RequestCounts = {
    issued: 1000,
    completed: 1000,
    timedOut: 0,
    rejected: 0,
    queued: 600,
    inFlight: 0,
    warmupExcluded: 0,
    failed: 0,
    late: 0,
    onTime: 1000,
    ...requests,
  };
  const key: KeyFigures = { calls: 1000, throttled: 0, errors: 0, inFlightMax: 40 };
  return {
    config,
    finalCapacity: config.capacity,
    interrupted: false,
    requests: counts,
    wait: RunStats.summarize(wait),
    service: RunStats.summarize(service),
    total: RunStats.summarize(total),
    throughputPerSec: 200,
    goodputPerSec: 200,
    utilization: 0.9,
    wastedPermitFraction: 0,
    calls: { total: 1000, callers: 1000, perRequest: 1, throttled: 0, errors: 0, retried: 0, backoffMs: 0, rateLimited: 0, ...calls },
    upstream: { limit: config.upstream.limit, inFlight: { mean: 36, max: 40 } },
    keys: Array.from({ length: config.keys.count }, () => key),
    classes: [] as ClassFigures[],
    inUse: { mean: 36, max: 40 },
    waiting: { mean: 12, max: 160 },
    offeredLoad: null,
    elapsedMs: 5000,
    measuredMs: 5000,
    events: 2000,
    histograms: { wait, service, total },
    ...rest,
  };
}
