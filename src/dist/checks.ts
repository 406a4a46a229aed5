/** Throws `RangeError` unless `p` is a probability in [0, 1]; for `Distribution.quantile`. */
export function assertProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${String(p)}`);
}

/**
 * Throws `RangeError(problem)` when a constructor's parameters have a problem. Constructors share
 * their `problem…` checks with the spec parser, which turns the same phrase into an `InputError`.
 */
export function throwIfProblem(problem: string | undefined): void {
  if (problem !== undefined) throw new RangeError(problem);
}

/** True for a finite number >= 0: a valid duration in ms. */
export function isDuration(ms: number): boolean {
  return ms >= 0 && Number.isFinite(ms);
}
