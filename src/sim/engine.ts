import { InvariantError } from '../errors.js';
import { createRng, deriveSeed, type Rng } from '../dist/rng.js';
import type { Distribution } from '../dist/distribution.js';
import { semaphoreCount, type RateLimit, type RetryPolicy, type SimConfig, type UpstreamModel } from './config.js';
import { EventQueue } from './event-queue.js';
import { RunStats } from './stats.js';
import { WaitList } from './wait-list.js';
import { ClientTargets, createArrivals, type ArrivalProcess } from './workload.js';

/** How a request ended. */
export const Outcome = { completed: 0, timedOut: 1, rejected: 2, failed: 3 } as const;
/** How a request ended: 0 completed, 1 timed out (wait timeout or deadline), 2 rejected, 3 failed. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/**
 * Called once per request when it ends, with its issue order (0-based), its times in ms
 * (`startMs`: its first upstream call, NaN when it never made one) and whether its last call
 * ended after its deadline (a late completion, or a call that failed after the caller gave up).
 * For tests and per-request exports; leave unset for full speed.
 */
export type RequestObserver = (index: number, arrivalMs: number, startMs: number, endMs: number, outcome: Outcome, late: boolean) => void;

// Event kinds.
const ARRIVAL = 0;
/** An upstream call ends: success, 429 or 5xx. */
const CALL_END = 1;
/** A waiter's wait timeout or deadline (for a permit or a token); stale once it is served. */
const TIMEOUT = 2;
/** Closed-loop stages: the client target changes (one such event pending at a time). */
const STAGE = 3;
/** A backoff ends: the request calls again (or gives up, its deadline reached). */
const RETRY = 4;
/** The rate limit's bucket of one semaphore has a token for its first waiter. */
const TOKEN = 5;

// What a call came back with.
const CALL_OK = 0;
const CALL_THROTTLED = 1;
const CALL_ERROR = 2;

/** A token counts as whole within this much, against rounding in the refill arithmetic. */
const TOKEN_EPSILON = 1e-9;

// Random streams derived from the one seed, so changing one input (say, capacity) leaves the
// arrival and latency sequences untouched: common random numbers across compared runs.
const STREAM_ARRIVALS = 1;
const STREAM_LATENCY = 2;
const STREAM_THINK = 3;
const STREAM_UPSTREAM = 4;
const STREAM_RETRY = 5;
const STREAM_CLASSES = 6;
const STREAM_KEYS = 7;

/**
 * The discrete-event simulation of requests going through a semaphore to an upstream, in virtual
 * time.
 *
 * A request arrives, waits for a permit of its semaphore (FIFO or LIFO, by priority class), takes
 * a token when there is a rate limit, and calls the upstream with one of the API keys. The call
 * succeeds, or comes back 429 (the key's concurrency limit was full) or 5xx; a failed call is
 * retried after a backoff while attempts remain, holding the permit. A deadline bounds the whole:
 * a waiter gives up when it passes, a call already running finishes late.
 *
 * Pure and synchronous: no I/O, no wall clock, randomness from the seed only. The surface is
 * SimPy's: `now`, `step()`, `run({ until })`, plus `setCapacity()` for changing the semaphore
 * mid-run. Time is milliseconds as float64 throughout.
 *
 * Requests live in pooled slots (typed arrays indexed by slot id), so the event loop allocates
 * nothing per request and memory depends on how many requests are in the system at once, not on
 * how many are simulated.
 */
export class Simulation {
  /** The inputs of this run. */
  readonly config: SimConfig;
  /** Statistics gathered so far. */
  readonly stats: RunStats;

  #now = 0;
  readonly #queue = new EventQueue();
  // The next open-loop arrival is kept outside the heap (there is only ever one): half the heap
  // traffic of an open-loop run. It is still ordered by (time, sequence) against heap events.
  #arrivalTime = Infinity;
  #arrivalSeq = 0;
  readonly #latency: Distribution;
  readonly #think: Distribution | null;
  readonly #rngLatency: Rng;
  readonly #rngThink: Rng;
  /** 5xx draws, 429 and 5xx latencies, and the latencies of retried calls. */
  readonly #rngUpstream: Rng;
  /** Backoff jitter. */
  readonly #rngRetry: Rng;
  /** Priority class of each arrival. */
  readonly #rngClasses: Rng;
  /** Random key choice (its own stream, so the class of request k stays the same whatever else changes). */
  readonly #rngKeys: Rng;
  readonly #arrivals: ArrivalProcess | null;
  /** Closed-loop stages: the changes of the client target still to come; null otherwise. */
  readonly #clientTargets: ClientTargets | null;
  readonly #traceLatencies: Float64Array | null;
  readonly #observer: RequestObserver | undefined;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #maxQueue: number;
  readonly #requests: number;
  readonly #durationMs: number;
  readonly #warmupMs: number;
  readonly #retry: RetryPolicy;
  readonly #upstream: UpstreamModel;
  readonly #rateLimit: RateLimit | null;
  /** Cumulative class shares, for drawing a class; empty without classes. */
  readonly #classCumulative: Float64Array;

  // Semaphores: one, or one per key. Each has its permits in use and its waiters.
  #capacity: number;
  readonly #perKeySemaphores: boolean;
  readonly #held: Int32Array;
  readonly #waiters: WaitList[];
  #inUse = 0;
  #waiting = 0;
  // Rate limit: a bucket per semaphore, its level at `#tokensAt`, and the calls waiting for a token.
  readonly #tokens: Float64Array;
  readonly #tokensAt: Float64Array;
  readonly #tokenWaiters: WaitList[];
  readonly #tokenEventPending: Uint8Array;
  /** The pending TOKEN event of a semaphore whose token waiters all gave up. */
  readonly #tokenEventStale: Uint8Array;
  /** When the pending TOKEN event's token is due: at that instant the bucket holds one, exactly. */
  readonly #tokenDue: Float64Array;
  #tokenWaiting = 0;
  // Upstream: calls in flight per key.
  readonly #keyInFlight: Int32Array;
  #upstreamInFlight = 0;
  #nextKey = 0;
  #inBackoff = 0;

  // Request slots.
  #arrival: Float64Array;
  /** Time of the first upstream call, NaN before it. */
  #start: Float64Array;
  /** Latency of the first call, sampled at arrival; then the duration of the call in flight. */
  #service: Float64Array;
  /** When the permit was granted (for permit-time accounting). */
  #granted: Float64Array;
  #client: Int32Array;
  /** Issue order of the request in the slot. */
  #index: Float64Array;
  /** Sequence number of the slot's pending timeout event, -1 when none is live. */
  #timeoutSeq: Float64Array;
  /** Semaphore the request waits at or holds. */
  #gate: Int32Array;
  /** Key of the call in flight. */
  #key: Int32Array;
  #class: Int32Array;
  /** Calls made so far. */
  #attempts: Int32Array;
  /** CALL_OK, CALL_THROTTLED or CALL_ERROR of the call in flight. */
  #callResult: Uint8Array;
  #free: Int32Array;
  #freeCount = 0;
  #slots = 0;

  #issued = 0;
  #ended = 0;
  #events = 0;
  /** End of the client stages (ms), after which no closed-loop client sends; Infinity without stages. */
  #stagesEndMs = Infinity;
  /**
   * Events still in the heap that will change nothing, skipped without moving the clock: timeouts
   * whose waiter was served, a TOKEN event whose waiters all gave up, a change of client target
   * after the last request was issued.
   */
  #staleEvents = 0;
  /** Closed-loop stages: a change of client target is in the heap (one at a time). */
  #stagePending = false;
  #stageStale = false;
  /** Closed-loop arrivals scheduled but not yet issued, so `requests` is never overshot. */
  #pendingClientArrivals = 0;
  /** Closed loop: clients started and not stopped (sending, in a request or thinking). */
  #activeClients = 0;
  /** Closed loop: clients wanted now; Infinity without stages (clients never stop early). */
  #targetClients = Infinity;
  /** Closed-loop stages: clients started so far, used as the next client's id. */
  #clientsStarted = 0;

  /**
   * @param config the resolved inputs.
   * @param observer optional per-request callback (see {@link RequestObserver}).
   */
  constructor(config: SimConfig, observer?: RequestObserver) {
    this.config = config;
    this.#observer = observer;
    this.#capacity = config.capacity;
    this.#latency = config.latency;
    this.#timeoutMs = config.timeoutMs;
    this.#deadlineMs = config.deadlineMs;
    this.#maxQueue = config.maxQueue;
    this.#requests = config.requests;
    this.#durationMs = config.durationMs;
    this.#warmupMs = config.warmupMs;
    this.#retry = config.retry;
    this.#upstream = config.upstream;
    this.#rateLimit = config.rateLimit;
    this.#rngLatency = createRng(deriveSeed(config.seed, STREAM_LATENCY));
    this.#rngThink = createRng(deriveSeed(config.seed, STREAM_THINK));
    this.#rngUpstream = createRng(deriveSeed(config.seed, STREAM_UPSTREAM));
    this.#rngRetry = createRng(deriveSeed(config.seed, STREAM_RETRY));
    this.#rngClasses = createRng(deriveSeed(config.seed, STREAM_CLASSES));
    this.#rngKeys = createRng(deriveSeed(config.seed, STREAM_KEYS));
    const keys = config.keys.count;
    this.stats = new RunStats(config.warmupMs, config.classes.length, keys);

    // Classes: cumulative shares for the draw; a queue each, at its priority level (highest first).
    const priorities = [...new Set(config.classes.map((c) => c.priority))].sort((a, b) => b - a);
    this.#classCumulative = new Float64Array(config.classes.length);
    let cumulative = 0;
    config.classes.forEach((c, i) => {
      cumulative += c.share;
      this.#classCumulative[i] = cumulative;
    });
    const queues = config.classes.map((c) => ({ level: priorities.indexOf(c.priority), weight: c.weight ?? NaN }));

    const gates = semaphoreCount(config);
    this.#perKeySemaphores = gates > 1;
    this.#held = new Int32Array(gates);
    this.#waiters = Array.from({ length: gates }, () => new WaitList(queues, config.order === 'lifo'));
    this.#tokens = new Float64Array(gates).fill(config.rateLimit?.bucketSize ?? 0);
    this.#tokensAt = new Float64Array(gates);
    this.#tokenWaiters = Array.from({ length: config.rateLimit === null ? 0 : gates }, () => new WaitList([], false));
    this.#tokenEventPending = new Uint8Array(gates);
    this.#tokenEventStale = new Uint8Array(gates);
    this.#tokenDue = new Float64Array(gates);
    this.#keyInFlight = new Int32Array(keys);

    const initial = 1024;
    this.#arrival = new Float64Array(initial);
    this.#start = new Float64Array(initial);
    this.#service = new Float64Array(initial);
    this.#granted = new Float64Array(initial);
    this.#client = new Int32Array(initial);
    this.#index = new Float64Array(initial);
    this.#timeoutSeq = new Float64Array(initial);
    this.#gate = new Int32Array(initial);
    this.#key = new Int32Array(initial);
    this.#class = new Int32Array(initial);
    this.#attempts = new Int32Array(initial);
    this.#callResult = new Uint8Array(initial);
    this.#free = new Int32Array(initial);

    const workload = config.workload;
    this.#traceLatencies = workload.kind === 'trace' ? workload.latenciesMs : null;
    if (workload.kind === 'closed') {
      this.#think = workload.think;
      this.#arrivals = null;
      this.#clientTargets = null;
      for (let c = 0; c < workload.clients && c < this.#requests; c++) {
        this.#queue.push(0, ARRIVAL, c);
        this.#pendingClientArrivals++;
        this.#activeClients++;
      }
    } else if (workload.kind === 'staged' && workload.shape === 'closed') {
      this.#think = workload.think;
      this.#arrivals = null;
      this.#clientTargets = new ClientTargets(workload.stages);
      this.#stagesEndMs = workload.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
      this.#targetClients = 0;
      this.#scheduleStage();
    } else {
      this.#think = null;
      this.#clientTargets = null;
      this.#arrivals = createArrivals(workload, createRng(deriveSeed(config.seed, STREAM_ARRIVALS)));
      if (this.#requests > 0) this.#scheduleNextArrival();
    }
  }

  /** Current virtual time in ms. */
  get now(): number {
    return this.#now;
  }

  /** True when no event is pending: every request has ended and none will be issued. */
  get finished(): boolean {
    return this.#queue.size === this.#staleEvents && this.#arrivalTime === Infinity;
  }

  /** Virtual time (ms) of the next pending event, Infinity when finished. */
  get nextEventTime(): number {
    if (this.#staleEvents > 0) this.#dropStaleTimeouts();
    return Math.min(this.#queue.peekTime(), this.#arrivalTime);
  }

  /** Events processed so far. */
  get eventCount(): number {
    return this.#events;
  }

  /** Requests issued so far, warm-up included. */
  get issued(): number {
    return this.#issued;
  }

  /** Permits of the semaphore right now (of each key's, with per-key semaphores); Infinity for none. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Number of semaphores: the key count with per-key semaphores, else 1. */
  get semaphores(): number {
    return this.#held.length;
  }

  /** Permits held right now, all semaphores. */
  get inUse(): number {
    return this.#inUse;
  }

  /** Requests waiting for a permit right now, all semaphores. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Requests issued and not yet ended (waiting, holding a permit, in backoff, waiting for a token). */
  get inFlight(): number {
    return this.#issued - this.#ended;
  }

  /** Upstream calls in flight right now, all keys (a call being answered 429 takes no slot). */
  get upstreamInFlight(): number {
    return this.#upstreamInFlight;
  }

  /** Requests sleeping in backoff before a retry right now. */
  get inBackoff(): number {
    return this.#inBackoff;
  }

  /** Tokens in the rate limiter's bucket(s) right now, summed; NaN without a rate limit. */
  get tokens(): number {
    const limit = this.#rateLimit;
    if (limit === null) return NaN;
    let sum = 0;
    for (let g = 0; g < this.#tokens.length; g++) sum += this.#tokensNow(g, this.#now, limit);
    return sum;
  }

  /** Calls waiting for a token right now. */
  get tokenWaiting(): number {
    return this.#tokenWaiting;
  }

  /** Age in ms of the oldest waiter for a permit right now, 0 when nobody waits. */
  get oldestWaitMs(): number {
    let oldest = Infinity;
    for (const waiters of this.#waiters) {
      waiters.forEachQueueHead((id) => {
        oldest = Math.min(oldest, this.#arrival[id] as number);
      });
    }
    return oldest === Infinity ? 0 : this.#now - oldest;
  }

  /**
   * Calls `fn` with the age (ms) of each waiter for a permit, at most `limit` of them: semaphore
   * by semaphore, priority level by level, class by class, oldest first. For drawing the queue;
   * costs O(limit).
   */
  forEachWaiterAge(limit: number, fn: (ageMs: number) => void): void {
    let n = 0;
    for (const waiters of this.#waiters) {
      waiters.forEach((id) => {
        if (n++ >= limit) return false;
        fn(this.#now - (this.#arrival[id] as number));
        return true;
      });
      if (n >= limit) return;
    }
  }

  /**
   * Processes the next event.
   * @returns false when there was none (the run is finished).
   */
  step(): boolean {
    const queue = this.#queue;
    if (this.#staleEvents > 0) this.#dropStaleTimeouts();
    const arrivalTime = this.#arrivalTime;
    if (arrivalTime !== Infinity) {
      const heapTime = queue.peekTime();
      if (arrivalTime < heapTime || (arrivalTime === heapTime && this.#arrivalSeq < queue.peekSeq())) {
        this.#arrivalTime = Infinity;
        this.#advanceTo(arrivalTime);
        this.#onArrival(arrivalTime, -1);
        return true;
      }
    }
    if (!queue.pop()) return false;
    const t = queue.poppedTime;
    const kind = queue.poppedKind;
    // A change of client target after the last request is issued would only stretch the run.
    if (kind === STAGE && this.#issued >= this.#requests) {
      this.#stagePending = false;
      return this.step();
    }
    this.#advanceTo(t);
    const id = queue.poppedPayload;
    switch (kind) {
      case ARRIVAL:
        this.#onArrival(t, id);
        break;
      case CALL_END:
        this.#onCallEnd(t, id);
        break;
      case TIMEOUT:
        this.#onTimeout(t, id);
        break;
      case STAGE:
        this.#stagePending = false;
        this.#onStage(t);
        break;
      case RETRY:
        this.#onRetry(t, id);
        break;
      case TOKEN:
        this.#onToken(t, id);
        break;
    }
    return true;
  }

  /**
   * Processes events until virtual time `until` (ms; events at exactly `until` included), then
   * sets the clock to `until` if it is finite. Without `until`, runs to the end. With `maxEvents`,
   * stops after that many events even if `until` was not reached (for slicing long runs).
   * @returns this simulation, for chaining.
   */
  run(options: { until?: number; maxEvents?: number } = {}): this {
    const until = options.until ?? Infinity;
    const last = this.#events + (options.maxEvents ?? Infinity);
    if (until === Infinity) {
      // To the end: no need to look at the next event's time before taking it.
      while (this.#events < last && this.step());
      return this;
    }
    for (let next = this.nextEventTime; next !== Infinity && next <= until; next = this.nextEventTime) {
      if (this.#events >= last) return this;
      this.step();
    }
    if (until > this.#now) this.#moveClock(until);
    return this;
  }

  /**
   * Changes the number of permits (of each semaphore) now. Growing admits waiters at once;
   * shrinking lets holders finish and admits nobody until fewer than `capacity` permits are held.
   * @param capacity an integer >= 1, or Infinity.
   */
  setCapacity(capacity: number): void {
    if (!(capacity === Infinity || (Number.isInteger(capacity) && capacity >= 1))) {
      throw new RangeError(`capacity must be an integer >= 1, got ${capacity}`);
    }
    this.#moveClock(this.#now);
    this.#capacity = capacity;
    for (let g = 0; g < this.#held.length; g++) this.#grantWaiters(this.#now, g);
  }

  /**
   * Checks the run's accounting: every issued request ended exactly once (completed, timed out,
   * rejected or failed), and nothing is held, queued, sleeping or calling once the run is
   * finished. Throws {@link InvariantError} otherwise.
   */
  checkInvariants(): void {
    const s = this.stats;
    const ended = s.completed + s.timedOut + s.rejected + s.failed + s.excluded;
    if (ended !== this.#ended) {
      throw new InvariantError(`ended ${this.#ended} != completed ${s.completed} + timed out ${s.timedOut} + rejected ${s.rejected} + failed ${s.failed} + warm-up ${s.excluded}`);
    }
    if (this.finished && ended !== this.#issued) {
      throw new InvariantError(
        `issued ${this.#issued} != completed ${s.completed} + timed out ${s.timedOut} + rejected ${s.rejected} + failed ${s.failed} + warm-up ${s.excluded}`,
      );
    }
    if (this.finished && (this.#inUse !== 0 || this.#waiting !== 0 || this.#tokenWaiting !== 0 || this.#inBackoff !== 0 || this.#upstreamInFlight !== 0)) {
      throw new InvariantError(
        `finished with ${this.#inUse} permits held, ${this.#waiting} waiting, ${this.#tokenWaiting} waiting for a token, ${this.#inBackoff} in backoff and ${this.#upstreamInFlight} calls in flight`,
      );
    }
  }

  /**
   * Removes stale events at the front of the heap (see `#staleEvents`) without moving the clock:
   * an event that changes nothing must not change the elapsed time either.
   */
  #dropStaleTimeouts(): void {
    const queue = this.#queue;
    while (queue.size > 0) {
      const kind = queue.peekKind();
      const payload = queue.peekPayload();
      if (kind === TIMEOUT && this.#timeoutSeq[payload] !== queue.peekSeq()) {
        // A served waiter's timeout.
      } else if (kind === TOKEN && this.#tokenEventStale[payload] === 1) {
        this.#tokenEventStale[payload] = 0;
        this.#tokenEventPending[payload] = 0;
      } else if (kind === STAGE && this.#stageStale) {
        this.#stageStale = false;
        this.#stagePending = false;
      } else {
        return;
      }
      queue.pop();
      this.#staleEvents--;
    }
  }

  /** Sets the clock to `t`, integrating the levels that held until then. */
  #moveClock(t: number): void {
    this.stats.advance(t, this.#inUse, this.#waiting, this.#capacity * this.#held.length, this.#upstreamInFlight);
    this.#now = t;
  }

  #advanceTo(t: number): void {
    this.#moveClock(t);
    this.#events++;
  }

  #onArrival(t: number, client: number): void {
    const arrivals = this.#arrivals;
    if (arrivals === null) {
      this.#pendingClientArrivals--;
      // Closed-loop stages: a client above a target lowered since it was scheduled (say, while it
      // was thinking) stops instead of sending.
      if (this.#activeClients > this.#targetClients) {
        this.#activeClients--;
        return;
      }
    }
    const slot = this.#allocate();
    this.#index[slot] = this.#issued++;
    if (t >= this.#warmupMs) this.stats.arrived++;
    // The last request is out: a change of client target still to come would change nothing.
    if (this.#stagePending && !this.#stageStale && this.#issued >= this.#requests) {
      this.#stageStale = true;
      this.#staleEvents++;
    }
    this.#arrival[slot] = t;
    this.#start[slot] = NaN;
    this.#client[slot] = client;
    this.#attempts[slot] = 0;
    const traceLatencies = this.#traceLatencies;
    const recorded = traceLatencies === null || arrivals === null ? NaN : (traceLatencies[arrivals.lastIndex] as number);
    // Sampled at arrival, so request k gets the same latency whatever the capacity or timeout.
    this.#service[slot] = Number.isNaN(recorded) ? this.#latency.sample(this.#rngLatency) : recorded;
    if (arrivals !== null && this.#issued < this.#requests) this.#scheduleNextArrival();
    const classes = this.#classCumulative;
    let queue = 0;
    if (classes.length > 0) {
      const u = this.#rngClasses.next();
      while (queue < classes.length - 1 && u >= (classes[queue] as number)) queue++;
      this.#class[slot] = queue;
    } else {
      this.#class[slot] = -1;
    }
    const gate = this.#perKeySemaphores ? this.#chooseSemaphore() : 0;
    this.#gate[slot] = gate;

    const waiters = this.#waiters[gate] as WaitList;
    if (waiters.size === 0 && (this.#held[gate] as number) < this.#capacity) {
      this.#grant(t, slot, gate);
    } else if (waiters.size >= this.#maxQueue) {
      this.#end(t, slot, Outcome.rejected, false);
    } else {
      waiters.push(slot, queue);
      this.#waiting++;
      this.stats.recordQueued(t);
      const giveUpAt = Math.min(t + this.#timeoutMs, t + this.#deadlineMs);
      this.#timeoutSeq[slot] = giveUpAt === Infinity ? -1 : this.#queue.push(giveUpAt, TIMEOUT, slot);
    }
  }

  /** Request `slot` holds a permit of `gate` from now: on to its first call. */
  #grant(t: number, slot: number, gate: number): void {
    this.#held[gate] = (this.#held[gate] as number) + 1;
    this.#inUse++;
    this.#granted[slot] = t;
    this.#callWhenAllowed(t, slot);
  }

  /** With a rate limit, a call needs a token first: take one or queue for it. */
  #callWhenAllowed(t: number, slot: number): void {
    const limit = this.#rateLimit;
    if (limit === null) {
      this.#call(t, slot);
      return;
    }
    const gate = this.#gate[slot] as number;
    const waiters = this.#tokenWaiters[gate] as WaitList;
    const tokens = this.#refill(gate, t, limit);
    if (waiters.size === 0 && tokens >= 1 - TOKEN_EPSILON) {
      this.#tokens[gate] = Math.max(0, tokens - 1);
      this.#call(t, slot);
      return;
    }
    waiters.push(slot, 0);
    this.#tokenWaiting++;
    const deadline = (this.#arrival[slot] as number) + this.#deadlineMs;
    this.#timeoutSeq[slot] = deadline === Infinity ? -1 : this.#queue.push(Math.max(t, deadline), TIMEOUT, slot);
    this.#scheduleToken(gate, limit);
  }

  /** Tokens of `gate`'s bucket at `t`, without changing it. */
  #tokensNow(gate: number, t: number, limit: RateLimit): number {
    return Math.min(limit.bucketSize, (this.#tokens[gate] as number) + ((t - (this.#tokensAt[gate] as number)) * limit.ratePerSec) / 1000);
  }

  /** Brings `gate`'s bucket up to `t`; returns its tokens. */
  #refill(gate: number, t: number, limit: RateLimit): number {
    const tokens = this.#tokensNow(gate, t, limit);
    this.#tokens[gate] = tokens;
    this.#tokensAt[gate] = t;
    return tokens;
  }

  /** Schedules the instant `gate`'s bucket next holds a whole token (one such event at a time). */
  #scheduleToken(gate: number, limit: RateLimit): void {
    if (this.#tokenEventPending[gate] === 1) {
      // A pending event left stale by waiters who gave up serves the new waiter instead.
      if (this.#tokenEventStale[gate] === 1) {
        this.#tokenEventStale[gate] = 0;
        this.#staleEvents--;
      }
      return;
    }
    this.#tokenEventPending[gate] = 1;
    const missing = Math.max(0, 1 - (this.#tokens[gate] as number));
    const due = (this.#tokensAt[gate] as number) + (missing * 1000) / limit.ratePerSec;
    this.#tokenDue[gate] = due;
    this.#queue.push(due, TOKEN, gate);
  }

  #onToken(t: number, gate: number): void {
    const limit = this.#rateLimit as RateLimit;
    this.#tokenEventPending[gate] = 0;
    const waiters = this.#tokenWaiters[gate] as WaitList;
    let tokens = this.#refill(gate, t, limit);
    // The token is due now, whatever rounding (of a large t) says: else the event could come back
    // at this same instant forever.
    if (t >= (this.#tokenDue[gate] as number)) tokens = Math.max(tokens, 1);
    while (waiters.size > 0 && tokens >= 1 - TOKEN_EPSILON) {
      const slot = waiters.take();
      this.#tokenWaiting--;
      tokens = Math.max(0, tokens - 1);
      this.#tokens[gate] = tokens;
      this.#clearTimeout(slot);
      // Counted as it becomes a call, so it is one of `calls`; a waiter that gave up is timed out.
      if (this.#measured(slot)) this.stats.rateLimited++;
      this.#call(t, slot);
    }
    if (waiters.size > 0) this.#scheduleToken(gate, limit);
  }

  /** Starts an upstream call for request `slot` (which holds its permit and token). */
  #call(t: number, slot: number): void {
    const attempt = (this.#attempts[slot] as number) + 1;
    this.#attempts[slot] = attempt;
    const measured = this.#measured(slot);
    if (attempt === 1) this.#start[slot] = t;
    const keys = this.#keyInFlight;
    const key = keys.length === 1 ? 0 : this.#perKeySemaphores ? (this.#gate[slot] as number) : this.#chooseKey();
    this.#key[slot] = key;
    const upstream = this.#upstream;
    const stats = this.stats;
    if (measured) {
      stats.calls++;
      if (attempt === 1) stats.callers++;
      else if (attempt === 2) stats.retried++;
      (stats.keys[key] as { calls: number }).calls++;
    }
    if ((keys[key] as number) >= upstream.limit) {
      // Over the provider's limit: a quick 429 that takes no slot.
      this.#callResult[slot] = CALL_THROTTLED;
      this.#queue.push(t + upstream.rejectLatency.sample(this.#rngUpstream), CALL_END, slot);
      return;
    }
    const inFlight = (keys[key] as number) + 1;
    keys[key] = inFlight;
    this.#upstreamInFlight++;
    if (measured && inFlight > (stats.keys[key] as { inFlightMax: number }).inFlightMax) {
      (stats.keys[key] as { inFlightMax: number }).inFlightMax = inFlight;
    }
    let duration: number;
    if (upstream.errorRate > 0 && this.#rngUpstream.next() < upstream.errorRate) {
      this.#callResult[slot] = CALL_ERROR;
      duration = upstream.errorLatency.sample(this.#rngUpstream);
    } else {
      this.#callResult[slot] = CALL_OK;
      // A retry is a new call: a new latency (a trace's recorded latency stays the request's own).
      duration = attempt === 1 || this.#traceLatencies !== null ? (this.#service[slot] as number) : this.#latency.sample(this.#rngUpstream);
      if (upstream.slowdownPerCall > 0) duration *= 1 + upstream.slowdownPerCall * (inFlight - 1);
      // Only a successful call ends the request, so its duration is the service time reported.
      this.#service[slot] = duration;
    }
    this.#queue.push(t + duration, CALL_END, slot);
  }

  #onCallEnd(t: number, slot: number): void {
    const result = this.#callResult[slot];
    const key = this.#key[slot] as number;
    if (result !== CALL_THROTTLED) {
      this.#keyInFlight[key] = (this.#keyInFlight[key] as number) - 1;
      this.#upstreamInFlight--;
    }
    const deadline = (this.#arrival[slot] as number) + this.#deadlineMs;
    if (result === CALL_OK) {
      this.#release(t, slot, Outcome.completed, t > deadline);
      return;
    }
    if (this.#measured(slot)) {
      const stats = this.stats;
      const keyStats = stats.keys[key] as { throttled: number; errors: number };
      if (result === CALL_THROTTLED) {
        stats.throttled++;
        keyStats.throttled++;
      } else {
        stats.errors++;
        keyStats.errors++;
      }
    }
    if (t >= deadline) {
      // The caller gave up while the call ran (timed out, from where it stands): no retry, and
      // the permit time past the deadline was wasted like a late completion's.
      this.#release(t, slot, Outcome.timedOut, t > deadline);
    } else if ((this.#attempts[slot] as number) < this.#retry.attempts) {
      const retryAt = t + this.#backoff(this.#attempts[slot] as number);
      const wakeAt = Math.min(retryAt, deadline);
      if (this.#measured(slot)) this.stats.backoffMs += wakeAt - t;
      this.#inBackoff++;
      this.#queue.push(wakeAt, RETRY, slot);
    } else {
      this.#release(t, slot, Outcome.failed, false);
    }
  }

  /** The sleep before retry number `retry` (1 = the first): exponential, capped, jittered. */
  #backoff(retry: number): number {
    const policy = this.#retry;
    const ceiling = Math.min(policy.capMs, policy.baseMs * Math.pow(2, retry - 1));
    switch (policy.jitter) {
      case 'none':
        return ceiling;
      case 'full':
        return ceiling * this.#rngRetry.next();
      case 'equal':
        return ceiling / 2 + (ceiling / 2) * this.#rngRetry.next();
    }
  }

  #onRetry(t: number, slot: number): void {
    this.#inBackoff--;
    if (t >= (this.#arrival[slot] as number) + this.#deadlineMs) {
      this.#release(t, slot, Outcome.timedOut, false);
      return;
    }
    this.#callWhenAllowed(t, slot);
  }

  /** A waiter's wait timeout or deadline: it leaves the permit queue, or the token queue. */
  #onTimeout(t: number, slot: number): void {
    this.#timeoutSeq[slot] = -1;
    const gate = this.#gate[slot] as number;
    if ((this.#waiters[gate] as WaitList).remove(slot)) {
      this.#waiting--;
      this.#end(t, slot, Outcome.timedOut, false);
    } else if (this.#rateLimit !== null && (this.#tokenWaiters[gate] as WaitList).remove(slot)) {
      this.#tokenWaiting--;
      // Nobody left for the pending TOKEN event: it would only move the clock.
      if ((this.#tokenWaiters[gate] as WaitList).size === 0 && this.#tokenEventPending[gate] === 1 && this.#tokenEventStale[gate] === 0) {
        this.#tokenEventStale[gate] = 1;
        this.#staleEvents++;
      }
      this.#release(t, slot, Outcome.timedOut, false);
    }
  }

  /** Marks the slot's pending timeout stale: its waiter was served. */
  #clearTimeout(slot: number): void {
    if (this.#timeoutSeq[slot] !== -1) this.#staleEvents++;
    this.#timeoutSeq[slot] = -1;
  }

  /** Request `slot` ends holding a permit: it gives the permit back, and a waiter may take it. */
  #release(t: number, slot: number, outcome: Outcome, late: boolean): void {
    const gate = this.#gate[slot] as number;
    this.#held[gate] = (this.#held[gate] as number) - 1;
    this.#inUse--;
    if (this.#measured(slot)) {
      const held = t - (this.#granted[slot] as number);
      this.stats.permitMs += held;
      if (late) this.stats.latePermitMs += held;
    }
    this.#end(t, slot, outcome, late);
    this.#grantWaiters(t, gate);
  }

  #grantWaiters(t: number, gate: number): void {
    const waiters = this.#waiters[gate] as WaitList;
    while (waiters.size > 0 && (this.#held[gate] as number) < this.#capacity) {
      const slot = waiters.take();
      this.#waiting--;
      this.#clearTimeout(slot);
      this.#grant(t, slot, gate);
    }
  }

  /** Per-key semaphores: the semaphore (key) an arriving request joins. */
  #chooseSemaphore(): number {
    return this.#chooseAmong(this.#held.length, this.#semaphoreLoad);
  }

  /** Shared semaphore, several keys: the key a call uses. */
  #chooseKey(): number {
    return this.#chooseAmong(this.#keyInFlight.length, this.#keyLoad);
  }

  // Loads for least-busy: bound once, so choosing allocates nothing.
  readonly #semaphoreLoad = (g: number): number => (this.#held[g] as number) + (this.#waiters[g] as WaitList).size;
  readonly #keyLoad = (k: number): number => this.#keyInFlight[k] as number;

  /** One of `n` keys by the configured choice; least-busy breaks ties round-robin, so no key is favoured. */
  #chooseAmong(n: number, load: (i: number) => number): number {
    const choice = this.config.keys.choice;
    if (choice !== 'least-busy') return this.#pickKey(choice, n);
    let best = -1;
    let bestLoad = Infinity;
    for (let i = 0; i < n; i++) {
      const k = (this.#nextKey + i) % n;
      const l = load(k);
      if (l < bestLoad) {
        best = k;
        bestLoad = l;
      }
    }
    this.#nextKey = (best + 1) % n;
    return best;
  }

  #pickKey(choice: 'round-robin' | 'random', n: number): number {
    if (choice === 'random') return Math.min(n - 1, Math.floor(this.#rngKeys.next() * n));
    const key = this.#nextKey;
    this.#nextKey = (key + 1) % n;
    return key;
  }

  /** True when request `slot` arrived after the warm-up, so its calls and times count. */
  #measured(slot: number): boolean {
    return (this.#arrival[slot] as number) >= this.#warmupMs;
  }

  /** Records how request `slot` ended, frees its slot, and lets a closed-loop client go again. */
  #end(t: number, slot: number, outcome: Outcome, late: boolean): void {
    const arrival = this.#arrival[slot] as number;
    const start = outcome === Outcome.completed ? (this.#start[slot] as number) : NaN;
    this.#ended++;
    this.stats.recordEnd(arrival, start, t, this.#service[slot] as number, outcome, late, this.#class[slot] as number);
    if (this.#observer !== undefined) this.#observer(this.#index[slot] as number, arrival, this.#start[slot] as number, t, outcome, late);
    this.#free[this.#freeCount++] = slot;
    if (this.#arrivals === null) this.#nextFromClient(t, this.#client[slot] as number);
  }

  #nextFromClient(t: number, client: number): void {
    if (this.#activeClients > this.#targetClients || this.#issued + this.#pendingClientArrivals >= this.#requests) {
      this.#activeClients--;
      return;
    }
    const next = this.#think === null ? t : t + this.#think.sample(this.#rngThink);
    // Client stages end with a target of 0: a client due at or after that instant stops, even if
    // the change event for it is ordered after its arrival.
    if (next > this.#durationMs || next >= this.#stagesEndMs) {
      this.#activeClients--;
      return;
    }
    this.#pendingClientArrivals++;
    this.#queue.push(next, ARRIVAL, client);
  }

  /**
   * Closed-loop stages: the client target changes now. Above the clients running, new clients
   * start at once; below, the surplus stops as each finishes its current request (see
   * `#nextFromClient` and `#onArrival`), so no request is cut off.
   */
  #onStage(t: number): void {
    const targets = this.#clientTargets as ClientTargets;
    const target = targets.value;
    this.#targetClients = target;
    targets.advance();
    let start = Math.min(target - this.#activeClients, this.#requests - this.#issued - this.#pendingClientArrivals);
    for (; start > 0; start--) {
      this.#activeClients++;
      this.#pendingClientArrivals++;
      this.#queue.push(t, ARRIVAL, this.#clientsStarted++);
    }
    this.#scheduleStage();
  }

  /**
   * Schedules the next change of the client target, unless it comes after `durationMs` or every
   * request allowed is already issued (`step()` also drops a change pending when that happens).
   */
  #scheduleStage(): void {
    const time = (this.#clientTargets as ClientTargets).time;
    if (time === Infinity || time > this.#durationMs || this.#issued >= this.#requests) return;
    this.#stagePending = true;
    this.#queue.push(time, STAGE, 0);
  }

  #scheduleNextArrival(): void {
    const next = (this.#arrivals as ArrivalProcess).next();
    if (next === Infinity || next > this.#durationMs) return;
    this.#arrivalTime = next;
    this.#arrivalSeq = this.#queue.reserveSeq();
  }

  #allocate(): number {
    if (this.#freeCount > 0) return this.#free[--this.#freeCount] as number;
    if (this.#slots === this.#arrival.length) this.#growSlots();
    return this.#slots++;
  }

  #growSlots(): void {
    const n = this.#arrival.length * 2;
    this.#arrival = grow(this.#arrival, n);
    this.#start = grow(this.#start, n);
    this.#service = grow(this.#service, n);
    this.#granted = grow(this.#granted, n);
    this.#client = grow(this.#client, n);
    this.#index = grow(this.#index, n);
    this.#timeoutSeq = grow(this.#timeoutSeq, n);
    this.#gate = grow(this.#gate, n);
    this.#key = grow(this.#key, n);
    this.#class = grow(this.#class, n);
    this.#attempts = grow(this.#attempts, n);
    this.#callResult = grow(this.#callResult, n);
    this.#free = grow(this.#free, n);
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
