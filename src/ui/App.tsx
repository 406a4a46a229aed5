import { useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { PacedRunner } from '../sim/realtime.js';
import { modelSettings, takeSnapshot } from '../sim/snapshot.js';
import type { Frame } from './frame.js';
import { LevelHistory } from './history.js';
import { commandFor } from './keys.js';
import { planLayout, SPARKLINE_MAX_WIDTH, type Layout } from './layout.js';
import { LiveView } from './LiveView.js';
import type { Theme } from './theme.js';
import { upstreamLineCount } from './Upstream.js';

/**
 * Default frame period, ms: 15 frames per second. Each frame costs Ink a full redraw (about 10 ms
 * of CPU for a 100×25 view), so the frame rate is what the live view's CPU use scales with.
 */
export const FRAME_MS = 1000 / 15;

/** Starts calling `fn` every `ms` milliseconds; returns a function that stops it. */
export type FrameScheduler = (ms: number, fn: () => void) => () => void;

/** Terminal size in columns and lines. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** Props of {@link App}. */
export interface AppProps {
  /** Plays the simulation; the App ticks it once per frame and drives it from the keys. */
  readonly runner: PacedRunner;
  /** What is simulated, for the title line. */
  readonly title: string;
  readonly theme: Theme;
  /** Stay open at the natural end until q (r restarts). Ignored when keys are off: nothing could close it. */
  readonly hold: boolean;
  /** Called once when the view ends, just before it unmounts: `interrupted` when quit before the end. */
  readonly onEnd: (interrupted: boolean) => void;
  /** Frame period, ms (default {@link FRAME_MS}). */
  readonly frameMs?: number;
  /** Drives the frame loop (default: setInterval); tests pass one they fire by hand. */
  readonly every?: FrameScheduler;
  /** Terminal size; default: read from Ink's stdout, 80×24 when it does not say. */
  readonly size?: TerminalSize;
}

/** What one render shows: the frame and how it is laid out. */
interface ViewState {
  readonly frame: Frame;
  readonly layout: Layout;
  /** Changes whenever anything shown may have changed; equal keys mean nothing to redraw. */
  readonly key: string;
}

const intervalScheduler: FrameScheduler = (ms, fn) => {
  const timer = setInterval(fn, ms);
  return () => clearInterval(timer);
};

/**
 * The live view's stateful shell: runs the frame loop (tick the runner, sample the history,
 * redraw when something changed), maps keys to runner commands, follows terminal resizes, and
 * ends the app at the natural end (unless holding) or on q / Ctrl-C. Everything drawn comes from
 * {@link LiveView}, a pure function of the current frame.
 */
export function App({ runner, title, theme, hold, onEnd, frameMs = FRAME_MS, every = intervalScheduler, size }: AppProps): ReactNode {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const keysOn = isRawModeSupported === true;
  const holding = hold && keysOn;
  const [history] = useState(() => new LevelHistory(SPARKLINE_MAX_WIDTH));
  // The same Layout object while size, permits and model stay, so memoized parts of the view can skip.
  const layoutCache = useRef<{ key: string; layout: Layout } | null>(null);
  const [closing, setClosing] = useState<'finished' | 'interrupted' | undefined>(undefined);

  const compute = useCallback((): ViewState => {
    const terminal = size ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
    const sim = runner.sim;
    const permits = sim.capacity * sim.semaphores;
    // Fixed for a run, but a restart brings a new simulation: cheap to read again.
    const upstreamLines = upstreamLineCount(modelSettings(sim));
    const layoutKey = `${terminal.columns}x${terminal.rows}:${permits}:${upstreamLines}`;
    if (layoutCache.current?.key !== layoutKey) {
      layoutCache.current = { key: layoutKey, layout: planLayout(terminal.columns, terminal.rows, permits, upstreamLines) };
    }
    const layout = layoutCache.current.layout;
    const snapshot = takeSnapshot(sim, layout.waiterCells, Math.max(1, layout.histogramBins));
    const frame: Frame = {
      title,
      snapshot,
      state: runner.state,
      speed: runner.speed,
      lagging: runner.lagging,
      configCapacity: sim.config.capacity,
      timeoutMs: sim.config.timeoutMs,
      maxQueue: sim.config.maxQueue,
      warmupMs: sim.config.warmupMs,
      inUseHistory: history.inUse.last(layout.sparklineWidth),
      waitingHistory: history.waiting.last(layout.sparklineWidth),
    };
    const key = `${sim.eventCount}|${sim.now}|${sim.capacity}|${runner.state}|${runner.speed}|${runner.lagging}|${terminal.columns}x${terminal.rows}`;
    return { frame, layout, key };
  }, [runner, title, size, stdout, history]);

  const [view, setView] = useState(compute);
  const refresh = useCallback(() => {
    const next = compute();
    setView((previous) => (previous.key === next.key ? previous : next));
  }, [compute]);

  useEffect(() => {
    const onFrame = (): void => {
      runner.tick();
      history.sample(runner.sim);
      refresh();
    };
    onFrame();
    return every(frameMs, onFrame);
  }, [runner, history, refresh, every, frameMs]);

  useEffect(() => {
    stdout.on('resize', refresh);
    return () => {
      stdout.off('resize', refresh);
    };
  }, [stdout, refresh]);

  // At the natural end, close (keeping the last frame on screen) unless holding.
  useEffect(() => {
    if (view.frame.state === 'finished' && !holding && closing === undefined) setClosing('finished');
  }, [view.frame.state, holding, closing]);

  // Close after the closing frame has been drawn, so it is the one left on screen.
  useEffect(() => {
    if (closing === undefined) return;
    onEnd(closing === 'interrupted');
    exit();
  }, [closing, onEnd, exit]);

  const onKey = useCallback(
    (input: string, key: Key) => {
      if (closing !== undefined) return;
      const command = commandFor(input, key);
      if (command === null) return;
      switch (command.kind) {
        case 'quit':
          setClosing(runner.sim.finished ? 'finished' : 'interrupted');
          return;
        case 'toggle-pause':
          runner.togglePause();
          break;
        case 'step':
          runner.stepOnce();
          history.sample(runner.sim);
          break;
        case 'faster':
          runner.faster();
          break;
        case 'slower':
          runner.slower();
          break;
        case 'capacity':
          runner.changeCapacity(command.delta);
          break;
        case 'restart':
          runner.restart();
          history.clear();
          break;
      }
      refresh();
    },
    [runner, history, refresh, closing],
  );
  useInput(onKey, { isActive: keysOn });

  return <LiveView frame={view.frame} layout={view.layout} theme={theme} keys={keysOn ? 'on' : 'off'} closing={closing} />;
}
