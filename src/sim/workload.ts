import type { Rng } from '../dist/rng.js';
import type { Workload } from './config.js';

/** An open-loop source of arrival times. */
export interface ArrivalProcess {
  /** Time in ms of the next arrival (non-decreasing), or Infinity when there are no more. */
  next(): number;
  /** Index of the arrival last returned by `next()` (0-based): which trace row it was. */
  readonly lastIndex: number;
}

/** Builds the arrival process for an open-loop workload. */
export function createArrivals(workload: Exclude<Workload, { kind: 'closed' }>, rng: Rng): ArrivalProcess {
  switch (workload.kind) {
    case 'poisson':
      return new PoissonArrivals(workload.ratePerSec, rng);
    case 'constant':
      return new ConstantArrivals(workload.ratePerSec);
    case 'burst':
      return new BurstArrivals();
    case 'trace':
      return new TraceArrivals(workload.arrivalsMs);
  }
}

/** Poisson process: exponential gaps with mean 1000 / rate ms; the first arrival one gap after 0. */
class PoissonArrivals implements ArrivalProcess {
  lastIndex = -1;
  #time = 0;
  readonly #meanGapMs: number;
  readonly #rng: Rng;

  constructor(ratePerSec: number, rng: Rng) {
    this.#meanGapMs = 1000 / ratePerSec;
    this.#rng = rng;
  }

  next(): number {
    this.lastIndex++;
    this.#time -= this.#meanGapMs * Math.log(this.#rng.next());
    return this.#time;
  }
}

/** Equal gaps of 1000 / rate ms, the first arrival at 0. Times are computed, not accumulated. */
class ConstantArrivals implements ArrivalProcess {
  lastIndex = -1;
  readonly #gapMs: number;

  constructor(ratePerSec: number) {
    this.#gapMs = 1000 / ratePerSec;
  }

  next(): number {
    this.lastIndex++;
    return this.lastIndex * this.#gapMs;
  }
}

/** Every arrival at t = 0. */
class BurstArrivals implements ArrivalProcess {
  lastIndex = -1;

  next(): number {
    this.lastIndex++;
    return 0;
  }
}

/** Recorded arrival times, in order. */
class TraceArrivals implements ArrivalProcess {
  lastIndex = -1;
  readonly #arrivalsMs: Float64Array;

  constructor(arrivalsMs: Float64Array) {
    this.#arrivalsMs = arrivalsMs;
  }

  next(): number {
    const i = this.lastIndex + 1;
    if (i >= this.#arrivalsMs.length) return Infinity;
    this.lastIndex = i;
    return this.#arrivalsMs[i] as number;
  }
}
