import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { BUILTIN_DIR, listBuiltins, resolveScenarioRef } from '../src/scenario/builtin.js';
import { resolveConfig } from '../src/scenario/resolve.js';
import { loadScenarioFile, type Scenario } from '../src/scenario/scenario-file.js';
import { readTraceFile } from '../src/scenario/trace-file.js';
import { simulate, type RequestObserver, type RunResult, type SimConfig } from '../src/sim/index.js';

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

function load(name: string): Scenario {
  return loadScenarioFile(join(dir, `${name}.yaml`));
}

function configOf(name: string): SimConfig {
  return resolveConfig(load(name).options, readTraceFile);
}

const results = new Map<string, RunResult>();
/** Runs a scenario at its own seed, once per test file. */
function run(name: string): RunResult {
  let result = results.get(name);
  if (result === undefined) {
    result = simulate(configOf(name));
    results.set(name, result);
  }
  return result;
}

/**
 * Key figures of every scenario at its fixed seed, computed once from the engine and written down
 * here: counts exactly, waits in ms to ±0.05, throughput per second to ±0.005.
 */
const GOLDEN: Record<string, { completed: number; timedOut: number; rejected: number; failed?: number; throttled?: number; p50: number; p99: number; throughput: number; maxWaiting: number }> = {
  'bounded-queue': { completed: 23245, timedOut: 0, rejected: 766, p50: 26.639, p99: 128.831, throughput: 192.511, maxWaiting: 20 },
  'fifo-overload': { completed: 45668, timedOut: 4332, rejected: 0, failed: 0, throttled: 0, p50: 96.383, p99: 99.967, throughput: 2008.938, maxWaiting: 266 },
  'go-example': { completed: 1000, timedOut: 0, rejected: 0, p50: 800, p99: 800, throughput: 200, maxWaiting: 160 },
  'heavy-tail': { completed: 4783, timedOut: 0, rejected: 0, p50: 7172.095, p99: 15818.751, throughput: 33.936, maxWaiting: 554 },
  'lifo-overload': { completed: 45235, timedOut: 4765, rejected: 0, failed: 0, throttled: 0, p50: 0.431, p99: 54.687, throughput: 1993.958, maxWaiting: 94 },
  'no-semaphore-429s': { completed: 2040, timedOut: 0, rejected: 0, failed: 80160, throttled: 80160, p50: 0, p99: 0, throughput: 200, maxWaiting: 0 },
  'poisson-110': { completed: 26350, timedOut: 0, rejected: 0, p50: 4947.967, p99: 10993.663, throughput: 200.405, maxWaiting: 2240 },
  'poisson-80': { completed: 19219, timedOut: 0, rejected: 0, p50: 0, p99: 67.903, throughput: 159.181, maxWaiting: 22 },
  'poisson-95': { completed: 22791, timedOut: 0, rejected: 0, p50: 20.399, p99: 357.887, throughput: 188.702, maxWaiting: 91 },
  'priority-classes': { completed: 24901, timedOut: 1449, rejected: 0, failed: 0, throttled: 0, p50: 3778.559, p99: 4999.998, throughput: 200.105, maxWaiting: 967 },
  ramp: { completed: 18002, timedOut: 0, rejected: 0, p50: 582.655, p99: 4751.359, throughput: 133.988, maxWaiting: 951 },
  'rate-limit-slow-upstream': { completed: 5886, timedOut: 0, rejected: 0, failed: 3029, throttled: 3029, p50: 0, p99: 0, throughput: 95.512, maxWaiting: 0 },
  'retry-storm': { completed: 10697, timedOut: 0, rejected: 0, failed: 21, throttled: 2645, p50: 0, p99: 0, throughput: 176.17, maxWaiting: 0 },
  'semaphore-40': { completed: 2200, timedOut: 0, rejected: 0, failed: 0, throttled: 0, p50: 800, p99: 800, throughput: 200, maxWaiting: 160 },
  'semaphore-slow-upstream': { completed: 6241, timedOut: 2674, rejected: 0, failed: 0, throttled: 0, p50: 483.327, p99: 499.711, throughput: 100.547, maxWaiting: 100 },
  'slow-when-busy': { completed: 5000, timedOut: 0, rejected: 0, failed: 0, throttled: 0, p50: 1112.063, p99: 1136.639, throughput: 143.062, maxWaiting: 160 },
  'ten-keys': { completed: 7180, timedOut: 0, rejected: 0, failed: 1735, throttled: 1735, p50: 0, p99: 0, throughput: 118.081, maxWaiting: 0 },
  'ten-keys-per-key': { completed: 8915, timedOut: 0, rejected: 0, failed: 0, throttled: 0, p50: 0, p99: 61.791, throughput: 146.443, maxWaiting: 14 },
  'timeouts-shed-load': { completed: 24243, timedOut: 2107, rejected: 0, p50: 959.487, p99: 999.423, throughput: 199.791, maxWaiting: 266 },
  'trace-replay': { completed: 100, timedOut: 0, rejected: 0, p50: 350.207, p99: 1546.239, throughput: 16.268, maxWaiting: 37 },
  'unbounded-queue': { completed: 24011, timedOut: 0, rejected: 0, p50: 386.047, p99: 1345.535, throughput: 197.395, maxWaiting: 293 },
};

describe('scenarios/: the library', () => {
  it('when the folder is listed, then every scenario has golden figures and every golden figure a scenario', () => {
    expect(files.map((f) => basename(f, '.yaml')).sort()).toEqual(Object.keys(GOLDEN).sort());
  });

  it.each(files)('when %s is read, then it is short, named after its file, described in one line and seeded', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const scenario = loadScenarioFile(join(dir, file));
    expect(text.split('\n').length).toBeLessThanOrEqual(31);
    expect(scenario.name).toBe(basename(file, '.yaml'));
    expect(scenario.description).toMatch(/^[^\n]{20,120}$/);
    expect(scenario.options.seed).toBeTypeOf('number');
    expect(text).toMatch(/^# Lesson: /m);
  });

  it.each(Object.entries(GOLDEN))('when %s runs at its seed, then its key figures are the golden ones', (name, golden) => {
    const r = run(name);
    expect({ completed: r.requests.completed, timedOut: r.requests.timedOut, rejected: r.requests.rejected, failed: r.requests.failed, throttled: r.calls.throttled, maxWaiting: r.waiting.max }).toEqual({
      completed: golden.completed,
      timedOut: golden.timedOut,
      rejected: golden.rejected,
      failed: golden.failed ?? 0,
      throttled: golden.throttled ?? 0,
      maxWaiting: golden.maxWaiting,
    });
    expect(r.requests.issued).toBe(golden.completed + golden.timedOut + golden.rejected + (golden.failed ?? 0));
    expect(r.wait.p50).toBeCloseTo(golden.p50, 1);
    expect(r.wait.p99).toBeCloseTo(golden.p99, 1);
    expect(r.throughputPerSec).toBeCloseTo(golden.throughput, 2);
  });
});

describe('scenarios/: the lessons', () => {
  it('when 200 goroutines share 40 permits of 200 ms (go-example), then throughput is 40 / 200 ms and the steady wait is four rounds', () => {
    const r = run('go-example');
    expect(r.throughputPerSec).toBe(200);
    expect(r.wait.p50).toBe(800);
    expect(r.wait.max).toBe(800);
  });

  it('when load goes from 80 % to 95 % (poisson-80 vs poisson-95), then the p99 wait grows more than five times', () => {
    const [p80, p95] = [run('poisson-80'), run('poisson-95')];
    expect(p80.wait.p50).toBe(0);
    expect(p95.wait.p99).toBeGreaterThan(5 * p80.wait.p99);
    expect(p95.requests.queued / p95.requests.issued).toBeGreaterThan(0.6);
  });

  it('when load is 110 % (poisson-110), then throughput stays at capacity and the wait grows with the length of the run', () => {
    const r = run('poisson-110');
    expect(r.offeredLoad).toBeCloseTo(1.1, 10);
    expect(r.throughputPerSec).toBeCloseTo(200, -1);
    expect(r.waiting.max).toBeGreaterThan(1000);
    const half = simulate({ ...configOf('poisson-110'), durationMs: 60_000 });
    expect(r.wait.p99).toBeGreaterThan(1.6 * half.wait.p99);
  });

  it('when the latency has a heavy tail (heavy-tail), then load by the median looks like 80 % but by the mean is 116 %', () => {
    const config = configOf('heavy-tail');
    const r = run('heavy-tail');
    const rate = config.workload.kind === 'poisson' ? config.workload.ratePerSec : NaN;
    expect((rate * config.latency.quantile(0.5)) / 1000 / config.capacity).toBeCloseTo(0.8, 10);
    expect(r.offeredLoad).toBeCloseTo(1.164, 3);
    expect(r.throughputPerSec).toBeLessThan((config.capacity / config.latency.mean) * 1000);
    expect(r.throughputPerSec).toBeLessThan(0.9 * rate);
    expect(r.wait.p50).toBeGreaterThan(5000);
  });

  it('when a 1 s timeout meets 110 % load (timeouts-shed-load vs poisson-110), then the excess times out and no completed request waited longer', () => {
    const [shed, overload] = [run('timeouts-shed-load'), run('poisson-110')];
    expect(shed.requests.timedOut).toBeGreaterThan(0);
    expect(shed.requests.timedOut / shed.requests.issued).toBeCloseTo(1 - 200 / 220, 1);
    expect(shed.wait.max).toBeLessThanOrEqual(1000);
    expect(shed.waiting.max).toBeLessThan(overload.waiting.max / 5);
    expect(shed.requests.issued).toBe(overload.requests.issued);
  });

  it('when the same traffic meets a bounded and an unbounded queue, then the bounded one rejects a few and keeps waits short', () => {
    const [bounded, unbounded] = [run('bounded-queue'), run('unbounded-queue')];
    const maxQueue = configOf('bounded-queue').maxQueue;
    expect(bounded.requests.issued).toBe(unbounded.requests.issued);
    expect(bounded.requests.rejected).toBeGreaterThan(0);
    expect(bounded.requests.rejected / bounded.requests.issued).toBeLessThan(0.05);
    expect(bounded.waiting.max).toBeLessThanOrEqual(maxQueue);
    expect(unbounded.requests.rejected).toBe(0);
    expect(unbounded.waiting.max).toBeGreaterThan(10 * maxQueue);
    expect(unbounded.wait.p99).toBeGreaterThan(5 * bounded.wait.p99);
  });

  it('when traffic ramps over capacity and back (ramp), then the longest wait belongs to a request that arrived after the peak', () => {
    const config = configOf('ramp');
    let worst = { wait: -1, arrival: NaN };
    const observer: RequestObserver = (_i, arrival, start) => {
      if (start - arrival > worst.wait) worst = { wait: start - arrival, arrival };
    };
    simulate(config, observer);
    const peakEndsMs = 75_000; // 1 m ramp up, then 15 s at 240/s
    expect(worst.arrival).toBeGreaterThan(peakEndsMs);
    expect(worst.wait).toBeCloseTo(run('ramp').wait.max, 6);
  });

  it('when a trace with a burst is replayed (trace-replay), then average utilization is low but the burst waits over a second', () => {
    let calmMax = 0;
    simulate(configOf('trace-replay'), (_i, arrival, start) => {
      if (arrival < 3000) calmMax = Math.max(calmMax, start - arrival);
    });
    const r = run('trace-replay');
    expect(r.utilization).toBeLessThan(2 / 3);
    expect(r.wait.max).toBeGreaterThan(1000);
    expect(calmMax).toBeLessThan(r.wait.max / 5);
  });
});

describe('scenarios/: the other side of the wire', () => {
  it('when 200 callers meet an upstream limit of 40 with and without a semaphore, then without it all but 40 calls at a time are throttled, with it none', () => {
    const [bare, guarded] = [run('no-semaphore-429s'), run('semaphore-40')];
    // Closed loop for 10 s: 40 callers hold the slots 200 ms at a time (200 completions/s, 2,000
    // in all, plus the last round); the other 160 cycle through 20 ms 429s, 8,000 failures/s.
    expect(bare.requests.completed).toBe(2040);
    expect(bare.requests.failed).toBe(bare.calls.throttled);
    expect(bare.requests.failed).toBe(160 * 50 * 10 + 160);
    expect(bare.upstream.inFlight.max).toBe(40);
    expect(guarded.calls.throttled).toBe(0);
    expect(guarded.throughputPerSec).toBe(bare.throughputPerSec);
    expect(guarded.requests.failed).toBe(0);
    expect(guarded.wait.p50).toBe(800);
  });

  it('when 429s are retried (retry-storm), then throttled calls are several times those of the same traffic without retries, and a semaphore removes them', () => {
    const config = configOf('retry-storm');
    const storm = run('retry-storm');
    const once = simulate({ ...config, retry: { ...config.retry, attempts: 1 } });
    expect(storm.calls.throttled).toBeGreaterThan(3 * once.calls.throttled);
    expect(storm.calls.perRequest).toBeGreaterThan(1.2);
    expect(storm.calls.retried).toBeGreaterThan(0);
    expect(storm.calls.backoffMs).toBeGreaterThan(0);
    expect(simulate({ ...config, capacity: 40 }).calls.throttled).toBe(0);
  });

  it('when 10 keys of 4 take random calls (ten-keys), then calls are throttled below the total limit; a semaphore per key throttles none', () => {
    const [random, perKey] = [run('ten-keys'), run('ten-keys-per-key')];
    expect(random.upstream.inFlight.mean).toBeLessThan(30);
    expect(random.calls.throttled / random.calls.total).toBeGreaterThan(0.1);
    expect(random.keys).toHaveLength(10);
    expect(random.keys.reduce((sum, k) => sum + k.throttled, 0)).toBe(random.calls.throttled);
    expect(perKey.calls.throttled).toBe(0);
    expect(Math.max(...perKey.keys.map((k) => k.inFlightMax))).toBe(4);
  });

  it('when the upstream slows to 400 ms, then the token bucket lets in-flight calls exceed the limit (a third throttled) and the semaphore never does', () => {
    const [bucket, semaphore] = [run('rate-limit-slow-upstream'), run('semaphore-slow-upstream')];
    // Offered in flight: 150/s × 0.4 s = 60 against a limit of 40: about 1 − 40/60 throttled.
    expect(bucket.calls.throttled / bucket.calls.total).toBeCloseTo(1 / 3, 1);
    expect(semaphore.calls.throttled).toBe(0);
    // 40 permits of 400 ms serve 100/s.
    expect(semaphore.throughputPerSec).toBeCloseTo(100, -1);
    expect(semaphore.wait.max).toBeLessThanOrEqual(500);
  });

  it('when overloaded at 110 % with a 100 ms deadline (fifo-overload vs lifo-overload), then both serve ~9 in 10, FIFO ~1 in 5 on time, LIFO ~9 in 10', () => {
    const [fifo, lifo] = [run('fifo-overload'), run('lifo-overload')];
    for (const r of [fifo, lifo]) expect(r.requests.completed / r.requests.issued).toBeCloseTo(0.9, 1);
    expect(fifo.requests.onTime / fifo.requests.issued).toBeCloseTo(0.2, 1);
    expect(lifo.requests.onTime / lifo.requests.issued).toBeCloseTo(0.9, 1);
    expect(fifo.wastedPermitFraction).toBeGreaterThan(0.5);
  });

  it('when one class in five has strict priority (priority-classes), then it barely waits and the other class takes all the waiting', () => {
    const r = run('priority-classes');
    const [interactive, batch] = r.classes;
    expect(interactive!.name).toBe('interactive');
    expect(interactive!.wait.p99).toBeLessThan(100);
    expect(interactive!.timedOut).toBe(0);
    expect(batch!.wait.p50).toBeGreaterThan(1000);
    expect(batch!.timedOut).toBe(r.requests.timedOut);
  });

  it('when calls slow down 1 % per other call in flight (slow-when-busy), then 40 in flight take about 280 ms, and 200 about 600 ms', () => {
    // 200 ms × (1 + 0.01 × 39) = 278 ms at a full semaphore of 40.
    const r = run('slow-when-busy');
    expect(r.service.p50).toBeCloseTo(278, -1);
    expect(r.calls.errors).toBeGreaterThan(0);
    expect(r.requests.failed).toBe(0);
    const unlimited = simulate({ ...configOf('slow-when-busy'), capacity: Infinity });
    expect(unlimited.service.p50).toBeGreaterThan(550);
  });
});

describe('built-in scenarios', () => {
  it('when the built-ins are listed, then each scenario file appears by name, with its description and absolute path', () => {
    const builtins = listBuiltins();
    expect(builtins.map((b) => b.name)).toEqual(files.map((f) => basename(f, '.yaml')));
    for (const b of builtins) {
      expect(b.path).toBe(join(BUILTIN_DIR, `${b.name}.yaml`));
      expect(b.description).toBe(load(b.name).description);
    }
  });

  it('when a built-in name is given, then it resolves to the file in the package', () => {
    expect(resolveScenarioRef('poisson-95')).toBe(join(BUILTIN_DIR, 'poisson-95.yaml'));
  });

  it.each(['my.yaml', 'my.yml', 'my.json', './poisson-95', join(dir, 'ramp.yaml')])('when %s is given, then it is taken as a path', (ref) => {
    expect(resolveScenarioRef(ref)).toBe(ref);
  });

  it.each([
    ['pousson-95', '"pousson-95": no such scenario file or built-in scenario (did you mean "poisson-95"?); run "semsim list" to see the built-ins'],
    ['nothing-like-it', '"nothing-like-it": no such scenario file or built-in scenario; run "semsim list" to see the built-ins'],
  ])('when the unknown name %s is given, then the error is %j', (ref, message) => {
    expect(() => resolveScenarioRef(ref)).toThrow(InputError);
    expect(() => resolveScenarioRef(ref)).toThrow(message);
  });
});
