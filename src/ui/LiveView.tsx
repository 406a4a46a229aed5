import { Box } from 'ink';
import type { ReactNode } from 'react';
import { Bucket } from './Bucket.js';
import type { Frame, KeyMode } from './frame.js';
import { KeyLegend } from './KeyLegend.js';
import type { Layout } from './layout.js';
import { Sparklines } from './Sparklines.js';
import { StatusBar } from './StatusBar.js';
import type { Theme } from './theme.js';
import { Upstream } from './Upstream.js';
import { WaitHistogram } from './WaitHistogram.js';
import { WaitQueue } from './WaitQueue.js';
import { WaitStats } from './WaitStats.js';

/** Props of {@link LiveView}. */
export interface LiveViewProps {
  readonly frame: Frame;
  readonly layout: Layout;
  readonly theme: Theme;
  readonly keys: KeyMode;
  /** Set once the view is closing (see {@link KeyLegend}). */
  readonly closing?: 'finished' | 'interrupted' | undefined;
}

/** Columns of the stats column when the histogram sits beside it. */
const STATS_COLUMN_WIDTH = 33;

/**
 * One frame of the live view, top to bottom: title and playback line, the bucket of permits (or
 * "no semaphore"), the upstream panel when the run models one, the queue of waiters, wait
 * statistics (with the histogram when there is room), sparklines, keys. A pure function of its
 * props: what it shows depends on nothing else.
 */
export function LiveView({ frame, layout, theme, keys, closing }: LiveViewProps): ReactNode {
  const s = frame.snapshot;
  const gap = layout.gaps ? <Box height={1} /> : null;
  return (
    <Box flexDirection="column" paddingX={1} width={layout.width + 2}>
      <StatusBar frame={frame} width={layout.width} theme={theme} />
      {gap}
      <Bucket snapshot={s} configCapacity={frame.configCapacity} layout={layout.bucket} width={layout.width} theme={theme} />
      {gap}
      {layout.upstreamLines > 0 ? (
        <>
          <Upstream snapshot={s} theme={theme} />
          {gap}
        </>
      ) : null}
      <WaitQueue
        snapshot={s}
        timeoutMs={frame.timeoutMs}
        maxQueue={frame.maxQueue}
        maxCells={layout.waiterCells}
        shape={layout.waiterShape}
        theme={theme}
      />
      {gap}
      {layout.stats === 'wide' ? (
        <Box flexDirection="row" height={layout.statsLines}>
          <Box width={STATS_COLUMN_WIDTH} flexShrink={0} paddingRight={2}>
            <WaitStats snapshot={s} variant="wide" theme={theme} />
          </Box>
          <WaitHistogram
            bins={s.waitBins}
            maxMs={s.wait.max}
            width={layout.width - STATS_COLUMN_WIDTH}
            lines={layout.statsLines - 1}
            theme={theme}
          />
        </Box>
      ) : (
        <WaitStats snapshot={s} variant="compact" theme={theme} />
      )}
      {layout.sparklineWidth > 0 ? (
        <>
          {gap}
          <Sparklines inUse={frame.inUseHistory} waiting={frame.waitingHistory} capacity={s.capacity * s.semaphores}
            inUseNow={s.inUse}
            waitingNow={s.waiting}
            width={layout.sparklineWidth} theme={theme} />
        </>
      ) : null}
      {gap}
      <KeyLegend
        state={frame.state}
        keys={keys}
        closing={closing}
        capacityKeys={s.capacity !== Infinity}
        width={layout.width}
        theme={theme}
      />
    </Box>
  );
}
