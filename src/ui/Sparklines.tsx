import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatCount } from '../report/format.js';
import { Glyphs } from './Glyphs.js';
import { sparkline } from './drawing.js';
import { Span } from './Span.js';
import type { Theme } from './theme.js';

/** Props of {@link Sparklines}. */
export interface SparklinesProps {
  /** Recent permits in use, oldest first. */
  readonly inUse: readonly number[];
  /** Recent waiters, oldest first. */
  readonly waiting: readonly number[];
  /** Permits now, of every semaphore: the in-use line's full scale (Infinity without a semaphore: scaled to its peak). */
  readonly capacity: number;
  /** Permits in use now (printed after the line). */
  readonly inUseNow: number;
  /** Waiters now (printed after the line). */
  readonly waitingNow: number;
  /** Columns of each sparkline. */
  readonly width: number;
  readonly theme: Theme;
}

const LABEL_WIDTH = 9;

/**
 * Recent history of permits in use (scaled to the capacity: a full line is a full bucket; without
 * a semaphore, to their peak) and of waiters (scaled to their peak in the window, which is printed).
 */
export function Sparklines({ inUse, waiting, capacity, inUseNow, waitingNow, width, theme }: SparklinesProps): ReactNode {
  const peak = peakOf(waiting, waitingNow);
  const bounded = capacity !== Infinity;
  const inUseScale = bounded ? capacity : peakOf(inUse, inUseNow);
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={LABEL_WIDTH} flexShrink={0}>
          <Text>
            <Span style={theme.label}>in use</Span>
          </Text>
        </Box>
        <Glyphs runs={[{ text: sparkline(inUse, inUseScale, width), style: theme.inUse }]} />
        <Text wrap="truncate-end">
          {' '}
          <Span style={theme.value}>{formatCount(inUseNow)}</Span>
          <Span style={theme.dim}>{bounded ? ` of ${formatCount(capacity)}` : ` peak ${formatCount(inUseScale)}`}</Span>
        </Text>
      </Box>
      <Box>
        <Box width={LABEL_WIDTH} flexShrink={0}>
          <Text>
            <Span style={theme.label}>waiting</Span>
          </Text>
        </Box>
        <Glyphs runs={[{ text: sparkline(waiting, peak, width), style: theme.waiting }]} />
        <Text wrap="truncate-end">
          {' '}
          <Span style={theme.value}>{formatCount(waitingNow)}</Span>
          <Span style={theme.dim}> peak {formatCount(peak)}</Span>
        </Text>
      </Box>
    </Box>
  );
}

/** The largest of `values` and `now`. */
function peakOf(values: readonly number[], now: number): number {
  let peak = now;
  for (const v of values) if (v > peak) peak = v;
  return peak;
}
