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
} as const;
