/** A seeded source of uniform random numbers. */
export interface Rng {
  /** Uniform in the open interval (0, 1): never exactly 0 or 1, so `Math.log(next())` is finite. */
  next(): number;
}

/** Largest seed accepted by `createRng` and returned by `deriveSeed`: 2^53 - 1 (`Number.MAX_SAFE_INTEGER`). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** Smallest value `createRng(...).next()` can return: 2^-53. */
export const RNG_MIN = 2 ** -53;

/** Largest value `createRng(...).next()` can return: 1 - 2^-53. */
export const RNG_MAX = 1 - 2 ** -53;

const TWO_POW_26 = 2 ** 26;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_52 = 2 ** -52;
const HALF_STEP = 2 ** -53;
const GOLDEN = 0x9e3779b9;

/**
 * Maps two 26-bit integers (0..2^26-1, high part first) to the centre of one of 2^52 equal cells
 * of (0, 1): `(hi * 2^26 + lo + 0.5) / 2^52`. Never 0 or 1; the result is exact in float64.
 */
export function openUnitFromBits(hi: number, lo: number): number {
  return (hi * TWO_POW_26 + lo) * TWO_POW_MINUS_52 + HALF_STEP;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand): 128 bits of state,
 * 32-bit integer arithmetic only, a counter that guarantees a period of at least 2^32. Each
 * `next()` draws two 32-bit outputs and keeps the top 26 bits of each, for 52 random bits.
 */
class Sfc32 implements Rng {
  // An Int32Array keeps the four words as raw int32 in every V8 tier; plain number fields holding
  // values outside the small-integer range may be stored as boxed heap numbers instead.
  readonly #state = new Int32Array(4);

  constructor(a: number, b: number, c: number, counter: number) {
    const s = this.#state;
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = counter;
  }

  next(): number {
    // Both rounds are written out with the state in locals, so V8 keeps everything in int32
    // registers and writes the state once.
    const s = this.#state;
    let a = s[0]!;
    let b = s[1]!;
    let c = s[2]!;
    let d = s[3]!;

    let t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    const hi = t >>> 6;

    t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;

    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return openUnitFromBits(hi, t >>> 6);
  }
}

/** The splitmix32 output function: a bijection on 32-bit integers with good avalanche. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function assertSeed(seed: number, name: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${name} must be an integer from 0 to 2^53-1, got ${String(seed)}`);
  }
}

/**
 * Creates the seeded generator used everywhere in semsim: sfc32 seeded through splitmix32.
 * `seed` is an integer 0..2^53-1; the same seed always gives the same sequence, and any two
 * distinct seeds give distinct starting states. `next()` allocates nothing.
 */
export function createRng(seed: number): Rng {
  assertSeed(seed, 'seed');
  const lo = seed >>> 0;
  const hi = (seed - lo) / TWO_POW_32;
  // mix32 is a bijection, so (a, b) — and hence the state — differs for any two seeds.
  const a = mix32(lo + GOLDEN);
  const b = mix32(hi + 2 * GOLDEN);
  const c = mix32((a ^ b) + 3 * GOLDEN);
  const counter = mix32(c + 4 * GOLDEN);
  const rng = new Sfc32(a, b, c, counter);
  // As in PractRand's seeding, discard the first outputs (16 words) so every state bit mixes in.
  for (let i = 0; i < 8; i++) rng.next();
  return rng;
}

/**
 * Derives the seed of an independent stream (e.g. 0 = arrivals, 1 = latencies) from one user
 * seed, so adding draws to one stream never shifts another. `seed` is an integer 0..2^53-1,
 * `stream` an integer 0..2^32-1; returns an integer 0..2^53-1.
 */
export function deriveSeed(seed: number, stream: number): number {
  assertSeed(seed, 'seed');
  if (!Number.isInteger(stream) || stream < 0 || stream >= TWO_POW_32) {
    throw new RangeError(`stream must be an integer from 0 to 2^32-1, got ${String(stream)}`);
  }
  const lo = seed >>> 0;
  const hi = (seed - lo) / TWO_POW_32;
  const k = mix32(stream + 0x6a09e667);
  const x = mix32(lo ^ k);
  const y = mix32(hi ^ mix32(x + k));
  const z = mix32(x ^ mix32(y + GOLDEN));
  // 21 high bits from y and 32 low bits from z: an integer below 2^53.
  return (y >>> 11) * TWO_POW_32 + z;
}
