import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/dist/rng.js';
import { Simulation } from '../../src/sim/engine.js';
import { simulate } from '../../src/sim/index.js';
import { formatJson, toJsonReport } from '../../src/report/json.js';
import { recorder, testConfig } from '../support/config.js';

describe('Simulation: exact cases', () => {
  it('when 200 requests burst into 40 permits at 200 ms, then waits are 0, 200, 400, 600, 800 ms, 40 each', () => {
    const { seen, observer } = recorder();
    const result = simulate(testConfig({ workload: { kind: 'burst' }, requests: 200 }), observer);
    const waits = new Map<number, number>();
    for (const r of seen) waits.set(r.start - r.arrival, (waits.get(r.start - r.arrival) ?? 0) + 1);
    expect([...waits.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 40],
      [200, 40],
      [400, 40],
      [600, 40],
      [800, 40],
    ]);
    expect(result.requests).toMatchObject({ issued: 200, completed: 200, queued: 160, timedOut: 0, rejected: 0 });
    expect(result.elapsedMs).toBe(1000);
    expect(result.wait.mean).toBe(400);
    expect(result.waiting.max).toBe(160);
    expect(result.inUse.max).toBe(40);
  });

  it('when the Go example runs closed-loop, then the queue stays 160 deep and later requests wait 800 ms', () => {
    const { seen, observer } = recorder();
    const result = simulate(testConfig(), observer);
    expect(result.requests.completed).toBe(1000);
    expect(result.elapsedMs).toBe(5000);
    // 200 clients on 40 permits of 200 ms: every request after the first 200 waits 4 rounds.
    expect(seen.slice(200).every((r) => r.start - r.arrival === 800)).toBe(true);
    expect(result.utilization).toBe(1);
    expect(result.throughputPerSec).toBe(200);
  });

  it('when a trace is replayed, then each wait equals the independent FIFO calculation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 120 }),
        (capacity, rows) => {
          let t = 0;
          const arrivals = rows.map(([gap]) => (t += gap));
          const latencies = rows.map(([, l]) => l);
          const { seen, observer } = recorder();
          simulate(
            testConfig({
              capacity,
              workload: { kind: 'trace', source: 'test', arrivalsMs: Float64Array.from(arrivals), latenciesMs: Float64Array.from(latencies) },
              requests: rows.length,
            }),
            observer,
          );
          // Independent calculation: each arrival in order takes the earliest-free permit.
          const free = new Array<number>(capacity).fill(0);
          const expected = arrivals.map((a, i) => {
            let k = 0;
            for (let j = 1; j < capacity; j++) if ((free[j] as number) < (free[k] as number)) k = j;
            const start = Math.max(a, free[k] as number);
            free[k] = start + (latencies[i] as number);
            return { arrival: a, wait: start - a };
          });
          const actual = seen.map((r) => ({ arrival: r.arrival, wait: r.start - r.arrival }));
          const byArrival = (x: { arrival: number; wait: number }, y: { arrival: number; wait: number }) => x.arrival - y.arrival || x.wait - y.wait;
          expect(actual.sort(byArrival)).toEqual(expected.sort(byArrival));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when waiters have a timeout shorter than their wait, then they give up after exactly that long', () => {
    const { seen, observer } = recorder();
    const result = simulate(testConfig({ workload: { kind: 'burst' }, requests: 200, timeoutMs: 500 }), observer);
    // Waves at 0, 200, 400 ms are served; the rest (80) time out at t = 500.
    expect(result.requests).toMatchObject({ completed: 120, timedOut: 80, rejected: 0 });
    expect(seen.filter((r) => r.outcome === 1).every((r) => r.end === 500 && Number.isNaN(r.start))).toBe(true);
    expect(result.wait.max).toBe(400);
  });

  it('when a timeout never fires, then every figure equals the run without one (elapsed time included)', () => {
    const base = testConfig({ capacity: 10, workload: { kind: 'poisson', ratePerSec: 45 }, latency: 'exp:200ms', requests: 5000 });
    const a = toJsonReport(simulate(base));
    const b = toJsonReport(simulate({ ...base, timeoutMs: 3_600_000 }));
    expect(b.requests.timedOut).toBe(0);
    expect({ ...b, config: a.config }).toEqual(a);
  });

  it('when the queue is bounded, then arrivals finding it full are rejected at once', () => {
    const result = simulate(testConfig({ workload: { kind: 'burst' }, requests: 200, maxQueue: 10 }));
    expect(result.requests).toMatchObject({ completed: 50, rejected: 150, queued: 10 });
    expect(result.waiting.max).toBe(10);
  });

  it('when capacity grows mid-run, then waiters are admitted at that instant', () => {
    const sim = new Simulation(testConfig({ workload: { kind: 'burst' }, requests: 200 }));
    sim.run({ until: 100 });
    expect([sim.inUse, sim.waiting]).toEqual([40, 160]);
    sim.setCapacity(100);
    expect([sim.inUse, sim.waiting, sim.now]).toEqual([100, 100, 100]);
    sim.run();
    sim.checkInvariants();
  });

  it('when capacity shrinks mid-run, then holders finish and nobody is admitted until in-use drops below it', () => {
    const sim = new Simulation(testConfig({ workload: { kind: 'burst' }, requests: 200 }));
    sim.run({ until: 100 });
    sim.setCapacity(10);
    expect([sim.inUse, sim.waiting]).toEqual([40, 160]);
    sim.run({ until: 200 });
    // At t=200 the 40 holders release; only 10 are admitted.
    expect([sim.inUse, sim.waiting]).toEqual([10, 150]);
    sim.run();
    expect(sim.stats.completed).toBe(200);
  });

  it('when the duration ends, then no request is issued after it and those in flight finish', () => {
    const result = simulate(testConfig({ workload: { kind: 'constant', ratePerSec: 100 }, requests: Infinity, durationMs: 1000 }));
    // Arrivals at 0, 10, …, 1000 ms.
    expect(result.requests.issued).toBe(101);
    expect(result.elapsedMs).toBe(1200);
  });

  it('when the warm-up is set, then requests arriving before it are excluded and counted as such', () => {
    const result = simulate(testConfig({ workload: { kind: 'constant', ratePerSec: 100 }, requests: 100, warmupMs: 250 }));
    expect(result.requests.warmupExcluded).toBe(25);
    expect(result.requests.issued).toBe(75);
    expect(result.measuredMs).toBe(result.elapsedMs - 250);
  });

  it('when think time is set, then a client sends its next request that long after the previous ended', () => {
    const { seen, observer } = recorder();
    simulate(testConfig({ workload: { kind: 'closed', clients: 1, think: testConfig({ latency: '50ms' }).latency }, requests: 3 }), observer);
    expect(seen.map((r) => r.arrival)).toEqual([0, 250, 500]);
  });
});

describe('Simulation: accounting identities', () => {
  it("when any run finishes, then Little's law holds exactly on the sample path", () => {
    for (const seed of [1, 2, 3]) {
      const result = simulate(testConfig({ seed, capacity: 8, workload: { kind: 'poisson', ratePerSec: 35 }, latency: 'exp:200ms', requests: 20_000 }));
      const lambda = result.requests.issued / result.measuredMs;
      // L = λ·W for the queue and for the servers, up to float rounding.
      expect(result.waiting.mean).toBeCloseTo(lambda * result.wait.mean, 9);
      expect(result.inUse.mean).toBeCloseTo(lambda * result.service.mean, 9);
    }
  });
});

describe('Simulation: invariants (property)', () => {
  const workloads = fc.oneof(
    fc.record({ kind: fc.constant('closed' as const), clients: fc.integer({ min: 1, max: 12 }), think: fc.constant(null) }),
    fc.record({ kind: fc.constant('poisson' as const), ratePerSec: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('burst' as const) }),
  );
  const configs = fc.record({
    seed: fc.integer({ min: 0, max: 1000 }),
    capacity: fc.integer({ min: 1, max: 6 }),
    workload: workloads,
    latency: fc.constantFrom('20ms', 'exp:30ms', 'uniform:1ms..60ms'),
    timeoutMs: fc.constantFrom(Infinity, 0, 25, 80),
    maxQueue: fc.constantFrom(Infinity, 0, 3),
    requests: fc.integer({ min: 0, max: 150 }),
  });

  it('when any run is stepped, then time never decreases, in-use never exceeds capacity, and every request ends once', () => {
    fc.assert(
      fc.property(configs, (c) => {
        const { seen, observer } = recorder();
        const sim = new Simulation(testConfig(c), observer);
        let last = 0;
        while (sim.step()) {
          expect(sim.now).toBeGreaterThanOrEqual(last);
          last = sim.now;
          expect(sim.inUse).toBeLessThanOrEqual(sim.capacity);
          expect(sim.waiting).toBeLessThanOrEqual(c.maxQueue);
        }
        sim.checkInvariants();
        const s = sim.stats;
        expect(sim.issued).toBe(c.requests);
        expect(s.completed + s.timedOut + s.rejected).toBe(c.requests);
        expect(seen.length).toBe(c.requests);
        expect([sim.inUse, sim.waiting]).toEqual([0, 0]);
      }),
      { numRuns: 300 },
    );
  });

  it('when requests are served, then permits are granted in arrival order (FIFO, no barging)', () => {
    fc.assert(
      fc.property(configs, (c) => {
        const { seen, observer } = recorder();
        new Simulation(testConfig(c), observer).run();
        const served = seen.filter((r) => r.outcome === 0).sort((a, b) => a.index - b.index);
        for (let i = 1; i < served.length; i++) {
          expect(served[i]!.start).toBeGreaterThanOrEqual(served[i - 1]!.start);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when the same seed and inputs run twice, then the JSON is byte-identical; another seed differs', () => {
    const config = testConfig({ capacity: 10, workload: { kind: 'poisson', ratePerSec: 45 }, latency: 'exp:200ms', requests: 5000 });
    const a = formatJson(toJsonReport(simulate(config)));
    const b = formatJson(toJsonReport(simulate(config)));
    const c = formatJson(toJsonReport(simulate({ ...config, seed: 2 })));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('when only the capacity changes, then the latency sequence is the same (common random numbers)', () => {
    const services = (capacity: number) => {
      const { seen, observer } = recorder();
      simulate(testConfig({ capacity, workload: { kind: 'poisson', ratePerSec: 40 }, latency: 'exp:100ms', requests: 300 }), observer);
      return seen.sort((a, b) => a.index - b.index).map((r) => r.end - r.start);
    };
    const a = services(2);
    const b = services(9);
    expect(a).toHaveLength(300);
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i] as number, 9));
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });
});
