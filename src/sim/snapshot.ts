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
 * The settings of the client and upstream model that the live view shows, fixed for a run. A
 * setting at its neutral value (see `plainModel`) means that part of the model is not in play.
 */
export interface ModelSettings {
  /** Calls the provider serves at once, all keys (per-key limit × keys); Infinity = no limit. */
  readonly upstreamLimit: number;
  /** Probability that an accepted call fails with a 5xx (0 = never). */
  readonly errorRate: number;
  /** Calls per request at most, the first included (1 = no retries). */
  readonly attempts: number;
  /** Tokens the rate limiter's bucket(s) hold at most, summed over the semaphores; NaN without a rate limit. */
  readonly bucketSize: number;
  /** The caller's deadline per request, ms from arrival; Infinity = none. */
  readonly deadlineMs: number;
}

/** The {@link ModelSettings} of a simulation (read from its config; O(1)). */
export function modelSettings(sim: Pick<Simulation, 'config' | 'semaphores'>): ModelSettings {
  const { upstream, keys, retry, rateLimit, deadlineMs } = sim.config;
  return {
    upstreamLimit: upstream.limit * keys.count,
    errorRate: upstream.errorRate,
    attempts: retry.attempts,
    // One bucket per semaphore, as the engine's token count is summed over them.
    bucketSize: rateLimit === null ? NaN : rateLimit.bucketSize * sim.semaphores,
    deadlineMs,
  };
}

/**
 * What the live view draws: the state of a simulation at one instant, as plain data. Taking one
 * costs O(waiters shown + histogram buckets), independent of how many requests have run.
 */
export interface Snapshot extends ModelSettings {
  /** Virtual time, ms. */
  readonly nowMs: number;
  /** Permits of each semaphore right now; Infinity without a semaphore. */
  readonly capacity: number;
  /** Number of semaphores (the key count with per-key semaphores, else 1): permits in all = capacity × semaphores. */
  readonly semaphores: number;
  /** Permits held, all semaphores. */
  readonly inUse: number;
  /** Requests waiting for a permit, all semaphores. */
  readonly waiting: number;
  /** Age of the oldest waiter, ms (0 when nobody waits). */
  readonly oldestWaitMs: number;
  /** Ages of the oldest waiters, ms, oldest first, at most the number asked for. */
  readonly waiterAgesMs: readonly number[];
  readonly issued: number;
  readonly completed: number;
  readonly timedOut: number;
  readonly rejected: number;
  /** Requests whose last call failed (429 or 5xx) with no attempt left. */
  readonly failed: number;
  /** Completed requests that finished after their deadline (a subset of `completed`). */
  readonly late: number;
  /** Upstream calls answered 429 so far (over the provider's limit). */
  readonly throttled: number;
  /** Upstream calls that failed with a 5xx so far. */
  readonly errors: number;
  /**
   * Requests in a call right now: issued and not waiting for a permit, sleeping in backoff or
   * waiting for a token (so at the provider, or being answered 429).
   */
  readonly callsInFlight: number;
  /** Upstream calls in flight at the provider right now, all keys (a call being answered 429 takes no slot). */
  readonly upstreamInFlight: number;
  /** Requests sleeping in backoff before a retry right now. */
  readonly inBackoff: number;
  /** Tokens in the rate limiter's bucket(s) right now, summed; NaN without a rate limit. */
  readonly tokens: number;
  /** Calls waiting for a token of the rate limit right now. */
  readonly tokenWaiting: number;
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
  /** Completed on time (not late) per second of virtual time so far. */
  readonly goodputPerSec: number;
  /** Mean fraction of permits in use so far (0..1; NaN without a semaphore). */
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
  const config = sim.config;
  const ages: number[] = [];
  sim.forEachWaiterAge(maxWaiters, (age) => ages.push(age));
  const inBackoff = sim.inBackoff;
  const tokenWaiting = sim.tokenWaiting;
  return {
    nowMs: sim.now,
    capacity: sim.capacity,
    semaphores: sim.semaphores,
    inUse: sim.inUse,
    waiting: sim.waiting,
    oldestWaitMs: sim.oldestWaitMs,
    waiterAgesMs: ages,
    issued: sim.issued,
    completed: s.completed,
    timedOut: s.timedOut,
    rejected: s.rejected,
    failed: s.failed,
    late: s.late,
    throttled: s.throttled,
    errors: s.errors,
    callsInFlight: Math.max(0, sim.inFlight - sim.waiting - inBackoff - tokenWaiting),
    upstreamInFlight: sim.upstreamInFlight,
    inBackoff,
    tokens: config.rateLimit === null ? NaN : sim.tokens,
    tokenWaiting,
    ...modelSettings(sim),
    requests: config.requests,
    durationMs: config.durationMs,
    wait: {
      p50: s.wait.percentileMs(50),
      p90: s.wait.percentileMs(90),
      p99: s.wait.percentileMs(99),
      max: s.wait.maxMs,
      count: s.wait.count,
    },
    waitBins: waitBins(sim, bins),
    throughputPerSec: s.throughputPerSec(),
    goodputPerSec: s.goodputPerSec(),
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
