import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatCount, formatDuration, formatRate, padEnd, padStart } from '../report/format.js';
import type { Snapshot } from '../sim/snapshot.js';
import { Span } from './Span.js';
import type { Theme } from './theme.js';

/** Props of {@link WaitStats}. */
export interface WaitStatsProps {
  readonly snapshot: Snapshot;
  /** `wide`: a heading and one line per figure (7 lines); `compact`: everything on two lines. */
  readonly variant: 'wide' | 'compact';
  readonly theme: Theme;
}

const PERCENTILES = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['max', 'max'],
] as const;

/** Live wait-for-a-permit percentiles of the requests served so far, and the throughput. */
export function WaitStats({ snapshot, variant, theme }: WaitStatsProps): ReactNode {
  const { wait } = snapshot;
  const served = `${formatCount(wait.count)} served`;
  const throughput = (
    <>
      <Span style={theme.label}>throughput</Span> <Span style={theme.value}>{formatRate(snapshot.throughputPerSec)}</Span>
    </>
  );
  if (variant === 'compact') {
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">
          <Span style={theme.heading}>WAIT</Span>
          {PERCENTILES.map(([label, key]) => (
            <Text key={key}>
              {'  '}
              <Span style={theme.label}>{label}</Span> <Span style={theme.value}>{formatDuration(wait[key])}</Span>
            </Text>
          ))}
        </Text>
        <Text wrap="truncate-end">
          {throughput}
          <Span style={theme.dim}>, {served}</Span>
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Span style={theme.heading}>WAIT FOR A PERMIT</Span>
      </Text>
      {PERCENTILES.map(([label, key]) => (
        <Text key={key} wrap="truncate-end">
          {'  '}
          <Span style={theme.label}>{padEnd(label, 5)}</Span>
          <Span style={key === 'p99' || key === 'max' ? theme.waiting : theme.value}>{padStart(formatDuration(wait[key]), 9)}</Span>
        </Text>
      ))}
      <Text wrap="truncate-end">{throughput}</Text>
      <Text wrap="truncate-end">
        <Span style={theme.dim}>{served} so far</Span>
      </Text>
    </Box>
  );
}
