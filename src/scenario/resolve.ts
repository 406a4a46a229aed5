import type { Distribution } from '../dist/distribution.js';
import { InputError } from '../errors.js';
import { plainModel, type SimConfig, type Stage, type StagedWorkload, type TraceWorkload, type Workload } from '../sim/config.js';
import { DEFAULTS } from './defaults.js';

/** How requests arrive, as chosen by `--arrival`. */
export type ArrivalKind = 'closed' | 'poisson' | 'constant' | 'burst';

/**
 * The run's inputs as given: every field optional, parsed but not yet combined. `undefined` means
 * "not given", so defaults apply and contradictions can be told from defaults.
 */
export interface RunOptions {
  name?: string;
  description?: string;
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
  /**
   * A staged load profile (`--stages`, see `parseStages`): arrival-rate targets (per second, open
   * loop: `--arrival` poisson, the default, or constant) or client-count targets (closed loop).
   * Without `requests` or `durationMs`, the stages alone end the run.
   */
  stages?: { readonly unit: 'rate' | 'clients'; readonly stages: readonly Stage[] };
  /** Pass/fail expressions such as `wait.p99<500ms`, checked after the run. */
  thresholds?: readonly string[];
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
    // A burst and a trace have a natural size; a duration bounds the others.
    if (workload.kind === 'burst') return options.concurrency ?? DEFAULTS.concurrency;
    if (workload.kind === 'trace') return workload.arrivalsMs.length;
    if (options.durationMs !== undefined) return Infinity;
    switch (workload.kind) {
      case 'closed':
        return DEFAULTS.requestsPerClient * workload.clients;
      case 'staged':
        return Infinity;
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
    ...plainModel(),
  };
}

function resolveWorkload(options: RunOptions, readTrace: (path: string) => TraceWorkload): Workload {
  if (options.trace !== undefined) {
    for (const [flag, given] of [
      ['--arrival', options.arrival],
      ['--rate', options.rate],
      ['--concurrency', options.concurrency],
      ['--think', options.think],
      ['--stages', options.stages],
    ] as const) {
      if (given !== undefined) {
        throw new InputError(`--trace and ${flag}: a trace replays recorded arrivals, so ${flag} does not apply; give one or the other`);
      }
    }
    const trace = readTrace(options.trace);
    if (trace.latenciesMs !== null && options.latency !== undefined) {
      throw new InputError(
        `--trace and --latency: ${trace.source} records a latency_ms for every request, so --latency would be ignored; drop one (a trace without latency_ms samples --latency)`,
      );
    }
    return trace;
  }
  if (options.stages !== undefined) return resolveStaged(options, options.stages);

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

function resolveStaged(options: RunOptions, profile: NonNullable<RunOptions['stages']>): StagedWorkload {
  const { unit, stages } = profile;
  if (stages.length === 0) throw new InputError('--stages: no stages given, e.g. "30s:0->200/s,60s:200/s"');
  const sets = unit === 'rate' ? 'the arrival rate' : 'the number of clients';
  if (options.rate !== undefined) {
    throw new InputError(
      unit === 'rate'
        ? `--rate and --stages: the stages set ${sets} over time, so a fixed --rate does not apply; give one or the other`
        : `--rate and --stages: client stages are a closed loop, where clients send when their previous request ends, so there is no rate; give one or the other`,
    );
  }
  if (options.concurrency !== undefined) {
    throw new InputError(
      unit === 'clients'
        ? `--concurrency and --stages: the stages set ${sets} over time, so a fixed --concurrency does not apply; give one or the other`
        : `--concurrency and --stages: rate stages are open-loop arrivals, so there are no clients to set; give one or the other`,
    );
  }
  const arrival = options.arrival;
  if (unit === 'clients') {
    if (arrival !== undefined && arrival !== 'closed') {
      throw new InputError(
        `--stages and --arrival ${arrival}: these stages count clients (a closed loop), which --arrival ${arrival} contradicts; for open-loop arrivals give rates, e.g. "30s:0->200/s"`,
      );
    }
    return { kind: 'staged', shape: 'closed', stages, think: options.think ?? null };
  }
  if (arrival === 'closed' || arrival === 'burst') {
    throw new InputError(
      `--stages and --arrival ${arrival}: these stages are arrival rates (open loop), which --arrival ${arrival} contradicts; use --arrival poisson or constant, or client counts such as "1m:0->50"`,
    );
  }
  if (options.think !== undefined) {
    throw new InputError(`--think: think time applies to closed-loop clients, not to rate stages (open-loop arrivals)`);
  }
  return { kind: 'staged', shape: arrival ?? 'poisson', stages, think: null };
}
