/**
 * The characters the live view draws with, and pure helpers that build strings of them. Shapes
 * carry the meaning on their own (full block = permit in use, light shade = free, medium shade =
 * waiting), so the view still reads without colour.
 */

/** A permit in use: one full block per column. */
export const IN_USE = '█';
/** A free permit. */
export const FREE = '░';
/** A waiting request. */
export const WAITING = '▒';
/** A waiting request close to its timeout. */
export const EXPIRING = '▓';

/** Sparkline levels, lowest first. */
const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * `count` cells, each `glyph` repeated `glyphWidth` times followed by `gap` spaces (none after the
 * last cell).
 */
export function cells(count: number, glyph: string, glyphWidth: number, gap: number): string {
  if (count <= 0) return '';
  const cell = glyph.repeat(glyphWidth);
  return (cell + ' '.repeat(gap)).repeat(count - 1) + cell;
}

/**
 * Splits `width` columns in proportion to `fraction` (clamped to 0..1): how many are filled, how
 * many empty. A non-zero fraction fills at least one column, and anything short of 1 leaves one
 * empty, so "almost full" never looks full.
 */
export function split(fraction: number, width: number): { filled: number; empty: number } {
  if (width <= 0) return { filled: 0, empty: 0 };
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let filled = Math.round(f * width);
  if (f > 0 && filled === 0) filled = 1;
  if (f < 1 && filled === width) filled = width - 1;
  return { filled, empty: width - filled };
}

/**
 * A sparkline of `values` (oldest first) scaled to `max`, right-aligned in `width` columns: the
 * newest sample is the last column. Zero draws the lowest level; anything above zero at least the
 * second, so "a few" is visible against "none".
 */
export function sparkline(values: readonly number[], max: number, width: number): string {
  const shown = values.length > width ? values.slice(values.length - width) : values;
  let out = ' '.repeat(width - shown.length);
  const top = LEVELS.length - 1;
  for (const v of shown) {
    const level = v <= 0 || !(max > 0) ? 0 : Math.min(top, Math.max(1, Math.round((v / max) * top)));
    out += LEVELS[level];
  }
  return out;
}
