import { randomInt } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { atInput, InputError } from '../errors.js';
import { parseThreshold, type Threshold } from '../report/thresholds.js';
import { resolveScenarioRef } from '../scenario/builtin.js';
import { resolveConfig, type RunOptions } from '../scenario/resolve.js';
import { loadScenarioFile } from '../scenario/scenario-file.js';
import { readTraceFile } from '../scenario/trace-file.js';
import type { SimConfig } from '../sim/config.js';
import { addRunOptions } from './run-options.js';

/** Run options as commander hands them over (flags the user gave; nothing defaulted). */
export interface RunFlags extends Omit<RunOptions, 'seed'> {
  seed?: number | 'random';
  json?: boolean;
  live?: boolean;
  speed?: number | 'max';
  hold?: boolean;
  color?: boolean;
  debug?: boolean;
}

/** A run ready to simulate: its config and the thresholds to check afterwards. */
export interface PreparedRun {
  readonly config: SimConfig;
  readonly thresholds: readonly Threshold[];
}

/**
 * Combines a scenario (file path or built-in name, optional) with the flags given — flags
 * override file values — and validates everything, thresholds included, before anything runs.
 */
export function prepareRun(flags: RunFlags, scenarioRef?: string): PreparedRun {
  const { seed, json: _json, live: _live, speed: _speed, hold: _hold, color: _color, debug: _debug, ...given } = flags;
  const fromFlags: RunOptions = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as RunOptions;
  if (seed !== undefined) fromFlags.seed = seed === 'random' ? randomInt(0, 2 ** 48 - 1) : seed;

  let options: RunOptions = fromFlags;
  let thresholdSource = '--threshold';
  const cliThresholds = flags.thresholds;
  let expressions = cliThresholds ?? [];
  if (scenarioRef !== undefined) {
    const path = resolveScenarioRef(scenarioRef);
    const scenario = loadScenarioFile(path);
    options = { ...scenario.options, name: scenario.name, ...fromFlags };
    if (scenario.description !== undefined && options.description === undefined) options.description = scenario.description;
    if (cliThresholds === undefined && scenario.options.thresholds !== undefined) {
      expressions = scenario.options.thresholds;
      thresholdSource = `${path}: thresholds`;
    }
  }
  const thresholds = expressions.map((text) => atInput(thresholdSource, () => parseThreshold(text)));
  // A conflict may come from the file's own fields: say which file it was.
  const resolve = (): SimConfig => resolveConfig(options, readTraceFile);
  const resolved = scenarioRef === undefined ? resolve() : atInput(scenarioRef, resolve);
  const config: SimConfig = {
    ...resolved,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.description === undefined ? {} : { description: options.description }),
  };
  return { config, thresholds };
}

/**
 * Parses run flags from raw arguments (a scenario operand allowed), the way `semsim run` does;
 * for sweep workers, which receive arguments rather than parsed values. Errors are InputErrors.
 */
export function parseRunArgs(args: readonly string[], extraOptions: (cmd: Command) => Command = (c) => c): { flags: RunFlags; scenario: string | undefined } {
  let message = '';
  const cmd = extraOptions(addRunOptions(new Command('semsim')))
    .argument('[scenario]')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: (s) => (message += s), outputError: (s, write) => write(s) });
  try {
    cmd.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw new InputError(message.replace(/^error: /, '').trim());
    throw error;
  }
  return { flags: cmd.opts<RunFlags>(), scenario: cmd.args[0] };
}
