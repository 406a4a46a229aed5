import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Simulation } from '../../src/sim/engine.js';
import { MAX_SPEED, MIN_SPEED, PacedRunner } from '../../src/sim/realtime.js';
import { collectResult } from '../../src/sim/result.js';
import type { SimConfig } from '../../src/sim/config.js';
import { testConfig } from '../support/config.js';

/** A wall clock the test moves by hand: no real time passes in these tests. */
function fakeClock(start = 0): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Plays `config` to the end event by event, as a headless run does. */
function headless(config: SimConfig): Simulation {
  const sim = new Simulation(config);
  while (sim.step()) {
    // every event, nothing else
  }
  return sim;
}

describe('PacedRunner: pacing', () => {
  it('when 300 ms of wall time pass at speed 1, then the virtual clock reads 300 ms and every event due was processed', () => {
    const clock = fakeClock(1000);
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    clock.advance(300);
    runner.tick();
    expect(runner.sim.now).toBe(300);
    expect(runner.sim.nextEventTime).toBeGreaterThan(300);
    // The Go example: 200 arrive at t=0, 40 at a time are served for 200 ms.
    expect(runner.sim.stats.completed).toBe(40);
  });

  it.each([
    [0.1, 1000, 100],
    [0.5, 400, 200],
    [10, 50, 500],
  ])('when the speed is %s and %s wall ms pass, then %s virtual ms pass', (speed, wallMs, virtualMs) => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed, now: clock.now });
    clock.advance(wallMs);
    runner.tick();
    expect(runner.sim.now).toBeCloseTo(virtualMs, 9);
  });

  it('when ticks come often, then the virtual clock moves smoothly between events and the oldest waiter ages', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    const ages: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(40);
      runner.tick();
      ages.push(runner.sim.oldestWaitMs);
    }
    expect(ages).toEqual([40, 80, 120, 160]);
  });

  it('when paused, then no virtual time passes, and on resume it continues from where it stopped', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    clock.advance(100);
    runner.pause();
    expect(runner.state).toBe('paused');
    expect(runner.sim.now).toBe(100);
    clock.advance(5000);
    expect(runner.tick()).toBe(0);
    expect(runner.sim.now).toBe(100);
    runner.resume();
    clock.advance(50);
    runner.tick();
    expect(runner.sim.now).toBe(150);
  });

  it('when the speed changes mid-run, then the clock does not jump: it goes on at the new rate from there', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    clock.advance(100);
    runner.faster();
    expect(runner.speed).toBe(2);
    expect(runner.sim.now).toBe(100);
    clock.advance(100);
    runner.tick();
    expect(runner.sim.now).toBe(300);
    runner.slower();
    runner.slower();
    expect(runner.speed).toBe(0.5);
    clock.advance(100);
    runner.tick();
    expect(runner.sim.now).toBe(350);
  });

  it('when the speed is pushed past its limits, then it is clamped; a speed of 0 is refused', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: MAX_SPEED, now: clock.now });
    runner.faster();
    expect(runner.speed).toBe(MAX_SPEED);
    runner.setSpeed(MIN_SPEED / 8);
    expect(runner.speed).toBe(MIN_SPEED);
    expect(() => new PacedRunner(new Simulation(testConfig()), { speed: 0, now: clock.now })).toThrow(RangeError);
  });
});

describe('PacedRunner: stepping', () => {
  it('when stepping while paused, then exactly one event is processed and the clock jumps to its time', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    clock.advance(50);
    runner.pause();
    const events = runner.sim.eventCount;
    const next = runner.sim.nextEventTime;
    expect(next).toBe(200);
    expect(runner.stepOnce()).toBe(true);
    expect(runner.sim.eventCount).toBe(events + 1);
    expect(runner.sim.now).toBe(200);
    expect(runner.state).toBe('paused');
    // Resuming goes on from the stepped-to time, not from where the wall clock would put it.
    clock.advance(1000);
    runner.resume();
    clock.advance(10);
    runner.tick();
    expect(runner.sim.now).toBe(210);
  });

  it('when stepping through a full bucket, then each departure lets exactly one waiter in', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    runner.pause();
    // Pausing catches up with the wall clock: the 200 arrivals at t=0 are in, 40 hold permits.
    expect([runner.sim.inUse, runner.sim.waiting]).toEqual([40, 160]);
    runner.stepOnce();
    expect([runner.sim.now, runner.sim.stats.completed, runner.sim.inUse, runner.sim.waiting]).toEqual([200, 1, 40, 159]);
    runner.stepOnce();
    expect([runner.sim.stats.completed, runner.sim.waiting]).toEqual([2, 158]);
  });

  it('when stepping while running, then the runner pauses first', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    runner.stepOnce();
    expect(runner.paused).toBe(true);
  });

  it('when stepping past the last event, then stepOnce returns false and the state is finished', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig({ requests: 1 })), { speed: 1, now: clock.now });
    // The arrival at t=0 is taken in by the pause, the step processes the departure at 200 ms.
    expect(runner.stepOnce()).toBe(true);
    expect(runner.sim.now).toBe(200);
    expect(runner.stepOnce()).toBe(false);
    expect(runner.state).toBe('finished');
  });
});

describe('PacedRunner: bounded work per tick', () => {
  it('when more events are due than maxEventsPerTick, then a tick stops there, reports lagging, and drops the debt', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig({ requests: 100_000 })), { speed: 1000, now: clock.now, maxEventsPerTick: 500 });
    clock.advance(1000);
    expect(runner.tick()).toBe(500);
    expect(runner.lagging).toBe(true);
    const reached = runner.sim.now;
    expect(reached).toBeLessThan(1_000_000);
    // Next tick starts from where the simulation got, not from the missed target.
    clock.advance(1);
    runner.tick();
    expect(runner.sim.now).toBeLessThanOrEqual(reached + 1000);
  });

  it('when a tick uses up its wall-time budget, then it stops early (checked every 1 024 events)', () => {
    let t = 0;
    // Every reading of this clock costs 10 ms, so the 25 ms budget is spent by the second check.
    const now = (): number => (t += 10);
    const runner = new PacedRunner(new Simulation(testConfig({ requests: 1_000_000 })), { speed: 1e5, now });
    const events = runner.tick();
    expect(events).toBeGreaterThanOrEqual(1024);
    expect(events).toBeLessThan(10_000);
    expect(runner.lagging).toBe(true);
  });
});

describe('PacedRunner: the run it leaves behind', () => {
  it('when played live to the end, then the result equals a headless run (clock at the last event, same figures)', () => {
    const config = testConfig({ workload: { kind: 'poisson', ratePerSec: 180 }, latency: 'exp:200ms', requests: 2000, timeoutMs: 700, maxQueue: 30 });
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(config), { speed: 3, now: clock.now });
    while (runner.state !== 'finished') {
      clock.advance(33);
      runner.tick();
    }
    const live = collectResult(runner.sim);
    const reference = collectResult(headless(config));
    expect(live.elapsedMs).toBe(reference.elapsedMs);
    expect(live.requests).toEqual(reference.requests);
    expect(live.wait).toEqual(reference.wait);
    expect(live.throughputPerSec).toBe(reference.throughputPerSec);
    expect(live.utilization).toBeCloseTo(reference.utilization, 12);
    expect(live.waiting.max).toBe(reference.waiting.max);
  });

  it('when ticks, pauses, steps and speed changes come in any order, then time never goes back and the run matches headless', () => {
    const config = testConfig({ requests: 300, latency: 'exp:200ms' });
    const reference = collectResult(headless(config));
    const action = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 200 }) }),
      fc.constantFrom({ kind: 'toggle' as const }, { kind: 'step' as const }, { kind: 'faster' as const }, { kind: 'slower' as const }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        const clock = fakeClock();
        const runner = new PacedRunner(new Simulation(config), { speed: 1, now: clock.now });
        let last = runner.sim.now;
        for (const a of actions) {
          if (a.kind === 'tick') {
            clock.advance(a.ms);
            runner.tick();
          } else if (a.kind === 'toggle') runner.togglePause();
          else if (a.kind === 'step') runner.stepOnce();
          else if (a.kind === 'faster') runner.faster();
          else runner.slower();
          expect(runner.sim.now).toBeGreaterThanOrEqual(last);
          last = runner.sim.now;
        }
        runner.resume();
        runner.setSpeed(MAX_SPEED);
        while (runner.state !== 'finished') {
          clock.advance(1000);
          runner.tick();
        }
        const live = collectResult(runner.sim);
        expect(live.elapsedMs).toBe(reference.elapsedMs);
        expect(live.wait).toEqual(reference.wait);
      }),
      { numRuns: 60 },
    );
  });
});

describe('PacedRunner: capacity and restart', () => {
  it('when capacity is raised mid-run, then waiters are admitted at once; it never goes below 1', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: clock.now });
    runner.tick();
    expect([runner.sim.inUse, runner.sim.waiting]).toEqual([40, 160]);
    expect(runner.changeCapacity(10)).toBe(50);
    expect([runner.sim.inUse, runner.sim.waiting]).toEqual([50, 150]);
    expect(runner.changeCapacity(-1000)).toBe(1);
    expect(runner.sim.capacity).toBe(1);
  });

  it('when there is no semaphore (capacity Infinity), then changing capacity does nothing and returns Infinity', () => {
    const clock = fakeClock();
    const runner = new PacedRunner(new Simulation(testConfig({ capacity: Infinity })), { speed: 1, now: clock.now });
    clock.advance(100);
    runner.tick();
    const setCapacity = vi.spyOn(runner.sim, 'setCapacity');
    const before = { now: runner.sim.now, events: runner.sim.eventCount, inUse: runner.sim.inUse, waiting: runner.sim.waiting };
    for (const delta of [1, -1, 10, -10]) expect(runner.changeCapacity(delta)).toBe(Infinity);
    expect(setCapacity).not.toHaveBeenCalled();
    expect(runner.sim.capacity).toBe(Infinity);
    expect({ now: runner.sim.now, events: runner.sim.eventCount, inUse: runner.sim.inUse, waiting: runner.sim.waiting }).toEqual(before);
  });

  it('when each key has its own semaphore, then capacity changes per semaphore (10 → 11 each), not in total', () => {
    const clock = fakeClock();
    const config = testConfig({ capacity: 10, keys: { count: 4, choice: 'round-robin', semaphore: 'per-key' } });
    const runner = new PacedRunner(new Simulation(config), { speed: 1, now: clock.now });
    runner.tick();
    const setCapacity = vi.spyOn(runner.sim, 'setCapacity');
    expect(runner.changeCapacity(1)).toBe(11);
    expect(setCapacity).toHaveBeenCalledExactlyOnceWith(11);
    expect(runner.sim.capacity).toBe(11);
    expect(runner.changeCapacity(-100)).toBe(1);
    expect(runner.sim.capacity).toBe(1);
  });

  it('when restarted, then a fresh simulation of the same config (same seed) starts running at the same speed', () => {
    const clock = fakeClock();
    const config = testConfig({ latency: 'exp:200ms' });
    const runner = new PacedRunner(() => new Simulation(config), { speed: 4, now: clock.now });
    clock.advance(500);
    runner.tick();
    const first = { now: runner.sim.now, completed: runner.sim.stats.completed };
    runner.changeCapacity(5);
    runner.pause();
    const old = runner.sim;
    runner.restart();
    expect(runner.sim).not.toBe(old);
    expect(runner.sim.now).toBe(0);
    expect(runner.sim.capacity).toBe(40);
    expect(runner.state).toBe('running');
    expect(runner.speed).toBe(4);
    clock.advance(500);
    runner.tick();
    expect({ now: runner.sim.now, completed: runner.sim.stats.completed }).toEqual(first);
  });

  it('when restart is asked of a runner given a simulation (not a factory), then it throws a TypeError', () => {
    const runner = new PacedRunner(new Simulation(testConfig()), { speed: 1, now: () => 0 });
    expect(runner.canRestart).toBe(false);
    expect(() => runner.restart()).toThrow(TypeError);
  });
});
