/**
 * The waiters of one semaphore in the engine: strict priority levels, and within a level either
 * the oldest (FIFO) or the newest (LIFO) waiter is served first.
 *
 * Waiters are integer ids (request slots). Each level is an intrusive doubly-linked list kept in
 * arrival order, so push, take and remove (a timeout) are O(1) and allocate nothing once the
 * arrays have grown to the largest id.
 */
export class WaitList {
  readonly #lifo: boolean;
  /** Head and tail id of each level's list (-1 when empty); level 0 is served first. */
  readonly #heads: Int32Array;
  readonly #tails: Int32Array;
  #next: Int32Array;
  #prev: Int32Array;
  /** Level the id waits in, -1 when it is not waiting. */
  #levelOf: Int32Array;
  #size = 0;

  /**
   * @param levels number of priority levels (>= 1).
   * @param lifo serve the newest waiter of a level first instead of the oldest.
   */
  constructor(levels: number, lifo: boolean, initialIds = 1024) {
    this.#lifo = lifo;
    this.#heads = new Int32Array(levels).fill(-1);
    this.#tails = new Int32Array(levels).fill(-1);
    this.#next = new Int32Array(initialIds);
    this.#prev = new Int32Array(initialIds);
    this.#levelOf = new Int32Array(initialIds).fill(-1);
  }

  /** Waiters in the list. */
  get size(): number {
    return this.#size;
  }

  /** Adds waiter `id` (not already waiting) at the back of `level`. */
  push(id: number, level: number): void {
    if (id >= this.#levelOf.length) this.#grow(id + 1);
    const tail = this.#tails[level] as number;
    this.#prev[id] = tail;
    this.#next[id] = -1;
    if (tail < 0) this.#heads[level] = id;
    else this.#next[tail] = id;
    this.#tails[level] = id;
    this.#levelOf[id] = level;
    this.#size++;
  }

  /** True while `id` is in the list. */
  has(id: number): boolean {
    return id < this.#levelOf.length && (this.#levelOf[id] as number) >= 0;
  }

  /**
   * Removes waiter `id` wherever it is (it gave up).
   * @returns false when it was not waiting.
   */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.#unlink(id, this.#levelOf[id] as number);
    return true;
  }

  /**
   * Takes the waiter to serve next: from the first non-empty level, its oldest (FIFO) or newest
   * (LIFO) waiter. @returns its id, or -1 when the list is empty.
   */
  take(): number {
    if (this.#size === 0) return -1;
    const heads = this.#lifo ? this.#tails : this.#heads;
    for (let level = 0; level < heads.length; level++) {
      const id = heads[level] as number;
      if (id >= 0) {
        this.#unlink(id, level);
        return id;
      }
    }
    return -1;
  }

  /** The oldest waiter of each level, for `fn` to compare (few levels; not for hot paths). */
  forEachLevelHead(fn: (id: number) => void): void {
    for (let level = 0; level < this.#heads.length; level++) {
      const id = this.#heads[level] as number;
      if (id >= 0) fn(id);
    }
  }

  /** Calls `fn` with each waiter, level by level, oldest first, until it returns false. */
  forEach(fn: (id: number) => boolean | void): void {
    for (let level = 0; level < this.#heads.length; level++) {
      for (let id = this.#heads[level] as number; id >= 0; id = this.#next[id] as number) {
        if (fn(id) === false) return;
      }
    }
  }

  #unlink(id: number, level: number): void {
    const prev = this.#prev[id] as number;
    const next = this.#next[id] as number;
    if (prev < 0) this.#heads[level] = next;
    else this.#next[prev] = next;
    if (next < 0) this.#tails[level] = prev;
    else this.#prev[next] = prev;
    this.#levelOf[id] = -1;
    this.#size--;
  }

  #grow(minLength: number): void {
    let n = this.#levelOf.length * 2;
    while (n < minLength) n *= 2;
    const next = new Int32Array(n);
    next.set(this.#next);
    this.#next = next;
    const prev = new Int32Array(n);
    prev.set(this.#prev);
    this.#prev = prev;
    const levelOf = new Int32Array(n).fill(-1);
    levelOf.set(this.#levelOf);
    this.#levelOf = levelOf;
  }
}
