import type { Distribution } from '../dist/distribution.js';
import { formatDuration, parseDuration } from '../dist/duration.js';
import { parseLatency } from '../dist/spec.js';
import { InputError } from '../errors.js';
import type {
  Jitter,
  KeyChoice,
  PriorityClass,
  QueueOrder,
  SimConfig,
  Stage,
  StagedWorkload,
  TraceWorkload,
  Workload,
} from '../sim/config.js';
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
  /** Permits; Infinity (`unlimited`) for no semaphore at all. */
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
  /** Which waiter gets a freed permit first. */
  order?: QueueOrder;
  /** Priority classes (file only); their shares sum to 1. */
  classes?: readonly PriorityClass[];
  /** The caller's overall deadline per request, ms from arrival. */
  deadlineMs?: number;
  /** Calls per request at most, the first included. */
  attempts?: number;
  /** Backoff before the first retry, in ms. */
  backoffMs?: number;
  /** Longest backoff, in ms. */
  backoffCapMs?: number;
  jitter?: Jitter;
  /** Concurrent calls the upstream accepts per key. */
  upstreamLimit?: number;
  /** How long a 429 takes. */
  rejectLatency?: Distribution;
  /** Probability that an accepted call fails with a 5xx, in [0, 1). */
  errorRate?: number;
  /** How long a 5xx takes. */
  errorLatency?: Distribution;
  /** Fraction slower per other call in flight at the key (0.02 = 2 %). */
  slowdown?: number;
  /** Number of API keys. */
  keys?: number;
  keyChoice?: KeyChoice;
  semaphore?: 'shared' | 'per-key';
  /** Token-bucket rate limit on upstream calls, per second. */
  rateLimit?: number;
  /** Tokens the rate limiter's bucket holds. */
  bucketSize?: number;
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
  const config: SimConfig = {
    seed: options.seed ?? DEFAULTS.seed,
    capacity: options.capacity ?? DEFAULTS.capacity,
    workload,
    latency: options.latency ?? DEFAULTS.latency(),
    timeoutMs: options.timeoutMs ?? Infinity,
    maxQueue: options.maxQueue ?? Infinity,
    requests: options.requests ?? defaultRequests(),
    durationMs: options.durationMs ?? Infinity,
    warmupMs: options.warmupMs ?? 0,
    ...resolveModel(options),
  };
  refuseClientSpin(config);
  return config;
}

/**
 * Closed-loop clients with no think time send again the instant a request ends. When a request
 * can end the instant it starts (rejected at once, a zero timeout or latency), virtual time never
 * moves and a run bounded only by --duration would never end: refused, naming the cause.
 */
function refuseClientSpin(config: SimConfig): void {
  const w = config.workload;
  const closed = (w.kind === 'closed' || (w.kind === 'staged' && w.shape === 'closed')) && w.think === null;
  if (!closed || config.requests !== Infinity) return;
  const zero = (d: { quantile(p: number): number }): boolean => d.quantile(0) === 0;
  const cause =
    config.maxQueue !== Infinity
      ? `--max-queue ${config.maxQueue} rejects a request at once`
      : config.timeoutMs === 0
        ? '--timeout 0 gives up at once'
        : config.upstream.limit !== Infinity && zero(config.upstream.rejectLatency)
          ? `--reject-latency ${config.upstream.rejectLatency.spec} answers a 429 at once`
          : config.upstream.errorRate > 0 && zero(config.upstream.errorLatency)
            ? `--error-latency ${config.upstream.errorLatency.spec} fails a call at once`
            : zero(config.latency)
              ? `--latency ${config.latency.spec} can answer at once`
              : undefined;
  if (cause === undefined) return;
  throw new InputError(
    `closed-loop clients without --think: ${cause}, and its client sends again at the same instant, so virtual time would never reach --duration; add a think time (e.g. --think 10ms) or bound the run with --requests`,
  );
}

/** The client and upstream model of a run: everything of SimConfig beyond the semaphore and the load. */
type Model = Pick<SimConfig, 'order' | 'classes' | 'deadlineMs' | 'retry' | 'upstream' | 'keys' | 'rateLimit'>;

/** A flag and its value in RunOptions (undefined when not given). */
type GivenFlag = readonly [flag: string, value: unknown];

/** Throws an InputError for the first of `flags` that was given: it does not apply (`problem` says why). */
function refuseGiven(flags: readonly GivenFlag[], problem: (flag: string) => string): void {
  const given = flags.find(([, value]) => value !== undefined);
  if (given !== undefined) throw new InputError(problem(given[0]));
}

function resolveModel(options: RunOptions): Model {
  if (options.capacity === Infinity) {
    refuseGiven(
      [
        ['--timeout', options.timeoutMs],
        ['--max-queue', options.maxQueue],
        ['--order', options.order],
        ['--semaphore', options.semaphore],
      ],
      (flag) => `${flag} and --capacity unlimited: without a semaphore nothing ever waits for a permit, so ${flag} does not apply; drop one`,
    );
  }
  const order = options.order ?? DEFAULTS.order;
  // LIFO starves: while newer waiters keep coming, the oldest are never served.
  if (order === 'lifo' && options.timeoutMs === undefined && options.deadlineMs === undefined) {
    throw new InputError(
      '--order lifo: under overload LIFO serves the newest waiter first, so without a timeout the oldest could wait forever; pair it with --timeout or --deadline, e.g. --deadline 100ms',
    );
  }

  const attempts = options.attempts ?? DEFAULTS.attempts;
  // Backoff settings without --attempts are a forgotten flag. An explicit --attempts 1 turns
  // retries off on purpose (over a scenario's retry policy, or as one point of a sweep): allowed.
  if (options.attempts === undefined) {
    refuseGiven(
      [
        ['--backoff', options.backoffMs],
        ['--backoff-cap', options.backoffCapMs],
        ['--jitter', options.jitter],
      ],
      (flag) => `${flag}: applies to retries, and with --attempts 1 (the default) there are none; give --attempts 2 or more`,
    );
  }
  const baseMs = options.backoffMs ?? parseDuration(DEFAULTS.backoffSpec);
  const capMs = options.backoffCapMs ?? parseDuration(DEFAULTS.backoffCapSpec);
  if (capMs < baseMs) {
    const byDefault = (given: unknown): string => (given === undefined ? ' (the default)' : '');
    throw new InputError(
      `--backoff-cap ${formatDuration(capMs)}${byDefault(options.backoffCapMs)} is shorter than --backoff ${formatDuration(baseMs)}${byDefault(options.backoffMs)}: ` +
        `the cap bounds the doubling backoff, so it must be at least the base; give --backoff-cap ${formatDuration(baseMs)} or more`,
    );
  }

  if (options.upstreamLimit === undefined) {
    refuseGiven([['--reject-latency', options.rejectLatency]], (flag) => `${flag}: a 429 only comes from an upstream limit, and there is none; give --upstream-limit too, e.g. --upstream-limit 40`);
  }
  if (options.errorRate === undefined) {
    refuseGiven([['--error-latency', options.errorLatency]], (flag) => `${flag}: applies to failed calls, and there are none without --error-rate; give --error-rate too, e.g. --error-rate 2%`);
  }

  const keyCount = options.keys ?? DEFAULTS.keys;
  if (keyCount === 1) {
    const byDefault = options.keys === undefined ? ', the default' : '';
    refuseGiven(
      [
        ['--key-choice', options.keyChoice],
        ['--semaphore', options.semaphore],
      ],
      (flag) => `${flag}: applies to several API keys, and there is one (--keys 1${byDefault}); give --keys 2 or more`,
    );
  }

  if (options.rateLimit === undefined) {
    refuseGiven([['--bucket-size', options.bucketSize]], (flag) => `${flag}: sizes the bucket of a rate limit, and there is none; give --rate-limit too, e.g. --rate-limit 40/s`);
  }

  return {
    order,
    classes: options.classes ?? [],
    deadlineMs: options.deadlineMs ?? Infinity,
    retry: { attempts, baseMs, capMs, jitter: options.jitter ?? DEFAULTS.jitter },
    upstream: {
      limit: options.upstreamLimit ?? Infinity,
      rejectLatency: options.rejectLatency ?? parseLatency(DEFAULTS.rejectLatencySpec),
      errorRate: options.errorRate ?? 0,
      errorLatency: options.errorLatency ?? parseLatency(DEFAULTS.errorLatencySpec),
      slowdownPerCall: options.slowdown ?? 0,
    },
    keys: { count: keyCount, choice: options.keyChoice ?? DEFAULTS.keyChoice, semaphore: options.semaphore ?? DEFAULTS.semaphore },
    rateLimit: options.rateLimit === undefined ? null : { ratePerSec: options.rateLimit, bucketSize: options.bucketSize ?? DEFAULTS.bucketSize },
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
