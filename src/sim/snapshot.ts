import type { Simulation } from './engine.js';

/** One bin of the wait-time histogram drawn by the live view. */
export interface WaitBin {
  /** Lower edge, ms (inclusive). */
  readonly fromMs: number;
  /** Upper edge, ms (exclusive; Infinity for the last bin). */
  readonly toMs: number;
  readonly count: number;
}

/**
 * What the live view draws: the state of a simulation at one instant, as plain data. Taking one
 * costs O(waiters shown + histogram buckets), independent of how many requests have run.
 */
export interface Snapshot {
  /** Virtual time, ms. */
  readonly nowMs: number;
  readonly capacity: number;
  readonly inUse: number;
  readonly waiting: number;
  /** Age of the oldest waiter, ms (0 when nobody waits). */
  readonly oldestWaitMs: number;
  /** Ages of the oldest waiters, ms, oldest first, at most the number asked for. */
  readonly waiterAgesMs: readonly number[];
  readonly issued: number;
  readonly completed: number;
  readonly timedOut: number;
  readonly rejected: number;
  /** Requests the run will issue (Infinity when bounded by duration). */
  readonly requests: number;
  /** Virtual time after which no request is issued, ms (Infinity when bounded by requests). */
  readonly durationMs: number;
  /** Wait so far (ms) of completed requests. */
  readonly wait: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly count: number };
  /** Wait-time histogram so far, in bins (see {@link waitBins}). */
  readonly waitBins: readonly WaitBin[];
  /** Completed per second of virtual time so far. */
  readonly throughputPerSec: number;
  /** Mean fraction of permits in use so far (0..1). */
  readonly utilization: number;
  /** True when every request has ended. */
  readonly finished: boolean;
}

/**
 * Reads the simulation's current state.
 * @param maxWaiters how many waiter ages to include (the view draws at most this many cells).
 * @param bins number of wait-histogram bins (log-spaced between the smallest and largest wait).
 */
export function takeSnapshot(sim: Simulation, maxWaiters = 64, bins = 8): Snapshot {
  const s = sim.stats;
  const ages: number[] = [];
  sim.forEachWaiterAge(maxWaiters, (age) => ages.push(age));
  return {
    nowMs: sim.now,
    capacity: sim.capacity,
    inUse: sim.inUse,
    waiting: sim.waiting,
    oldestWaitMs: sim.oldestWaitMs,
    waiterAgesMs: ages,
    issued: sim.issued,
    completed: s.completed,
    timedOut: s.timedOut,
    rejected: s.rejected,
    requests: sim.config.requests,
    durationMs: sim.config.durationMs,
    wait: {
      p50: s.wait.percentileMs(50),
      p90: s.wait.percentileMs(90),
      p99: s.wait.percentileMs(99),
      max: s.wait.maxMs,
      count: s.wait.count,
    },
    waitBins: waitBins(sim, bins),
    throughputPerSec: s.throughputPerSec(),
    utilization: s.utilization(),
    finished: sim.finished,
  };
}

/**
 * The wait histogram so far folded into `n` bins: the first holds waits of 0 (served at once),
 * the rest are log-spaced up to the largest wait.
 */
export function waitBins(sim: Simulation, n: number): WaitBin[] {
  const h = sim.stats.wait;
  const maxMs = h.maxMs;
  const result: { fromMs: number; toMs: number; count: number }[] = [{ fromMs: 0, toMs: 0.001, count: 0 }];
  if (maxMs > 0.001 && n > 1) {
    const lowMs = Math.max(0.001, Math.min(maxMs / 1000, 1));
    const ratio = Math.pow(maxMs / lowMs, 1 / (n - 1));
    let from = 0.001;
    for (let i = 1; i < n; i++) {
      const to = i === n - 1 ? Infinity : lowMs * Math.pow(ratio, i);
      result.push({ fromMs: from, toMs: to, count: 0 });
      from = to;
    }
  }
  h.forEachBucket((lowUs, _highUs, count) => {
    const ms = lowUs / 1000;
    for (const bin of result) {
      if (ms < bin.toMs) {
        bin.count += count;
        return;
      }
    }
    (result[result.length - 1] as { count: number }).count += count;
  });
  return result;
}
