/**
 * A non-negative decimal literal as written in specs: digits with an optional fraction and an
 * optional exponent (`200`, `1.5`, `.5`, `2e3`, `1e-7`). Signs, `Infinity`, `NaN` and hex are not
 * numbers here. Group 1 is the mantissa, group 2 the exponent (may be undefined).
 */
export const DECIMAL = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?/;

/** Exponents beyond this already overflow to Infinity or underflow to 0 in float64. */
const EXPONENT_LIMIT = 100_000;

/**
 * The value of a decimal literal multiplied by 10^shift, rounded once (correctly) from the exact
 * decimal: `scaledDecimal("1.005", undefined, 3)` is exactly 1005, where `1.005 * 1000` is not.
 */
export function scaledDecimal(mantissa: string, exponent: string | undefined, shift: number): number {
  let e = (exponent === undefined ? 0 : Number(exponent)) + shift;
  if (e > EXPONENT_LIMIT) e = EXPONENT_LIMIT;
  if (e < -EXPONENT_LIMIT) e = -EXPONENT_LIMIT;
  return Number(`${mantissa}e${e}`);
}

/**
 * Parses a whole string as a plain non-negative number (no unit), e.g. `1.5`; `undefined` when it
 * is not one. May return Infinity for huge literals such as `1e999`.
 */
export function parsePlainNumber(text: string): number | undefined {
  const match = DECIMAL.exec(text);
  if (match === null || match[0].length !== text.length) return undefined;
  return scaledDecimal(match[1] ?? '', match[2], 0);
}

/** Formats a number so that `parsePlainNumber` reads back exactly the same value, e.g. `1.5`. */
export function formatPlainNumber(value: number): string {
  return String(value);
}
