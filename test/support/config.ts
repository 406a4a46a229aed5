import { parseLatency } from '../../src/dist/spec.js';
import { plainModel, type SimConfig } from '../../src/sim/config.js';
import type { RequestObserver } from '../../src/sim/engine.js';

/** A SimConfig for tests: the Go example unless overridden; `latency` may be given as a spec. */
export function testConfig(overrides: Partial<Omit<SimConfig, 'latency'>> & { latency?: string } = {}): SimConfig {
  const { latency, ...rest } = overrides;
  return {
    seed: 1,
    capacity: 40,
    workload: { kind: 'closed', clients: 200, think: null },
    latency: parseLatency(latency ?? '200ms'),
    timeoutMs: Infinity,
    maxQueue: Infinity,
    requests: 1000,
    durationMs: Infinity,
    warmupMs: 0,
    ...plainModel(),
    ...rest,
  };
}

/** One request as the engine's observer saw it. */
export interface Seen {
  /** Issue order, 0-based. */
  index: number;
  arrival: number;
  start: number;
  end: number;
  outcome: number;
  /** Completed after its deadline. */
  late: boolean;
}

/** Collects every request's times through the engine's observer. */
export function recorder(): { seen: Seen[]; observer: RequestObserver } {
  const seen: Seen[] = [];
  return { seen, observer: (index, arrival, start, end, outcome, late) => seen.push({ index, arrival, start, end, outcome, late }) };
}
