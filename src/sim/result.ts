import type { SimConfig } from './config.js';
import type { Simulation } from './engine.js';
import type { LatencyHistogram } from './histogram.js';
import { RunStats, type DurationSummary, type LevelSummary } from './stats.js';

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
}

/** The outcome of one run, as plain data (plus the histograms, for exports and charts). */
export interface RunResult {
  readonly config: SimConfig;
  /** Permits at the end of the run: differs from `config.capacity` when changed live. */
  readonly finalCapacity: number;
  /** True when the run was stopped before its natural end. */
  readonly interrupted: boolean;
  readonly requests: RequestCounts;
  /** Arrival to permit, of requests that completed (ms). */
  readonly wait: DurationSummary;
  /** Upstream call duration (ms). */
  readonly service: DurationSummary;
  /** Arrival to completion (ms). */
  readonly total: DurationSummary;
  /** Completed requests per second of measured virtual time. */
  readonly throughputPerSec: number;
  /** Mean fraction of permits in use over measured time (0..1). */
  readonly utilization: number;
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
  const ended = s.completed + s.timedOut + s.rejected;
  const inFlight = sim.inUse + sim.waiting;
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
    },
    wait: RunStats.summarize(s.wait),
    service: RunStats.summarize(s.service),
    total: RunStats.summarize(s.total),
    throughputPerSec: s.throughputPerSec(),
    utilization: s.utilization(),
    inUse: s.inUse(),
    waiting: s.waiting(),
    offeredLoad: offeredLoad(sim.config),
    elapsedMs: sim.now,
    measuredMs: s.measuredMs,
    events: sim.eventCount,
    histograms: { wait: s.wait, service: s.service, total: s.total },
  };
}

/** Rate × mean latency / capacity for open-loop rates; null where it does not apply. */
export function offeredLoad(config: SimConfig): number | null {
  const w = config.workload;
  if (w.kind !== 'poisson' && w.kind !== 'constant') return null;
  const mean = config.latency.mean;
  if (!Number.isFinite(mean)) return null;
  return (w.ratePerSec * mean) / 1000 / config.capacity;
}
