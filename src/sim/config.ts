import type { Distribution } from '../dist/distribution.js';

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
  /** Permits of the semaphore: an integer >= 1. */
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
}
