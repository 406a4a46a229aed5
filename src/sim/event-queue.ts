/**
 * The engine's future event list: a binary min-heap keyed by (time, sequence). The sequence is the
 * insertion counter, so events due at the same instant run in the order they were scheduled —
 * which makes every run deterministic.
 *
 * Events are stored in parallel typed arrays (time, sequence, kind, payload) and the heap moves a
 * "hole" instead of swapping, so pushing and popping allocate nothing once the arrays have grown.
 */
export class EventQueue {
  #time: Float64Array;
  #seq: Float64Array;
  #kind: Uint8Array;
  #payload: Int32Array;
  #size = 0;
  #nextSeq = 0;

  /** Time (ms) of the event last removed by `pop()`. */
  poppedTime = 0;
  /** Sequence number of the event last removed by `pop()`. */
  poppedSeq = 0;
  /** Kind of the event last removed by `pop()`. */
  poppedKind = 0;
  /** Payload (an integer id) of the event last removed by `pop()`. */
  poppedPayload = 0;

  /** @param initialCapacity initial room for pending events; grows by doubling. */
  constructor(initialCapacity = 256) {
    this.#time = new Float64Array(initialCapacity);
    this.#seq = new Float64Array(initialCapacity);
    this.#kind = new Uint8Array(initialCapacity);
    this.#payload = new Int32Array(initialCapacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.#size;
  }

  /** Time (ms) of the earliest pending event, or Infinity when none is pending. */
  peekTime(): number {
    return this.#size === 0 ? Infinity : (this.#time[0] as number);
  }

  /** Kind of the earliest pending event (meaningless when none is pending). */
  peekKind(): number {
    return this.#kind[0] as number;
  }

  /** Payload of the earliest pending event (meaningless when none is pending). */
  peekPayload(): number {
    return this.#payload[0] as number;
  }

  /** Sequence number of the earliest pending event (meaningless when none is pending). */
  peekSeq(): number {
    return this.#seq[0] as number;
  }

  /**
   * Takes the next sequence number without scheduling anything: for an event the caller keeps
   * outside the heap, which must still be ordered against the heap's events.
   */
  reserveSeq(): number {
    return this.#nextSeq++;
  }

  /**
   * Schedules an event.
   * @param time when it happens, in ms.
   * @param kind a small integer the engine dispatches on (0..255).
   * @param payload an integer id (a request or client slot).
   * @returns the event's sequence number, unique within this queue.
   */
  push(time: number, kind: number, payload: number): number {
    if (this.#size === this.#time.length) this.#grow();
    const seq = this.#nextSeq++;
    const times = this.#time;
    const seqs = this.#seq;
    let hole = this.#size++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      this.#move(parent, hole);
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    this.#kind[hole] = kind;
    this.#payload[hole] = payload;
    return seq;
  }

  /**
   * Removes the earliest event and exposes it through the `popped*` fields.
   * @returns false when the queue was empty.
   */
  pop(): boolean {
    if (this.#size === 0) return false;
    const times = this.#time;
    const seqs = this.#seq;
    this.poppedTime = times[0] as number;
    this.poppedSeq = seqs[0] as number;
    this.poppedKind = this.#kind[0] as number;
    this.poppedPayload = this.#payload[0] as number;

    const last = --this.#size;
    if (last === 0) return true;
    const time = times[last] as number;
    const seq = seqs[last] as number;
    const kind = this.#kind[last] as number;
    const payload = this.#payload[last] as number;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last) {
        const ct = times[child] as number;
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number))) child = right;
      }
      const ct = times[child] as number;
      if (time < ct || (time === ct && seq < (seqs[child] as number))) break;
      this.#move(child, hole);
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    this.#kind[hole] = kind;
    this.#payload[hole] = payload;
    return true;
  }

  /** Drops every pending event (the sequence counter keeps counting). */
  clear(): void {
    this.#size = 0;
  }

  #move(from: number, to: number): void {
    this.#time[to] = this.#time[from] as number;
    this.#seq[to] = this.#seq[from] as number;
    this.#kind[to] = this.#kind[from] as number;
    this.#payload[to] = this.#payload[from] as number;
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const time = new Float64Array(n);
    time.set(this.#time);
    const seq = new Float64Array(n);
    seq.set(this.#seq);
    const kind = new Uint8Array(n);
    kind.set(this.#kind);
    const payload = new Int32Array(n);
    payload.set(this.#payload);
    this.#time = time;
    this.#seq = seq;
    this.#kind = kind;
    this.#payload = payload;
  }
}
