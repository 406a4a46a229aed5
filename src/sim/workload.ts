import type { Rng } from '../dist/rng.js';
import type { Stage, Workload } from './config.js';

/** An open-loop source of arrival times. */
export interface ArrivalProcess {
  /** Time in ms of the next arrival (non-decreasing), or Infinity when there are no more. */
  next(): number;
  /** Index of the arrival last returned by `next()` (0-based): which trace row it was. */
  readonly lastIndex: number;
}

/**
 * Builds the arrival process for an open-loop workload. Throws `TypeError` for closed-loop stages,
 * which have clients rather than arrivals (see {@link ClientTargets}).
 */
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
    case 'staged':
      switch (workload.shape) {
        case 'poisson':
          return new StagedPoissonArrivals(workload.stages, rng);
        case 'constant':
          return new StagedConstantArrivals(workload.stages);
        case 'closed':
          throw new TypeError('workload: closed-loop stages set clients, not arrivals; they have no arrival process');
      }
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

/**
 * Stages as the arrival processes read them: per stage its start time (ms), length (ms), rate at
 * its start and end (per ms), slope (per ms²) and mass (expected arrivals: the area under the rate).
 */
class RateProfile {
  readonly count: number;
  readonly startMs: Float64Array;
  readonly durationMs: Float64Array;
  readonly fromPerMs: Float64Array;
  readonly toPerMs: Float64Array;
  readonly slope: Float64Array;
  readonly mass: Float64Array;

  constructor(stages: readonly Stage[]) {
    const n = stages.length;
    this.count = n;
    this.startMs = new Float64Array(n);
    this.durationMs = new Float64Array(n);
    this.fromPerMs = new Float64Array(n);
    this.toPerMs = new Float64Array(n);
    this.slope = new Float64Array(n);
    this.mass = new Float64Array(n);
    let start = 0;
    stages.forEach((stage, i) => {
      checkStage(stage, i);
      const from = stage.from / 1000;
      const to = stage.to / 1000;
      this.startMs[i] = start;
      this.durationMs[i] = stage.durationMs;
      this.fromPerMs[i] = from;
      this.toPerMs[i] = to;
      this.slope[i] = (to - from) / stage.durationMs;
      this.mass[i] = ((from + to) * stage.durationMs) / 2;
      start += stage.durationMs;
    });
  }
}

function checkStage(stage: Stage, i: number): void {
  if (!(stage.durationMs > 0) || !Number.isFinite(stage.durationMs)) {
    throw new RangeError(`stages[${i}].durationMs must be finite and > 0, got ${String(stage.durationMs)}`);
  }
  for (const key of ['from', 'to'] as const) {
    if (!(stage[key] >= 0) || !Number.isFinite(stage[key])) {
      throw new RangeError(`stages[${i}].${key} must be finite and >= 0, got ${String(stage[key])}`);
    }
  }
}

/**
 * The step δ (ms) after which a rate that is `r0` now (per ms) and changes by `slope` per ms
 * accumulates `mass` expected arrivals: the positive root of `slope/2·δ² + r0·δ = mass`. Written as
 * `2·mass / (r0 + √(r0² + 2·slope·mass))`, which loses no precision when the slope is tiny or 0
 * (the textbook form cancels) and needs no special case when `r0` is 0. The caller guarantees the
 * root exists (`mass` is at most what is left of the stage), so the square root's argument is
 * only ever negative by rounding.
 */
function stepForMass(r0: number, slope: number, mass: number): number {
  return (2 * mass) / (r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * mass)));
}

/**
 * Non-homogeneous Poisson process whose rate follows the stages, by inversion of the cumulative
 * rate Λ: each arrival is where Λ has grown by an Exp(1) draw since the previous one (the first
 * since t = 0). A draw larger than what is left of a stage carries over to the next; stages of
 * rate 0 hold no arrivals. Returns Infinity after the last stage.
 */
class StagedPoissonArrivals implements ArrivalProcess {
  lastIndex = -1;
  readonly #p: RateProfile;
  readonly #rng: Rng;
  #stage = 0;
  /** Offset of the last arrival within the current stage, ms. */
  #offsetMs = 0;

  constructor(stages: readonly Stage[], rng: Rng) {
    this.#p = new RateProfile(stages);
    this.#rng = rng;
  }

  next(): number {
    const p = this.#p;
    let need = -Math.log(this.#rng.next());
    let i = this.#stage;
    let offset = this.#offsetMs;
    while (i < p.count) {
      const duration = p.durationMs[i] as number;
      const slope = p.slope[i] as number;
      const r0 = Math.max(0, (p.fromPerMs[i] as number) + slope * offset);
      // What is left of this stage: a trapezoid from here to its end (no cancellation, unlike
      // mass minus what was used).
      const left = ((r0 + (p.toPerMs[i] as number)) * (duration - offset)) / 2;
      if (need <= left) {
        offset = Math.min(offset + stepForMass(r0, slope, need), duration);
        this.#stage = i;
        this.#offsetMs = offset;
        this.lastIndex++;
        return (p.startMs[i] as number) + offset;
      }
      need -= left;
      i++;
      offset = 0;
    }
    this.#stage = i;
    return Infinity;
  }
}

/**
 * Deterministic arrivals evenly spaced in cumulative rate: the k-th arrival (k = 1, 2, …) is where
 * Λ(t) reaches k, so a stage holding r per second gives gaps of 1000 / r ms and a run gets
 * ⌊∫rate⌋ arrivals. Unlike the plain constant rate there is no arrival at t = 0: Λ(0) = 0, and a
 * ramp from 0 should not fire at the instant its rate is 0. An arrival at exactly the end of the
 * last stage counts. Each time is solved from its stage's start, not accumulated from the
 * previous arrival, so errors do not build up over long holds.
 */
class StagedConstantArrivals implements ArrivalProcess {
  lastIndex = -1;
  readonly #p: RateProfile;
  #stage = 0;
  /** Λ at the start of the current stage. */
  #massBefore = 0;

  constructor(stages: readonly Stage[]) {
    this.#p = new RateProfile(stages);
  }

  next(): number {
    const p = this.#p;
    const k = this.lastIndex + 2;
    let i = this.#stage;
    let before = this.#massBefore;
    while (i < p.count) {
      const mass = p.mass[i] as number;
      const after = before + mass;
      // Λ summed over stages may fall a rounding error short of an integer it reaches exactly
      // (0→10/s over 2 s is exactly 10 arrivals): that arrival belongs at this stage's end.
      if (k <= after || (mass > 0 && k - after <= 1e-9 * k)) {
        const duration = p.durationMs[i] as number;
        const offset = Math.min(stepForMass(p.fromPerMs[i] as number, p.slope[i] as number, k - before), duration);
        this.#stage = i;
        this.#massBefore = before;
        this.lastIndex++;
        return (p.startMs[i] as number) + offset;
      }
      before = after;
      i++;
    }
    this.#stage = i;
    this.#massBefore = before;
    return Infinity;
  }
}

/**
 * The client count of closed-loop stages, as the successive instants where it changes. Within a
 * stage the target is the linear value rounded to the nearest integer, changing where that value
 * crosses a half-integer (at the crossing the new value already applies, so the target is
 * right-continuous, whichever way it goes); between stages it may jump; after the last stage it
 * is 0. Times in ms from the start of the run.
 *
 * Read `time` and `value` (the next change), then `advance()` to the one after; each change is
 * computed exactly from its stage's line, not accumulated.
 */
export class ClientTargets {
  /** Time (ms) of the next change; Infinity when the target will not change again. */
  time = 0;
  /** The target (clients) from `time` on. */
  value = 0;
  readonly #stages: readonly Stage[];
  #stage = 0;
  #stageStartMs = 0;

  /** Starts at the first change: at t = 0, to the first stage's initial target (possibly 0). */
  constructor(stages: readonly Stage[]) {
    stages.forEach(checkStage);
    this.#stages = stages;
    const first = stages[0];
    if (first === undefined) this.time = Infinity;
    else this.value = initialTarget(first);
  }

  /** Moves to the next change after the current one. */
  advance(): void {
    const stages = this.#stages;
    const v = this.value;
    let stage = stages[this.#stage];
    while (stage !== undefined) {
      const { from, to, durationMs } = stage;
      // The next half-integer the line crosses, and when (the offset is always > the previous
      // crossing's: `v` is the rounded value, so v ± 0.5 lies ahead of the line).
      let offset = Infinity;
      if (to > from) offset = ((v + 0.5 - from) * durationMs) / (to - from);
      else if (to < from) offset = ((from - (v - 0.5)) * durationMs) / (from - to);
      if (offset < durationMs) {
        this.time = this.#stageStartMs + offset;
        this.value = to > from ? v + 1 : v - 1;
        return;
      }
      this.#stageStartMs += durationMs;
      stage = stages[++this.#stage];
      const next = stage === undefined ? 0 : initialTarget(stage);
      if (next !== v) {
        this.time = this.#stageStartMs;
        this.value = next;
        return;
      }
    }
    this.time = Infinity;
  }
}

/** A stage's target at its start: rounded half up when rising or holding, half down when falling. */
function initialTarget(stage: Stage): number {
  return stage.to < stage.from ? Math.ceil(stage.from - 0.5) : Math.floor(stage.from + 0.5);
}
