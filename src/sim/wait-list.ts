/**
 * The waiters of one semaphore in the engine, in queues (one per priority class, or one for all):
 * a waiter of a higher priority level is always served first (strict priority); within a level,
 * queues either share freed permits by weight, or are served as one queue in arrival order; and
 * within a queue the oldest (FIFO) or the newest (LIFO) waiter goes first.
 *
 * Waiters are integer ids (request slots). Each queue is an intrusive doubly-linked list in
 * arrival order, so push, take and remove (a timeout) are O(1) in the number of waiters (O(queues
 * of the level) for take) and allocate nothing once the arrays have grown to the largest id.
 */
export class WaitList {
  readonly #lifo: boolean;
  /** Head and tail id of each queue (-1 when empty). */
  readonly #heads: Int32Array;
  readonly #tails: Int32Array;
  /** Waiters in each queue. */
  readonly #sizes: Int32Array;
  /** The queues of each level, level 0 (served first) first: `#levelStart[l]` .. `#levelStart[l + 1]`. */
  readonly #levelQueues: Int32Array;
  readonly #levelStart: Int32Array;
  /** True for a level whose queues share permits by weight. */
  readonly #levelWeighted: Uint8Array;
  readonly #weights: Float64Array;
  /** Smooth weighted round-robin credit of each queue (as nginx balances upstreams). */
  readonly #credit: Float64Array;
  #next: Int32Array;
  #prev: Int32Array;
  /** Queue the id waits in, -1 when it is not waiting. */
  #queueOf: Int32Array;
  /** Push order of each waiting id: arrival order across the queues of a level. */
  #order: Float64Array;
  #pushes = 0;
  #size = 0;

  /**
   * @param queues per queue, its priority level (0 is served first) and its weight (NaN: none; a
   *   level with any weight shares permits by weight, a missing one counting 1).
   * @param lifo serve the newest waiter of a queue first instead of the oldest.
   */
  constructor(queues: readonly { readonly level: number; readonly weight: number }[], lifo: boolean, initialIds = 1024) {
    this.#lifo = lifo;
    const n = Math.max(1, queues.length);
    const spec = queues.length === 0 ? [{ level: 0, weight: NaN }] : queues;
    this.#heads = new Int32Array(n).fill(-1);
    this.#tails = new Int32Array(n).fill(-1);
    this.#sizes = new Int32Array(n);
    this.#credit = new Float64Array(n);
    const levels = Math.max(...spec.map((q) => q.level)) + 1;
    const order = spec.map((_, i) => i).sort((a, b) => (spec[a] as { level: number }).level - (spec[b] as { level: number }).level || a - b);
    this.#levelQueues = Int32Array.from(order);
    this.#levelStart = new Int32Array(levels + 1);
    this.#levelWeighted = new Uint8Array(levels);
    for (const q of spec) {
      this.#levelStart[q.level + 1] = (this.#levelStart[q.level + 1] as number) + 1;
      if (!Number.isNaN(q.weight)) this.#levelWeighted[q.level] = 1;
    }
    for (let l = 0; l < levels; l++) this.#levelStart[l + 1] = (this.#levelStart[l + 1] as number) + (this.#levelStart[l] as number);
    this.#weights = Float64Array.from(spec, (q) => (Number.isNaN(q.weight) ? 1 : q.weight));
    this.#next = new Int32Array(initialIds);
    this.#prev = new Int32Array(initialIds);
    this.#queueOf = new Int32Array(initialIds).fill(-1);
    this.#order = new Float64Array(initialIds);
  }

  /** Waiters in the list. */
  get size(): number {
    return this.#size;
  }

  /** Adds waiter `id` (not already waiting) at the back of `queue`. */
  push(id: number, queue: number): void {
    if (id >= this.#queueOf.length) this.#grow(id + 1);
    const tail = this.#tails[queue] as number;
    this.#prev[id] = tail;
    this.#next[id] = -1;
    if (tail < 0) this.#heads[queue] = id;
    else this.#next[tail] = id;
    this.#tails[queue] = id;
    this.#queueOf[id] = queue;
    this.#order[id] = this.#pushes++;
    this.#sizes[queue] = (this.#sizes[queue] as number) + 1;
    this.#size++;
  }

  /** True while `id` is in the list. */
  has(id: number): boolean {
    return id < this.#queueOf.length && (this.#queueOf[id] as number) >= 0;
  }

  /**
   * Removes waiter `id` wherever it is (it gave up).
   * @returns false when it was not waiting.
   */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.#unlink(id, this.#queueOf[id] as number);
    return true;
  }

  /**
   * Takes the waiter to serve next (see the class comment).
   * @returns its id, or -1 when the list is empty.
   */
  take(): number {
    if (this.#size === 0) return -1;
    const ends = this.#lifo ? this.#tails : this.#heads;
    if (this.#heads.length === 1) {
      const id = ends[0] as number;
      this.#unlink(id, 0);
      return id;
    }
    for (let level = 0; level < this.#levelWeighted.length; level++) {
      const from = this.#levelStart[level] as number;
      const to = this.#levelStart[level + 1] as number;
      const queue = this.#levelWeighted[level] === 1 ? this.#byWeight(from, to) : this.#byArrival(from, to, ends);
      if (queue >= 0) {
        const id = ends[queue] as number;
        this.#unlink(id, queue);
        return id;
      }
    }
    return -1;
  }

  /** The oldest waiter of each queue, for `fn` to compare (few queues; not for hot paths). */
  forEachQueueHead(fn: (id: number) => void): void {
    for (let q = 0; q < this.#heads.length; q++) {
      const id = this.#heads[q] as number;
      if (id >= 0) fn(id);
    }
  }

  /** Calls `fn` with each waiter, level by level and queue by queue, oldest first, until it returns false. */
  forEach(fn: (id: number) => boolean | void): void {
    for (let i = 0; i < this.#levelQueues.length; i++) {
      for (let id = this.#heads[this.#levelQueues[i] as number] as number; id >= 0; id = this.#next[id] as number) {
        if (fn(id) === false) return;
      }
    }
  }

  /** Same-priority queues without weights are one queue: the end (oldest or newest) across them. */
  #byArrival(from: number, to: number, ends: Int32Array): number {
    let best = -1;
    let bestOrder = 0;
    for (let i = from; i < to; i++) {
      const q = this.#levelQueues[i] as number;
      const id = ends[q] as number;
      if (id < 0) continue;
      const order = this.#order[id] as number;
      if (best < 0 || (this.#lifo ? order > bestOrder : order < bestOrder)) {
        best = q;
        bestOrder = order;
      }
    }
    return best;
  }

  /**
   * Smooth weighted round-robin over the queues of a level that have waiters: each gains its
   * weight in credit, the richest is served and pays the total. Over any stretch where the same
   * queues wait, each is served in proportion to its weight, evenly spread.
   */
  #byWeight(from: number, to: number): number {
    let best = -1;
    let total = 0;
    for (let i = from; i < to; i++) {
      const q = this.#levelQueues[i] as number;
      if (this.#sizes[q] === 0) continue;
      const weight = this.#weights[q] as number;
      total += weight;
      this.#credit[q] = (this.#credit[q] as number) + weight;
      if (best < 0 || (this.#credit[q] as number) > (this.#credit[best] as number)) best = q;
    }
    if (best >= 0) this.#credit[best] = (this.#credit[best] as number) - total;
    return best;
  }

  #unlink(id: number, queue: number): void {
    const prev = this.#prev[id] as number;
    const next = this.#next[id] as number;
    if (prev < 0) this.#heads[queue] = next;
    else this.#next[prev] = next;
    if (next < 0) this.#tails[queue] = prev;
    else this.#prev[next] = prev;
    this.#queueOf[id] = -1;
    this.#sizes[queue] = (this.#sizes[queue] as number) - 1;
    this.#size--;
  }

  #grow(minLength: number): void {
    let n = this.#queueOf.length * 2;
    while (n < minLength) n *= 2;
    const next = new Int32Array(n);
    next.set(this.#next);
    this.#next = next;
    const prev = new Int32Array(n);
    prev.set(this.#prev);
    this.#prev = prev;
    const queueOf = new Int32Array(n).fill(-1);
    queueOf.set(this.#queueOf);
    this.#queueOf = queueOf;
    const order = new Float64Array(n);
    order.set(this.#order);
    this.#order = order;
  }
}
