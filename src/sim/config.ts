import type { Distribution } from '../dist/distribution.js';

/**
 * Where requests come from.
 * - `closed`: a fixed population of clients, each sending its next request when its previous one
 *   ends, after an optional think time (the Go example: 200 goroutines in a loop).
 * - `poisson` / `constant`: open loop at a fixed rate, exponential or equal gaps.
 * - `burst`: every request arrives at t = 0.
 * - `trace`: replay of recorded arrival times, optionally with recorded latencies.
 */
export type Workload =
  | { readonly kind: 'closed'; readonly clients: number; readonly think: Distribution | null }
  | { readonly kind: 'poisson'; readonly ratePerSec: number }
  | { readonly kind: 'constant'; readonly ratePerSec: number }
  | { readonly kind: 'burst' }
  | TraceWorkload;

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
