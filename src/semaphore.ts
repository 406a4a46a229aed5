/**
 * The real async counting semaphore users import: the TypeScript form of Go's
 * `sem := make(chan struct{}, N)`, with abort and timeout.
 *
 * It follows the admission rules of `FifoAdmission`, the same class the engine simulates, so the
 * real semaphore and the simulated one agree by construction: strict FIFO, no barging (a permit
 * is granted at once only when one is free *and nobody is queued*), cancelled waiters leave the
 * queue in O(1) holding nothing, and capacity can change at any time.
 *
 * Pending work and the event loop: a waiter with `timeoutMs` keeps the process alive until it is
 * granted or times out, like any pending timer (the timer is not `unref`ed), so a timed wait always
 * settles. A waiter without a timeout is a bare promise and keeps nothing alive by itself.
 */
import { FifoAdmission, assertCapacity } from './sim/admission.js';

/** Gives the permit back. Idempotent: calls after the first do nothing. */
export type Release = () => void;

/** Options of `Semaphore.acquire` and `Semaphore.run`. */
export interface AcquireOptions {
  /** Abandons the wait when aborted; rejects with `AcquireAbortedError`. Default: none. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Longest wait in milliseconds (>= 0, at most 2147483647, or Infinity for no limit); rejects with
   * `AcquireTimeoutError` when it elapses. `0` means "only if a permit is free right now".
   * Default: Infinity.
   */
  readonly timeoutMs?: number | undefined;
}

/** A wait for a permit that ended without one: nothing is held, there is nothing to release. */
export class AcquireCancelledError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The wait was abandoned because its `signal` aborted; `cause` is the signal's `reason`. */
export class AcquireAbortedError extends AcquireCancelledError {
  constructor(reason: unknown) {
    super('acquire aborted', { cause: reason });
  }
}

/** The wait lasted `timeoutMs` milliseconds without a permit. */
export class AcquireTimeoutError extends AcquireCancelledError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`acquire timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** Largest delay `setTimeout` honours, in milliseconds; longer ones fire after 1 ms. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The waiters of one semaphore that share one signal, and the one listener they share. */
interface SignalWaiters {
  readonly slots: Set<number>;
  readonly onAbort: () => void;
}

type Resolve = (release: Release) => void;
type Reject = (error: unknown) => void;
type Timer = ReturnType<typeof setTimeout>;

/**
 * A FIFO counting semaphore for async code: at most `capacity` permits are held at once.
 *
 * ```ts
 * const sem = new Semaphore(8);
 * const release = await sem.acquire({ signal, timeoutMs: 500 });
 * try { await work(); } finally { release(); }
 * // or: await sem.run(() => work(), { signal });
 * ```
 */
export class Semaphore {
  readonly #admission: FifoAdmission;

  // Waiter state, indexed by slot (the waiter id given to the admission rules). Each entry is set
  // back to undefined the moment the waiter leaves, so nothing of a settled waiter is retained.
  #resolves: (Resolve | undefined)[] = [];
  #rejects: (Reject | undefined)[] = [];
  #timers: (Timer | undefined)[] = [];
  #signals: (AbortSignal | undefined)[] = [];
  /** 1 when the waiter in the slot is handed a release function (acquire), 0 for run(). */
  #wantsRelease: number[] = [];
  /** Slots free for reuse (a stack); slots >= `#slotCount` have never been used. */
  #freeSlots: number[] = [];
  #slotCount = 0;

  /** One abort listener per signal, whatever the number of waiters sharing it. */
  readonly #bySignal = new WeakMap<AbortSignal, SignalWaiters>();

  /** Slot being enqueued, read by `#storeResolvers` (the Promise executor runs synchronously). */
  #enqueuing = 0;

  // One executor for every waiter, instead of a closure per waiter.
  readonly #storeResolvers = (resolve: Resolve, reject: Reject): void => {
    this.#resolves[this.#enqueuing] = resolve;
    this.#rejects[this.#enqueuing] = reject;
  };

  // An arrow property so setTimeout can take it without a closure per waiter. Every path that ends
  // a wait clears its timer first, so a timer that fires always belongs to the slot's current waiter.
  readonly #onTimeout = (slot: number, timeoutMs: number): void => {
    this.#timers[slot] = undefined;
    this.#unwatch(slot);
    this.#cancel(slot, new AcquireTimeoutError(timeoutMs));
    this.#grantWaiting();
  };

  /**
   * @param capacity permits in total: an integer >= 1, or Infinity for no limit.
   * @throws TypeError or RangeError naming `capacity` when it is not such a number.
   */
  constructor(capacity: number) {
    assertCapacity(capacity);
    this.#admission = new FifoAdmission(capacity);
  }

  /** Permits in total (an integer >= 1, or Infinity). */
  get capacity(): number {
    return this.#admission.capacity;
  }

  /**
   * Changes the number of permits at once. Growing admits waiters immediately; shrinking lets
   * current holders finish, and grants nothing new until `inUse < capacity`.
   * @throws TypeError or RangeError naming `capacity` when it is not an integer >= 1 or Infinity.
   */
  set capacity(capacity: number) {
    this.#admission.setCapacity(capacity);
    this.#grantWaiting();
  }

  /** Permits currently held (may exceed `capacity` for a while after a shrink). */
  get inUse(): number {
    return this.#admission.inUse;
  }

  /** Permits free right now (0 while over capacity after a shrink). */
  get available(): number {
    return this.#admission.available;
  }

  /** Callers queued for a permit. */
  get waiting(): number {
    return this.#admission.waiting;
  }

  /**
   * Waits for a permit, first come first served.
   * @param options `signal` to abandon the wait, `timeoutMs` to bound it (milliseconds).
   * @returns a promise of the `Release` to call exactly when done (extra calls do nothing). It
   * rejects with `AcquireAbortedError` (also at once when `signal` is already aborted, even if a
   * permit is free) or `AcquireTimeoutError`, and then nothing is held; with TypeError/RangeError
   * naming the option when an option is invalid.
   */
  acquire(options?: AcquireOptions): Promise<Release> {
    if (options === undefined && this.#admission.tryAcquire()) {
      return Promise.resolve(this.#newRelease());
    }
    return this.#acquireSlow(options);
  }

  /**
   * Takes a permit only if one is free and nobody is queued (never barges past waiters).
   * @returns the `Release` to call when done, or undefined when no permit was taken.
   */
  tryAcquire(): Release | undefined {
    return this.#admission.tryAcquire() ? this.#newRelease() : undefined;
  }

  /**
   * Acquires a permit, runs `fn`, and releases the permit however `fn` ends (return, throw or
   * rejection) — the `defer release()` of the Go idiom.
   * @param options as for `acquire`; they bound the wait only, not the run of `fn`.
   * @returns what `fn` returns (awaited); rejects with what `fn` throws, or as `acquire` does.
   */
  async run<T>(fn: () => T | PromiseLike<T>, options?: AcquireOptions): Promise<T> {
    if (typeof fn !== 'function') {
      throw new TypeError(`fn must be a function, got ${describe(fn)}`);
    }
    // run() holds exactly one permit and gives it back exactly once, in `finally`: it needs no
    // idempotent release function, so it waits through the path that creates none.
    if (options !== undefined || !this.#admission.tryAcquire()) await this.#acquireSlow(options, false);
    try {
      return await fn();
    } finally {
      this.#admission.release();
      this.#grantWaiting();
    }
  }

  #newRelease(): Release {
    let held = true;
    return () => {
      if (held) {
        held = false;
        this.#admission.release();
        this.#grantWaiting();
      }
    };
  }

  #acquireSlow(options: AcquireOptions | undefined): Promise<Release>;
  #acquireSlow(options: AcquireOptions | undefined, wantsRelease: false): Promise<unknown>;
  #acquireSlow(options: AcquireOptions | undefined, wantsRelease = true): Promise<unknown> {
    let signal: AbortSignal | undefined;
    let timeoutMs = Infinity;
    if (options !== undefined) {
      if (options === null || typeof options !== 'object') {
        return Promise.reject(new TypeError(`options must be an object, got ${describe(options)}`));
      }
      signal = options.signal;
      if (signal !== undefined && !isAbortSignal(signal)) {
        return Promise.reject(
          new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`),
        );
      }
      if (options.timeoutMs !== undefined) {
        timeoutMs = options.timeoutMs;
        const problem = timeoutProblem(timeoutMs);
        if (problem !== undefined) return Promise.reject(problem);
      }
    }
    // As golang.org/x/sync: a wait already abandoned fails even when a permit is free.
    if (signal?.aborted === true) return Promise.reject(new AcquireAbortedError(signal.reason));
    if (this.#admission.tryAcquire()) return Promise.resolve(wantsRelease ? this.#newRelease() : undefined);
    if (timeoutMs === 0) return Promise.reject(new AcquireTimeoutError(0));

    const slot = this.#freeSlots.length > 0 ? (this.#freeSlots.pop() as number) : this.#slotCount++;
    this.#enqueuing = slot;
    this.#wantsRelease[slot] = wantsRelease ? 1 : 0;
    const promise = new Promise<Release>(this.#storeResolvers);
    this.#admission.enqueue(slot);
    if (timeoutMs !== Infinity) {
      this.#timers[slot] = setTimeout(this.#onTimeout, timeoutMs, slot, timeoutMs);
    }
    if (signal !== undefined) this.#watch(signal, slot);
    return promise;
  }

  /** Registers `slot` as waiting on `signal`, adding a listener only for the signal's first waiter. */
  #watch(signal: AbortSignal, slot: number): void {
    this.#signals[slot] = signal;
    let waiters = this.#bySignal.get(signal);
    if (waiters === undefined) {
      const slots = new Set<number>();
      const onAbort = (): void => this.#onAbort(signal, slots, onAbort);
      waiters = { slots, onAbort };
      this.#bySignal.set(signal, waiters);
      signal.addEventListener('abort', onAbort);
    }
    waiters.slots.add(slot);
  }

  /** Takes `slot` off its signal, removing the listener when it was the signal's last waiter. */
  #unwatch(slot: number): void {
    const signal = this.#signals[slot];
    if (signal === undefined) return;
    this.#signals[slot] = undefined;
    const waiters = this.#bySignal.get(signal);
    if (waiters === undefined) return;
    waiters.slots.delete(slot);
    if (waiters.slots.size === 0) {
      this.#bySignal.delete(signal);
      signal.removeEventListener('abort', waiters.onAbort);
    }
  }

  #onAbort(signal: AbortSignal, slots: Set<number>, onAbort: () => void): void {
    this.#bySignal.delete(signal);
    signal.removeEventListener('abort', onAbort);
    const reason: unknown = signal.reason;
    // Oldest first, like the queue: the set keeps insertion order.
    for (const slot of slots) {
      if (this.#signals[slot] !== signal) continue;
      this.#signals[slot] = undefined;
      this.#cancel(slot, new AcquireAbortedError(reason));
    }
    slots.clear();
    this.#grantWaiting();
  }

  /**
   * Ends waiter `slot` without a permit (its signal already detached). Callers then run
   * `#grantWaiting()`: nobody can be admitted while the queue invariant holds (a waiter exists only
   * when no permit is free), but it is cheap and a cancelled front waiter can never strand the next.
   */
  #cancel(slot: number, error: AcquireCancelledError): void {
    if (!this.#admission.cancel(slot)) return;
    const reject = this.#rejects[slot] as Reject;
    this.#clearTimer(slot);
    this.#freeSlot(slot);
    reject(error);
  }

  /** Admits waiters, oldest first, while permits are free. */
  #grantWaiting(): void {
    for (let slot = this.#admission.grantNext(); slot !== -1; slot = this.#admission.grantNext()) {
      // Detach the listener and timer now, synchronously: an abort or timeout landing later in
      // the same tick must find nothing to cancel, so the waiter has exactly one outcome.
      const resolve = this.#resolves[slot] as Resolve;
      this.#clearTimer(slot);
      this.#unwatch(slot);
      this.#freeSlot(slot);
      resolve(this.#wantsRelease[slot] === 1 ? this.#newRelease() : (undefined as unknown as Release));
    }
  }

  #clearTimer(slot: number): void {
    const timer = this.#timers[slot];
    if (timer !== undefined) {
      this.#timers[slot] = undefined;
      clearTimeout(timer);
    }
  }

  #freeSlot(slot: number): void {
    this.#resolves[slot] = undefined;
    this.#rejects[slot] = undefined;
    this.#freeSlots.push(slot);
  }
}

/** The TypeError or RangeError for an invalid `timeoutMs`, or undefined when it is valid. */
function timeoutProblem(timeoutMs: unknown): Error | undefined {
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs)) {
    return new TypeError(`timeoutMs must be a number of milliseconds, got ${describe(timeoutMs)}`);
  }
  if (timeoutMs < 0 || (timeoutMs > MAX_TIMEOUT_MS && timeoutMs !== Infinity)) {
    return new RangeError(
      `timeoutMs must be between 0 and ${MAX_TIMEOUT_MS} ms, or Infinity, got ${timeoutMs}`,
    );
  }
  return undefined;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (value instanceof AbortSignal) return true;
  // Signals from another realm or a polyfill: duck-type the part we use.
  const candidate = value as Partial<AbortSignal> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.aborted === 'boolean' &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function'
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
