import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SemsimError } from '../errors.js';
import type { JsonReport } from '../report/json.js';
import { runSweepJob, type SweepJob } from './sweep-point.js';

/**
 * Runs sweep points on `jobs` worker threads (or in this thread when jobs is 1, or when running
 * from TypeScript sources where no compiled worker exists). Each point is deterministic and
 * independent, so the reports are the same whatever the parallelism; they come back in job order.
 * `stopped()` is polled between points, for Ctrl-C.
 */
export async function runSweepJobs(jobs: readonly SweepJob[], parallelism: number, stopped: () => boolean): Promise<(JsonReport | undefined)[]> {
  const results: (JsonReport | undefined)[] = new Array(jobs.length).fill(undefined);
  const workerFile = fileURLToPath(new URL('./sweep-worker.js', import.meta.url));
  const threads = Math.min(parallelism, jobs.length);
  if (threads <= 1 || !existsSync(workerFile)) {
    for (const job of jobs) {
      if (stopped()) break;
      results[job.index] = runSweepJob(job);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }

  let next = 0;
  let failure: Error | undefined;
  const workers = Array.from({ length: threads }, () => new Worker(workerFile));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const feed = (): void => {
              if (next >= jobs.length || failure !== undefined || stopped()) return resolve();
              worker.postMessage(jobs[next++]);
            };
            worker.on('message', (msg: { index: number; report?: JsonReport; error?: string }) => {
              if (msg.error !== undefined) failure ??= new SemsimError(msg.error, 2);
              else results[msg.index] = msg.report;
              feed();
            });
            worker.on('error', (error) => {
              failure ??= error;
              resolve();
            });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure !== undefined) throw failure;
  return results;
}

/** Default parallelism: one worker per CPU core. */
export function defaultParallelism(): number {
  return Math.max(1, availableParallelism());
}
