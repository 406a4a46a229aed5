/** Seeded randomness, latency distributions and the spec parsers: the pure core of semsim's inputs. */
export type { Distribution } from './distribution.js';
export type { Rng } from './rng.js';
export { createRng, deriveSeed, openUnitFromBits, MAX_SEED, RNG_MIN, RNG_MAX } from './rng.js';
export { ConstantDistribution } from './constant.js';
export { ExponentialDistribution } from './exponential.js';
export { UniformDistribution } from './uniform.js';
export { NormalDistribution } from './normal.js';
export { LognormalDistribution } from './lognormal.js';
export { ParetoDistribution } from './pareto.js';
export { EmpiricalDistribution, type PercentileTable } from './empirical.js';
export type { PercentilePoint } from './percentile.js';
export { normalCdf, normalPdf, normalQuantile, erfc } from './normal-math.js';
export { parseDuration, formatDuration, readDuration, type DurationReading, DURATION_FORM } from './duration.js';
export { parseRate, RATE_FORM } from './rate.js';
export { parseLatency, LATENCY_GRAMMAR } from './spec.js';
export { didYouMean, didYouMeanHint, editDistance } from './did-you-mean.js';
