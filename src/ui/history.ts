/**
 * A fixed-size ring of numeric samples (the recent history behind a sparkline). Pushing never
 * allocates; memory is set at construction, whatever the length of the run.
 */
export class SampleRing {
  readonly #values: Float64Array;
  #next = 0;
  #size = 0;

  /** @param capacity samples kept; older ones are overwritten. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer >= 1, got ${capacity}`);
    this.#values = new Float64Array(capacity);
  }

  /** Samples held (at most the capacity). */
  get size(): number {
    return this.#size;
  }

  /** Adds a sample, dropping the oldest when full. */
  push(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.#values.length;
    if (this.#size < this.#values.length) this.#size++;
  }

  /** Forgets every sample. */
  clear(): void {
    this.#next = 0;
    this.#size = 0;
  }

  /** The newest `n` samples (fewer if fewer are held), oldest first. Costs O(n). */
  last(n: number): number[] {
    const count = Math.max(0, Math.min(n, this.#size));
    const out = new Array<number>(count);
    const cap = this.#values.length;
    const start = (this.#next - count + cap) % cap;
    for (let i = 0; i < count; i++) out[i] = this.#values[(start + i) % cap] as number;
    return out;
  }
}

/** Levels a live view samples once per frame, for its sparklines. */
export interface LevelSource {
  readonly now: number;
  readonly inUse: number;
  readonly waiting: number;
}

/**
 * The recent history of permits in use and of waiters, one sample per frame in which virtual time
 * moved (a paused run adds nothing). Fixed-size: memory does not grow with the run.
 */
export class LevelHistory {
  /** Permits in use, one sample per frame. */
  readonly inUse: SampleRing;
  /** Waiters, one sample per frame. */
  readonly waiting: SampleRing;
  #lastNow = Number.NaN;

  /** @param capacity samples kept per level. */
  constructor(capacity: number) {
    this.inUse = new SampleRing(capacity);
    this.waiting = new SampleRing(capacity);
  }

  /** Records the levels of `source` unless its virtual time has not moved since the last sample. */
  sample(source: LevelSource): void {
    if (source.now === this.#lastNow) return;
    this.#lastNow = source.now;
    this.inUse.push(source.inUse);
    this.waiting.push(source.waiting);
  }

  /** Forgets every sample (after a restart). */
  clear(): void {
    this.inUse.clear();
    this.waiting.clear();
    this.#lastNow = Number.NaN;
  }
}
