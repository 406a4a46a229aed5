import { Text } from 'ink';
import { memo, type ReactNode } from 'react';
import type { PlaybackState } from '../sim/realtime.js';
import type { KeyMode } from './frame.js';
import { columns } from './labels.js';
import { Span } from './Span.js';
import type { Theme } from './theme.js';

/** Props of {@link KeyLegend}. */
export interface KeyLegendProps {
  readonly state: PlaybackState;
  /** `off` when stdin is not a terminal: no key works. */
  readonly keys: KeyMode;
  /** Set once the view is closing: the legend then says what comes next instead of listing keys. */
  readonly closing?: 'finished' | 'interrupted' | undefined;
  /** False without a semaphore: ↑/↓ and PgUp/PgDn have no permits to change and are left out (default true). */
  readonly capacityKeys?: boolean;
  /** Columns available: items that do not fit are left out, least useful first. */
  readonly width: number;
  readonly theme: Theme;
}

/** One legend entry: the key, what it does, and how much it matters (lower is dropped first). */
interface Item {
  readonly key: string;
  readonly action: string;
  readonly priority: number;
}

const SEPARATOR = '  ';

/** The one-line key legend; it follows the state (space resumes when paused, only r/q at the end). */
export const KeyLegend = memo(function KeyLegend({ state, keys, closing, capacityKeys = true, width, theme }: KeyLegendProps): ReactNode {
  if (closing !== undefined) {
    return (
      <Text wrap="truncate-end">
        <Span style={theme.dim}>{closing === 'finished' ? 'finished: the report follows' : 'stopped early: the report so far follows'}</Span>
      </Text>
    );
  }
  if (keys === 'off') {
    return (
      <Text wrap="truncate-end">
        <Span style={theme.dim}>keys are off: stdin is not a terminal</Span>
      </Text>
    );
  }
  const items = fit(itemsFor(state, capacityKeys), width);
  return (
    <Text wrap="truncate-end">
      {items.map((item, i) => (
        <Text key={item.key}>
          {i > 0 ? SEPARATOR : ''}
          <Span style={theme.key}>{item.key}</Span> <Span style={theme.dim}>{item.action}</Span>
        </Text>
      ))}
    </Text>
  );
});

function itemsFor(state: PlaybackState, capacityKeys: boolean): Item[] {
  const quit = { key: 'q', action: 'quit', priority: 9 };
  const restart = { key: 'r', action: 'restart', priority: 3 };
  if (state === 'finished') return [restart, quit];
  return [
    { key: 'space', action: state === 'paused' ? 'resume' : 'pause', priority: 8 },
    { key: 's', action: 'step', priority: 5 },
    { key: '+/-', action: 'speed', priority: 7 },
    ...(capacityKeys
      ? [
          { key: '↑/↓', action: 'permits', priority: 6 },
          { key: 'PgUp/PgDn', action: '±10', priority: 2 },
        ]
      : []),
    restart,
    quit,
  ];
}

/** Drops the least useful items until the line fits in `width` columns. */
function fit(items: Item[], width: number): Item[] {
  const kept = [...items];
  const length = (list: Item[]): number =>
    list.reduce((n, item, i) => n + (i > 0 ? SEPARATOR.length : 0) + columns(item.key) + 1 + columns(item.action), 0);
  while (kept.length > 1 && length(kept) > width) {
    let lowest = 0;
    for (let i = 1; i < kept.length; i++) if ((kept[i] as Item).priority < (kept[lowest] as Item).priority) lowest = i;
    kept.splice(lowest, 1);
  }
  return kept;
}
