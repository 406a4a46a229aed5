import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import { formatCount, formatPercent } from '../report/format.js';
import type { Snapshot } from '../sim/snapshot.js';
import { Glyphs } from './Glyphs.js';
import { FREE, IN_USE, cells, split } from './drawing.js';
import type { BucketLayout } from './layout.js';
import { Span } from './Span.js';
import { NO_STYLE, type Theme } from './theme.js';

/** Props of {@link Bucket}. */
export interface BucketProps {
  readonly snapshot: Snapshot;
  /** Capacity the run started with; a different current one is pointed out. */
  readonly configCapacity: number;
  readonly layout: BucketLayout;
  /** Columns available (for the bar). */
  readonly width: number;
  readonly theme: Theme;
}

/**
 * The semaphore as a bucket of permits: "37/40 in use", then one cell per permit (filled = held,
 * shaded = free) in rows, or a proportional bar when the permits do not fit as cells. With a
 * semaphore per key, every permit of every semaphore (capacity × semaphores). Without a semaphore,
 * one line instead: "NO SEMAPHORE · 200 calls in flight".
 */
export function Bucket({ snapshot, configCapacity, layout, width, theme }: BucketProps): ReactNode {
  const { capacity, semaphores, inUse } = snapshot;
  if (capacity === Infinity || layout.kind === 'none') {
    return (
      <Text wrap="truncate-end">
        <Span style={theme.heading}>NO SEMAPHORE</Span>
        <Span style={theme.dim}> · </Span>
        <Span style={theme.value}>{formatCount(snapshot.callsInFlight)}</Span>
        <Span style={theme.dim}> calls in flight</Span>
      </Text>
    );
  }
  const permits = capacity * semaphores;
  const over = inUse > permits;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Span style={theme.heading}>PERMITS</Span>
        {'  '}
        <Span style={over ? theme.warn : theme.value}>
          {formatCount(inUse)}/{formatCount(permits)} in use
        </Span>
        {semaphores > 1 ? <Span style={theme.dim}>, {formatCount(semaphores)} semaphores of {formatCount(capacity)}</Span> : null}
        {capacity !== configCapacity ? <Span style={theme.dim}> (was {formatCount(configCapacity)})</Span> : null}
        {over ? <Span style={theme.warn}>, over capacity until holders finish</Span> : null}
        <Span style={theme.dim}>, utilization so far </Span>
        <Span style={theme.label}>{formatPercent(snapshot.utilization)}</Span>
      </Text>
      {layout.kind === 'cells' ? <Grid inUse={inUse} capacity={permits} layout={layout} theme={theme} /> : <Bar inUse={inUse} capacity={permits} width={width} theme={theme} />}
    </Box>
  );
}

// Memoized: a redraw of the whole view happens every frame, but the cells change only when a
// permit is taken or given back; skipping them keeps React and Yoga work off most frames.
const Grid = memo(function Grid(props: {
  readonly inUse: number;
  readonly capacity: number;
  readonly layout: BucketLayout & { kind: 'cells' };
  readonly theme: Theme;
}): ReactNode {
  const { inUse, capacity, layout, theme } = props;
  const { shape, perRow, rows } = layout;
  const lines: ReactNode[] = [];
  for (let r = 0; r < rows; r++) {
    const inRow = Math.min(perRow, capacity - r * perRow);
    const filled = Math.max(0, Math.min(inRow, inUse - r * perRow));
    const free = inRow - filled;
    if (r > 0 && shape.height > 1) lines.push(<Box key={`gap${r}`} height={1} />);
    for (let h = 0; h < shape.height; h++) {
      lines.push(
        <Glyphs
          key={`${r}.${h}`}
          runs={[
            { text: cells(filled, IN_USE, shape.glyphWidth, shape.gap), style: theme.inUse },
            { text: filled > 0 && free > 0 ? ' '.repeat(shape.gap) : '', style: NO_STYLE },
            { text: cells(free, FREE, shape.glyphWidth, shape.gap), style: theme.free },
          ]}
        />,
      );
    }
  }
  return <Box flexDirection="column">{lines}</Box>;
});

const Bar = memo(function Bar(props: { readonly inUse: number; readonly capacity: number; readonly width: number; readonly theme: Theme }): ReactNode {
  const { filled, empty } = split(props.inUse / props.capacity, props.width);
  return (
    <Glyphs
      runs={[
        { text: IN_USE.repeat(filled), style: props.theme.inUse },
        { text: FREE.repeat(empty), style: props.theme.free },
      ]}
    />
  );
});
