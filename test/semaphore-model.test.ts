import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcquireAbortedError, AcquireTimeoutError, Semaphore, type Release } from '../src/semaphore.js';

/**
 * Random interleavings of acquire / abort / timeout / release / tryAcquire / resize, checked step
 * by step against a reference semaphore built on plain arrays (obviously correct, O(n) and fine).
 */

type SignalChoice = 'none' | 'own' | 'shared0' | 'shared1';

type Op =
  | { readonly kind: 'acquire'; readonly signal: SignalChoice; readonly timeoutMs: number | undefined }
  | { readonly kind: 'abort'; readonly pick: number; readonly renew: boolean }
  | { readonly kind: 'release'; readonly pick: number; readonly twice: boolean }
  | { readonly kind: 'try' }
  | { readonly kind: 'resize'; readonly capacity: number }
  | { readonly kind: 'advance'; readonly ms: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('acquire' as const),
      signal: fc.constantFrom<SignalChoice>('none', 'own', 'shared0', 'shared1'),
      timeoutMs: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat(), renew: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), twice: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('try' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resize' as const), capacity: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 25 }) }) },
);

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** The reference: a queue in an array, grants by shifting it. */
class ModelSemaphore {
  capacity: number;
  inUse = 0;
  now = 0;
  readonly queue: { id: number; deadline: number; controller: AbortController | undefined }[] = [];
  readonly grants: number[] = [];
  readonly cancels: number[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  acquire(id: number, controller: AbortController | undefined, timeoutMs: number | undefined): void {
    if (controller?.signal.aborted === true) this.cancels.push(id);
    else if (this.queue.length === 0 && this.inUse < this.capacity) this.grant(id);
    else this.queue.push({ id, deadline: this.now + (timeoutMs ?? Infinity), controller });
  }

  tryAcquire(id: number): boolean {
    if (this.queue.length > 0 || this.inUse >= this.capacity) return false;
    this.grant(id);
    return true;
  }

  abort(controller: AbortController): void {
    this.removeWhere((w) => w.controller === controller);
  }

  advance(ms: number): void {
    this.now += ms;
    this.removeWhere((w) => w.deadline <= this.now);
  }

  release(): void {
    this.inUse--;
    this.drain();
  }

  resize(capacity: number): void {
    this.capacity = capacity;
    this.drain();
  }

  private grant(id: number): void {
    this.inUse++;
    this.grants.push(id);
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inUse < this.capacity) this.grant(this.queue.shift()!.id);
  }

  private removeWhere(leaves: (w: ModelSemaphore['queue'][number]) => boolean): void {
    for (let i = 0; i < this.queue.length; ) {
      const w = this.queue[i]!;
      if (leaves(w)) {
        this.cancels.push(w.id);
        this.queue.splice(i, 1);
      } else i++;
    }
  }
}

interface RealWaiter {
  outcome: 'pending' | 'granted' | 'cancelled' | 'refused';
  settled: number;
  release: Release | undefined;
}

async function check(capacity: number, ops: readonly Op[]): Promise<void> {
  vi.useFakeTimers();
  const sem = new Semaphore(capacity);
  const model = new ModelSemaphore(capacity);
  const waiters: RealWaiter[] = [];
  const realGrants: number[] = [];
  const realCancels: number[] = [];
  const controllers: AbortController[] = [];
  const shared = [new AbortController(), new AbortController()];
  controllers.push(...shared);
  /** Granted waiters whose permit is still held, oldest first. */
  const holders: number[] = [];
  let grantsAtOverload = -1;

  const settle = (id: number, outcome: 'granted' | 'cancelled', release?: Release): void => {
    const w = waiters[id]!;
    w.settled++;
    w.outcome = outcome;
    w.release = release;
    (outcome === 'granted' ? realGrants : realCancels).push(id);
  };

  const compare = (): void => {
    expect(realGrants).toEqual(model.grants);
    expect([...realCancels].sort((a, b) => a - b)).toEqual([...model.cancels].sort((a, b) => a - b));
    expect([sem.capacity, sem.inUse, sem.waiting]).toEqual([model.capacity, model.inUse, model.queue.length]);
    expect(sem.available).toBe(Math.max(0, sem.capacity - sem.inUse));
    for (const w of waiters) expect(w.settled).toBeLessThanOrEqual(1);
    // Nothing retained: one timer per queued waiter with a timeout, one listener per signal that
    // still has queued waiters, none for anyone else.
    expect(vi.getTimerCount()).toBe(model.queue.filter((w) => w.deadline !== Infinity).length);
    for (const c of new Set([...controllers, ...shared])) {
      const queued = model.queue.some((w) => w.controller === c);
      expect(getEventListeners(c.signal, 'abort').length).toBe(queued ? 1 : 0);
    }
    // Over capacity only after a shrink, and then nobody new is admitted until inUse < capacity.
    if (sem.inUse > sem.capacity) {
      if (grantsAtOverload === -1) grantsAtOverload = realGrants.length;
      expect(realGrants.length).toBe(grantsAtOverload);
    } else grantsAtOverload = -1;
  };

  let seenGrants = 0;
  /** Adds the waiters granted since the last call to `holders`. */
  const syncHolders = (): void => {
    for (; seenGrants < realGrants.length; seenGrants++) holders.push(realGrants[seenGrants]!);
  };

  try {
    for (const op of ops) {
      switch (op.kind) {
        case 'acquire': {
          const id = waiters.length;
          waiters.push({ outcome: 'pending', settled: 0, release: undefined });
          let controller: AbortController | undefined;
          if (op.signal === 'own') controllers.push((controller = new AbortController()));
          else if (op.signal === 'shared0') controller = shared[0];
          else if (op.signal === 'shared1') controller = shared[1];
          sem
            .acquire({ signal: controller?.signal, timeoutMs: op.timeoutMs })
            .then(
              (release) => settle(id, 'granted', release),
              (error: unknown) => {
                expect(error instanceof AcquireAbortedError || error instanceof AcquireTimeoutError).toBe(true);
                settle(id, 'cancelled');
              },
            );
          model.acquire(id, controller, op.timeoutMs);
          break;
        }
        case 'abort': {
          const index = op.pick % controllers.length;
          const controller = controllers[index]!;
          controller.abort();
          model.abort(controller);
          if (op.renew && index < 2) shared[index] = controllers[index] = new AbortController();
          break;
        }
        case 'release': {
          if (holders.length === 0) break;
          const id = holders.splice(op.pick % holders.length, 1)[0]!;
          const release = waiters[id]!.release!;
          release();
          if (op.twice) release();
          model.release();
          break;
        }
        case 'try': {
          const id = waiters.length;
          waiters.push({ outcome: 'pending', settled: 0, release: undefined });
          const release = sem.tryAcquire();
          expect(release !== undefined).toBe(model.tryAcquire(id));
          if (release !== undefined) settle(id, 'granted', release);
          else waiters[id] = { outcome: 'refused', settled: 1, release: undefined };
          break;
        }
        case 'resize':
          sem.capacity = op.capacity;
          model.resize(op.capacity);
          break;
        case 'advance':
          vi.advanceTimersByTime(op.ms);
          model.advance(op.ms);
          break;
      }
      await flush();
      syncHolders();
      compare();
    }

    // Quiescence: abandon every wait that can be abandoned, then release until nobody holds.
    for (const controller of controllers) {
      controller.abort();
      model.abort(controller);
    }
    vi.advanceTimersByTime(1000);
    model.advance(1000);
    await flush();
    syncHolders();
    while (holders.length > 0) {
      for (const id of holders.splice(0)) {
        waiters[id]!.release!();
        model.release();
      }
      await flush();
      syncHolders();
      compare();
    }
    compare();
    expect([sem.inUse, sem.waiting, sem.available]).toEqual([0, 0, sem.capacity]);
    expect(waiters.every((w) => w.outcome !== 'pending' && w.settled === 1)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Semaphore against a reference model', () => {
  it('when acquire, abort, timeout, release, tryAcquire and resize interleave at random, then grants stay FIFO, within capacity, and nothing leaks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(opArbitrary, { maxLength: 80 }), check),
      { numRuns: 300 },
    );
  });

  it('when the model check meets a known interleaving (shared abort racing a release and a resize), then it agrees', async () => {
    await check(1, [
      { kind: 'acquire', signal: 'none', timeoutMs: undefined },
      { kind: 'acquire', signal: 'shared0', timeoutMs: 5 },
      { kind: 'acquire', signal: 'shared0', timeoutMs: undefined },
      { kind: 'acquire', signal: 'own', timeoutMs: 3 },
      { kind: 'resize', capacity: 2 },
      { kind: 'advance', ms: 3 },
      { kind: 'abort', pick: 0, renew: false },
      { kind: 'acquire', signal: 'shared0', timeoutMs: undefined },
      { kind: 'release', pick: 0, twice: true },
      { kind: 'resize', capacity: 1 },
      { kind: 'try' },
    ]);
  });
});
