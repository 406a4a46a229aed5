import { describe, expect, it } from 'vitest';
import { FifoAdmission } from '../src/sim/admission.js';

/**
 * The shared `FifoAdmission` guards its contract: ids outside it are refused rather than corrupting
 * the counts (the Semaphore and the engine never pass such ids; these pin the guards).
 */
describe('FifoAdmission with ids outside its contract', () => {
  it('when cancel is given a negative id, then it returns false and waiting is unchanged', () => {
    const admission = new FifoAdmission(1);
    admission.tryAcquire();
    admission.enqueue(0);
    expect(admission.cancel(-1)).toBe(false);
    expect(admission.waiting).toBe(1);
  });

  it('when isWaiting is asked about a fractional id, then it answers false', () => {
    const admission = new FifoAdmission(1);
    expect(admission.isWaiting(0.5)).toBe(false);
  });

  it('when an id already waiting is enqueued again, then enqueue throws instead of leaving a ghost waiter', () => {
    const admission = new FifoAdmission(1);
    admission.tryAcquire();
    admission.enqueue(3);
    expect(() => admission.enqueue(3)).toThrow(RangeError);
  });
});
