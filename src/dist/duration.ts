import { InputError } from '../errors.js';
import { didYouMeanHint } from './did-you-mean.js';
import { DECIMAL, scaledDecimal } from './number.js';

/** Units a duration may carry, as written by users. */
export const DURATION_UNITS = ['us', 'µs', 'ms', 's', 'm', 'min', 'h'] as const;

/** What a duration looks like, for the end of error messages. */
export const DURATION_FORM = 'a number with a unit (us, ms, s, m or min, h), e.g. "200ms"';

/** Spellings people reach for, mapped to the unit they mean (a better hint than edit distance). */
const UNIT_HINTS: Readonly<Record<string, string>> = {
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  msec: 'ms',
  msecs: 'ms',
  millis: 'ms',
  usec: 'us',
  usecs: 'us',
  micros: 'us',
};

/**
 * A duration read without throwing: its value in ms, or a phrase saying what is wrong that reads
 * after the thing's name (`… needs a unit, e.g. "200ms"`).
 */
export type DurationReading =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a duration such as `200ms`, `1.5s`, `250us`, `2m` or `0` into ms; see `parseDuration`.
 * For callers that put the problem into a message of their own.
 */
export function readDuration(text: string): DurationReading {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) return { ok: false, problem: 'must not be negative' };
  const match = DECIMAL.exec(trimmed);
  if (match === null) return { ok: false, problem: `must be ${DURATION_FORM}` };
  const mantissa = match[1] ?? '';
  const unit = trimmed.slice(match[0].length).trim();
  // Powers of ten shift the decimal exponent rather than multiply, so "1.005s" is exactly 1005 ms.
  let ms: number;
  switch (unit) {
    case 'us':
    case 'µs': // U+00B5 MICRO SIGN
    case 'μs': // U+03BC GREEK SMALL LETTER MU
      ms = scaledDecimal(mantissa, match[2], -3);
      break;
    case 'ms':
      ms = scaledDecimal(mantissa, match[2], 0);
      break;
    case 's':
      ms = scaledDecimal(mantissa, match[2], 3);
      break;
    case 'm':
    case 'min': // reports print minutes as "min", so that spelling reads back
      ms = scaledDecimal(mantissa, match[2], 3) * 60;
      break;
    case 'h':
      ms = scaledDecimal(mantissa, match[2], 3) * 3600;
      break;
    case '': {
      const value = scaledDecimal(mantissa, match[2], 0);
      if (value === 0) return { ok: true, ms: 0 };
      if (!Number.isFinite(value)) return { ok: false, problem: 'is too large' };
      return { ok: false, problem: `needs a unit, e.g. "${match[0]}ms"` };
    }
    default: {
      if (!/^[\p{L}µ]+$/u.test(unit)) return { ok: false, problem: `must be ${DURATION_FORM}` };
      const hint = UNIT_HINTS[unit.toLowerCase()];
      const suggestion =
        hint === undefined ? didYouMeanHint(unit, DURATION_UNITS) : ` (did you mean "${hint}"?)`;
      return {
        ok: false,
        problem: `has an unknown unit "${unit}"${suggestion}; accepted units: us, ms, s, m (or min), h`,
      };
    }
  }
  if (!Number.isFinite(ms)) return { ok: false, problem: 'is too large' };
  return { ok: true, ms };
}

/**
 * Parses a duration into ms: a non-negative decimal number with a unit `us` (or `µs`), `ms`, `s`,
 * `m` (minutes) or `h`, e.g. `200ms`, `1.5s`, `250us`, `2m`; `0` alone needs no unit. Surrounding
 * whitespace is ignored. Throws `InputError` naming the value and the accepted form.
 */
export function parseDuration(text: string): number {
  const reading = readDuration(text);
  if (!reading.ok) throw new InputError(`"${text}": a duration ${reading.problem}`);
  return reading.ms;
}

/** Plain decimal with at most three fractional digits: the "nice" forms worth choosing a unit for. */
const NICE = /^\d+(?:\.\d{1,3})?$/;

function tryUnit(ms: number, factor: number, unit: string): string | undefined {
  // Microseconds multiply: 0.001 is inexact, so dividing by it would add a rounding error.
  const text = String(unit === 'us' ? ms * 1000 : ms / factor);
  if (!NICE.test(text)) return undefined;
  const candidate = `${text}${unit}`;
  const back = readDuration(candidate);
  return back.ok && back.ms === ms ? candidate : undefined;
}

/**
 * Formats ms as the canonical compact duration used in spec strings: whole hours or minutes as
 * `h`/`m`, otherwise `s` from 1 s up, `ms` from 1 ms up and `us` below, each with at most three
 * decimals (`1.5s`, `200ms`, `250us`); any other value falls back to the shortest exact form in
 * `ms` (`0.30000000000000004ms`). `parseDuration` always reads the result back to exactly `ms`.
 * Throws `RangeError` for negative, NaN or infinite input.
 */
export function formatDuration(ms: number): string {
  if (!(ms >= 0) || !Number.isFinite(ms)) {
    throw new RangeError(`ms must be a finite number >= 0, got ${String(ms)}`);
  }
  if (ms === 0) return '0ms';
  const candidates: Array<[number, string]> = [];
  if (ms >= 3_600_000 && Number.isSafeInteger(ms / 3_600_000)) candidates.push([3_600_000, 'h']);
  if (ms >= 60_000 && Number.isSafeInteger(ms / 60_000)) candidates.push([60_000, 'm']);
  if (ms >= 1000) candidates.push([1000, 's']);
  if (ms >= 1) candidates.push([1, 'ms']);
  else candidates.push([0.001, 'us']);
  for (const [factor, unit] of candidates) {
    const text = tryUnit(ms, factor, unit);
    if (text !== undefined) return text;
  }
  return `${String(ms)}ms`;
}
