import { PassThrough } from 'node:stream';
import { render } from 'ink';
import { describeRun } from '../report/text.js';
import { Simulation } from '../sim/engine.js';
import { PacedRunner } from '../sim/realtime.js';
import { App } from './App.js';
import type { LiveOptions } from './live.js';
import { themeFor } from './theme.js';

/**
 * Plays a run live with Ink — the one render() call of semsim. See {@link runLive}, which loads
 * this module once React's build has been chosen.
 */
export async function playLive(options: LiveOptions): Promise<{ sim: Simulation; interrupted: boolean }> {
  const { config } = options;
  const runner = new PacedRunner(() => new Simulation(config), { speed: options.speed, now: options.now });
  let interrupted: boolean | undefined;
  const instance = render(
    <App
      runner={runner}
      // A scenario's description is its lesson: on the wall it says more than the parameters.
      title={config.description === undefined ? describeRun(config) : `${config.name ?? 'semsim'} — ${config.description}`}
      theme={themeFor(options.color)}
      hold={options.hold}
      every={options.every}
      onEnd={(quitEarly) => {
        interrupted = quitEarly;
      }}
    />,
    {
      stdout: options.stdout,
      stdin: options.stdin ?? detachedStdin(),
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  const stopListening = options.onInterrupt?.(() => {
    interrupted ??= !runner.sim.finished;
    instance.unmount();
  });
  try {
    await instance.waitUntilExit();
  } finally {
    stopListening?.();
  }
  return { sim: runner.sim, interrupted: interrupted ?? !runner.sim.finished };
}

/** A stdin that is not a terminal and never sends anything, so Ink leaves process.stdin alone. */
function detachedStdin(): NodeJS.ReadStream {
  return Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
}
