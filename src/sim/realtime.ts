import type { Simulation } from './engine.js';

/** Slowest playback speed accepted: virtual ms per wall ms. */
export const MIN_SPEED = 1 / 1024;
/** Fastest playback speed accepted: virtual ms per wall ms. */
export const MAX_SPEED = 1_000_000;

/** Where a paced run stands. */
export type PlaybackState = 'running' | 'paused' | 'finished';

/** Options of a {@link PacedRunner}. */
export interface PacedRunnerOptions {
  /** Virtual ms per wall ms: 1 is real time, 0.1 slow motion, 10 fast. Clamped to MIN_SPEED..MAX_SPEED. */
  readonly speed: number;
  /** The wall clock, in ms (any origin); injected so the runner stays pure and testable. */
  readonly now: () => number;
  /** Most events one `tick()` processes, so a frame never blocks for long at high speed (default 200 000). */
  readonly maxEventsPerTick?: number;
  /** Wall time (ms) one `tick()` may spend before it stops early, checked every 1 024 events (default 25). */
  readonly tickBudgetMs?: number;
}

// How often (in events) tick() looks at the wall clock to respect its time budget.
const BUDGET_CHECK_EVERY = 1024;

/**
 * Plays a {@link Simulation} against a wall clock: each `tick()` advances virtual time by the wall
 * time elapsed since the last one times the speed, and processes the events due by then.
 *
 * Pure: the wall clock is injected, nothing here schedules timers, reads the process or prints.
 * The caller (the live view) calls `tick()` once per frame. Virtual time is kept as an anchor pair
 * (wall ms, virtual ms) so changing speed or pausing never makes the virtual clock jump; when a tick
 * cannot keep up (work capped), the anchor moves to where the simulation got, so playback slows
 * down instead of lurching ahead later. All times in ms.
 */
export class PacedRunner {
  readonly #factory: (() => Simulation) | null;
  readonly #now: () => number;
  readonly #maxEvents: number;
  readonly #budgetMs: number;
  #sim: Simulation;
  #speed: number;
  #paused = false;
  #lagging = false;
  #wallAnchor: number;
  #virtualAnchor: number;

  /**
   * @param source the simulation to play, or a factory of fresh ones (needed for `restart()`).
   * @param options speed, wall clock and per-tick work limits.
   */
  constructor(source: Simulation | (() => Simulation), options: PacedRunnerOptions) {
    this.#factory = typeof source === 'function' ? source : null;
    this.#sim = typeof source === 'function' ? source() : source;
    this.#now = options.now;
    this.#speed = clampSpeed(options.speed);
    this.#maxEvents = positive(options.maxEventsPerTick ?? 200_000, 'maxEventsPerTick');
    this.#budgetMs = positive(options.tickBudgetMs ?? 25, 'tickBudgetMs');
    this.#wallAnchor = this.#now();
    this.#virtualAnchor = this.#sim.now;
  }

  /** The simulation being played (a new one after `restart()`). */
  get sim(): Simulation {
    return this.#sim;
  }

  /** Playback speed: virtual ms per wall ms. */
  get speed(): number {
    return this.#speed;
  }

  /** True while paused (also when finished while paused). */
  get paused(): boolean {
    return this.#paused;
  }

  /** running, paused, or finished (every request has ended). */
  get state(): PlaybackState {
    if (this.#sim.finished) return 'finished';
    return this.#paused ? 'paused' : 'running';
  }

  /** True when the last tick could not process everything due (playback is slower than the speed). */
  get lagging(): boolean {
    return this.#lagging;
  }

  /** True when `restart()` is possible (the runner was given a factory). */
  get canRestart(): boolean {
    return this.#factory !== null;
  }

  /**
   * Advances the simulation to the virtual time reached by now: processes every event due (at most
   * the per-tick limits), then moves the virtual clock to that time so ages and levels grow
   * smoothly between events. Does nothing while paused or once finished.
   * @returns the number of events processed.
   */
  tick(): number {
    const sim = this.#sim;
    if (this.#paused || sim.finished) return 0;
    const wall = this.#now();
    const target = this.#virtualAnchor + (wall - this.#wallAnchor) * this.#speed;
    const startEvents = sim.eventCount;
    const lastEvent = startEvents + this.#maxEvents;
    let checkAt = startEvents + BUDGET_CHECK_EVERY;
    // Events are stepped one by one rather than through run({ until }), which would move the clock
    // to `target` even when the last event turns out to be the end of the run: the final clock
    // must be the last event's time, as in a headless run, or elapsed time and rates would differ.
    while (!sim.finished && sim.nextEventTime <= target) {
      const events = sim.eventCount;
      if (events >= lastEvent) break;
      if (events >= checkAt) {
        if (this.#now() - wall >= this.#budgetMs) break;
        checkAt = events + BUDGET_CHECK_EVERY;
      }
      sim.step();
    }
    this.#lagging = !sim.finished && sim.nextEventTime <= target;
    if (this.#lagging) {
      // Drop the debt: continue from where the simulation got, at the current wall time.
      this.#anchor(sim.now);
    } else if (!sim.finished && target > sim.now) {
      sim.run({ until: target });
    }
    return sim.eventCount - startEvents;
  }

  /** Stops virtual time; no time passes until `resume()`. */
  pause(): void {
    if (this.#paused) return;
    this.tick();
    this.#paused = true;
  }

  /** Lets virtual time run again from where it stopped. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#anchor(this.#sim.now);
  }

  /** Pauses when running, resumes when paused. */
  togglePause(): void {
    if (this.#paused) this.resume();
    else this.pause();
  }

  /**
   * Processes exactly one event: pauses first if running, then jumps the virtual clock to the next
   * event's time and processes it.
   * @returns false when there was no event left.
   */
  stepOnce(): boolean {
    this.pause();
    const stepped = this.#sim.step();
    this.#anchor(this.#sim.now);
    return stepped;
  }

  /** Sets the playback speed (virtual ms per wall ms), clamped to MIN_SPEED..MAX_SPEED, without a jump. */
  setSpeed(speed: number): void {
    if (!this.#paused && !this.#sim.finished) this.tick();
    this.#speed = clampSpeed(speed);
    this.#anchor(this.#sim.now);
  }

  /** Doubles the speed. */
  faster(): void {
    this.setSpeed(this.#speed * 2);
  }

  /** Halves the speed. */
  slower(): void {
    this.setSpeed(this.#speed / 2);
  }

  /**
   * Changes the permits now by `delta` (never below 1): of the semaphore, or of each key's with
   * per-key semaphores. Without a semaphore (capacity Infinity) there is nothing to change: it
   * does nothing.
   * @returns the new capacity (per semaphore), Infinity without a semaphore.
   */
  changeCapacity(delta: number): number {
    if (this.#sim.capacity === Infinity) return Infinity;
    const capacity = Math.max(1, this.#sim.capacity + Math.trunc(delta));
    if (capacity !== this.#sim.capacity) this.#sim.setCapacity(capacity);
    return capacity;
  }

  /**
   * Starts over with a fresh simulation from the factory (same config, so same seed), running,
   * at the current speed. Throws a TypeError when the runner was given a simulation, not a factory.
   */
  restart(): void {
    if (this.#factory === null) throw new TypeError('restart: the runner was constructed without a simulation factory');
    this.#sim = this.#factory();
    this.#paused = false;
    this.#lagging = false;
    this.#anchor(this.#sim.now);
  }

  #anchor(virtualMs: number): void {
    this.#wallAnchor = this.#now();
    this.#virtualAnchor = virtualMs;
  }
}

function clampSpeed(speed: number): number {
  if (typeof speed !== 'number' || Number.isNaN(speed) || speed <= 0) {
    throw new RangeError(`speed must be a number > 0, got ${String(speed)}`);
  }
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new RangeError(`${name} must be > 0, got ${String(value)}`);
  return value;
}
