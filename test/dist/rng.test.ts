import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SEED,
  RNG_MAX,
  RNG_MIN,
  createRng,
  deriveSeed,
  openUnitFromBits,
  type Rng,
} from '../../src/dist/rng.js';

function draw(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

/**
 * Textbook sfc32 (PractRand's reference form, unsigned 32-bit arithmetic) with the seeding that
 * `createRng` documents, written independently of the unrolled production code.
 */
function referenceRng(seed: number): () => number {
  const mix = (x: number): number => {
    let z = x >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
    return (z ^ (z >>> 15)) >>> 0;
  };
  const golden = 0x9e3779b9;
  const lo = seed % 2 ** 32;
  const hi = Math.floor(seed / 2 ** 32);
  let a = mix(lo + golden);
  let b = mix(hi + 2 * golden);
  let c = mix((a ^ b) + 3 * golden);
  let counter = mix(c + 4 * golden);
  const u32 = (): number => {
    const t = (a + b + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
    return t;
  };
  const next = (): number => {
    const hiBits = Math.floor(u32() / 64);
    const loBits = Math.floor(u32() / 64);
    return (hiBits * 2 ** 26 + loBits + 0.5) / 2 ** 52;
  };
  for (let i = 0; i < 8; i++) next();
  return next;
}

/** Pearson chi-square statistic of `counts` against equal expected counts. */
function chiSquare(counts: readonly number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

// Chi-square with 63 degrees of freedom (64 bins): the 0.1% and 99.9% quantiles, from
// scipy.stats.chi2.ppf(0.001, 63) and chi2.ppf(0.999, 63). A fair generator lands outside
// [33.91, 103.44] with probability 0.2%; the seeds are fixed, so the outcome never flickers.
const CHI2_63_LOW = 33.91;
const CHI2_63_HIGH = 103.44;
const BINS = 64;
const DRAWS = BINS * 10_000;

describe('createRng', () => {
  it('when seeded with 42, then the first values are the golden ones (same seed, same run, forever)', () => {
    expect(draw(createRng(42), 5)).toEqual([
      0.8318900018608321, 0.39517646825657515, 0.3563875098831041, 0.8151619322201754, 0.12144801011099504,
    ]);
  });

  it.each([0, 1, 42, 2 ** 32, 2 ** 32 + 1, MAX_SEED])(
    'when seeded with %d, then it matches a textbook sfc32 with the documented seeding',
    (seed) => {
      const reference = referenceRng(seed);
      const rng = createRng(seed);
      for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(reference());
    },
  );

  it('when two generators get the same seed, then they produce the same sequence', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (seed) => {
        expect(draw(createRng(seed), 50)).toEqual(draw(createRng(seed), 50));
      }),
    );
  });

  it('when seeds differ only in the high 21 bits, then the sequences differ', () => {
    expect(draw(createRng(2 ** 32), 4)).not.toEqual(draw(createRng(0), 4));
    expect(draw(createRng(2 ** 52 + 7), 4)).not.toEqual(draw(createRng(7), 4));
  });

  it('when any seed is drawn from, then every value is strictly between 0 and 1', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (seed) => {
        const values = draw(createRng(seed), 1000);
        expect(Math.min(...values)).toBeGreaterThan(0);
        expect(Math.max(...values)).toBeLessThan(1);
      }),
    );
  });

  it.each([-1, 0.5, 2 ** 53, NaN, Infinity])('when seeded with %d, then it throws a RangeError', (seed) => {
    expect(() => createRng(seed)).toThrow(RangeError);
  });

  it('when 640000 values are binned by their top 6 bits, then chi-square (63 df) lies in [33.91, 103.44]', () => {
    const rng = createRng(20240601);
    const counts = new Array<number>(BINS).fill(0);
    for (let i = 0; i < DRAWS; i++) {
      const bin = Math.floor(rng.next() * BINS);
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    const statistic = chiSquare(counts, DRAWS);
    expect(statistic).toBeGreaterThan(CHI2_63_LOW);
    expect(statistic).toBeLessThan(CHI2_63_HIGH);
  });

  it('when 640000 values are binned by bits 27..32 (the second 32-bit draw), then chi-square lies in [33.91, 103.44]', () => {
    const rng = createRng(7);
    const counts = new Array<number>(BINS).fill(0);
    for (let i = 0; i < DRAWS; i++) {
      const bin = Math.floor(rng.next() * 2 ** 32) % BINS;
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    const statistic = chiSquare(counts, DRAWS);
    expect(statistic).toBeGreaterThan(CHI2_63_LOW);
    expect(statistic).toBeLessThan(CHI2_63_HIGH);
  });
});

describe('openUnitFromBits', () => {
  it('when given the extreme words, then it returns RNG_MIN and RNG_MAX, strictly inside (0, 1)', () => {
    expect(openUnitFromBits(0, 0)).toBe(RNG_MIN);
    expect(openUnitFromBits(2 ** 26 - 1, 2 ** 26 - 1)).toBe(RNG_MAX);
    expect(RNG_MIN).toBeGreaterThan(0);
    expect(RNG_MAX).toBeLessThan(1);
  });

  it('when given any pair of 26-bit words, then the value is strictly between 0 and 1', () => {
    const word = fc.integer({ min: 0, max: 2 ** 26 - 1 });
    fc.assert(
      fc.property(word, word, (hi, lo) => {
        const u = openUnitFromBits(hi, lo);
        expect(u).toBeGreaterThan(0);
        expect(u).toBeLessThan(1);
      }),
    );
  });
});

describe('deriveSeed', () => {
  it('when given any seed and stream, then the result is a valid seed and is deterministic', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed, stream) => {
        const derived = deriveSeed(seed, stream);
        expect(Number.isSafeInteger(derived)).toBe(true);
        expect(derived).toBeGreaterThanOrEqual(0);
        expect(deriveSeed(seed, stream)).toBe(derived);
      }),
    );
  });

  it('when streams 0 and 1 are derived from the same seed, then the seeds and sequences differ', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (seed) => {
        expect(deriveSeed(seed, 0)).not.toBe(deriveSeed(seed, 1));
        expect(draw(createRng(deriveSeed(seed, 0)), 4)).not.toEqual(draw(createRng(deriveSeed(seed, 1)), 4));
      }),
    );
  });

  it('when two derived streams are paired up, then their correlation is within 4/sqrt(n) of 0', () => {
    const n = 100_000;
    const a = createRng(deriveSeed(1, 0));
    const b = createRng(deriveSeed(1, 1));
    let sumXY = 0;
    let sumX = 0;
    let sumY = 0;
    let sumXX = 0;
    let sumYY = 0;
    for (let i = 0; i < n; i++) {
      const x = a.next();
      const y = b.next();
      sumX += x;
      sumY += y;
      sumXY += x * y;
      sumXX += x * x;
      sumYY += y * y;
    }
    const cov = sumXY / n - (sumX / n) * (sumY / n);
    const r = cov / Math.sqrt((sumXX / n - (sumX / n) ** 2) * (sumYY / n - (sumY / n) ** 2));
    // Under independence r is approximately normal with standard error 1/sqrt(n).
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('when stream 0 is derived, then it differs from the user seed itself', () => {
    expect(draw(createRng(deriveSeed(42, 0)), 4)).not.toEqual(draw(createRng(42), 4));
  });

  it.each([
    [-1, 0],
    [0, -1],
    [0, 2 ** 32],
    [0, 1.5],
    [2 ** 53, 0],
  ])('when given seed %d and stream %d, then it throws a RangeError', (seed, stream) => {
    expect(() => deriveSeed(seed, stream)).toThrow(RangeError);
  });
});
