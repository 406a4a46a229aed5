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

/** What one priority class measured (warm-up excluded). */
export class ClassStats {
  /** Arrival to first call, of completed requests of the class (ms). */
  readonly wait = new LatencyHistogram();
  completed = 0;
  late = 0;
  timedOut = 0;
  rejected = 0;
  failed = 0;
}

/** What one API key measured (warm-up excluded): calls made with it and how they were answered. */
export interface KeyStats {
  calls: number;
  throttled: number;
  errors: number;
  /** Most calls in flight at the key at once (429s take no slot). */
  inFlightMax: number;
}

/**
 * Everything a simulation measures: three duration histograms (wait, service, total), outcome
 * counters, and time-weighted levels of permits in use and waiters.
 *
 * Requests that arrive before the warm-up time are counted as `excluded` and left out of every
 * other figure; levels are integrated only over time after the warm-up.
 */
export class RunStats {
  /** Arrival to first upstream call (permit, and token with a rate limit), of completed requests (ms). */
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
  /** Requests that arrived after the warm-up (the ones every other figure covers). */
  arrived = 0;
  /** Requests that arrived during the warm-up, left out of every other figure. */
  excluded = 0;
  /** Requests whose last call failed (429 or 5xx) with no attempt left. */
  failed = 0;
  /** Completed requests that finished after their deadline (the caller had given up). */
  late = 0;
  /** Upstream calls made, retries included. */
  calls = 0;
  /** Requests that made at least one call. */
  callers = 0;
  /** Calls answered 429 (over the upstream limit). */
  throttled = 0;
  /** Calls that failed with a 5xx. */
  errors = 0;
  /** Requests that made more than one call. */
  retried = 0;
  /** Time spent in backoff, summed over requests (ms). */
  backoffMs = 0;
  /** Calls that had to wait for a token of the rate limit (waiters that gave up are not calls). */
  rateLimited = 0;
  /**
   * Permit-time held by ended requests (ms), and the part held by requests whose last call ended
   * after their deadline (late completions, and calls that failed after the caller gave up).
   */
  permitMs = 0;
  latePermitMs = 0;
  /** One entry per priority class (none without classes). */
  readonly classes: ClassStats[];
  /** One entry per API key. */
  readonly keys: KeyStats[];

  readonly #warmupMs: number;
  #lastMs = 0;
  #inUseArea = 0;
  #waitingArea = 0;
  #capacityArea = 0;
  #inUseMax = 0;
  #waitingMax = 0;
  #upstreamArea = 0;
  #upstreamMax = 0;

  /**
   * @param warmupMs requests arriving before this time (ms) are excluded; default 0.
   * @param classes number of priority classes (0 without classes).
   * @param keys number of API keys.
   */
  constructor(warmupMs = 0, classes = 0, keys = 1) {
    this.#warmupMs = warmupMs;
    this.classes = Array.from({ length: classes }, () => new ClassStats());
    this.keys = Array.from({ length: keys }, () => ({ calls: 0, throttled: 0, errors: 0, inFlightMax: 0 }));
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
  advance(t: number, inUse: number, waiting: number, capacity: number, upstreamInFlight = 0): void {
    if (t > this.#warmupMs) {
      const dt = t - Math.max(this.#lastMs, this.#warmupMs);
      this.#inUseArea += inUse * dt;
      this.#waitingArea += waiting * dt;
      // No semaphore (capacity Infinity): utilization is undefined, not 0.
      if (dt > 0) this.#capacityArea += capacity * dt;
      this.#upstreamArea += upstreamInFlight * dt;
      if (inUse > this.#inUseMax) this.#inUseMax = inUse;
      if (waiting > this.#waitingMax) this.#waitingMax = waiting;
      if (upstreamInFlight > this.#upstreamMax) this.#upstreamMax = upstreamInFlight;
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
  recordEnd(arrivalMs: number, startMs: number, endMs: number, serviceMs: number, outcome: number, late = false, cls = -1): void {
    if (arrivalMs < this.#warmupMs) {
      this.excluded++;
      return;
    }
    const c = cls < 0 ? undefined : this.classes[cls];
    if (outcome === 0) {
      this.completed++;
      this.wait.record(startMs - arrivalMs);
      this.service.record(serviceMs);
      this.total.record(endMs - arrivalMs);
      if (late) this.late++;
      if (c !== undefined) {
        c.completed++;
        c.wait.record(startMs - arrivalMs);
        if (late) c.late++;
      }
    } else if (outcome === 1) {
      this.timedOut++;
      if (c !== undefined) c.timedOut++;
    } else if (outcome === 2) {
      this.rejected++;
      if (c !== undefined) c.rejected++;
    } else {
      this.failed++;
      if (c !== undefined) c.failed++;
    }
  }

  /** Time-weighted mean and max of upstream calls in flight (all keys). */
  upstreamInFlight(): LevelSummary {
    return { mean: this.#timeMean(this.#upstreamArea), max: this.#upstreamMax };
  }

  /** On-time completions per second of measured virtual time (goodput). */
  goodputPerSec(): number {
    const ms = this.measuredMs;
    return ms === 0 ? 0 : ((this.completed - this.late) * 1000) / ms;
  }

  /** Time-weighted mean and max of permits in use. */
  inUse(): LevelSummary {
    return { mean: this.#timeMean(this.#inUseArea), max: this.#inUseMax };
  }

  /** Time-weighted mean and max of waiters. */
  waiting(): LevelSummary {
    return { mean: this.#timeMean(this.#waitingArea), max: this.#waitingMax };
  }

  /**
   * Fraction of permit-time in use: area of in-use over area of capacity (0..1, 0 when no time,
   * NaN without a semaphore).
   */
  utilization(): number {
    if (this.#capacityArea === Infinity) return NaN;
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
