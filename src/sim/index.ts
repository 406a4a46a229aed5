import type { SimConfig } from './config.js';
import { Simulation, type RequestObserver } from './engine.js';
import { collectResult, type RunResult } from './result.js';

export type { SimConfig, Workload, TraceWorkload, Stage, StagedWorkload } from './config.js';
export { Simulation, Outcome, type RequestObserver } from './engine.js';
export { collectResult, offeredLoad, type RunResult, type RequestCounts } from './result.js';
export type { DurationSummary, LevelSummary } from './stats.js';
export { LatencyHistogram } from './histogram.js';

/** Runs a simulation to the end and returns its figures (checks the accounting invariants). */
export function simulate(config: SimConfig, observer?: RequestObserver): RunResult {
  return collectResult(new Simulation(config, observer).run());
}
