/**
 * Human formatting of figures: each value gets the unit that reads best for it (µs, ms, s, min,
 * h) and three significant digits, so a column of mixed magnitudes stays readable.
 */

/** Formats a duration given in ms, e.g. `850 µs`, `12.3 ms`, `800 ms`, `1.50 s`, `2.50 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return ms > 0 ? '∞' : '-';
  if (ms === 0) return '0 ms';
  // Pick the unit by the value as it will be printed, so 999.7 ms reads "1.00 s", not "1000 ms",
  // and 59.99 s reads "1.00 min".
  for (const [scale, unit, limit] of DURATION_UNITS) {
    const rounded = Number((Math.abs(ms) / scale).toPrecision(3));
    if (rounded < limit) return `${sig3(ms / scale)} ${unit}`;
  }
  return `${sig3(ms / 3_600_000)} h`;
}

const DURATION_UNITS: readonly (readonly [number, string, number])[] = [
  [0.001, 'µs', 1000],
  [1, 'ms', 1000],
  [1000, 's', 60],
  [60_000, 'min', 60],
];

/** Formats a rate per second, e.g. `200 req/s`, `1.23k req/s`, `4.56M req/s`. */
export function formatRate(perSec: number, unit = 'req/s'): string {
  return `${formatCompact(perSec)} ${unit}`;
}

/** Formats a count or magnitude compactly: `950`, `12.3k`, `4.56M`, `1.20G`. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return Number.isInteger(n) ? String(n) : sig3(n);
  if (abs < 1e6) return `${sig3(n / 1e3)}k`;
  if (abs < 1e9) return `${sig3(n / 1e6)}M`;
  return `${sig3(n / 1e9)}G`;
}

/** Formats an integer count with thousands separators: `12,345`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Formats a fraction (0..1) as a percentage with one decimal: `97.5 %`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** A number with three significant digits (more for integers of four digits or more), no exponent. */
export function sig3(x: number): string {
  if (x === 0) return '0';
  // Round first, so 9.996 becomes 10.0 (three digits), not 10.00.
  const rounded = Number(x.toPrecision(3));
  const digits = Math.floor(Math.log10(Math.abs(rounded))) + 1;
  return rounded.toFixed(Math.max(0, 3 - digits));
}

/** Pads `text` on the left to `width` columns (right-aligns it). */
export function padStart(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? text : ' '.repeat(width - len) + text;
}

/** Pads `text` on the right to `width` columns (left-aligns it). */
export function padEnd(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? text : text + ' '.repeat(width - len);
}

/** Splits text at spaces into lines of at most `width` columns. */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [''];
  for (const word of text.split(/\s+/)) {
    const last = out[out.length - 1] as string;
    if (last !== '' && [...last].length + 1 + [...word].length > width) out.push(word);
    else out[out.length - 1] = last === '' ? word : `${last} ${word}`;
  }
  return out;
}
