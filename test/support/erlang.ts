/**
 * Queueing-theory reference values for M/M/c (Poisson arrivals at rate λ, exponential service at
 * rate μ per server, c servers, FIFO, unbounded queue), used to check the engine.
 */

/** Erlang B blocking probability for c servers and offered traffic a = λ/μ (stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival has to wait, for c servers and traffic a = λ/μ < c. */
export function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Reference figures of an M/M/c queue; rates per ms, times in ms. */
export function mmc(c: number, lambdaPerMs: number, meanServiceMs: number) {
  const mu = 1 / meanServiceMs;
  const a = lambdaPerMs / mu;
  const pWait = erlangC(c, a);
  const theta = c * mu - lambdaPerMs;
  return {
    pWait,
    meanWaitMs: pWait / theta,
    /** Quantile q (0..1) of the wait: P(W > t) = C·exp(-θt). */
    waitQuantileMs: (q: number) => (1 - q >= pWait ? 0 : Math.log(pWait / (1 - q)) / theta),
  };
}
