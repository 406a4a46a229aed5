/**
 * The admission rules of a channel-style counting semaphore, shared by the simulated semaphore in
 * the engine and the real `Semaphore` users import, so both follow exactly the same rules:
 *
 * - a permit is granted at once only when one is free *and nobody is queued* (no barging);
 * - waiters are served strictly in arrival order (FIFO);
 * - a waiter can leave the queue (timeout, abort) in O(1), holding nothing;
 * - capacity can change at any time: growing admits waiters at once, shrinking lets holders finish.
 *
 * Waiters are plain integer ids chosen by the caller (request slots, waiter slots); ids may be
 * reused as soon as a waiter has left. Nothing here allocates per operation once the buffers have
 * grown to the peak queue length.
 */
export class FifoAdmission {
  /** Permits in total; `inUse` may exceed it transiently after a shrink. */
  #capacity: number;
  /** Permits currently held. */
  #inUse = 0;
  /** Live waiters in the queue. */
  #waiting = 0;

  // Ring buffer of queue entries. A cancelled waiter leaves a stale entry behind (a tombstone);
  // an entry is live only while its ticket matches the id's current ticket.
  #ringIds: Int32Array;
  #ringTickets: Float64Array;
  #head = 0;
  #size = 0;
  #mask: number;
  /** Ticket of the id's live queue entry, 0 when the id is not waiting. Indexed by id. */
  #ticketOf: Float64Array;
  #nextTicket = 1;

  /**
   * @param capacity permits in total, an integer >= 1.
   * @param initialQueue initial room for waiters and ids; grows by doubling as needed.
   */
  constructor(capacity: number, initialQueue = 64) {
    assertCapacity(capacity);
    this.#capacity = capacity;
    const size = nextPowerOfTwo(Math.max(16, initialQueue));
    this.#ringIds = new Int32Array(size);
    this.#ringTickets = new Float64Array(size);
    this.#mask = size - 1;
    this.#ticketOf = new Float64Array(size);
  }

  /** Permits in total. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Permits currently held. */
  get inUse(): number {
    return this.#inUse;
  }

  /** Permits free right now (0 while over capacity after a shrink). */
  get available(): number {
    return Math.max(0, this.#capacity - this.#inUse);
  }

  /** Live waiters in the queue. */
  get waiting(): number {
    return this.#waiting;
  }

  /**
   * Takes a permit if one is free and nobody is queued.
   * @returns true when the permit was taken (the caller must `release()` it later).
   */
  tryAcquire(): boolean {
    if (this.#waiting === 0 && this.#inUse < this.#capacity) {
      this.#inUse++;
      return true;
    }
    return false;
  }

  /** Puts waiter `id` (an integer >= 0, not already waiting) at the back of the queue. */
  enqueue(id: number): void {
    if (!(id >= 0 && (id | 0) === id)) throw new RangeError(`id must be an integer >= 0, got ${id}`);
    if (id >= this.#ticketOf.length) this.#growIds(id + 1);
    if (this.#ticketOf[id] !== 0) throw new RangeError(`id ${id} is already waiting`);
    if (this.#size === this.#ringIds.length) this.#compactOrGrow();
    const ticket = this.#nextTicket++;
    const slot = (this.#head + this.#size) & this.#mask;
    this.#ringIds[slot] = id;
    this.#ringTickets[slot] = ticket;
    this.#size++;
    this.#ticketOf[id] = ticket;
    this.#waiting++;
  }

  /** True while waiter `id` is in the queue. */
  isWaiting(id: number): boolean {
    return id >= 0 && (id | 0) === id && id < this.#ticketOf.length && this.#ticketOf[id] !== 0;
  }

  /**
   * Removes waiter `id` from the queue (it timed out or was aborted); it holds nothing.
   * @returns false when `id` was not waiting (already granted or already cancelled).
   */
  cancel(id: number): boolean {
    if (!this.isWaiting(id)) return false;
    this.#ticketOf[id] = 0;
    this.#waiting--;
    this.#dropStaleHead();
    // Tombstones in the middle wait for the head to reach them; compact if they pile up.
    if (this.#size - this.#waiting > 64 && this.#size > 2 * this.#waiting) this.#compact();
    return true;
  }

  /** Gives back one held permit. Call `grantNext()` afterwards to admit waiters. */
  release(): void {
    if (this.#inUse === 0) throw new RangeError('release: no permit is held');
    this.#inUse--;
  }

  /**
   * Admits the oldest waiter if a permit is free.
   * @returns the admitted waiter's id (it now holds a permit), or -1 when nobody can be admitted.
   */
  grantNext(): number {
    if (this.#waiting === 0 || this.#inUse >= this.#capacity) return -1;
    const id = this.#ringIds[this.#head] as number;
    this.#ticketOf[id] = 0;
    this.#head = (this.#head + 1) & this.#mask;
    this.#size--;
    this.#waiting--;
    this.#inUse++;
    this.#dropStaleHead();
    return id;
  }

  /** Id of the oldest waiter, or -1 when the queue is empty. */
  oldestWaiter(): number {
    return this.#waiting === 0 ? -1 : (this.#ringIds[this.#head] as number);
  }

  /**
   * Changes the number of permits. Growing makes room for waiters (call `grantNext()` to admit
   * them); shrinking takes effect as holders release.
   * @param capacity an integer >= 1.
   */
  setCapacity(capacity: number): void {
    assertCapacity(capacity);
    this.#capacity = capacity;
  }

  /**
   * Calls `fn` with each live waiter's id, oldest first, until it returns false (for snapshots;
   * not for hot paths).
   */
  forEachWaiter(fn: (id: number) => boolean | void): void {
    for (let i = 0; i < this.#size; i++) {
      const slot = (this.#head + i) & this.#mask;
      const id = this.#ringIds[slot] as number;
      if (this.#ticketOf[id] === this.#ringTickets[slot] && fn(id) === false) return;
    }
  }

  #dropStaleHead(): void {
    while (this.#size > 0) {
      const id = this.#ringIds[this.#head] as number;
      if (this.#ticketOf[id] === this.#ringTickets[this.#head]) return;
      this.#head = (this.#head + 1) & this.#mask;
      this.#size--;
    }
    this.#head = 0;
  }

  #compactOrGrow(): void {
    if (this.#size - this.#waiting > this.#size >> 2) this.#compact();
    else this.#rebuild(this.#ringIds.length * 2);
  }

  #compact(): void {
    this.#rebuild(this.#ringIds.length);
  }

  /** Copies live entries, oldest first, into fresh rings of `length` slots. */
  #rebuild(length: number): void {
    const ids = new Int32Array(length);
    const tickets = new Float64Array(length);
    let n = 0;
    for (let i = 0; i < this.#size; i++) {
      const slot = (this.#head + i) & this.#mask;
      const id = this.#ringIds[slot] as number;
      const ticket = this.#ringTickets[slot] as number;
      if (this.#ticketOf[id] === ticket) {
        ids[n] = id;
        tickets[n] = ticket;
        n++;
      }
    }
    this.#ringIds = ids;
    this.#ringTickets = tickets;
    this.#mask = length - 1;
    this.#head = 0;
    this.#size = n;
  }

  #growIds(minLength: number): void {
    const grown = new Float64Array(nextPowerOfTwo(minLength));
    grown.set(this.#ticketOf);
    this.#ticketOf = grown;
  }
}

/** Throws unless `capacity` is an integer >= 1 (or +Infinity for "no limit"). */
export function assertCapacity(capacity: number, name = 'capacity'): void {
  if (typeof capacity !== 'number' || Number.isNaN(capacity)) {
    throw new TypeError(`${name} must be a number, got ${String(capacity)}`);
  }
  if (capacity !== Infinity && (!Number.isInteger(capacity) || capacity < 1)) {
    throw new RangeError(`${name} must be an integer >= 1, got ${capacity}`);
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
