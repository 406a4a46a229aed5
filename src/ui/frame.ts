import type { PlaybackState } from '../sim/realtime.js';
import type { Snapshot } from '../sim/snapshot.js';

/**
 * Everything one frame of the live view shows, as plain data: the simulation's snapshot plus the
 * playback state and the recent history. Components are pure functions of a Frame and a Layout.
 */
export interface Frame {
  /** What is simulated (describeRun of the config). */
  readonly title: string;
  readonly snapshot: Snapshot;
  readonly state: PlaybackState;
  /** Playback speed: virtual ms per wall ms. */
  readonly speed: number;
  /** True when playback cannot keep up with the speed. */
  readonly lagging: boolean;
  /** Capacity the run started with (the snapshot's may differ after ↑/↓). */
  readonly configCapacity: number;
  /** Timeout of a waiter, ms (Infinity: none). */
  readonly timeoutMs: number;
  /** Queue limit (Infinity: none). */
  readonly maxQueue: number;
  /** Requests issued during the warm-up are left out of the counts (ms; 0: no warm-up). */
  readonly warmupMs: number;
  /** Recent permits in use, oldest first. */
  readonly inUseHistory: readonly number[];
  /** Recent waiters, oldest first. */
  readonly waitingHistory: readonly number[];
}

/** What the key legend offers. */
export type KeyMode = 'on' | 'off';
