import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import { formatCompact } from '../report/format.js';
import type { WaitBin } from '../sim/snapshot.js';
import { Glyphs } from './Glyphs.js';
import { IN_USE, split } from './drawing.js';
import { binLabel } from './labels.js';
import { Span } from './Span.js';
import type { Theme } from './theme.js';

/** Props of {@link WaitHistogram}. */
export interface WaitHistogramProps {
  readonly bins: readonly WaitBin[];
  /** Largest wait so far, ms (labels the last bin). */
  readonly maxMs: number;
  /** Columns available. */
  readonly width: number;
  /** Lines reserved for bins, so the panel keeps its height as bins appear. */
  readonly lines: number;
  readonly theme: Theme;
}

const LABEL_WIDTH = 11;
const COUNT_WIDTH = 7;
const BAR_MAX_WIDTH = 40;

/** How long served requests waited for a permit: one bar per bin, "no wait" first. */
export const WaitHistogram = memo(function WaitHistogram({ bins, maxMs, width, lines, theme }: WaitHistogramProps): ReactNode {
  const barWidth = Math.max(1, Math.min(BAR_MAX_WIDTH, width - LABEL_WIDTH - COUNT_WIDTH - 1));
  let peak = 0;
  for (const bin of bins) if (bin.count > peak) peak = bin.count;
  const rows = bins.slice(0, lines);
  return (
    <Box flexDirection="column" height={lines + 1}>
      <Text wrap="truncate-end">
        <Span style={theme.heading}>WAITS</Span>
        <Span style={theme.dim}> · requests served per wait time</Span>
      </Text>
      {rows.map((bin, i) => {
        const { filled } = split(peak === 0 ? 0 : bin.count / peak, barWidth);
        return (
          <Box key={i}>
            <Box width={LABEL_WIDTH} flexShrink={0}>
              <Text>
                <Span style={theme.label}>{binLabel(bin, maxMs)}</Span>
              </Text>
            </Box>
            {/* Widths instead of padding: spaces written as text cost as much per frame as glyphs. */}
            <Box width={barWidth} flexShrink={0}>
              <Glyphs runs={[{ text: IN_USE.repeat(filled), style: theme.bar }]} />
            </Box>
            <Box width={COUNT_WIDTH} flexShrink={0} justifyContent="flex-end">
              <Text>
                <Span style={theme.value}>{formatCompact(bin.count)}</Span>
              </Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}, sameHistogram);

/** Snapshots bring new bin arrays every frame: compare what is drawn, not identities. */
function sameHistogram(a: WaitHistogramProps, b: WaitHistogramProps): boolean {
  if (a.maxMs !== b.maxMs || a.width !== b.width || a.lines !== b.lines || a.theme !== b.theme || a.bins.length !== b.bins.length) return false;
  return a.bins.every((bin, i) => {
    const other = b.bins[i] as WaitBin;
    return bin.count === other.count && bin.fromMs === other.fromMs && bin.toMs === other.toMs;
  });
}
