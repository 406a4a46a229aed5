import type { Distribution } from '../dist/distribution.js';
import { parseLatency } from '../dist/spec.js';

/**
 * Where requests come from.
 * - `closed`: a fixed population of clients, each sending its next request when its previous one
 *   ends, after an optional think time (the Go example: 200 goroutines in a loop).
 * - `poisson` / `constant`: open loop at a fixed rate, exponential or equal gaps.
 * - `burst`: every request arrives at t = 0.
 * - `trace`: replay of recorded arrival times, optionally with recorded latencies.
 * - `staged`: arrivals or clients following k6-style stages (see {@link StagedWorkload}).
 */
export type Workload =
  | { readonly kind: 'closed'; readonly clients: number; readonly think: Distribution | null }
  | { readonly kind: 'poisson'; readonly ratePerSec: number }
  | { readonly kind: 'constant'; readonly ratePerSec: number }
  | { readonly kind: 'burst' }
  | TraceWorkload
  | StagedWorkload;

/**
 * One segment of a staged load profile (as k6's stages): over `durationMs` the target goes
 * linearly from `from` to `to` (equal for a hold). Targets are arrivals per second for open-loop
 * stages, or active clients for closed-loop stages.
 */
export interface Stage {
  readonly durationMs: number;
  readonly from: number;
  readonly to: number;
}

/**
 * A load that changes over time: open-loop arrivals whose rate follows the stages (`poisson`:
 * a non-homogeneous Poisson process; `constant`: the k-th arrival where the cumulative rate
 * reaches k, so none at t = 0), or closed-loop clients whose number follows the stages (the line
 * rounded to the nearest integer; a client above the target finishes its request and stops).
 * Stages run back to back from t = 0; issuing ends with the last stage (for clients the target
 * is 0 from its end on), or earlier at `requests` or `durationMs`.
 */
export interface StagedWorkload {
  readonly kind: 'staged';
  readonly shape: 'poisson' | 'constant' | 'closed';
  readonly stages: readonly Stage[];
  /** Closed loop only: pause between a client's requests. */
  readonly think: Distribution | null;
}

/** Replay of a recorded trace: arrival times in ms, ascending, and optional latencies in ms. */
export interface TraceWorkload {
  readonly kind: 'trace';
  /** Where the trace came from (a file path), for reports. */
  readonly source: string;
  readonly arrivalsMs: Float64Array;
  /** Recorded latency per arrival, or null to sample from the latency distribution. */
  readonly latenciesMs: Float64Array | null;
}

/** Every input of one simulation run, resolved and validated. Times in ms. */
export interface SimConfig {
  /** Scenario name, for reports (the engine ignores it). */
  readonly name?: string;
  /** One-paragraph scenario description, for reports and the live view. */
  readonly description?: string;
  /** Seed of every random stream (arrivals, latencies, think times). */
  readonly seed: number;
  /**
   * Permits of the semaphore: an integer >= 1, or Infinity for no semaphore at all (every request
   * calls at once). With `keys.semaphore` per-key, the permits of each key's semaphore.
   */
  readonly capacity: number;
  readonly workload: Workload;
  /** Service time of one upstream call, in ms. */
  readonly latency: Distribution;
  /** Longest a request waits for a permit before giving up, in ms; Infinity = forever. */
  readonly timeoutMs: number;
  /** Waiters allowed in the queue; an arrival finding this many is rejected. Infinity = unbounded. */
  readonly maxQueue: number;
  /** Requests to issue; Infinity = until `durationMs`. */
  readonly requests: number;
  /** Virtual time after which no request is issued, in ms; Infinity = until `requests`. */
  readonly durationMs: number;
  /** Requests arriving before this virtual time (ms) are left out of every statistic. */
  readonly warmupMs: number;
  /** Which waiter gets a freed permit: the one that arrived first (fifo) or last (lifo). */
  readonly order: QueueOrder;
  /** Priority classes of requests; empty for one class of everything. */
  readonly classes: readonly PriorityClass[];
  /**
   * The caller's deadline per request, ms from arrival, covering the wait, every attempt and the
   * backoff between them; Infinity = none. A waiter whose deadline passes abandons; a call in
   * flight at the deadline runs to its end holding the permit (a late completion: wasted work).
   */
  readonly deadlineMs: number;
  readonly retry: RetryPolicy;
  readonly upstream: UpstreamModel;
  readonly keys: KeyPool;
  /** A token bucket in front of every upstream call (per semaphore), or null for none. */
  readonly rateLimit: RateLimit | null;
}

/** Queue discipline of the semaphore's waiters. */
export type QueueOrder = 'fifo' | 'lifo';

/**
 * A class of requests. Arrivals fall into classes at random by `share`; a waiter of a class with a
 * higher `priority` always gets a freed permit before any waiter of a lower one (strict priority).
 * Classes of one priority share its freed permits by `weight` when any of them has one (weighted
 * fair queueing), else are served as one queue in arrival order; within a class `order` decides.
 */
export interface PriorityClass {
  readonly name: string;
  /** Fraction of arrivals in this class, in (0, 1]; the shares of all classes sum to 1. */
  readonly share: number;
  /** Higher is served first; an integer, 0 by default. */
  readonly priority: number;
  /** Share of freed permits among the classes of its priority that wait (> 0; absent: none, or 1 beside weighted ones). */
  readonly weight?: number;
}

/** Backoff jitter, as in AWS's "Exponential Backoff And Jitter": none, full U(0,b), equal b/2+U(0,b/2). */
export type Jitter = 'none' | 'full' | 'equal';

/**
 * What a caller does when a call fails (429 or 5xx): try again, up to `attempts` calls in all,
 * sleeping min(capMs, baseMs × 2^(n−1)) (jittered) before retry n. The permit is held across the
 * attempts and the backoff, as with `acquire; defer release; callWithRetries()`.
 */
export interface RetryPolicy {
  /** Calls per request at most, the first included: 1 means no retries. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
  readonly jitter: Jitter;
}

/** The provider behind the wire, per API key. */
export interface UpstreamModel {
  /**
   * Concurrent calls the provider serves per key; a call over it is answered 429 after
   * `rejectLatency` and takes no upstream slot. Infinity = no limit.
   */
  readonly limit: number;
  readonly rejectLatency: Distribution;
  /** Probability that an accepted call fails with a 5xx, in [0, 1). */
  readonly errorRate: number;
  /** How long a 5xx takes; the call holds its upstream slot meanwhile. */
  readonly errorLatency: Distribution;
  /**
   * Load-dependent latency: each other call in flight at the key when a call starts makes it this
   * fraction slower (0.02 = 2 % per call); 0 for latency independent of load.
   */
  readonly slowdownPerCall: number;
}

/** How requests spread over several API keys. */
export type KeyChoice = 'round-robin' | 'random' | 'least-busy';

/** Several API keys, each with the upstream model's limit of its own. */
export interface KeyPool {
  /** Number of keys, >= 1. */
  readonly count: number;
  /**
   * Which key a call uses. With one shared semaphore it is chosen as each call starts (least-busy:
   * fewest calls in flight); with a semaphore per key, at arrival (least-busy: fewest holding or
   * waiting for that key's permits), and the request stays with that key.
   */
  readonly choice: KeyChoice;
  /** One semaphore of `capacity` permits for all keys, or one of `capacity` per key. */
  readonly semaphore: 'shared' | 'per-key';
}

/** How many semaphores a run has: one per key with per-key semaphores, else one (permits in all: capacity × this). */
export function semaphoreCount(config: Pick<SimConfig, 'keys'>): number {
  return config.keys.semaphore === 'per-key' ? config.keys.count : 1;
}

/** A token bucket: `ratePerSec` tokens per second, holding at most `bucketSize`; it starts full. */
export interface RateLimit {
  readonly ratePerSec: number;
  /** Tokens the bucket holds at most: the largest burst of calls started at once. */
  readonly bucketSize: number;
}

/**
 * The neutral client and upstream model: FIFO, one class, no deadline, no retries, an upstream
 * without limits or errors, one key, no rate limit. Runs with these behave as before any of them
 * existed.
 */
export function plainModel(): Pick<SimConfig, 'order' | 'classes' | 'deadlineMs' | 'retry' | 'upstream' | 'keys' | 'rateLimit'> {
  return {
    order: 'fifo',
    classes: [],
    deadlineMs: Infinity,
    retry: { attempts: 1, baseMs: 100, capMs: 10_000, jitter: 'full' },
    upstream: { limit: Infinity, rejectLatency: parseLatency('20ms'), errorRate: 0, errorLatency: parseLatency('20ms'), slowdownPerCall: 0 },
    keys: { count: 1, choice: 'round-robin', semaphore: 'shared' },
    rateLimit: null,
  };
}
