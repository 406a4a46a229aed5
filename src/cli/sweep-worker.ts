// Worker thread of `semsim sweep`: runs the points it is sent, one at a time, and posts back
// their reports. Errors travel back as messages; the main thread reports them.
import { parentPort } from 'node:worker_threads';
import { runSweepJob, type SweepJob } from './sweep-point.js';

parentPort?.on('message', (job: SweepJob) => {
  try {
    parentPort?.postMessage({ index: job.index, report: runSweepJob(job) });
  } catch (error) {
    parentPort?.postMessage({ index: job.index, error: error instanceof Error ? error.message : String(error) });
  }
});
