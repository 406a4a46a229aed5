/** 1 / sqrt(2 * pi). */
const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density at `x`. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Complementary error function erfc(x) = 1 - erf(x), with relative error below 1.2e-7 for every
 * x (Chebyshev fit from Numerical Recipes, `erfcc`), so tails keep their precision.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Standard normal CDF Φ(x) = P(Z <= x), via `erfc` (relative error below about 1.2e-7, in both
 * tails). Φ(-Infinity) = 0, Φ(Infinity) = 1.
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in [0, 1]: Wichura's algorithm AS241 (PPND16), relative
 * error about 1e-16. Returns -Infinity at 0, Infinity at 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  // Split in three small functions so V8 can inline the common central branch (85% of uniform
  // draws) into a sampler's loop; one large function is never inlined, and a double returned from
  // a call that is not inlined is boxed, allocating on every sample.
  if (Math.abs(q) <= 0.425) return centralQuantile(q);
  return tailQuantile(p, q);
}

/** AS241 for |p - 0.5| <= 0.425, given q = p - 0.5. */
function centralQuantile(q: number): number {
  const r = 0.180625 - q * q;
  return (
    (q *
      (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
        4.5921953931549871457e4) *
        r +
        1.3731693765509461125e4) *
        r +
        1.9715909503065514427e3) *
        r +
        1.3314166789178437745e2) *
        r +
        3.387132872796366608)) /
    (((((((5.226495278852854561e3 * r + 2.8729085735721942674e4) * r + 3.930789580009271061e4) * r +
      2.1213794301586595867e4) *
      r +
      5.3941960214247511077e3) *
      r +
      6.871870074920579083e2) *
      r +
      4.2313330701600911252e1) *
      r +
      1)
  );
}

/** AS241 outside the central branch, given q = p - 0.5; also handles 0, 1 and invalid p. */
function tailQuantile(p: number, q: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const z = r <= 5 ? intermediateTail(r - 1.6) : farTail(r - 5);
  return q < 0 ? -z : z;
}

/** AS241's rational function for sqrt(-ln(min(p, 1-p))) in (1.6, 5], given r - 1.6. */
function intermediateTail(r: number): number {
  return (
    (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r + 2.4178072517745061177e-1) * r +
      1.27045825245236838258) *
      r +
      3.64784832476320460504) *
      r +
      5.7694972214606914055) *
      r +
      4.6303378461565452959) *
      r +
      1.42343711074968357734) /
    (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 1.51986665636164571966e-2) * r +
      1.4810397642748007459e-1) *
      r +
      6.8976733498510000455e-1) *
      r +
      1.6763848301838038494) *
      r +
      2.05319162663775882187) *
      r +
      1)
  );
}

/** AS241's rational function for sqrt(-ln(min(p, 1-p))) above 5 (p below about 1e-11), given r - 5. */
function farTail(r: number): number {
  return (
    (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.2426609473880784386e-3) * r +
      2.6532189526576123093e-2) *
      r +
      2.9656057182850489123e-1) *
      r +
      1.7848265399172913358) *
      r +
      5.4637849111641143699) *
      r +
      6.6579046435011037772) /
    (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
      7.868691311456132591e-4) *
      r +
      1.4875361290850614852e-2) *
      r +
      1.3692988092273580531e-1) *
      r +
      5.9983220655588793769e-1) *
      r +
      1)
  );
}
