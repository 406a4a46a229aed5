import type { SimConfig } from '../sim/config.js';
import type { Simulation } from '../sim/engine.js';
import type { FrameScheduler } from './App.js';

/** Options of a live run. */
export interface LiveOptions {
  readonly config: SimConfig;
  /** Playback speed: virtual ms per wall ms (1 = real time). */
  readonly speed: number;
  /** Stay open after the natural end until q (r restarts). */
  readonly hold: boolean;
  /** Colours on (false: not a single escape code for colour or emphasis). */
  readonly color: boolean;
  /** The terminal to draw on. */
  readonly stdout: NodeJS.WriteStream;
  /** Keyboard; keys are off when absent or not a terminal. */
  readonly stdin: NodeJS.ReadStream | undefined;
  /** Wall clock, ms. */
  readonly now: () => number;
  /**
   * Registers a handler for an interrupt from outside the keyboard (SIGINT while stdin is not a
   * terminal); returns a function that removes it. Optional: without it, such a signal ends the
   * process the default way.
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
  /** Frame loop (default: setInterval at 15 fps); for tests and benchmarks. */
  readonly every?: FrameScheduler;
}

/**
 * Plays a run live in the terminal with Ink until its natural end (the last frame stays on
 * screen) or until q / Ctrl-C. Resolves once Ink has unmounted and the terminal is restored
 * (cursor shown, raw mode off), with the simulation last played (after `r`, the restarted one)
 * and whether the user quit before the end.
 *
 * React and Ink load here, lazily: unless NODE_ENV says otherwise, React's production build is
 * chosen first — the development build costs several times the CPU per frame.
 */
export async function runLive(options: LiveOptions): Promise<{ sim: Simulation; interrupted: boolean }> {
  process.env.NODE_ENV ??= 'production';
  const { playLive } = await import('./play-live.js');
  return playLive(options);
}
