import type { Snapshot } from '../../src/sim/snapshot.js';
import type { FrameScheduler } from '../../src/ui/App.js';
import type { Frame } from '../../src/ui/frame.js';

/**
 * A snapshot for component tests: the Go example mid-run unless overridden, with the client and
 * upstream model out of play (no upstream limit, errors, retries, rate limit or deadline; one
 * semaphore). Use {@link modelInPlay} for a snapshot with all of it.
 */
export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const waiting = overrides.waiting ?? 160;
  return {
    nowMs: 1230,
    capacity: 40,
    semaphores: 1,
    inUse: 37,
    waiting,
    oldestWaitMs: 780,
    waiterAgesMs: Array.from({ length: Math.min(waiting, 64) }, (_, i) => 780 - i * 4),
    issued: 612,
    completed: 412,
    timedOut: 0,
    rejected: 0,
    failed: 0,
    late: 0,
    throttled: 0,
    errors: 0,
    callsInFlight: 37,
    upstreamInFlight: 37,
    upstreamLimit: Infinity,
    errorRate: 0,
    attempts: 1,
    inBackoff: 0,
    tokens: NaN,
    bucketSize: NaN,
    tokenWaiting: 0,
    deadlineMs: Infinity,
    requests: 1000,
    durationMs: Infinity,
    wait: { p50: 800, p90: 800, p99: 812, max: 845, count: 412 },
    waitBins: [
      { fromMs: 0, toMs: 0.001, count: 40 },
      { fromMs: 0.001, toMs: 10, count: 0 },
      { fromMs: 10, toMs: 100, count: 12 },
      { fromMs: 100, toMs: Infinity, count: 360 },
    ],
    throughputPerSec: 200,
    goodputPerSec: 200,
    utilization: 0.925,
    finished: false,
    ...overrides,
  };
}

/**
 * Snapshot overrides with every part of the model in play: an upstream limit of 40 with 38 calls
 * at the provider, 5xx errors, retries, a rate limit and a deadline.
 */
export const modelInPlay: Partial<Snapshot> = {
  throttled: 1204,
  errors: 12,
  failed: 30,
  late: 96,
  issued: 1000,
  completed: 908,
  wait: { p50: 800, p90: 800, p99: 812, max: 845, count: 908 },
  callsInFlight: 38,
  upstreamInFlight: 38,
  upstreamLimit: 40,
  errorRate: 0.01,
  attempts: 3,
  inBackoff: 17,
  tokens: 3.2,
  bucketSize: 10,
  tokenWaiting: 4,
  deadlineMs: 2000,
  goodputPerSec: 180,
};

/** A frame around {@link makeSnapshot}. */
export function makeFrame(overrides: Partial<Frame> = {}, snapshot: Partial<Snapshot> = {}): Frame {
  return {
    title: 'semsim · capacity 40 · 200 clients · latency 200ms · 1,000 requests · seed 1',
    snapshot: makeSnapshot(snapshot),
    state: 'running',
    speed: 1,
    lagging: false,
    configCapacity: 40,
    timeoutMs: Infinity,
    maxQueue: Infinity,
    warmupMs: 0,
    inUseHistory: [10, 20, 30, 40, 40, 37],
    waitingHistory: [0, 40, 120, 160, 160, 160],
    ...overrides,
  };
}

/** How many times `glyph` occurs in `text`. */
export function count(text: string, glyph: string): number {
  return text.split(glyph).length - 1;
}

/** Lines of a frame, trailing spaces removed. */
export function lines(frame: string | undefined): string[] {
  return (frame ?? '').split('\n').map((line) => line.trimEnd());
}

/**
 * Lets React commit pending updates and run their effects, and Ink subscribe its input listener:
 * a few turns of the event loop, no sleeping.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A wall clock and a frame loop the test drives by hand: nothing sleeps. */
export function manualPlayback() {
  let t = 0;
  let onFrame: (() => void) | null = null;
  const every: FrameScheduler = (_ms, fn) => {
    onFrame = fn;
    return () => {
      onFrame = null;
    };
  };
  return {
    /** The clock to inject, in ms. */
    now: (): number => t,
    /** The frame scheduler to inject. */
    every,
    /** Moves the clock by `ms`, runs one frame and lets React commit it. */
    async frame(ms: number): Promise<void> {
      t += ms;
      onFrame?.();
      await settle();
    },
    /** True while a frame loop is scheduled. */
    get looping(): boolean {
      return onFrame !== null;
    },
  };
}
