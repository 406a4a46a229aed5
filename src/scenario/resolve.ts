import type { Distribution } from '../dist/distribution.js';
import { InputError } from '../errors.js';
import type { SimConfig, TraceWorkload, Workload } from '../sim/config.js';
import { DEFAULTS } from './defaults.js';

/** How requests arrive, as chosen by `--arrival`. */
export type ArrivalKind = 'closed' | 'poisson' | 'constant' | 'burst';

/**
 * The run's inputs as given: every field optional, parsed but not yet combined. `undefined` means
 * "not given", so defaults apply and contradictions can be told from defaults.
 */
export interface RunOptions {
  capacity?: number;
  concurrency?: number;
  arrival?: ArrivalKind;
  /** Arrivals per second. */
  rate?: number;
  /** Path of a trace CSV. */
  trace?: string;
  latency?: Distribution;
  think?: Distribution;
  requests?: number;
  durationMs?: number;
  timeoutMs?: number;
  maxQueue?: number;
  seed?: number;
  warmupMs?: number;
}

/**
 * Combines the given options with the defaults into a {@link SimConfig}, rejecting contradictory
 * combinations with an {@link InputError} that names the flags involved.
 *
 * @param readTrace loads a trace file (injected so this stays free of I/O).
 */
export function resolveConfig(options: RunOptions, readTrace: (path: string) => TraceWorkload): SimConfig {
  const workload = resolveWorkload(options, readTrace);
  const defaultRequests = (): number => {
    if (options.durationMs !== undefined) return Infinity;
    switch (workload.kind) {
      case 'closed':
        return DEFAULTS.requestsPerClient * workload.clients;
      case 'burst':
        return options.concurrency ?? DEFAULTS.concurrency;
      case 'trace':
        return workload.arrivalsMs.length;
      default:
        return DEFAULTS.openLoopRequests;
    }
  };
  return {
    seed: options.seed ?? DEFAULTS.seed,
    capacity: options.capacity ?? DEFAULTS.capacity,
    workload,
    latency: options.latency ?? DEFAULTS.latency(),
    timeoutMs: options.timeoutMs ?? Infinity,
    maxQueue: options.maxQueue ?? Infinity,
    requests: options.requests ?? defaultRequests(),
    durationMs: options.durationMs ?? Infinity,
    warmupMs: options.warmupMs ?? 0,
  };
}

function resolveWorkload(options: RunOptions, readTrace: (path: string) => TraceWorkload): Workload {
  if (options.trace !== undefined) {
    for (const [flag, given] of [
      ['--arrival', options.arrival],
      ['--rate', options.rate],
      ['--concurrency', options.concurrency],
      ['--think', options.think],
    ] as const) {
      if (given !== undefined) {
        throw new InputError(`--trace and ${flag}: a trace replays recorded arrivals, so ${flag} does not apply; give one or the other`);
      }
    }
    return readTrace(options.trace);
  }

  const arrival = options.arrival ?? (options.rate !== undefined ? 'poisson' : 'closed');
  if (options.think !== undefined && arrival !== 'closed') {
    throw new InputError(`--think: think time applies to closed-loop clients (--concurrency), not to --arrival ${arrival}`);
  }
  switch (arrival) {
    case 'closed':
      if (options.rate !== undefined) {
        throw new InputError(`--rate and --arrival closed: closed-loop clients send when their previous request ends, so there is no rate; use --arrival poisson or constant with --rate`);
      }
      return { kind: 'closed', clients: options.concurrency ?? DEFAULTS.concurrency, think: options.think ?? null };
    case 'burst':
      if (options.rate !== undefined) {
        throw new InputError(`--rate and --arrival burst: a burst sends every request at t=0; set its size with --requests or --concurrency instead`);
      }
      return { kind: 'burst' };
    case 'poisson':
    case 'constant':
      if (options.rate === undefined) {
        throw new InputError(`--arrival ${arrival}: needs --rate, e.g. --rate 150/s`);
      }
      if (options.concurrency !== undefined) {
        throw new InputError(
          `--concurrency and --rate: --concurrency sets closed-loop clients, --rate an open-loop arrival rate; give one`,
        );
      }
      return { kind: arrival, ratePerSec: options.rate };
  }
}
