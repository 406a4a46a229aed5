// Throughput of the semsim Semaphore beside p-limit and async-sema. Prints figures, never pass/fail.
//
//   npx tsc -p tsconfig.build.json && node bench/semaphore.mjs
//
// Each figure is the median of 5 measured runs (after one warm-up run); the libraries take turns
// within each round so drift in machine load hits them alike.
import { cpus, loadavg } from 'node:os';
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { Semaphore } from '../dist/semaphore.js';

const CAPACITY = 40;
const RUNS = 5;
/** Length of one uncontended run, in ms of wall time. */
const UNCONTENDED_RUN_MS = 300;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Runs `batch(n)` in batches until `durationMs` passes; returns operations per second. */
async function rateFor(durationMs, batch) {
  const n = 10_000;
  let done = 0;
  const start = nowMs();
  let elapsed = 0;
  do {
    await batch(n);
    done += n;
    elapsed = nowMs() - start;
  } while (elapsed < durationMs);
  return (done / elapsed) * 1000;
}

/** Returns operations per second for `tasks` tasks pushed through `runAll`. */
async function rateOfAll(tasks, runAll) {
  const start = nowMs();
  await runAll(tasks);
  return (tasks / (nowMs() - start)) * 1000;
}

const task = async () => {
  await null;
};

const uncontended = {
  semsim: () => {
    const sem = new Semaphore(CAPACITY);
    return async (n) => {
      for (let i = 0; i < n; i++) {
        const release = await sem.acquire();
        release();
      }
    };
  },
  'p-limit': () => {
    const limit = pLimit(CAPACITY);
    const nothing = () => undefined;
    return async (n) => {
      for (let i = 0; i < n; i++) await limit(nothing);
    };
  },
  'async-sema': () => {
    const s = new Sema(CAPACITY);
    return async (n) => {
      for (let i = 0; i < n; i++) {
        await s.acquire();
        s.release();
      }
    };
  },
};

const queued = {
  semsim: async (tasks) => {
    const sem = new Semaphore(CAPACITY);
    const all = new Array(tasks);
    for (let i = 0; i < tasks; i++) all[i] = sem.run(task);
    await Promise.all(all);
  },
  'p-limit': async (tasks) => {
    const limit = pLimit(CAPACITY);
    const all = new Array(tasks);
    for (let i = 0; i < tasks; i++) all[i] = limit(task);
    await Promise.all(all);
  },
  'async-sema': async (tasks) => {
    const s = new Sema(CAPACITY);
    const one = async () => {
      await s.acquire();
      try {
        await task();
      } finally {
        s.release();
      }
    };
    const all = new Array(tasks);
    for (let i = 0; i < tasks; i++) all[i] = one();
    await Promise.all(all);
  },
};

const libraries = Object.keys(uncontended);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Measures every library `RUNS` times (plus a warm-up), in turns; returns medians by library. */
async function measure(runOnce) {
  const samples = Object.fromEntries(libraries.map((name) => [name, []]));
  for (let round = 0; round <= RUNS; round++) {
    for (const name of libraries) {
      const rate = await runOnce(name);
      if (round > 0) samples[name].push(rate);
    }
  }
  return Object.fromEntries(libraries.map((name) => [name, median(samples[name])]));
}

function formatRate(perSecond) {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

const rows = [];

const batches = Object.fromEntries(libraries.map((name) => [name, uncontended[name]()]));
rows.push([
  `uncontended acquire+release (capacity ${CAPACITY})`,
  await measure((name) => rateFor(UNCONTENDED_RUN_MS, batches[name])),
]);

for (const tasks of [10_000, 100_000]) {
  rows.push([
    `${tasks / 1000}k tasks queued at once (capacity ${CAPACITY})`,
    await measure((name) => rateOfAll(tasks, queued[name])),
  ]);
}

// The floor under any promise-returning acquire: awaiting a fresh resolved promise of a fresh closure.
async function floorBatch(n) {
  for (let i = 0; i < n; i++) {
    let held = true;
    const release = await Promise.resolve(() => {
      held = false;
    });
    release();
    if (held) throw new Error('release did not run');
  }
}
const floorRates = [];
for (let run = 0; run <= RUNS; run++) {
  const rate = await rateFor(UNCONTENDED_RUN_MS, floorBatch);
  if (run > 0) floorRates.push(rate);
}
const floor = median(floorRates);

const header = ['scenario', ...libraries, 'semsim / best other'];
const table = rows.map(([scenario, rates]) => {
  const bestOther = Math.max(...libraries.filter((name) => name !== 'semsim').map((name) => rates[name]));
  return [scenario, ...libraries.map((name) => formatRate(rates[name])), `${(rates.semsim / bestOther).toFixed(2)}x`];
});
const widths = header.map((title, column) => Math.max(title.length, ...table.map((row) => row[column].length)));
const line = (cells) =>
  cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');

console.log(
  `semaphore throughput, median of ${RUNS} runs, node ${process.version}, ` +
    `${cpus().length} cpus, load average ${loadavg()[0].toFixed(1)}`,
);
console.log(line(header));
for (const row of table) console.log(line(row));
console.log(`floor: await Promise.resolve(closure) alone runs at ${formatRate(floor)} on this machine`);
