import { semaphoreCount, type SimConfig } from './config.js';
import type { Simulation } from './engine.js';
import type { LatencyHistogram } from './histogram.js';
import { RunStats, type ClassStats, type DurationSummary, type LevelSummary } from './stats.js';

/** How many requests ended which way (warm-up excluded). */
export interface RequestCounts {
  /** Requests issued after the warm-up. */
  readonly issued: number;
  readonly completed: number;
  readonly timedOut: number;
  readonly rejected: number;
  /** Requests that found no free permit and joined the queue. */
  readonly queued: number;
  /** Requests still waiting or in service when the run stopped (only when interrupted). */
  readonly inFlight: number;
  /** Requests that arrived during the warm-up and were left out. */
  readonly warmupExcluded: number;
  /** Requests whose last call failed (429 or 5xx) with no attempt left. */
  readonly failed: number;
  /** Of `completed`: finished after the deadline, when the caller had given up (wasted work). */
  readonly late: number;
  /** Of `completed`: finished within the deadline (all of them without one): the goodput. */
  readonly onTime: number;
}

/** Upstream calls and what came back (warm-up excluded). */
export interface CallCounts {
  /** Calls made, retries included. */
  readonly total: number;
  /** Requests that made at least one call. */
  readonly callers: number;
  /**
   * Calls per request that made one: retry amplification, 1 without retries (0 when no request
   * called). Requests that gave up or were rejected before calling do not dilute it.
   */
  readonly perRequest: number;
  /** Calls answered 429 Too Many Requests (over the upstream limit). */
  readonly throttled: number;
  /** Calls that failed with a 5xx. */
  readonly errors: number;
  /** Requests that made more than one call. */
  readonly retried: number;
  /** Time requests spent sleeping in backoff, summed, ms. */
  readonly backoffMs: number;
  /** Calls that waited for a token of the rate limit. */
  readonly rateLimited: number;
}

/** One API key's calls. */
export interface KeyFigures {
  readonly calls: number;
  readonly throttled: number;
  readonly errors: number;
  /** Most calls in flight at the key at once. */
  readonly inFlightMax: number;
}

/** One priority class's requests. */
export interface ClassFigures {
  readonly name: string;
  readonly priority: number;
  readonly share: number;
  readonly completed: number;
  readonly onTime: number;
  readonly late: number;
  readonly timedOut: number;
  readonly rejected: number;
  readonly failed: number;
  /** Arrival to first call of the class's completed requests (ms). */
  readonly wait: DurationSummary;
}

/** The outcome of one run, as plain data (plus the histograms, for exports and charts). */
export interface RunResult {
  readonly config: SimConfig;
  /** Permits at the end of the run: differs from `config.capacity` when changed live. */
  readonly finalCapacity: number;
  /** True when the run was stopped before its natural end. */
  readonly interrupted: boolean;
  readonly requests: RequestCounts;
  /** Arrival to first upstream call (a permit, and a token with a rate limit), of requests that completed (ms). */
  readonly wait: DurationSummary;
  /** Upstream call duration (ms). */
  readonly service: DurationSummary;
  /** Arrival to completion (ms). */
  readonly total: DurationSummary;
  /** Completed requests per second of measured virtual time. */
  readonly throughputPerSec: number;
  /** On-time completions per second of measured virtual time. */
  readonly goodputPerSec: number;
  /** Mean fraction of permits in use over measured time (0..1); NaN without a semaphore. */
  readonly utilization: number;
  /**
   * Fraction of permit-time held by requests whose last call ended after their deadline (late
   * completions, and calls that failed after the caller gave up): work done for callers who had
   * already given up (0..1; 0 when no permit-time). Without a semaphore, the same of in-progress time.
   */
  readonly wastedPermitFraction: number;
  readonly calls: CallCounts;
  /** The provider: its limit per key (Infinity = none) and the calls in flight at it (all keys). */
  readonly upstream: { readonly limit: number; readonly inFlight: LevelSummary };
  /** One entry per API key. */
  readonly keys: readonly KeyFigures[];
  /** One entry per priority class (empty without classes). */
  readonly classes: readonly ClassFigures[];
  readonly inUse: LevelSummary;
  readonly waiting: LevelSummary;
  /**
   * Offered load per permit for open-loop arrivals: rate × mean latency / capacity. At or above 1
   * the queue grows without bound. Null for closed loops and traces, or when the mean is infinite.
   */
  readonly offeredLoad: number | null;
  /** Virtual time of the last event, ms. */
  readonly elapsedMs: number;
  /** Virtual time measured: elapsed minus warm-up, ms. */
  readonly measuredMs: number;
  /** Simulated events processed. */
  readonly events: number;
  readonly histograms: { readonly wait: LatencyHistogram; readonly service: LatencyHistogram; readonly total: LatencyHistogram };
}

/**
 * Reads a simulation's figures into a {@link RunResult}. For a finished run it first checks the
 * accounting invariants (throws `InvariantError` if they fail).
 */
export function collectResult(sim: Simulation, options: { interrupted?: boolean } = {}): RunResult {
  const interrupted = options.interrupted ?? false;
  if (sim.finished) sim.checkInvariants();
  const s = sim.stats;
  const ended = s.completed + s.timedOut + s.rejected + s.failed;
  // Measured requests only: warm-up ones still in flight at an interrupt are left out too.
  const inFlight = s.arrived - ended;
  return {
    config: sim.config,
    finalCapacity: sim.capacity,
    interrupted,
    requests: {
      issued: ended + inFlight,
      completed: s.completed,
      timedOut: s.timedOut,
      rejected: s.rejected,
      queued: s.queued,
      inFlight,
      warmupExcluded: s.excluded,
      failed: s.failed,
      late: s.late,
      onTime: s.completed - s.late,
    },
    wait: RunStats.summarize(s.wait),
    service: RunStats.summarize(s.service),
    total: RunStats.summarize(s.total),
    throughputPerSec: s.throughputPerSec(),
    goodputPerSec: s.goodputPerSec(),
    utilization: s.utilization(),
    wastedPermitFraction: s.permitMs === 0 ? 0 : s.latePermitMs / s.permitMs,
    calls: {
      total: s.calls,
      callers: s.callers,
      perRequest: s.callers === 0 ? 0 : s.calls / s.callers,
      throttled: s.throttled,
      errors: s.errors,
      retried: s.retried,
      backoffMs: s.backoffMs,
      rateLimited: s.rateLimited,
    },
    upstream: { limit: sim.config.upstream.limit, inFlight: s.upstreamInFlight() },
    keys: s.keys.map((k) => ({ ...k })),
    classes: sim.config.classes.map((c, i) => {
      const cs = s.classes[i] as ClassStats;
      return {
        name: c.name,
        priority: c.priority,
        share: c.share,
        completed: cs.completed,
        onTime: cs.completed - cs.late,
        late: cs.late,
        timedOut: cs.timedOut,
        rejected: cs.rejected,
        failed: cs.failed,
        wait: RunStats.summarize(cs.wait),
      };
    }),
    inUse: s.inUse(),
    waiting: s.waiting(),
    offeredLoad: offeredLoad(sim.config),
    elapsedMs: sim.now,
    measuredMs: s.measuredMs,
    events: sim.eventCount,
    histograms: { wait: s.wait, service: s.service, total: s.total },
  };
}

/**
 * Rate × mean latency / permits for open-loop rates (permits of every key's semaphore with
 * per-key semaphores); null where it does not apply or without a semaphore.
 */
export function offeredLoad(config: SimConfig): number | null {
  const w = config.workload;
  if (w.kind !== 'poisson' && w.kind !== 'constant') return null;
  const mean = config.latency.mean;
  const permits = config.capacity * semaphoreCount(config);
  if (!Number.isFinite(mean) || !Number.isFinite(permits)) return null;
  return (w.ratePerSec * mean) / 1000 / permits;
}
