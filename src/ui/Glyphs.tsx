import { Box, Transform } from 'ink';
import type { ReactNode } from 'react';
import { Span } from './Span.js';
import type { Style } from './theme.js';

/** One run of glyphs in one style. */
export interface GlyphRun {
  readonly text: string;
  readonly style: Style;
}

/** Props of {@link Glyphs}. */
export interface GlyphsProps {
  readonly runs: readonly GlyphRun[];
}

// Ink measures every text node on every frame, and for text outside printable ASCII it walks
// grapheme clusters with Intl.Segmenter — most of a frame's cost when rows of blocks are drawn. So
// glyph runs reach Ink as ASCII stand-ins and a <Transform> puts the real glyphs back in the final
// line. The stand-ins never occur in the escape codes colours add (ESC [ digits ; m), and a
// Glyphs node holds nothing but glyphs and spaces, so the swap cannot touch real text.
const STAND_IN: Readonly<Record<string, string>> = {
  '█': '#',
  '░': '.',
  '▒': ':',
  '▓': '%',
  '▁': '_',
  '▂': ',',
  '▃': '-',
  '▄': '~',
  '▅': '=',
  '▆': '+',
  '▇': '*',
};
const GLYPH: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(STAND_IN).map(([glyph, ascii]) => [ascii, glyph]));
const GLYPHS = new RegExp(`[${Object.keys(STAND_IN).join('')}]`, 'g');
const STAND_INS = /[#.:%_,\-~=+*]/g;

/** `text` with each drawing glyph replaced by its ASCII stand-in. */
export function toStandIns(text: string): string {
  return text.replace(GLYPHS, (glyph) => STAND_IN[glyph] as string);
}

/** `line` with each ASCII stand-in replaced by its glyph (the inverse of {@link toStandIns}). */
export function fromStandIns(line: string): string {
  return line.replace(STAND_INS, (ascii) => GLYPH[ascii] as string);
}

/**
 * A line of drawing glyphs (blocks, shades, sparkline levels) and spaces, in styled runs. Use it
 * for the glyphs only: other text belongs in a <Text> beside it. It does not wrap or truncate:
 * callers size the runs to fit.
 */
export function Glyphs({ runs }: GlyphsProps): ReactNode {
  // Never shrunk by a row that runs out of room (it would wrap): the text beside it truncates.
  return (
    <Box flexShrink={0}>
      <Transform transform={fromStandIns}>
        {runs.map((run, i) =>
          run.text === '' ? null : (
            <Span key={i} style={run.style}>
              {toStandIns(run.text)}
            </Span>
          ),
        )}
      </Transform>
    </Box>
  );
}
