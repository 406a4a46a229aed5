import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatCount, formatDuration } from '../report/format.js';
import type { Snapshot } from '../sim/snapshot.js';
import { Glyphs } from './Glyphs.js';
import { EXPIRING, WAITING, cells } from './drawing.js';
import type { CellShape } from './layout.js';
import { Span } from './Span.js';
import { NO_STYLE, type Theme } from './theme.js';

/** Props of {@link WaitQueue}. */
export interface WaitQueueProps {
  readonly snapshot: Snapshot;
  /** A waiter's timeout, ms (Infinity: none); waiters close to it are drawn as expiring. */
  readonly timeoutMs: number;
  /** Queue limit (Infinity: none); with one, rejections are always shown. */
  readonly maxQueue: number;
  /** Most waiter cells drawn; the rest are counted as "+N more". */
  readonly maxCells: number;
  readonly shape: CellShape;
  readonly theme: Theme;
}

/** Share of the timeout after which a waiter is drawn as about to give up. */
const EXPIRING_SHARE = 0.75;

/**
 * The requests waiting for a permit: how many, how long the oldest has waited, how many timed
 * out, were rejected or failed (their last call answered 429 or 5xx) so far, and one cell per
 * waiter — front of the queue (oldest) first, capped, the rest as "+N more".
 */
export function WaitQueue({ snapshot, timeoutMs, maxQueue, maxCells, shape, theme }: WaitQueueProps): ReactNode {
  const { waiting, waiterAgesMs } = snapshot;
  const shown = Math.min(waiting, maxCells, waiterAgesMs.length);
  let expiring = 0;
  if (timeoutMs !== Infinity) {
    // Counted over every cell shown: with several semaphores or priority levels, ages come level by
    // level, not oldest first overall. The expiring ones are drawn first either way.
    for (let i = 0; i < shown; i++) if ((waiterAgesMs[i] as number) >= EXPIRING_SHARE * timeoutMs) expiring++;
  }
  const calm = shown - expiring;
  const more = waiting - shown;
  const showTimedOut = timeoutMs !== Infinity || snapshot.timedOut > 0;
  const showRejected = maxQueue !== Infinity || snapshot.rejected > 0;
  // Calls fail only over an upstream limit or with an error rate.
  const showFailed = snapshot.upstreamLimit !== Infinity || snapshot.errorRate > 0 || snapshot.failed > 0;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Span style={theme.heading}>WAITING</Span>
        {'  '}
        <Span style={waiting > 0 ? theme.waiting : theme.value}>{formatCount(waiting)}</Span>
        {waiting > 0 ? (
          <>
            <Span style={theme.dim}>, oldest has waited </Span>
            <Span style={theme.value}>{formatDuration(snapshot.oldestWaitMs)}</Span>
          </>
        ) : null}
        {showTimedOut ? (
          <>
            <Span style={theme.dim}>, </Span>
            <Span style={snapshot.timedOut > 0 ? theme.warn : theme.dim}>{formatCount(snapshot.timedOut)} timed out</Span>
          </>
        ) : null}
        {showRejected ? (
          <>
            <Span style={theme.dim}>, </Span>
            <Span style={snapshot.rejected > 0 ? theme.bad : theme.dim}>{formatCount(snapshot.rejected)} rejected</Span>
          </>
        ) : null}
        {showFailed ? (
          <>
            <Span style={theme.dim}>, </Span>
            <Span style={snapshot.failed > 0 ? theme.bad : theme.dim}>{formatCount(snapshot.failed)} failed</Span>
          </>
        ) : null}
      </Text>
      {waiting === 0 ? (
        <Text wrap="truncate-end">
          <Span style={theme.dim}>no request is waiting for a permit</Span>
        </Text>
      ) : (
        <Box>
          <Glyphs
            runs={[
              { text: cells(expiring, EXPIRING, shape.glyphWidth, shape.gap), style: theme.warn },
              { text: expiring > 0 && calm > 0 ? ' '.repeat(shape.gap) : '', style: NO_STYLE },
              { text: cells(calm, WAITING, shape.glyphWidth, shape.gap), style: theme.waiting },
            ]}
          />
          {more > 0 ? (
            <Text wrap="truncate-end">
              <Span style={theme.dim}> +{formatCount(more)} more</Span>
            </Text>
          ) : null}
        </Box>
      )}
    </Box>
  );
}
