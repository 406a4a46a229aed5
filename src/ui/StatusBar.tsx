import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatCount, formatDuration } from '../report/format.js';
import type { PlaybackState } from '../sim/realtime.js';
import type { Frame } from './frame.js';
import { Glyphs } from './Glyphs.js';
import { FREE, IN_USE, split } from './drawing.js';
import { columns, formatSpeed } from './labels.js';
import { Span } from './Span.js';
import type { Theme } from './theme.js';

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  readonly frame: Frame;
  /** Columns available. */
  readonly width: number;
  readonly theme: Theme;
}

const STATE_LABEL: Record<PlaybackState, string> = { running: '▶ RUNNING', paused: '‖ PAUSED', finished: '■ FINISHED' };
const GAUGE_MAX = 30;

/**
 * The title (what is simulated) and the playback line: state, virtual clock, speed and a progress
 * gauge — requests done out of the total, or virtual time out of the duration.
 */
export function StatusBar({ frame, width, theme }: StatusBarProps): ReactNode {
  const s = frame.snapshot;
  const stateStyle = theme[frame.state];
  const clock = `t ${formatDuration(s.nowMs)}`;
  const speed = `speed ${formatSpeed(frame.speed)}${frame.lagging ? ' (CPU-bound)' : ''}`;
  const progress = progressOf(frame);
  const fixed = columns(STATE_LABEL[frame.state]) + columns(clock) + columns(speed) + columns(progress.text) + 4 * 3;
  const gaugeWidth = Math.max(0, Math.min(GAUGE_MAX, width - fixed));
  const gauge = split(progress.fraction, gaugeWidth);
  const sep = <Span style={theme.dim}>{'   '}</Span>;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Span style={theme.title}>{frame.title}</Span>
      </Text>
      <Box>
        <Box flexShrink={0}>
          <Text>
            <Span style={stateStyle}>{STATE_LABEL[frame.state]}</Span>
            {sep}
            <Span style={theme.value}>{clock}</Span>
            {sep}
            <Span style={frame.lagging ? theme.warn : theme.label}>{speed}</Span>
            {sep}
          </Text>
        </Box>
        {gaugeWidth > 0 ? (
          <Glyphs
            runs={[
              { text: IN_USE.repeat(gauge.filled), style: theme.inUse },
              { text: FREE.repeat(gauge.empty), style: theme.free },
              { text: ' ', style: theme.free },
            ]}
          />
        ) : null}
        <Text wrap="truncate-end">
          <Span style={theme.value}>{progress.text}</Span>
        </Text>
      </Box>
    </Box>
  );
}

/** How far the run is: requests ended of the total, or virtual time of the duration. */
function progressOf(frame: Frame): { fraction: number; text: string } {
  const s = frame.snapshot;
  const ended = s.completed + s.timedOut + s.rejected + s.failed;
  const inFlight = s.issued > ended && !s.finished ? `, ${formatCount(s.issued)} issued` : '';
  if (s.requests !== Infinity) {
    // Warm-up requests are left out of every count, so progress there is issued of requested.
    const fraction = s.finished ? 1 : frame.warmupMs > 0 ? s.issued / s.requests : ended / s.requests;
    return { fraction, text: `${formatCount(ended)}/${formatCount(s.requests)} done${inFlight}` };
  }
  if (s.durationMs !== Infinity) {
    const fraction = s.finished ? 1 : s.nowMs / s.durationMs;
    return { fraction, text: `${formatDuration(Math.min(s.nowMs, s.durationMs))} of ${formatDuration(s.durationMs)}${inFlight}` };
  }
  return { fraction: s.finished ? 1 : 0, text: `${formatCount(ended)} done${inFlight}` };
}
