/**
 * An HDR (high dynamic range) histogram of durations with 3 significant decimal digits, recording
 * whole microseconds from 0 µs up to 2^53 µs in a fixed array of counts.
 *
 * The bucket layout is exactly HdrHistogram's (sub-bucket count 2048, lowest discernible value
 * 1 µs), and percentile queries follow hdr-histogram-js's rules, so figures agree with the
 * reference implementation; `test/sim/histogram.test.ts` checks that value for value. It exists
 * because the engine records three values per simulated request and hdr-histogram-js's
 * `recordValue` costs more than the rest of the event loop: here recording is an index
 * computation and one typed-array increment, with no allocation.
 */
export class LatencyHistogram {
  readonly #counts: Float64Array;
  #total = 0;
  #maxIndex = 0;
  #sumMs = 0;
  #minMs = Infinity;
  #maxMs = 0;

  constructor() {
    this.#counts = new Float64Array(COUNTS_LENGTH);
  }

  /** Number of values recorded. */
  get count(): number {
    return this.#total;
  }

  /** Exact mean of the recorded values in ms (0 when empty). */
  get meanMs(): number {
    return this.#total === 0 ? 0 : this.#sumMs / this.#total;
  }

  /** Exact largest recorded value in ms (0 when empty). */
  get maxMs(): number {
    return this.#maxMs;
  }

  /** Exact smallest recorded value in ms (0 when empty). */
  get minMs(): number {
    return this.#total === 0 ? 0 : this.#minMs;
  }

  /** Exact sum of the recorded values in ms. */
  get sumMs(): number {
    return this.#sumMs;
  }

  /** Records one duration in ms (>= 0; resolution 1 µs, 3 significant digits). */
  record(ms: number): void {
    // Whole microseconds; below 2^31 µs (35 min) in int32 arithmetic, the common, fast case.
    const scaled = ms * 1000 + 0.5;
    let index: number;
    if (scaled < SUB_BUCKET_COUNT) index = scaled | 0;
    else if (scaled < TWO_POW_31) {
      const us = scaled | 0;
      const shift = 31 - HALF_BITS - Math.clz32(us);
      index = (shift << HALF_BITS) + (us >>> shift);
    } else index = indexOf(Math.round(ms * 1000));
    this.#counts[index] = (this.#counts[index] as number) + 1;
    if (index > this.#maxIndex) this.#maxIndex = index;
    this.#total++;
    this.#sumMs += ms;
    if (ms > this.#maxMs) this.#maxMs = ms;
    if (ms < this.#minMs) this.#minMs = ms;
  }

  /**
   * The value at percentile `p` (0..100) in ms, as HdrHistogram defines it (the highest value
   * equivalent to the recorded one at that rank), clamped to the exact recorded min and max.
   * Returns 0 when empty.
   */
  percentileMs(p: number): number {
    if (this.#total === 0) return 0;
    const requested = Math.min(Math.max(p, 0), 100);
    const fpCount = (requested / 100) * this.#total;
    const target = Math.max(Math.ceil(fpCount - ulp(fpCount)), 1);
    let running = 0;
    const counts = this.#counts;
    for (let i = 0; i <= this.#maxIndex; i++) {
      running += counts[i] as number;
      if (running >= target) {
        const us = requested === 0 ? lowestValueAt(i) : highestValueAt(i);
        return Math.min(Math.max(us / 1000, this.minMs), this.#maxMs);
      }
    }
    return this.#maxMs;
  }

  /**
   * Calls `fn` for each non-empty bucket, lowest first, with the bucket's value range in µs and
   * its count. For exporting and for drawing the distribution.
   */
  forEachBucket(fn: (lowUs: number, highUs: number, count: number) => void): void {
    const counts = this.#counts;
    for (let i = 0; i <= this.#maxIndex; i++) {
      const c = counts[i] as number;
      if (c !== 0) fn(lowestValueAt(i), highestValueAt(i), c);
    }
  }

  /** Forgets every recorded value. */
  reset(): void {
    this.#counts.fill(0, 0, this.#maxIndex + 1);
    this.#total = 0;
    this.#maxIndex = 0;
    this.#sumMs = 0;
    this.#minMs = Infinity;
    this.#maxMs = 0;
  }
}

// HdrHistogram with 3 significant digits: 2048 sub-buckets, of which the upper 1024 repeat in
// every power-of-two bucket above the first.
const SUB_BUCKET_BITS = 11;
const SUB_BUCKET_COUNT = 1 << SUB_BUCKET_BITS;
const HALF_BITS = SUB_BUCKET_BITS - 1;
const HALF_COUNT = 1 << HALF_BITS;
const MAX_EXPONENT = 53 - SUB_BUCKET_BITS;
const COUNTS_LENGTH = (MAX_EXPONENT + 2) * HALF_COUNT;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_31 = 2 ** 31;

/** Index of the bucket holding `us` (an integer >= 0). */
function indexOf(us: number): number {
  if (us < SUB_BUCKET_COUNT) return us;
  if (us < TWO_POW_32) {
    const shift = 31 - Math.clz32(us) - HALF_BITS;
    return shift * HALF_COUNT + (us >>> shift);
  }
  const clamped = Math.min(us, Number.MAX_SAFE_INTEGER);
  let shift = Math.floor(Math.log2(clamped)) - HALF_BITS;
  // Math.log2 may round up just below a power of two.
  if (Math.floor(clamped / 2 ** shift) < HALF_COUNT) shift--;
  return shift * HALF_COUNT + Math.floor(clamped / 2 ** shift);
}

function bucketShift(index: number): number {
  return index < SUB_BUCKET_COUNT ? 0 : Math.floor(index / HALF_COUNT) - 1;
}

function lowestValueAt(index: number): number {
  const shift = bucketShift(index);
  return (index - shift * HALF_COUNT) * 2 ** shift;
}

function highestValueAt(index: number): number {
  return lowestValueAt(index) + 2 ** bucketShift(index) - 1;
}

function ulp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
}
