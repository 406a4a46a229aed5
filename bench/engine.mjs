// Engine throughput and memory: M/M/40 at load 0.95 (Poisson 190/s, exp:200ms), headless.
// Each measurement runs in a fresh child process so peak RSS belongs to that run alone.
// Prints figures (median of several runs); never pass/fail.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const { simulate, parseLatency, plainModel } = await import('../dist/index.js');
  const requests = Number(process.argv[3]);
  const config = {
    seed: 1,
    capacity: 40,
    workload: { kind: 'poisson', ratePerSec: 190 },
    latency: parseLatency('exp:200ms'),
    timeoutMs: Infinity,
    maxQueue: Infinity,
    requests,
    durationMs: Infinity,
    warmupMs: 0,
    ...plainModel(),
  };
  // "model": the same traffic through the whole client and upstream model.
  if (process.argv[4] === 'model') {
    Object.assign(config, {
      deadlineMs: 2000,
      retry: { attempts: 3, baseMs: 50, capMs: 1000, jitter: 'full' },
      upstream: { ...config.upstream, limit: 40, errorRate: 0.01 },
      keys: { count: 2, choice: 'least-busy', semaphore: 'shared' },
      rateLimit: { ratePerSec: 400, bucketSize: 20 },
    });
  }
  const t0 = process.hrtime.bigint();
  const result = simulate(config);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ perSec: requests / seconds, seconds, maxRssMiB, events: result.events, p99: result.wait.p99 }));
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Runs the engine on `requests` requests in a child, `RUNS` times; returns medians. */
function measureEngine(requests, mode = 'plain') {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, [self, '--child', String(requests), mode], { encoding: 'utf8' })));
  }
  return {
    perSec: median(samples.map((s) => s.perSec)),
    maxRssMiB: median(samples.map((s) => s.maxRssMiB)),
    seconds: median(samples.map((s) => s.seconds)),
    runs: samples.length,
  };
}

if (process.argv[1] === self) {
  console.log('engine: M/M/40 at load 0.95 (poisson 190/s, exp:200ms), headless, median of', RUNS, 'runs');
  console.log('  requests     simulated/s    wall time    peak RSS');
  const row = (label, m) =>
    console.log(`  ${label.padEnd(10)} ${(m.perSec / 1e6).toFixed(2).padStart(9)} M/s ${m.seconds.toFixed(2).padStart(9)} s ${m.maxRssMiB.toFixed(0).padStart(8)} MiB`);
  for (const n of [1e6, 1e7]) row(n.toExponential(0), measureEngine(n));
  console.log('  the same traffic through the whole model (deadline 2 s, 3 attempts, upstream limit 40,');
  console.log('  1 % 5xx, 2 keys least-busy, rate limit 400/s):');
  row('1e+6', measureEngine(1e6, 'model'));
}
