// The other side of the wire: 429s, 5xx, retries, deadlines, keys, rate limits, LIFO and
// priority classes. Each case is small enough to work out by hand; the comments show the working.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLatency } from '../../src/dist/spec.js';
import { plainModel, type SimConfig } from '../../src/sim/config.js';
import { Outcome, Simulation } from '../../src/sim/engine.js';
import { collectResult, simulate } from '../../src/sim/index.js';
import { recorder, testConfig } from '../support/config.js';

const model = plainModel();

/** A burst of `n` requests at t = 0 with the given model changes. */
function burst(n: number, overrides: Partial<Omit<SimConfig, 'latency'>> & { latency?: string } = {}): SimConfig {
  return testConfig({ workload: { kind: 'burst' }, requests: n, latency: '100ms', ...overrides });
}

function upstream(changes: Partial<SimConfig['upstream']>): SimConfig['upstream'] {
  return { ...model.upstream, ...changes };
}

function retry(changes: Partial<SimConfig['retry']>): SimConfig['retry'] {
  return { ...model.retry, ...changes };
}

describe('upstream limit (429)', () => {
  it('when 10 arrive at once with no semaphore, upstream limit 4 and no retries, then exactly 6 get 429 and fail after the reject latency', () => {
    const { seen, observer } = recorder();
    const result = simulate(burst(10, { capacity: Infinity, upstream: upstream({ limit: 4 }) }), observer);
    expect(result.requests).toMatchObject({ issued: 10, completed: 4, failed: 6, timedOut: 0, rejected: 0, late: 0, onTime: 4 });
    expect(result.calls).toMatchObject({ total: 10, throttled: 6, errors: 0, retried: 0, backoffMs: 0, perRequest: 1 });
    // The first four take the slots and finish at 100 ms; the other six are answered at 20 ms.
    expect(seen.filter((r) => r.outcome === Outcome.failed).map((r) => r.end)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(seen.filter((r) => r.outcome === Outcome.completed).map((r) => r.end)).toEqual([100, 100, 100, 100]);
    expect(result.upstream).toEqual({ limit: 4, inFlight: { mean: 4, max: 4 } });
    expect(Number.isNaN(result.utilization)).toBe(true);
  });

  it('when the same 10 go through a semaphore of 4, then no call is throttled and they queue instead', () => {
    const { seen, observer } = recorder();
    const result = simulate(burst(10, { capacity: 4, upstream: upstream({ limit: 4 }) }), observer);
    expect(result.requests).toMatchObject({ completed: 10, failed: 0 });
    expect(result.calls.throttled).toBe(0);
    expect(seen.map((r) => r.start - r.arrival).sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 100, 100, 100, 100, 200, 200]);
  });

  it('when 429s are retried (3 attempts, 50 ms backoff without jitter), then the calls, 429s, failures and backoff time follow the schedule', () => {
    // t=0: 4 calls accepted (end 100), 6 × 429 (end 20). Retry 1 at 20+50=70: 4 still in flight,
    // so 6 × 429 again (end 90). Retry 2 at 90+100=190: the first 4 ended at 100, so 4 accepted
    // (end 290) and 2 × 429 (end 210) with no attempt left.
    const { seen, observer } = recorder();
    const result = simulate(
      burst(10, { capacity: Infinity, upstream: upstream({ limit: 4 }), retry: retry({ attempts: 3, baseMs: 50, jitter: 'none' }) }),
      observer,
    );
    expect(result.requests).toMatchObject({ completed: 8, failed: 2 });
    expect(result.calls).toMatchObject({ total: 22, throttled: 14, retried: 6, backoffMs: 6 * 50 + 6 * 100 });
    expect(result.calls.perRequest).toBeCloseTo(2.2, 12);
    expect(seen.filter((r) => r.outcome === Outcome.failed).map((r) => r.end)).toEqual([210, 210]);
    expect(seen.filter((r) => r.outcome === Outcome.completed).map((r) => r.end)).toEqual([100, 100, 100, 100, 290, 290, 290, 290]);
    // Total time of a retried success: 190 ms of 429s and backoff, then a 100 ms call.
    expect(result.total.max).toBeCloseTo(290, 0);
  });

  it('when retries are capped, then each backoff is min(cap, base × 2^(n−1))', () => {
    // One request, the upstream always failing: 5 attempts, backoffs 100, 200, 300 (cap), 300.
    const result = simulate(
      burst(1, { capacity: Infinity, upstream: upstream({ errorRate: 0.999999999, errorLatency: parseLatency('10ms') }), retry: retry({ attempts: 5, baseMs: 100, capMs: 300, jitter: 'none' }) }),
    );
    expect(result.requests.failed).toBe(1);
    expect(result.calls).toMatchObject({ total: 5, errors: 5, backoffMs: 900 });
    expect(result.elapsedMs).toBe(5 * 10 + 900);
  });

  it.each([
    ['full', 0, 1],
    ['equal', 0.5, 1],
  ] as const)('when jitter is %s, then every backoff lies in its range and the mean is near the middle of it', (jitter, low, high) => {
    // 2,000 lone requests, each failing once (attempts 2, always 5xx): one backoff each of ceiling 100 ms.
    const n = 2000;
    const result = simulate(
      testConfig({
        capacity: Infinity,
        workload: { kind: 'constant', ratePerSec: 1 },
        requests: n,
        latency: '1ms',
        upstream: upstream({ errorRate: 0.999999999, errorLatency: parseLatency('1ms') }),
        retry: retry({ attempts: 2, baseMs: 100, jitter }),
      }),
    );
    expect(result.calls.total).toBe(2 * n);
    const mean = result.calls.backoffMs / n;
    // Uniform on [low, high] × 100 ms: standard error of the mean = width / sqrt(12 n); 4 of them.
    const width = (high - low) * 100;
    expect(Math.abs(mean - ((low + high) / 2) * 100)).toBeLessThan((4 * width) / Math.sqrt(12 * n));
    expect(result.requests.failed).toBe(n);
  });
});

describe('5xx errors', () => {
  it('when 10,000 calls each fail with probability 0.1, then the errors are within 4 standard deviations of 1,000', () => {
    const result = simulate(testConfig({ capacity: Infinity, workload: { kind: 'constant', ratePerSec: 1000 }, requests: 10_000, latency: '5ms', upstream: upstream({ errorRate: 0.1 }) }));
    expect(result.calls.total).toBe(10_000);
    expect(result.requests.failed).toBe(result.calls.errors);
    expect(Math.abs(result.calls.errors - 1000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.1 * 0.9));
  });

  it('when a 5xx takes 300 ms, then it holds an upstream slot that long (a 429 would not)', () => {
    // Limit 1: request 0 fails slowly (0–300 ms) and keeps the slot, so request 1 gets a 429.
    const { seen, observer } = recorder();
    simulate(burst(2, { capacity: Infinity, upstream: upstream({ limit: 1, errorRate: 0.999999999, errorLatency: parseLatency('300ms') }) }), observer);
    expect(seen.map((r) => [r.end, r.outcome])).toEqual([
      [20, Outcome.failed],
      [300, Outcome.failed],
    ]);
  });
});

describe('deadline', () => {
  it('when a call is still running at the deadline, then it completes late holding its permit, and a waiter past it gives up', () => {
    // Capacity 1, 100 ms calls, deadline 150 ms: #0 runs 0–100 (on time); #1 gets the permit at
    // 100 and ends at 200, late; #2 is still waiting at 150 and gives up.
    const { seen, observer } = recorder();
    const result = simulate(burst(3, { capacity: 1, deadlineMs: 150 }), observer);
    expect(seen.map((r) => [r.index, r.end, r.outcome, r.late])).toEqual([
      [0, 100, Outcome.completed, false],
      [2, 150, Outcome.timedOut, false],
      [1, 200, Outcome.completed, true],
    ]);
    expect(result.requests).toMatchObject({ completed: 2, onTime: 1, late: 1, timedOut: 1 });
    // #2 never called: amplification counts the two that did, one call each.
    expect(result.calls).toMatchObject({ total: 2, callers: 2, perRequest: 1 });
    // Permit-time: 100 ms on time + 100 ms late.
    expect(result.wastedPermitFraction).toBe(0.5);
    expect(result.goodputPerSec).toBe(5); // 1 on time in 200 ms
    expect(result.throughputPerSec).toBe(10);
  });

  it('when the deadline passes during a backoff, then the request gives up at the deadline and frees its permit', () => {
    // Upstream limit 1: #0 holds the only slot 0–1000; #1 is throttled at 20 and would sleep
    // 500 ms, but its deadline is 300: it gives up then, after 280 ms of backoff.
    const { seen, observer } = recorder();
    const result = simulate(
      burst(2, { capacity: Infinity, latency: '1000ms', deadlineMs: 300, upstream: upstream({ limit: 1 }), retry: retry({ attempts: 3, baseMs: 500, jitter: 'none' }) }),
      observer,
    );
    expect(seen.map((r) => [r.index, r.end, r.outcome])).toEqual([
      [1, 300, Outcome.timedOut],
      [0, 1000, Outcome.completed],
    ]);
    expect(result.calls.backoffMs).toBe(280);
    expect(result.requests.late).toBe(1); // #0 took 1000 ms against a 300 ms deadline
  });

  it('when a call fails after the deadline, then the request is timed out (the caller had left) and its permit time counts as wasted', () => {
    // One request, a 5xx that takes 300 ms against a 100 ms deadline, retries allowed: none is
    // made, the caller gave up at 100 ms; the 300 ms the permit was held served nobody.
    const { seen, observer } = recorder();
    const result = simulate(
      burst(1, { capacity: 1, deadlineMs: 100, upstream: upstream({ errorRate: 0.999999999, errorLatency: parseLatency('300ms') }), retry: retry({ attempts: 3 }) }),
      observer,
    );
    expect(seen.map((r) => [r.end, r.outcome, r.late])).toEqual([[300, Outcome.timedOut, true]]);
    expect(result.requests).toMatchObject({ timedOut: 1, failed: 0, late: 0 });
    expect(result.calls).toMatchObject({ total: 1, errors: 1, retried: 0 });
    expect(result.wastedPermitFraction).toBe(1);
  });

  it('when the wait timeout is shorter than the deadline, then the waiter leaves at the timeout', () => {
    const { seen, observer } = recorder();
    simulate(burst(2, { capacity: 1, timeoutMs: 40, deadlineMs: 150 }), observer);
    expect(seen.map((r) => [r.index, r.end, r.outcome])).toEqual([
      [1, 40, Outcome.timedOut],
      [0, 100, Outcome.completed],
    ]);
  });
});

describe('queue order and priority classes', () => {
  it('when the order is LIFO, then a freed permit goes to the newest waiter', () => {
    // Capacity 1, 4 at once: #0 at 0, then the newest waiter each time: #3, #2, #1.
    const { seen, observer } = recorder();
    simulate(burst(4, { capacity: 1, order: 'lifo', deadlineMs: 10_000 }), observer);
    expect(seen.map((r) => [r.index, r.start])).toEqual([
      [0, 0],
      [3, 100],
      [2, 200],
      [1, 300],
    ]);
  });

  it('when overloaded at 110 % with a 100 ms deadline, then both orders serve ~9 in 10 but FIFO finishes ~1 in 5 on time and LIFO ~9 in 10', () => {
    // The target shape of the issue: capacity 40, exp 20 ms service (2,000/s), Poisson 2,200/s.
    const run = (order: 'fifo' | 'lifo') =>
      simulate(testConfig({ capacity: 40, workload: { kind: 'poisson', ratePerSec: 2200 }, latency: 'exp:20ms', requests: 50_000, deadlineMs: 100, order }));
    const fifo = run('fifo');
    const lifo = run('lifo');
    const share = (r: ReturnType<typeof run>, n: number) => n / r.requests.issued;
    expect(share(fifo, fifo.requests.completed)).toBeGreaterThan(0.85);
    expect(share(lifo, lifo.requests.completed)).toBeGreaterThan(0.85);
    expect(share(fifo, fifo.requests.onTime)).toBeGreaterThan(0.1);
    expect(share(fifo, fifo.requests.onTime)).toBeLessThan(0.3);
    expect(share(lifo, lifo.requests.onTime)).toBeGreaterThan(0.85);
    expect(lifo.goodputPerSec).toBeGreaterThan(3 * fifo.goodputPerSec);
    expect(fifo.wastedPermitFraction).toBeGreaterThan(0.5);
    expect(lifo.wastedPermitFraction).toBeLessThan(0.1);
  });

  it('when classes have strict priorities, then no low-priority waiter is served while a high-priority one waits', () => {
    // Capacity 1, 200 at once, 10 ms each: every high waiter is served before any low waiter
    // (bar the very first request, served at t = 0 whatever its class).
    const classes = [
      { name: 'interactive', share: 0.3, priority: 1 },
      { name: 'batch', share: 0.7, priority: 0 },
    ];
    const result = simulate(burst(200, { capacity: 1, latency: '10ms', classes }));
    const [high, low] = result.classes;
    expect(high!.completed + low!.completed).toBe(200);
    // Binomial(200, 0.3): 60 ± 4 sd.
    expect(Math.abs(high!.completed - 60)).toBeLessThan(4 * Math.sqrt(200 * 0.3 * 0.7));
    // The high class is served in its first high.completed slots (10 ms each).
    expect(high!.wait.max).toBeLessThanOrEqual(high!.completed * 10);
    expect(low!.wait.p50).toBeGreaterThan(high!.wait.max);
  });

  it('when classes of one priority have weights 3 and 1, then freed permits go to them 3 to 1, spread evenly', () => {
    // Capacity 1, 10 ms calls, 400 at once: after the first grant (either class), smooth weighted
    // round-robin serves a, a, b, a, a, a, b, a, … while both wait. By t = 1 s, 100 calls ended:
    // the first, then 99 = 24 cycles of (a a b a) + a a b: 74 a and 25 b.
    const classes = [
      { name: 'a', share: 0.5, priority: 0, weight: 3 },
      { name: 'b', share: 0.5, priority: 0, weight: 1 },
    ];
    const sim = new Simulation(burst(400, { capacity: 1, latency: '10ms', classes })).run({ until: 1000 });
    const [a, b] = sim.stats.classes;
    expect(a!.completed + b!.completed).toBe(100);
    expect(a!.completed).toBeGreaterThanOrEqual(74);
    expect(a!.completed).toBeLessThanOrEqual(75);
    expect(b!.completed).toBeGreaterThanOrEqual(25);
    expect(b!.completed).toBeLessThanOrEqual(26);
  });

  it('when a weighted class has no waiters, then the others take every permit (no permit waits for it)', () => {
    const classes = [
      { name: 'rare', share: 0.01, priority: 0, weight: 100 },
      { name: 'common', share: 0.99, priority: 0, weight: 1 },
    ];
    const result = simulate(burst(300, { capacity: 1, latency: '10ms', classes }));
    expect(result.classes[0]!.completed + result.classes[1]!.completed).toBe(300);
    // Served back to back: the run ends when the last of 300 calls of 10 ms does.
    expect(result.elapsedMs).toBe(3000);
  });

  it('when classes share one priority, then neither is favoured', () => {
    const classes = [
      { name: 'a', share: 0.5, priority: 0 },
      { name: 'b', share: 0.5, priority: 0 },
    ];
    const result = simulate(burst(400, { capacity: 1, latency: '10ms', classes }));
    const [a, b] = result.classes;
    // Waits are uniform over 0–4 s either way: medians within 15 % of each other.
    expect(Math.abs(a!.wait.p50 - b!.wait.p50)).toBeLessThan(0.15 * 2000);
  });
});

describe('several API keys', () => {
  it('when 10 calls spread round-robin over 2 keys of limit 2 with no semaphore, then each key takes 5 calls and throttles 3', () => {
    const result = simulate(burst(10, { capacity: Infinity, upstream: upstream({ limit: 2 }), keys: { count: 2, choice: 'round-robin', semaphore: 'shared' } }));
    expect(result.keys).toEqual([
      { calls: 5, throttled: 3, errors: 0, inFlightMax: 2 },
      { calls: 5, throttled: 3, errors: 0, inFlightMax: 2 },
    ]);
    expect(result.requests).toMatchObject({ completed: 4, failed: 6 });
  });

  it('when each key has its own semaphore of 2, then nothing is throttled and each key queues its own requests', () => {
    const { seen, observer } = recorder();
    const result = simulate(burst(10, { capacity: 2, upstream: upstream({ limit: 2 }), keys: { count: 2, choice: 'round-robin', semaphore: 'per-key' } }), observer);
    expect(result.calls.throttled).toBe(0);
    // Key 0 gets #0 #2 #4 #6 #8: waits 0, 0, 100, 100, 200; key 1 the same.
    expect(seen.map((r) => r.start - r.arrival).sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 100, 100, 100, 100, 200, 200]);
    expect(result.inUse.max).toBe(4);
  });

  it('when keys are chosen least-busy per call, then a key with a free slot is always found before throttling', () => {
    // 3 keys of limit 2, shared semaphore of 6: least-busy never sends a 7th call, so never a 429.
    const result = simulate(testConfig({ capacity: 6, latency: 'exp:100ms', requests: 2000, upstream: upstream({ limit: 2 }), keys: { count: 3, choice: 'least-busy', semaphore: 'shared' } }));
    expect(result.calls.throttled).toBe(0);
    // Random choice over the same keys does throttle.
    const random = simulate(testConfig({ capacity: 6, latency: 'exp:100ms', requests: 2000, upstream: upstream({ limit: 2 }), keys: { count: 3, choice: 'random', semaphore: 'shared' } }));
    expect(random.calls.throttled).toBeGreaterThan(100);
  });
});

describe('rate limit (token bucket)', () => {
  it('when 5 arrive at once at 10/s with a bucket of 1, then calls start 100 ms apart', () => {
    const { seen, observer } = recorder();
    const result = simulate(burst(5, { capacity: Infinity, latency: '1ms', rateLimit: { ratePerSec: 10, bucketSize: 1 } }), observer);
    expect(seen.map((r) => r.start)).toEqual([0, 100, 200, 300, 400]);
    expect(result.calls.rateLimited).toBe(4);
  });

  it('when the bucket holds 3, then 3 start at once and the rest at the refill rate', () => {
    const { seen, observer } = recorder();
    simulate(burst(5, { capacity: Infinity, latency: '1ms', rateLimit: { ratePerSec: 10, bucketSize: 3 } }), observer);
    expect(seen.map((r) => r.start)).toEqual([0, 0, 0, 100, 200]);
  });

  it('when calls outlast the refill, then a token bucket lets concurrency grow where a semaphore would not', () => {
    // 20/s with 1 s calls: about 20 calls in flight at steady state, with no cap at all.
    const result = simulate(testConfig({ capacity: Infinity, workload: { kind: 'constant', ratePerSec: 100 }, requests: 400, latency: '1s', rateLimit: { ratePerSec: 20, bucketSize: 1 } }));
    expect(result.upstream.inFlight.max).toBe(20);
    expect(result.calls.rateLimited).toBeGreaterThan(300);
  });

  it('when a request waits for a token past its deadline, then it gives up and frees its permit', () => {
    const { seen, observer } = recorder();
    simulate(burst(3, { capacity: 5, latency: '1ms', deadlineMs: 150, rateLimit: { ratePerSec: 10, bucketSize: 1 } }), observer);
    expect(seen.map((r) => [r.index, r.end, r.outcome])).toEqual([
      [0, 1, Outcome.completed],
      [1, 101, Outcome.completed],
      [2, 150, Outcome.timedOut],
    ]);
  });
});

describe('load-dependent latency', () => {
  it('when 3 calls start together with 10 % slowdown per other call, then they take 100, 110 and 120 ms', () => {
    const { seen, observer } = recorder();
    simulate(burst(3, { capacity: Infinity, upstream: upstream({ slowdownPerCall: 0.1 }) }), observer);
    expect(seen.map((r) => r.end - r.start)).toEqual([100, 110, 120].map((x) => expect.closeTo(x, 9)));
  });
});

describe('accounting invariant', () => {
  const configs = fc.record({
    capacity: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(Infinity)),
    order: fc.constantFrom('fifo' as const, 'lifo' as const),
    deadlineMs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 400 })),
    timeoutMs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 300 })),
    attempts: fc.integer({ min: 1, max: 4 }),
    jitter: fc.constantFrom('none' as const, 'full' as const, 'equal' as const),
    limit: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 5 })),
    errorRate: fc.constantFrom(0, 0.2),
    keys: fc.integer({ min: 1, max: 3 }),
    choice: fc.constantFrom('round-robin' as const, 'random' as const, 'least-busy' as const),
    perKey: fc.boolean(),
    rate: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 100 })),
    classes: fc.constantFrom('none' as const, 'priority' as const, 'weighted' as const),
    seed: fc.integer({ min: 0, max: 1000 }),
  });

  it('when any combination of the model runs, then every request ends exactly once and nothing is left held, queued or in flight', () => {
    fc.assert(
      fc.property(configs, (c) => {
        const config = testConfig({
          seed: c.seed,
          capacity: c.perKey && c.capacity === Infinity ? 2 : c.capacity,
          workload: { kind: 'poisson', ratePerSec: 80 },
          latency: 'exp:50ms',
          requests: 150,
          order: c.order,
          deadlineMs: c.deadlineMs,
          timeoutMs: c.capacity === Infinity ? Infinity : c.timeoutMs,
          retry: retry({ attempts: c.attempts, baseMs: 20, jitter: c.jitter }),
          upstream: upstream({ limit: c.limit, errorRate: c.errorRate }),
          keys: { count: c.keys, choice: c.choice, semaphore: c.perKey ? 'per-key' : 'shared' },
          rateLimit: c.rate === 0 ? null : { ratePerSec: c.rate, bucketSize: 2 },
          classes:
            c.classes === 'priority'
              ? [{ name: 'hi', share: 0.25, priority: 2 }, { name: 'lo', share: 0.75, priority: 0 }]
              : c.classes === 'weighted'
                ? [{ name: 'a', share: 0.5, priority: 1, weight: 2 }, { name: 'b', share: 0.3, priority: 1 }, { name: 'c', share: 0.2, priority: 0 }]
                : [],
        });
        const ends = new Map<number, number>();
        const sim = new Simulation(config, (index) => ends.set(index, (ends.get(index) ?? 0) + 1));
        let last = 0;
        while (sim.step()) {
          expect(sim.now).toBeGreaterThanOrEqual(last);
          last = sim.now;
          expect(sim.inUse).toBeLessThanOrEqual(sim.capacity * sim.semaphores);
          expect(sim.inFlight).toBe(sim.inUse + sim.waiting);
          sim.checkInvariants();
        }
        sim.checkInvariants();
        const r = simulate(config);
        expect([...ends.values()].every((n) => n === 1)).toBe(true);
        expect(ends.size).toBe(150);
        expect(r.requests.completed + r.requests.timedOut + r.requests.rejected + r.requests.failed).toBe(150);
        expect(r.requests.onTime + r.requests.late).toBe(r.requests.completed);
        if (c.deadlineMs === Infinity) expect(r.requests.late).toBe(0);
        if (c.attempts === 1) expect(r.calls.backoffMs).toBe(0);
        if (c.limit === Infinity) expect(r.calls.throttled).toBe(0);
        expect(r.calls.rateLimited).toBeLessThanOrEqual(r.calls.total);
        expect(r.calls.callers).toBeLessThanOrEqual(150);
      }),
      { numRuns: 150 },
    );
  });

  it('when the same seed runs twice, then every figure is the same', () => {
    const config = burst(300, {
      capacity: 3,
      latency: 'exp:40ms',
      deadlineMs: 500,
      order: 'lifo',
      retry: retry({ attempts: 3, baseMs: 10 }),
      upstream: upstream({ limit: 2, errorRate: 0.1 }),
      keys: { count: 2, choice: 'random', semaphore: 'shared' },
      rateLimit: { ratePerSec: 50, bucketSize: 5 },
    });
    const { histograms: _a, ...first } = simulate(config);
    const { histograms: _b, ...second } = simulate(config);
    expect(second).toEqual(first);
  });
});

describe('edge cases found in review', () => {
  it('when a rate limit meets virtual times as large as epoch milliseconds, then tokens still come due and the run ends', () => {
    // 100 arrivals 1 ms apart at t ≈ 1.7e12 ms; 30 tokens/s: calls start 33.3 ms apart.
    const base = 1_700_000_000_000;
    const arrivalsMs = Float64Array.from({ length: 100 }, (_, i) => base + i);
    const { seen, observer } = recorder();
    const result = simulate(
      testConfig({ capacity: Infinity, workload: { kind: 'trace', source: 'epoch', arrivalsMs, latenciesMs: null }, requests: 100, latency: '1ms', rateLimit: { ratePerSec: 30, bucketSize: 1 } }),
      observer,
    );
    expect(result.requests.completed).toBe(100);
    expect(result.calls.rateLimited).toBe(99);
    const starts = seen.map((r) => r.start).sort((a, b) => a - b);
    expect((starts[99] as number) - (starts[0] as number)).toBeCloseTo((99 * 1000) / 30, 0);
  });

  it('when every token waiter gives up, then the token they waited for does not stretch the run', () => {
    // #0 takes the only token and ends at 50 ms; #1 waits for the next (due at 1 s) but its
    // deadline is 100 ms: the run ends at 100 ms, not at 1 s.
    const result = simulate(burst(2, { capacity: 2, latency: '50ms', deadlineMs: 100, rateLimit: { ratePerSec: 1, bucketSize: 1 } }));
    expect(result.requests).toMatchObject({ completed: 1, timedOut: 1 });
    expect(result.elapsedMs).toBe(100);
    expect(result.throughputPerSec).toBe(10);
  });

  it('when the last request of a client stage profile is out, then a change of target still to come does not keep the run open', () => {
    const sim = new Simulation(
      testConfig({ workload: { kind: 'staged', shape: 'closed', think: null, stages: [{ durationMs: 10_000, from: 5, to: 5 }] }, requests: 50, latency: '100ms' }),
    );
    // Five clients, 100 ms each: the 50th request ends at 1 s.
    while (!sim.finished && sim.now < 5000) sim.run({ until: sim.now + 100 });
    expect(sim.finished).toBe(true);
    expect(sim.now).toBe(1000);
    expect(sim.nextEventTime).toBe(Infinity);
  });

  it('when keys are chosen at random, then changing capacity leaves every request in its class (separate random streams)', () => {
    const classes = [
      { name: 'a', share: 0.5, priority: 0 },
      { name: 'b', share: 0.5, priority: 0 },
    ];
    const per = [2, 5, 10].map((capacity) =>
      simulate(
        testConfig({ capacity, workload: { kind: 'poisson', ratePerSec: 50 }, requests: 1000, latency: 'exp:100ms', classes, keys: { count: 3, choice: 'random', semaphore: 'shared' } }),
      ).classes.map((c) => c.completed),
    );
    expect(per[1]).toEqual(per[0]);
    expect(per[2]).toEqual(per[0]);
  });

  it('when a run with a warm-up is interrupted, then warm-up requests are neither issued nor in flight in the figures', () => {
    const sim = new Simulation(burst(100, { capacity: 10, warmupMs: 1 })).run({ until: 150 });
    const result = collectResult(sim, { interrupted: true });
    expect(result.requests).toMatchObject({ issued: 0, inFlight: 0, warmupExcluded: 10 });
  });
});
