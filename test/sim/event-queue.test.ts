import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

describe('EventQueue', () => {
  it('when events are pushed in any order, then they pop by time, ties in push order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(2);
        times.forEach((t, i) => q.push(t, i % 3, i));
        const popped: [number, number][] = [];
        while (q.pop()) popped.push([q.poppedTime, q.poppedPayload]);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
        expect(q.size).toBe(0);
      }),
    );
  });

  it('when pushes and pops interleave, then every pop returns the minimum pending (time, seq)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 400 }), (ops) => {
        const q = new EventQueue(4);
        const model: { t: number; seq: number }[] = [];
        for (const op of ops) {
          if (op >= 0) model.push({ t: op, seq: q.push(op, 1, 7) });
          else {
            model.sort((a, b) => a.t - b.t || a.seq - b.seq);
            const want = model.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) expect([q.poppedTime, q.poppedSeq]).toEqual([want.t, want.seq]);
          }
          expect(q.size).toBe(model.length);
          expect(q.peekTime()).toBe(model.length === 0 ? Infinity : Math.min(...model.map((e) => e.t)));
        }
      }),
    );
  });

  it('when kind and payload are stored, then they come back with their event', () => {
    const q = new EventQueue();
    q.push(5, 2, -1);
    q.push(1, 255, 2 ** 31 - 1);
    expect(q.pop()).toBe(true);
    expect([q.poppedTime, q.poppedKind, q.poppedPayload]).toEqual([1, 255, 2 ** 31 - 1]);
    expect(q.pop()).toBe(true);
    expect([q.poppedTime, q.poppedKind, q.poppedPayload]).toEqual([5, 2, -1]);
    expect(q.pop()).toBe(false);
  });
});
