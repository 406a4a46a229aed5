import { LatencyHistogram } from './histogram.js';

/** Percentiles, max and mean of one duration metric, in ms. */
export interface DurationSummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** Time-weighted mean and the maximum of a level (permits in use, waiters). */
export interface LevelSummary {
  readonly mean: number;
  readonly max: number;
}

/**
 * Everything a simulation measures: three duration histograms (wait, service, total), outcome
 * counters, and time-weighted levels of permits in use and waiters.
 *
 * Requests that arrive before the warm-up time are counted as `excluded` and left out of every
 * other figure; levels are integrated only over time after the warm-up.
 */
export class RunStats {
  /** Arrival to permit, of requests that got one (ms). */
  readonly wait = new LatencyHistogram();
  /** Upstream call duration of completed requests (ms). */
  readonly service = new LatencyHistogram();
  /** Arrival to completion of completed requests (ms). */
  readonly total = new LatencyHistogram();

  /** Requests that got a permit and finished. */
  completed = 0;
  /** Requests that gave up waiting for a permit. */
  timedOut = 0;
  /** Requests turned away because the queue was full. */
  rejected = 0;
  /** Requests that found no free permit and joined the queue. */
  queued = 0;
  /** Requests that arrived during the warm-up, left out of every other figure. */
  excluded = 0;

  readonly #warmupMs: number;
  #lastMs = 0;
  #inUseArea = 0;
  #waitingArea = 0;
  #capacityArea = 0;
  #inUseMax = 0;
  #waitingMax = 0;

  /** @param warmupMs requests arriving before this time (ms) are excluded; default 0. */
  constructor(warmupMs = 0) {
    this.#warmupMs = warmupMs;
  }

  /** Time (ms) at which measurement starts: the end of the warm-up. */
  get warmupMs(): number {
    return this.#warmupMs;
  }

  /** Virtual time (ms) up to which levels have been integrated. */
  get lastMs(): number {
    return this.#lastMs;
  }

  /** Measured time so far in ms: from the end of the warm-up to the last event. */
  get measuredMs(): number {
    return Math.max(0, this.#lastMs - this.#warmupMs);
  }

  /**
   * Integrates the levels that held from the last call until `t` (ms). The engine calls this
   * before every event, so every level the system passes through is seen by the maxima.
   */
  advance(t: number, inUse: number, waiting: number, capacity: number): void {
    if (t > this.#warmupMs) {
      const dt = t - Math.max(this.#lastMs, this.#warmupMs);
      this.#inUseArea += inUse * dt;
      this.#waitingArea += waiting * dt;
      this.#capacityArea += capacity * dt;
      if (inUse > this.#inUseMax) this.#inUseMax = inUse;
      if (waiting > this.#waitingMax) this.#waitingMax = waiting;
    }
    this.#lastMs = t;
  }

  /** Notes that an arrival at `arrivalMs` joined the queue. */
  recordQueued(arrivalMs: number): void {
    if (arrivalMs >= this.#warmupMs) this.queued++;
  }

  /**
   * Records how one request ended. Times in ms; `startMs` is NaN when it never got a permit.
   * @param outcome 0 completed, 1 timed out, 2 rejected.
   */
  recordEnd(arrivalMs: number, startMs: number, endMs: number, serviceMs: number, outcome: number): void {
    if (arrivalMs < this.#warmupMs) {
      this.excluded++;
      return;
    }
    if (outcome === 0) {
      this.completed++;
      this.wait.record(startMs - arrivalMs);
      this.service.record(serviceMs);
      this.total.record(endMs - arrivalMs);
    } else if (outcome === 1) {
      this.timedOut++;
    } else {
      this.rejected++;
    }
  }

  /** Time-weighted mean and max of permits in use. */
  inUse(): LevelSummary {
    return { mean: this.#timeMean(this.#inUseArea), max: this.#inUseMax };
  }

  /** Time-weighted mean and max of waiters. */
  waiting(): LevelSummary {
    return { mean: this.#timeMean(this.#waitingArea), max: this.#waitingMax };
  }

  /** Fraction of permit-time in use: area of in-use over area of capacity (0..1, 0 when no time). */
  utilization(): number {
    return this.#capacityArea === 0 ? 0 : this.#inUseArea / this.#capacityArea;
  }

  /** Completed requests per second of measured virtual time (0 when no time has passed). */
  throughputPerSec(): number {
    const ms = this.measuredMs;
    return ms === 0 ? 0 : (this.completed * 1000) / ms;
  }

  /** Percentile summary of a histogram, in ms. */
  static summarize(h: LatencyHistogram): DurationSummary {
    return {
      p50: h.percentileMs(50),
      p90: h.percentileMs(90),
      p99: h.percentileMs(99),
      p999: h.percentileMs(99.9),
      max: h.maxMs,
      mean: h.meanMs,
    };
  }

  #timeMean(area: number): number {
    const ms = this.measuredMs;
    return ms === 0 ? 0 : area / ms;
  }
}
