import type { Distribution } from '../dist/distribution.js';
import { parseLatency } from '../dist/spec.js';

/**
 * Defaults of every run input, in one place. They reproduce the Go example the tool is named
 * after: `make(chan struct{}, 40)` in front of 200 goroutines calling a 200 ms upstream.
 */
export const DEFAULTS = {
  /** Permits. */
  capacity: 40,
  /** Closed-loop clients (and the size of a burst). */
  concurrency: 200,
  /** Latency spec of an upstream call. */
  latencySpec: '200ms',
  latency: (): Distribution => parseLatency(DEFAULTS.latencySpec),
  /** Closed loop: each client sends this many requests on average (requests = 5 × clients). */
  requestsPerClient: 5,
  /** Open-loop arrivals (poisson, constant) without --requests or --duration. */
  openLoopRequests: 10_000,
  /** Seed: fixed, so two runs with the same inputs agree; `--seed random` draws one. */
  seed: 1,
  /** Queue order of waiters. */
  order: 'fifo',
  /** Calls per request at most, the first included: no retries. */
  attempts: 1,
  /** Backoff before the first retry (doubling after each), and its cap: duration specs. */
  backoffSpec: '100ms',
  backoffCapSpec: '10s',
  jitter: 'full',
  /** How long a 429 (over the upstream limit) and a 5xx take to come back: latency specs. */
  rejectLatencySpec: '20ms',
  errorLatencySpec: '20ms',
  /** API keys, how a call picks one, and whether they share one semaphore. */
  keys: 1,
  keyChoice: 'round-robin',
  semaphore: 'shared',
  /** Tokens a rate limiter's bucket holds: 1 spaces calls evenly, no bursts. */
  bucketSize: 1,
} as const;
