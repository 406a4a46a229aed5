import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, didYouMeanHint } from '../dist/did-you-mean.js';
import { InputError } from '../errors.js';
import { loadScenarioFile } from './scenario-file.js';

/**
 * The `scenarios/` folder of the installed package. This module sits two levels below the package
 * root both as `src/scenario/builtin.ts` (tests) and as `dist/scenario/builtin.js` (installed).
 */
export const BUILTIN_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const SCENARIO_FILE = /\.(?:ya?ml|json)$/i;
const BUILTIN_FILE = /\.ya?ml$/i;

/** A scenario shipped with semsim, run by name (`semsim run poisson-95`). */
export interface BuiltinScenario {
  /** The name to run it by: its file name without the extension. */
  readonly name: string;
  /** Its one-line description ('' when the file has none). */
  readonly description: string;
  /** Absolute path of the file. */
  readonly path: string;
}

/** The built-in scenarios, sorted by name. Throws InputError if one of them does not load. */
export function listBuiltins(dir: string = BUILTIN_DIR): BuiltinScenario[] {
  return builtinFiles(dir).map((file) => {
    const path = join(dir, file);
    const scenario = loadScenarioFile(path);
    return { name: basename(file, extname(file)), description: scenario.description ?? '', path };
  });
}

/**
 * Turns what the user typed into the path of a scenario file: a path when it exists, contains a
 * slash or ends in .yaml/.yml/.json (a missing file is then reported when it is read), else the
 * name of a built-in. An unknown name is an InputError with a did-you-mean and a hint to `semsim list`.
 */
export function resolveScenarioRef(ref: string, dir: string = BUILTIN_DIR): string {
  if (existsSync(ref) || SCENARIO_FILE.test(ref) || /[\\/]/.test(ref)) return ref;
  const files = builtinFiles(dir);
  const names = files.map((file) => basename(file, extname(file)));
  const index = names.indexOf(ref);
  const file = files[index];
  if (file !== undefined) return join(dir, file);
  const command = didYouMean(ref, ['run', 'list', 'compare', 'sweep']);
  if (command !== undefined && didYouMean(ref, names) === undefined) {
    throw new InputError(`"${ref}": not a command, scenario file or built-in scenario (did you mean the command "${command}"?)`);
  }
  throw new InputError(
    `"${ref}": no such scenario file or built-in scenario${didYouMeanHint(ref, names)}; run "semsim list" to see the built-ins`,
  );
}

function builtinFiles(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.filter((file) => BUILTIN_FILE.test(file)).sort();
}
