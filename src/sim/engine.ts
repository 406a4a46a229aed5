import { InvariantError } from '../errors.js';
import { createRng, deriveSeed, type Rng } from '../dist/rng.js';
import type { Distribution } from '../dist/distribution.js';
import { FifoAdmission } from './admission.js';
import type { SimConfig } from './config.js';
import { EventQueue } from './event-queue.js';
import { RunStats } from './stats.js';
import { ClientTargets, createArrivals, type ArrivalProcess } from './workload.js';

/** How a request ended. */
export const Outcome = { completed: 0, timedOut: 1, rejected: 2, failed: 3 } as const;
/** How a request ended: 0 completed, 1 timed out (wait timeout or deadline), 2 rejected, 3 failed. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/**
 * Called once per request when it ends, with its issue order (0-based) and its times in ms
 * (`startMs` is NaN when it never got a permit). For tests and per-request exports; leave unset
 * for full speed.
 */
export type RequestObserver = (index: number, arrivalMs: number, startMs: number, endMs: number, outcome: Outcome) => void;

// Event kinds.
const ARRIVAL = 0;
const DEPARTURE = 1;
const TIMEOUT = 2;
/** Closed-loop stages: the client target changes (one such event pending at a time). */
const STAGE = 3;

// Random streams derived from the one seed, so changing one input (say, capacity) leaves the
// arrival and latency sequences untouched: common random numbers across compared runs.
const STREAM_ARRIVALS = 1;
const STREAM_LATENCY = 2;
const STREAM_THINK = 3;

/**
 * The discrete-event simulation of requests going through a semaphore in virtual time.
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
  readonly #admission: FifoAdmission;
  readonly #latency: Distribution;
  readonly #think: Distribution | null;
  readonly #rngLatency: Rng;
  readonly #rngThink: Rng;
  readonly #arrivals: ArrivalProcess | null;
  /** Closed-loop stages: the changes of the client target still to come; null otherwise. */
  readonly #clientTargets: ClientTargets | null;
  readonly #traceLatencies: Float64Array | null;
  readonly #observer: RequestObserver | undefined;
  readonly #timeoutMs: number;
  readonly #maxQueue: number;
  readonly #requests: number;
  readonly #durationMs: number;
  readonly #warmupMs: number;

  // Request slots.
  #arrival: Float64Array;
  #start: Float64Array;
  #service: Float64Array;
  #client: Int32Array;
  /** Issue order of the request in the slot. */
  #index: Float64Array;
  /** Sequence number of the slot's pending timeout event, -1 when none is live. */
  #timeoutSeq: Float64Array;
  #free: Int32Array;
  #freeCount = 0;
  #slots = 0;

  #issued = 0;
  #events = 0;
  /** End of the client stages (ms), after which no closed-loop client sends; Infinity without stages. */
  #stagesEndMs = Infinity;
  /** Timeout events still in the heap whose waiter was granted: skipped when popped. */
  #staleTimeouts = 0;
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
    this.#admission = new FifoAdmission(config.capacity);
    this.#latency = config.latency;
    this.#timeoutMs = config.timeoutMs;
    this.#maxQueue = config.maxQueue;
    this.#requests = config.requests;
    this.#durationMs = config.durationMs;
    this.#warmupMs = config.warmupMs;
    this.#rngLatency = createRng(deriveSeed(config.seed, STREAM_LATENCY));
    this.#rngThink = createRng(deriveSeed(config.seed, STREAM_THINK));
    this.stats = new RunStats(config.warmupMs);

    const initial = 1024;
    this.#arrival = new Float64Array(initial);
    this.#start = new Float64Array(initial);
    this.#service = new Float64Array(initial);
    this.#client = new Int32Array(initial);
    this.#index = new Float64Array(initial);
    this.#timeoutSeq = new Float64Array(initial);
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
    return this.#queue.size === this.#staleTimeouts && this.#arrivalTime === Infinity;
  }

  /** Virtual time (ms) of the next pending event, Infinity when finished. */
  get nextEventTime(): number {
    if (this.#staleTimeouts > 0) this.#dropStaleTimeouts();
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
    return this.#admission.capacity;
  }

  /** Number of semaphores: the key count with per-key semaphores, else 1. */
  get semaphores(): number {
    return 1;
  }

  /** Requests issued and not yet ended (waiting, holding a permit, in backoff, waiting for a token). */
  get inFlight(): number {
    return this.#admission.inUse + this.#admission.waiting;
  }

  /** Upstream calls in flight right now, all keys (a call being answered 429 takes no slot). */
  get upstreamInFlight(): number {
    return 0;
  }

  /** Requests sleeping in backoff before a retry right now. */
  get inBackoff(): number {
    return 0;
  }

  /** Tokens in the rate limiter's bucket(s) right now, summed; NaN without a rate limit. */
  get tokens(): number {
    return NaN;
  }

  /** Calls waiting for a token right now. */
  get tokenWaiting(): number {
    return 0;
  }

  /** Permits held right now. */
  get inUse(): number {
    return this.#admission.inUse;
  }

  /** Requests waiting for a permit right now. */
  get waiting(): number {
    return this.#admission.waiting;
  }

  /** Age in ms of the oldest waiter right now, 0 when nobody waits. */
  get oldestWaitMs(): number {
    const id = this.#admission.oldestWaiter();
    return id < 0 ? 0 : this.#now - (this.#arrival[id] as number);
  }

  /**
   * Calls `fn` with the age (ms) of each waiter, oldest first, at most `limit` of them.
   * For drawing the queue; costs O(limit).
   */
  forEachWaiterAge(limit: number, fn: (ageMs: number) => void): void {
    let n = 0;
    this.#admission.forEachWaiter((id) => {
      if (n++ >= limit) return false;
      fn(this.#now - (this.#arrival[id] as number));
      return true;
    });
  }

  /**
   * Processes the next event.
   * @returns false when there was none (the run is finished).
   */
  step(): boolean {
    const queue = this.#queue;
    if (this.#staleTimeouts > 0) this.#dropStaleTimeouts();
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
    if (kind === STAGE && this.#issued >= this.#requests) return this.step();
    this.#advanceTo(t);
    const id = queue.poppedPayload;
    switch (kind) {
      case ARRIVAL:
        this.#onArrival(t, id);
        break;
      case DEPARTURE:
        this.#onDeparture(t, id);
        break;
      case TIMEOUT:
        this.#onTimeout(t, id);
        break;
      case STAGE:
        this.#onStage(t);
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
   * Changes the number of permits now. Growing admits waiters at once; shrinking lets holders
   * finish and admits nobody until fewer than `capacity` permits are held.
   * @param capacity an integer >= 1.
   */
  setCapacity(capacity: number): void {
    this.#moveClock(this.#now);
    this.#admission.setCapacity(capacity);
    this.#grantWaiters(this.#now);
  }

  /**
   * Checks the run's accounting: every issued request ended exactly once, and nothing is held or
   * queued once the run is finished. Throws {@link InvariantError} otherwise.
   */
  checkInvariants(): void {
    const s = this.stats;
    const ended = s.completed + s.timedOut + s.rejected + s.excluded;
    if (this.finished && ended !== this.#issued) {
      throw new InvariantError(
        `issued ${this.#issued} != completed ${s.completed} + timed out ${s.timedOut} + rejected ${s.rejected} + warm-up ${s.excluded}`,
      );
    }
    if (this.finished && (this.#admission.inUse !== 0 || this.#admission.waiting !== 0)) {
      throw new InvariantError(`finished with ${this.#admission.inUse} permits held and ${this.#admission.waiting} waiting`);
    }
  }

  /**
   * Removes timeouts at the front of the heap whose waiter was granted meanwhile, without moving
   * the clock: a timeout that never fires changes nothing, not even the elapsed time.
   */
  #dropStaleTimeouts(): void {
    const queue = this.#queue;
    while (queue.size > 0 && queue.peekKind() === TIMEOUT && this.#timeoutSeq[queue.peekPayload()] !== queue.peekSeq()) {
      queue.pop();
      this.#staleTimeouts--;
    }
  }

  /** Sets the clock to `t`, integrating the levels that held until then. */
  #moveClock(t: number): void {
    this.stats.advance(t, this.#admission.inUse, this.#admission.waiting, this.#admission.capacity);
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
    this.#arrival[slot] = t;
    this.#client[slot] = client;
    const traceLatencies = this.#traceLatencies;
    const recorded = traceLatencies === null || arrivals === null ? NaN : (traceLatencies[arrivals.lastIndex] as number);
    // Sampled at arrival, so request k gets the same latency whatever the capacity or timeout.
    this.#service[slot] = Number.isNaN(recorded) ? this.#latency.sample(this.#rngLatency) : recorded;
    if (arrivals !== null && this.#issued < this.#requests) this.#scheduleNextArrival();

    if (this.#admission.tryAcquire()) {
      this.#startService(t, slot);
    } else if (this.#admission.waiting >= this.#maxQueue) {
      this.#end(t, slot, NaN, Outcome.rejected);
    } else {
      this.#admission.enqueue(slot);
      this.stats.recordQueued(t);
      this.#timeoutSeq[slot] = this.#timeoutMs === Infinity ? -1 : this.#queue.push(t + this.#timeoutMs, TIMEOUT, slot);
    }
  }

  #onDeparture(t: number, slot: number): void {
    this.#admission.release();
    this.#end(t, slot, this.#start[slot] as number, Outcome.completed);
    this.#grantWaiters(t);
  }

  #onTimeout(t: number, slot: number): void {
    this.#timeoutSeq[slot] = -1;
    if (this.#admission.cancel(slot)) this.#end(t, slot, NaN, Outcome.timedOut);
  }

  #grantWaiters(t: number): void {
    let slot: number;
    while ((slot = this.#admission.grantNext()) >= 0) {
      if (this.#timeoutSeq[slot] !== -1) this.#staleTimeouts++;
      this.#timeoutSeq[slot] = -1;
      this.#startService(t, slot);
    }
  }

  #startService(t: number, slot: number): void {
    this.#start[slot] = t;
    this.#queue.push(t + (this.#service[slot] as number), DEPARTURE, slot);
  }

  /** Records how request `slot` ended, frees its slot, and lets a closed-loop client go again. */
  #end(t: number, slot: number, start: number, outcome: Outcome): void {
    const arrival = this.#arrival[slot] as number;
    const service = this.#service[slot] as number;
    this.stats.recordEnd(arrival, start, t, service, outcome);
    if (this.#observer !== undefined) this.#observer(this.#index[slot] as number, arrival, start, t, outcome);
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
    this.#client = grow(this.#client, n);
    this.#index = grow(this.#index, n);
    this.#timeoutSeq = grow(this.#timeoutSeq, n);
    this.#free = grow(this.#free, n);
  }
}

function grow<T extends Float64Array | Int32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
