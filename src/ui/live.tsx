// Placeholder until the live view lands (issue 3): the CLI imports this only on a terminal.
import type { SimConfig } from '../sim/config.js';
import type { Simulation } from '../sim/engine.js';

/** Options of a live run. */
export interface LiveOptions {
  readonly config: SimConfig;
  readonly speed: number;
  readonly hold: boolean;
  readonly color: boolean;
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream | undefined;
  readonly now: () => number;
}

/** Plays a run live; resolves with the final simulation and whether the user quit early. */
export async function runLive(_options: LiveOptions): Promise<{ sim: Simulation; interrupted: boolean }> {
  throw new Error('the live view is not available yet: run with --no-live');
}
