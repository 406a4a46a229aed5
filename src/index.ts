/**
 * semsim's library entry: the real `Semaphore` for Node services, and the simulation engine for
 * programs that want to run scenarios themselves.
 */
export * from './semaphore.js';
export { simulate, Simulation, Outcome, collectResult, offeredLoad, LatencyHistogram } from './sim/index.js';
export type { SimConfig, Workload, TraceWorkload, Stage, StagedWorkload, RunResult, RequestCounts, DurationSummary, LevelSummary, RequestObserver } from './sim/index.js';
export { plainModel } from './sim/config.js';
export type { QueueOrder, PriorityClass, RetryPolicy, Jitter, UpstreamModel, KeyPool, KeyChoice, RateLimit } from './sim/config.js';
export { parseLatency } from './dist/spec.js';
export { parseDuration } from './dist/duration.js';
export { parseRate } from './dist/rate.js';
export { parseStages, formatStages } from './dist/stages.js';
export { createRng, type Rng } from './dist/rng.js';
export type { Distribution } from './dist/distribution.js';
export { toJsonReport, formatJson, SCHEMA_VERSION, type JsonReport } from './report/json.js';
export { formatTextReport } from './report/text.js';
export { SemsimError, InputError, InterruptedError, InvariantError, ExitCode } from './errors.js';
