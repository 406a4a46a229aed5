import type { JsonReport } from '../report/json.js';
import { toJsonReport } from '../report/json.js';
import { simulate } from '../sim/index.js';
import { parseRunArgs, prepareRun } from './prepare.js';
import { addSweepOptions } from './sweep-options.js';

/** One sweep point to run: the sweep's own arguments plus the flags that set the varied values. */
export interface SweepJob {
  readonly index: number;
  readonly args: readonly string[];
}

/** Runs one sweep point to the end and returns its JSON report (serializable across threads). */
export function runSweepJob(job: SweepJob): JsonReport {
  const { flags, scenario } = parseRunArgs(job.args, addSweepOptions);
  return toJsonReport(simulate(prepareRun(flags, scenario).config));
}
