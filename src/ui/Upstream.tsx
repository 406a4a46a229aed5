import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatCount, formatDuration, formatRate } from '../report/format.js';
import type { ModelSettings, Snapshot } from '../sim/snapshot.js';
import { Span } from './Span.js';
import type { Style, Theme } from './theme.js';

/** Which lines of the upstream panel a run's model puts in play. */
export interface UpstreamLines {
  /** Calls at the provider, 429s, 5xx and backoff: with an upstream limit, errors or retries. */
  readonly upstream: boolean;
  /** Tokens and calls waiting for one: with a rate limit. */
  readonly rateLimit: boolean;
  /** On time, late and goodput: with a deadline. */
  readonly deadline: boolean;
}

/** The lines of the upstream panel that apply to a run with these settings. */
export function upstreamLines(m: ModelSettings): UpstreamLines {
  return {
    upstream: m.upstreamLimit !== Infinity || m.errorRate > 0 || m.attempts > 1,
    rateLimit: !Number.isNaN(m.bucketSize),
    deadline: m.deadlineMs !== Infinity,
  };
}

/** How many lines the upstream panel takes for these settings (0 for a plain run). */
export function upstreamLineCount(m: ModelSettings): number {
  const lines = upstreamLines(m);
  return Number(lines.upstream) + Number(lines.rateLimit) + Number(lines.deadline);
}

/** Props of {@link Upstream}. */
export interface UpstreamProps {
  readonly snapshot: Snapshot;
  readonly theme: Theme;
}

/**
 * What happens past the semaphore, one line per part of the model in play (nothing at all for a
 * plain run):
 *
 * ```
 * UPSTREAM  38/40 calls in flight · 429s 1,204 · 5xx 12 · in backoff 17
 * RATE LIMIT  tokens 3.2/10 · 4 calls waiting for a token
 * DEADLINE  2.00 s · on time 812 · late 96 · goodput 180 req/s
 * ```
 *
 * Within a line, only the figures that apply: 429s with an upstream limit, 5xx with an error
 * rate, backoff with retries.
 */
export function Upstream({ snapshot: s, theme }: UpstreamProps): ReactNode {
  const lines = upstreamLines(s);
  if (!lines.upstream && !lines.rateLimit && !lines.deadline) return null;
  const sep = <Span style={theme.dim}> · </Span>;
  return (
    <Box flexDirection="column">
      {lines.upstream ? (
        <Text wrap="truncate-end">
          <Span style={theme.heading}>UPSTREAM</Span>
          {'  '}
          <Span style={theme.value}>
            {formatCount(s.upstreamInFlight)}
            {s.upstreamLimit === Infinity ? '' : `/${formatCount(s.upstreamLimit)}`}
          </Span>
          <Span style={theme.dim}> calls in flight</Span>
          {s.upstreamLimit === Infinity ? null : (
            <>
              {sep}
              <Figure label="429s" value={s.throttled} style={s.throttled > 0 ? theme.warn : theme.value} theme={theme} />
            </>
          )}
          {s.errorRate > 0 ? (
            <>
              {sep}
              <Figure label="5xx" value={s.errors} style={s.errors > 0 ? theme.bad : theme.value} theme={theme} />
            </>
          ) : null}
          {s.attempts > 1 ? (
            <>
              {sep}
              <Figure label="in backoff" value={s.inBackoff} style={s.inBackoff > 0 ? theme.waiting : theme.value} theme={theme} />
            </>
          ) : null}
        </Text>
      ) : null}
      {lines.rateLimit ? (
        <Text wrap="truncate-end">
          <Span style={theme.heading}>RATE LIMIT</Span>
          {'  '}
          <Span style={theme.dim}>tokens </Span>
          <Span style={theme.value}>
            {formatTokens(s.tokens)}/{formatCount(s.bucketSize)}
          </Span>
          {sep}
          <Span style={s.tokenWaiting > 0 ? theme.waiting : theme.value}>{formatCount(s.tokenWaiting)}</Span>
          <Span style={theme.dim}> {s.tokenWaiting === 1 ? 'call' : 'calls'} waiting for a token</Span>
        </Text>
      ) : null}
      {lines.deadline ? (
        <Text wrap="truncate-end">
          <Span style={theme.heading}>DEADLINE</Span>
          {'  '}
          <Span style={theme.value}>{formatDuration(s.deadlineMs)}</Span>
          {sep}
          <Figure label="on time" value={s.completed - s.late} style={theme.value} theme={theme} />
          {sep}
          <Figure label="late" value={s.late} style={s.late > 0 ? theme.warn : theme.value} theme={theme} />
          {sep}
          <Span style={theme.dim}>goodput </Span>
          <Span style={theme.value}>{formatRate(s.goodputPerSec)}</Span>
        </Text>
      ) : null}
    </Box>
  );
}

/** "label 1,204": a dim label and a count in `style`. */
function Figure({ label, value, style, theme }: { readonly label: string; readonly value: number; readonly style: Style; readonly theme: Theme }): ReactNode {
  return (
    <>
      <Span style={theme.dim}>{label} </Span>
      <Span style={style}>{formatCount(value)}</Span>
    </>
  );
}

/** Tokens in the bucket with one decimal (the bucket refills continuously): `3.2`, `1,024.0`. */
export function formatTokens(tokens: number): string {
  if (Number.isNaN(tokens)) return '-';
  return tokens.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
