import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/dist/rng.js';
import { parseLatency } from '../../src/dist/spec.js';
import { formatJson, toJsonReport } from '../../src/report/json.js';
import { describeRun } from '../../src/report/text.js';
import type { SimConfig, Stage, StagedWorkload } from '../../src/sim/config.js';
import { Simulation } from '../../src/sim/engine.js';
import { simulate } from '../../src/sim/index.js';
import { ClientTargets, createArrivals } from '../../src/sim/workload.js';
import { recorder, testConfig } from '../support/config.js';

const stage = (durationMs: number, from: number, to: number): Stage => ({ durationMs, from, to });

function staged(shape: StagedWorkload['shape'], stages: Stage[], think: string | null = null): StagedWorkload {
  return { kind: 'staged', shape, stages, think: think === null ? null : parseLatency(think) };
}

/** A staged run that never queues (ample permits), with no request cap: the stages end it. */
function stagedConfig(workload: StagedWorkload, overrides: Parameters<typeof testConfig>[0] = {}): SimConfig {
  return testConfig({ capacity: 10_000, workload, latency: '10ms', requests: Infinity, ...overrides });
}

function arrivals(config: SimConfig): number[] {
  const { seen, observer } = recorder();
  simulate(config, observer);
  return seen.sort((a, b) => a.index - b.index).map((r) => r.arrival);
}

const countIn = (times: readonly number[], from: number, to: number): number => times.filter((t) => t > from && t <= to).length;

describe('staged arrivals: constant shape', () => {
  it('when the rate ramps 0→10/s over 2 s, then arrivals are where Λ(t) = 2.5t² reaches 1, 2, …, 10', () => {
    const times = arrivals(stagedConfig(staged('constant', [stage(2000, 0, 10)])));
    const expected = Array.from({ length: 10 }, (_, i) => 1000 * Math.sqrt((i + 1) / 2.5));
    expect(times).toHaveLength(10);
    times.forEach((t, i) => expect(t).toBeCloseTo(expected[i] as number, 9));
    // The tenth lands exactly on the end of the stage, and counts.
    expect(times[9]).toBeCloseTo(2000, 9);
  });

  it('when the rate ramps 10→0/s over 1 s, then arrivals are where Λ(t) = 10t − 5t² reaches 1, …, 5, the last at the end', () => {
    const times = arrivals(stagedConfig(staged('constant', [stage(1000, 10, 0)])));
    expect(times).toHaveLength(5);
    times.forEach((t, i) => expect(t).toBeCloseTo(1000 * (1 - Math.sqrt(1 - (i + 1) / 5)), 9));
  });

  it('when a hold follows the ramp, then its arrivals are evenly spaced at 1000 / rate ms', () => {
    const times = arrivals(stagedConfig(staged('constant', [stage(2000, 0, 10), stage(1000, 10, 10)])));
    expect(times).toHaveLength(20);
    const hold = times.slice(10);
    hold.forEach((t, i) => expect(t).toBeCloseTo(2100 + 100 * i, 9));
  });

  it('when the slope is tiny next to the rate, then the times are those of the hold (the root loses no precision)', () => {
    const ramp = arrivals(stagedConfig(staged('constant', [stage(1000, 1000, 1000 + 1e-6)])));
    expect(ramp).toHaveLength(1000);
    ramp.forEach((t, i) => expect(Math.abs(t - (i + 1))).toBeLessThan(1e-6));
  });

  it('when a stage has rate 0, then nothing arrives in it and the next stage starts counting afresh', () => {
    const times = arrivals(stagedConfig(staged('constant', [stage(1000, 0, 0), stage(1000, 4, 4)])));
    expect(times).toEqual([1250, 1500, 1750, 2000]);
  });

  it('when requests caps the run, then it ends at the cap before the stages do', () => {
    const times = arrivals(stagedConfig(staged('constant', [stage(1000, 10, 10)]), { requests: 3 }));
    expect(times).toEqual([100, 200, 300]);
  });

  it('when durationMs is shorter than the stages, then nothing arrives after it', () => {
    const times = arrivals(stagedConfig(staged('constant', [stage(1000, 10, 10)]), { durationMs: 450 }));
    expect(times).toEqual([100, 200, 300, 400]);
  });
});

describe('staged arrivals: poisson shape', () => {
  // Ramp up 30 s, hold 60 s, ramp down 30 s at 200/s: 3000, 12000 and 3000 arrivals expected.
  const profile = [stage(30_000, 0, 200), stage(60_000, 200, 200), stage(30_000, 200, 0)];

  it.each([1, 2, 3])('when ramped up, held and ramped down (seed %i), then each stage gets ∫rate arrivals within 4 sd', (seed) => {
    const times = arrivals(stagedConfig(staged('poisson', profile), { seed }));
    const windows: [number, number, number][] = [
      [0, 30_000, 3000],
      [30_000, 90_000, 12_000],
      [90_000, 120_000, 3000],
      // Half-way up the ramp Λ is a quarter of the stage's: the quadratic is solved right.
      [0, 15_000, 750],
      [105_000, 120_000, 750],
    ];
    for (const [from, to, mean] of windows) {
      expect(Math.abs(countIn(times, from, to) - mean)).toBeLessThanOrEqual(4 * Math.sqrt(mean));
    }
    expect(times[0]).toBeGreaterThan(0);
    expect(times[times.length - 1]).toBeLessThanOrEqual(120_000);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
  });

  it('when a stage has rate 0, then no arrival falls in it', () => {
    const times = arrivals(stagedConfig(staged('poisson', [stage(10_000, 50, 50), stage(10_000, 0, 0), stage(10_000, 0, 50)])));
    expect(countIn(times, 10_000, 20_000)).toBe(0);
    expect(countIn(times, 0, 10_000)).toBeGreaterThan(400);
    expect(countIn(times, 20_000, 30_000)).toBeGreaterThan(150);
  });

  it('when the profile is one hold, then the arrivals are those of the plain Poisson process at that rate', () => {
    const plain = arrivals(testConfig({ capacity: 10_000, workload: { kind: 'poisson', ratePerSec: 40 }, requests: 200 }));
    const held = arrivals(stagedConfig(staged('poisson', [stage(1e9, 40, 40)]), { requests: 200 }));
    expect(held).toHaveLength(200);
    held.forEach((t, i) => expect(t).toBeCloseTo(plain[i] as number, 6));
  });

  it('when the rate ramps up from 0, then the first arrival T follows P(T ≤ t) = 1 − exp(−Λ(t)) over many seeds', () => {
    // 0→2/s over 1 s: Λ(t) = t² (t in s), so no arrival at all with probability e⁻¹. Near a rate
    // of 0 the quadratic term decides everything: a wrong root shifts these fractions.
    const n = 4000;
    const firsts = Array.from({ length: n }, (_, seed) => createArrivals(staged('poisson', [stage(1000, 0, 2)]), createRng(seed)).next());
    for (const t of [0.25, 0.5, 0.75, 1]) {
      const p = 1 - Math.exp(-t * t);
      const fraction = firsts.filter((x) => x <= 1000 * t).length / n;
      expect(Math.abs(fraction - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
    }
    expect(firsts.filter((x) => x === Infinity).length / n).toBeCloseTo(Math.exp(-1), 1);
  });

  it('when the rate ramps down to 0, then arrivals thin out towards the end (density ∝ time left)', () => {
    const times = arrivals(stagedConfig(staged('poisson', [stage(100_000, 100, 0)])));
    // Λ over the last fifth is (1/5)² of 5000 = 200; over the first fifth 5000 − 3200 = 1800.
    expect(Math.abs(countIn(times, 80_000, 100_000) - 200)).toBeLessThanOrEqual(4 * Math.sqrt(200));
    expect(Math.abs(countIn(times, 0, 20_000) - 1800)).toBeLessThanOrEqual(4 * Math.sqrt(1800));
  });
});

describe('ClientTargets', () => {
  const changes = (stages: Stage[]): [number, number][] => {
    const targets = new ClientTargets(stages);
    const out: [number, number][] = [];
    for (; targets.time !== Infinity; targets.advance()) out.push([targets.time, targets.value]);
    return out;
  };

  it('when clients ramp up, jump, then ramp down, then the target changes where the line crosses half-integers and at the jump', () => {
    expect(changes([stage(600, 0, 3), stage(300, 5, 5), stage(600, 5, 0)])).toEqual([
      [0, 0],
      [100, 1],
      [300, 2],
      [500, 3],
      [600, 5],
      [960, 4],
      [1080, 3],
      [1200, 2],
      [1320, 1],
      [1440, 0],
    ]);
  });

  it('when the last stage ends above 0, then the target drops to 0 at its end', () => {
    expect(changes([stage(1000, 2, 2)])).toEqual([
      [0, 2],
      [1000, 0],
    ]);
  });
});

describe('staged clients: closed shape', () => {
  it('when clients go 0→2, hold, 2→0 with 350 ms requests, then the sends match the hand calculation', () => {
    // Up: the target reaches 1 at 250 ms and 2 at 750 ms (the line crosses 0.5 and 1.5). Down:
    // 1 from 2250 ms, 0 from 2750 ms. Client A sends every 350 ms from 250 ms: …, 2000; its
    // request ends at 2350, above the target of 1, so it stops. B sends from 750 ms: …, 2150,
    // 2500; that one ends at 2850, above the target of 0, so it stops. 12 requests.
    const { seen, observer } = recorder();
    const result = simulate(stagedConfig(staged('closed', [stage(1000, 0, 2), stage(1000, 2, 2), stage(1000, 2, 0)]), { latency: '350ms' }), observer);
    const a = [250, 600, 950, 1300, 1650, 2000];
    const b = [750, 1100, 1450, 1800, 2150, 2500];
    expect(seen.map((r) => r.arrival).sort((x, y) => x - y)).toEqual([...a, ...b].sort((x, y) => x - y));
    expect(result.requests).toMatchObject({ issued: 12, completed: 12, timedOut: 0, rejected: 0 });
    expect(result.elapsedMs).toBe(2850);
  });

  it('when the target drops, then the requests in flight finish in full (none is cut off)', () => {
    const { seen, observer } = recorder();
    // 10 clients for 1 s, then 0: the requests sent at 900 ms run past the drop to 1200 ms.
    simulate(stagedConfig(staged('closed', [stage(1000, 10, 10)]), { latency: '300ms' }), observer);
    expect(seen).toHaveLength(40);
    expect(seen.every((r) => r.outcome === 0 && r.end - r.start === 300)).toBe(true);
    expect(seen.filter((r) => r.end === 1200)).toHaveLength(10);
  });

  it('when the target rises, then new clients send at that instant; when it holds, they loop', () => {
    const { seen, observer } = recorder();
    simulate(stagedConfig(staged('closed', [stage(1000, 1, 1), stage(1000, 3, 3)]), { latency: '400ms' }), observer);
    const at = (t: number) => seen.filter((r) => r.arrival === t).length;
    expect([at(0), at(400), at(800), at(1000), at(1200), at(1400), at(1600), at(1800)]).toEqual([1, 1, 1, 2, 1, 2, 1, 2]);
    expect(seen).toHaveLength(11);
  });

  it('when think time is set, then a client waits that long after each request, and stops with the stages', () => {
    const { seen, observer } = recorder();
    simulate(stagedConfig(staged('closed', [stage(1000, 1, 1)], '50ms'), { latency: '200ms' }), observer);
    // Sends at 0, 250, 500, 750; the one due at 1000 falls at the end, where the target is 0.
    expect(seen.map((r) => r.arrival)).toEqual([0, 250, 500, 750]);
  });

  it('when requests caps the run, then it stops at the cap and the time ends with the last request', () => {
    const result = simulate(stagedConfig(staged('closed', [stage(10_000, 4, 4)]), { latency: '100ms', requests: 10 }));
    expect(result.requests.issued).toBe(10);
    // 4 at 0 ms, 4 at 100 ms, 2 at 200 ms: the change to 0 at 10 s must not stretch the run.
    expect(result.elapsedMs).toBe(300);
  });

  it('when durationMs ends before the stages, then no client sends after it', () => {
    const { seen, observer } = recorder();
    simulate(stagedConfig(staged('closed', [stage(1000, 0, 4)]), { latency: '100ms', durationMs: 500 }), observer);
    // The target reaches 1 at 125 ms and 2 at 375 ms (3 only at 625 ms): A sends at 125, 225,
    // 325, 425 (525 is past the end), B at 375, 475.
    expect(seen.map((r) => r.arrival).sort((x, y) => x - y)).toEqual([125, 225, 325, 375, 425, 475]);
  });
});

/** Target clients at `t` per the stages (rounded line), independently of the engine. */
function lineTarget(stages: readonly Stage[], t: number): number {
  let start = 0;
  for (const s of stages) {
    if (t >= start && t < start + s.durationMs) return Math.round(s.from + ((s.to - s.from) * (t - start)) / s.durationMs);
    start += s.durationMs;
  }
  return 0;
}

/** The target at `t`, loosely: either side of a change instant is allowed. */
function allowedTarget(stages: readonly Stage[], t: number): number {
  const eps = 1e-6;
  return Math.max(lineTarget(stages, t - eps), lineTarget(stages, t), lineTarget(stages, t + eps));
}

describe('staged clients: invariants (property)', () => {
  const stageArb = fc.record({
    durationMs: fc.integer({ min: 20, max: 600 }),
    from: fc.integer({ min: 0, max: 8 }),
    to: fc.integer({ min: 0, max: 8 }),
  });
  const runArb = fc.record({
    seed: fc.integer({ min: 0, max: 1000 }),
    capacity: fc.integer({ min: 1, max: 6 }),
    stages: fc.array(stageArb, { minLength: 1, maxLength: 5 }),
    latency: fc.constantFrom('30ms', 'exp:40ms', 'uniform:1ms..90ms'),
    think: fc.constantFrom(null, '15ms', 'exp:20ms'),
    timeoutMs: fc.constantFrom(Infinity, 25),
    requests: fc.constantFrom(Infinity, 40),
  });

  it('when a client is due exactly as the last stage ends, then it stops instead of sending (found by fast-check)', () => {
    const { seen, observer } = recorder();
    const sim = new Simulation(
      testConfig({ seed: 0, capacity: 1, latency: '30ms', timeoutMs: 25, requests: Infinity, workload: staged('closed', [stage(40, 4, 2)], '15ms') }),
      observer,
    );
    sim.run();
    sim.checkInvariants();
    // Three clients time out at 25 ms and would send again at 25 + 15 = 40 ms, the end.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.arrival < 40)).toBe(true);
  });

  it('when any closed staged run is stepped, then a request is only ever sent while the clients in the system are within the target', () => {
    fc.assert(
      fc.property(runArb, (c) => {
        const { seen, observer } = recorder();
        const sim = new Simulation(
          testConfig({ ...c, workload: staged('closed', c.stages, c.think) }),
          observer,
        );
        const end = c.stages.reduce((sum, s) => sum + s.durationMs, 0);
        let peak = 0;
        let inSystem = 0;
        let last = 0;
        while (sim.step()) {
          expect(sim.now).toBeGreaterThanOrEqual(last);
          last = sim.now;
          const now = sim.issued - seen.length;
          const target = allowedTarget(c.stages, sim.now);
          peak = Math.max(peak, target);
          // Clients above a lowered target finish their request (so the count may stay above it
          // for a while) but never send again: the count only grows while within the target.
          if (now > inSystem) expect(now).toBeLessThanOrEqual(target);
          expect(now).toBeLessThanOrEqual(peak);
          inSystem = now;
        }
        sim.checkInvariants();
        expect(sim.issued).toBeLessThanOrEqual(c.requests);
        expect(seen.every((r) => r.arrival < end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('staged runs: determinism and accounting', () => {
  const shapes: [string, StagedWorkload][] = [
    ['poisson', staged('poisson', [stage(5000, 0, 80), stage(5000, 80, 80), stage(5000, 80, 0)])],
    ['constant', staged('constant', [stage(5000, 0, 80), stage(5000, 80, 80), stage(5000, 80, 0)])],
    ['closed', staged('closed', [stage(5000, 0, 30), stage(5000, 30, 30), stage(5000, 30, 0)], 'exp:50ms')],
  ];

  it.each(shapes)('when a %s staged run is repeated with the same seed, then the JSON is byte-identical and the accounting holds', (_, workload) => {
    const config = testConfig({ capacity: 10, workload, latency: 'exp:150ms', requests: Infinity, timeoutMs: 500, maxQueue: 20 });
    const sim = new Simulation(config).run();
    sim.checkInvariants();
    expect(sim.finished).toBe(true);
    expect(sim.issued).toBeGreaterThan(100);
    const a = formatJson(toJsonReport(simulate(config)));
    const b = formatJson(toJsonReport(simulate(config)));
    expect(a).toBe(b);
    expect(JSON.parse(a).config.workload).toMatchObject({ kind: 'staged', shape: workload.shape });
    expect(formatJson(toJsonReport(simulate({ ...config, seed: 2 })))).not.toBe(a);
  });
});

describe('staged runs: reports', () => {
  it.each<[string, StagedWorkload, string, string]>([
    ['poisson', staged('poisson', [stage(30_000, 0, 200), stage(60_000, 200, 200), stage(30_000, 200, 0)]), '30s:0->200/s,1m:200/s,30s:200->0/s', 'poisson stages 30s:0->200/s,1m:200/s,30s:200->0/s'],
    ['constant', staged('constant', [stage(1000, 5, 5)]), '1s:5->5/s', 'constant stages 1s:5->5/s'],
    ['closed', staged('closed', [stage(60_000, 0, 50), stage(60_000, 50, 0)], '50ms'), '1m:0->50,1m:50->0', 'client stages 1m:0->50,1m:50->0 thinking 50ms'],
  ])('when a %s staged workload is reported, then JSON and text carry the canonical stages', (_, workload, stages, text) => {
    const config = testConfig({ workload, requests: Infinity });
    expect(toJsonReport(simulate({ ...config, requests: 0 })).config.workload).toEqual({
      kind: 'staged',
      shape: workload.shape,
      stages,
      think: workload.think === null ? null : workload.think.spec,
    });
    expect(describeRun(config)).toContain(` · ${text} · `);
  });
});
