import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Chalk, supportsColor } from 'chalk';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { parseRunArgs, prepareRun, type PreparedRun, type RunFlags } from './cli/prepare.js';
import { addRunOptions } from './cli/run-options.js';
import { addSweepOptions } from './cli/sweep-options.js';
import { defaultParallelism, runSweepJobs } from './cli/sweep-runner.js';
import { atInput, ExitCode, InputError, SemsimError } from './errors.js';
import { compareToJson, formatComparison, type CompareColumn } from './report/compare.js';
import { wrapWords } from './report/format.js';
import { formatJson, toJsonReport, type JsonReport } from './report/json.js';
import { plainPaint, type Paint } from './report/paint.js';
import { formatSweep, parseVariation, sweepGrid, sweepToJson, type SweepPoint } from './report/sweep.js';
import { formatTextReport } from './report/text.js';
import { checkThresholds, formatThresholdLines, parseThreshold, type ThresholdResult } from './report/thresholds.js';
import { listBuiltins } from './scenario/builtin.js';
import { Simulation } from './sim/engine.js';
import { simulate } from './sim/index.js';
import { collectResult, type RunResult } from './sim/result.js';

/** A stream the CLI writes to: process.stdout or a test double. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

/** Everything the CLI touches outside itself, injected so tests can run it in-process. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Keyboard input for the live view (process.stdin); absent in tests of headless runs. */
  readonly stdin?: NodeJS.ReadStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/** The process's real streams, environment and SIGINT. */
export function processIo(): CliIo {
  // `semsim … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt: (handler) => {
      // SIGTERM (a CI timeout, `kill`) stops a run like Ctrl-C: the report so far, exit 130.
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

// Headless runs yield to the event loop this often, so Ctrl-C is noticed during long runs.
const EVENTS_PER_SLICE = 250_000;

/**
 * Builds the commander program. The run action reports through `io` and records the exit code in
 * `state.exitCode`; nothing here exits the process.
 */
export function createProgram(io: CliIo, state: { exitCode: number; argv: readonly string[] } = { exitCode: 0, argv: [] }): Command {
  const program = new Command('semsim')
    .description(
      'Simulate requests going through a semaphore (a concurrency limit) in front of an upstream API, ' +
        'and report how long they wait for a permit.',
    )
    .version(version, '-V, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Commander puts "(Did you mean …?)" on a second line: keep every error on one line.
      outputError: (s, write) => write(s.replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')),
    })
    .showSuggestionAfterError(true);

  const runAction = async (scenarios: string[], flags: RunFlags): Promise<void> => {
    state.exitCode = await runCommand(scenarios, flags, io);
  };
  addRunOptions(program).argument('[scenario...]', 'scenario files or built-in names (see `semsim list`)').action(runAction);
  addRunOptions(
    program
      .command('run')
      .description('run simulations: flags alone, or scenario files / built-in names with flags overriding them (the default command)')
      .argument('[scenario...]', 'scenario files or built-in names'),
  ).action(runAction);

  program
    .command('list')
    .description('list the built-in scenarios')
    .action(() => {
      const builtins = listBuiltins();
      const width = Math.max(...builtins.map((b) => b.name.length)) + 2;
      // Descriptions wrap under themselves so every line fits 80 columns.
      for (const b of builtins) {
        wrapWords(b.description, 80 - width).forEach((line, i) => io.stdout.write(`${(i === 0 ? b.name : '').padEnd(width)}${line}\n`));
      }
    });

  addRunOptions(
    program
      .command('compare')
      .description('run scenarios (files, built-in names or saved --json reports) side by side')
      .argument('<scenarios...>', 'two or more scenario files, built-in names or saved JSON reports')
      .option('--replications <k>', 'run each scenario over K seeds and report 95 % confidence intervals', parseReplications),
  ).action(async (refs: string[], flags: RunFlags & { replications?: number }) => {
    state.exitCode = await compareCommand(refs, flags, io);
  });

  addSweepOptions(
    addRunOptions(
      program
        .command('sweep')
        .description('run a scenario over a range of values of a field: "how many permits do I need?"')
        .argument('[scenario]', 'a scenario file or built-in name (flags alone otherwise)'),
    ),
  ).action(async (scenario: string | undefined, flags: RunFlags & { vary?: string[]; target?: string[]; jobs?: string }) => {
    state.exitCode = await sweepCommand(scenario, flags, state.argv, io);
  });
  return program;
}

/**
 * Runs the CLI with `argv` (as in process.argv: node, script, args…).
 * @returns the exit code: 0 ok, 1 unexpected error, 2 bad input, 130 interrupted.
 */
export async function main(argv: readonly string[] = process.argv, io: CliIo = processIo()): Promise<number> {
  const state = { exitCode: 0, argv };
  const debug = argv.includes('--debug');
  try {
    await createProgram(io, state).parseAsync([...argv]);
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here too; every other commander error is a usage error.
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return ok ? ExitCode.ok : ExitCode.badInput;
    }
    if (error instanceof SemsimError) {
      io.stderr.write(`error: ${error.message}\n`);
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: unexpected: ${message}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('(run again with --debug for the stack trace, and please report it)\n');
    return ExitCode.unexpected;
  }
}

async function runCommand(scenarios: readonly string[], flags: RunFlags, io: CliIo): Promise<number> {
  const refs = scenarios.length === 0 ? [undefined] : scenarios;
  // Validate every scenario before running any: bad input never wastes a run.
  const runs = refs.map((ref) => prepareRun(flags, ref));
  const paint = paintFor(io, flags.color !== false);
  const live = runs.length === 1 && flags.live !== false && flags.json !== true && io.stdout.isTTY === true && flags.speed !== 'max' && !inCi(io.env);
  const json: object[] = [];
  let failed = false;
  for (const run of runs) {
    const { result, interrupted } = live ? await runLiveView(run.config, flags, io) : await runHeadless(run.config, io);
    const report = toJsonReport(result);
    const checked = checkThresholds(run.thresholds, report);
    failed ||= checked.some((r) => !r.passed);
    if (flags.json) json.push(withThresholds(report, checked));
    else {
      if (run !== runs[0]) io.stdout.write('\n');
      if (checked.length > 0) io.stdout.write(`${formatThresholdLines(checked, paint)}\n`);
      io.stdout.write(formatTextReport(result, paint));
    }
    if (interrupted) {
      if (flags.json) io.stdout.write(formatJsonValue(json.length === 1 ? json[0] : json));
      return ExitCode.interrupted;
    }
  }
  if (flags.json) io.stdout.write(formatJsonValue(json.length === 1 ? json[0] : json));
  return failed ? ExitCode.thresholdsFailed : ExitCode.ok;
}

function withThresholds(report: JsonReport, checked: readonly ThresholdResult[]): object {
  return checked.length === 0 ? report : { ...report, thresholds: checked };
}

function formatJsonValue(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Runs each scenario over the same seeds (or reads its saved report) and prints them side by side. */
async function compareCommand(refs: readonly string[], flags: RunFlags & { replications?: number }, io: CliIo): Promise<number> {
  if (refs.length < 2) throw new InputError(`compare: needs at least two scenarios, got ${refs.length}`);
  if (flags.thresholds !== undefined) {
    throw new InputError('--threshold: compare does not check thresholds; run each scenario with `semsim run … --threshold` for that');
  }
  const replications = flags.replications ?? 1;
  // Every scenario runs on the same seeds, so differences come from the scenarios, not from luck.
  const baseSeed = typeof flags.seed === 'number' ? flags.seed : 1;
  const inputs = refs.map((ref) => readSavedReport(ref) ?? { ref, run: prepareRun({ ...flags, seed: baseSeed }, ref) });
  let interrupted = false;
  const stop = io.onInterrupt(() => {
    interrupted = true;
  });
  const columns: CompareColumn[] = [];
  try {
    for (const input of inputs) {
      if ('report' in input) {
        const name = input.report.config.name ?? input.path;
        columns.push({
          name,
          // The path is not repeated when it already is the column's name.
          source: `saved report${name === input.path ? '' : ` ${input.path}`}, not re-run: flags do not apply${input.report.interrupted ? '; INTERRUPTED run' : ''}`,
          reports: [input.report],
        });
        continue;
      }
      const reports: JsonReport[] = [];
      for (let i = 0; i < replications && !interrupted; i++) {
        reports.push(toJsonReport(simulate({ ...input.run.config, seed: baseSeed + i })));
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (interrupted) break;
      columns.push({ name: input.run.config.name ?? input.ref, source: input.ref, reports });
    }
  } finally {
    stop();
  }
  if (interrupted) {
    io.stderr.write(`interrupted: ${columns.length} of ${inputs.length} scenarios done\n`);
    if (columns.length === 0) return ExitCode.interrupted;
  }
  if (flags.json) io.stdout.write(formatJsonValue(compareToJson(columns)));
  else io.stdout.write(formatComparison(columns, paintFor(io, flags.color !== false)));
  return interrupted ? ExitCode.interrupted : ExitCode.ok;
}

/** A saved `--json` report given to compare, or undefined when `ref` is not one. */
function readSavedReport(ref: string): { path: string; report: JsonReport } | undefined {
  if (!ref.endsWith('.json')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(ref, 'utf8'));
  } catch {
    return undefined; // not readable JSON: let the scenario loader explain what is wrong
  }
  const report = value as Partial<JsonReport>;
  if (typeof value !== 'object' || value === null || report.requests === undefined || report.histograms === undefined) return undefined;
  if (report.schemaVersion !== 1) {
    throw new InputError(`${ref}: a semsim report of schemaVersion ${String(report.schemaVersion)}; this semsim reads schemaVersion 1`);
  }
  return { path: ref, report: report as JsonReport };
}

function parseReplications(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 10_000) {
    throw new InvalidArgumentError('expected a number of seeds, an integer from 1 to 10000');
  }
  return n;
}

/** Runs a scenario over every combination of the varied values, in parallel, and tabulates them. */
async function sweepCommand(
  scenario: string | undefined,
  flags: RunFlags & { vary?: string[]; target?: string[]; jobs?: string },
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const variations = (flags.vary ?? []).map((text) => atInput('--vary', () => parseVariation(text)));
  if (variations.length === 0) throw new InputError('sweep: needs --vary, e.g. --vary capacity=10..100:10');
  const fields = variations.map((v) => v.field);
  const twice = fields.find((f, i) => fields.indexOf(f) !== i);
  if (twice !== undefined) throw new InputError(`--vary: ${twice} is varied twice; give all its values in one --vary`);
  if (flags.thresholds !== undefined) {
    throw new InputError('--threshold: a sweep checks --target at every point instead, e.g. --target "wait.p99<500ms"');
  }
  // Without --target, a scenario file's thresholds serve as the targets.
  const targets =
    flags.target !== undefined ? flags.target.map((text) => atInput('--target', () => parseThreshold(text))) : [...prepareRun(flags, scenario).thresholds];
  const jobsFlag = flags.jobs === undefined ? defaultParallelism() : Number(flags.jobs);
  if (!Number.isInteger(jobsFlag) || jobsFlag < 1) throw new InputError(`--jobs: expected a number of threads >= 1, got "${flags.jobs}"`);

  // The points are the sweep's own arguments with the varied flags appended (the last one wins).
  const base = argv.slice(argv.indexOf('sweep') + 1);
  const grid = sweepGrid(variations);
  const jobs = grid.map((point, index) => ({
    index,
    args: [...base, ...point.values.flatMap((value, i) => [(variations[i] as { flag: string }).flag, value])],
  }));
  // Validate every point here, exactly as the workers will parse it: bad input never reaches them.
  for (const job of jobs) {
    const parsed = parseRunArgs(job.args, addSweepOptions);
    prepareRun(parsed.flags, parsed.scenario ?? scenario);
  }

  let interrupted = false;
  const stop = io.onInterrupt(() => {
    interrupted = true;
  });
  let reports: (JsonReport | undefined)[];
  try {
    reports = await runSweepJobs(jobs, jobsFlag, () => interrupted);
  } finally {
    stop();
  }
  const points: SweepPoint[] = [];
  grid.forEach((g, i) => {
    const report = reports[i];
    if (report !== undefined) points.push({ values: g.values, numbers: g.numbers, report });
  });
  if (flags.json) io.stdout.write(formatJsonValue(sweepToJson(variations, points, targets)));
  else io.stdout.write(formatSweep(variations, points, targets, paintFor(io, flags.color !== false)));
  return interrupted ? ExitCode.interrupted : ExitCode.ok;
}

/** Runs to the end in slices, yielding between them so Ctrl-C stops the run with what it has. */
async function runHeadless(config: PreparedRun['config'], io: CliIo): Promise<{ result: RunResult; interrupted: boolean }> {
  const sim = new Simulation(config);
  let interrupted = false;
  const stopListening = io.onInterrupt(() => {
    interrupted = true;
  });
  try {
    while (!sim.finished && !interrupted) {
      sim.run({ maxEvents: EVENTS_PER_SLICE });
      if (!sim.finished) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    stopListening();
  }
  return { result: collectResult(sim, { interrupted }), interrupted };
}

/** Plays the run in the Ink view. Ink and React load only here, so headless runs never pay for them. */
async function runLiveView(config: PreparedRun['config'], flags: RunFlags, io: CliIo): Promise<{ result: RunResult; interrupted: boolean }> {
  const { runLive } = await import('./ui/live.js');
  const outcome = await runLive({
    config,
    speed: typeof flags.speed === 'number' ? flags.speed : 1,
    hold: flags.hold === true,
    color: colorEnabled(io, flags.color !== false),
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: io.stdin,
    now: () => performance.now(),
    onInterrupt: io.onInterrupt,
  });
  return { result: collectResult(outcome.sim, { interrupted: outcome.interrupted }), interrupted: outcome.interrupted };
}

/** Ink's own test (is-in-ci): there it draws only the last frame, so a live view would sit blank. */
function inCi(env: CliIo['env']): boolean {
  const set = (key: string): boolean => env[key] !== undefined && env[key] !== '0' && env[key] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}

function colorEnabled(io: CliIo, colorFlag: boolean): boolean {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return colorFlag && !noColor && io.stdout.isTTY === true;
}

/** Colour only on a terminal, never with NO_COLOR or --no-color. */
function paintFor(io: CliIo, colorFlag: boolean): Paint {
  if (!colorEnabled(io, colorFlag)) return plainPaint;
  const chalk = new Chalk({ level: supportsColor ? Math.max(1, supportsColor.level) as 1 | 2 | 3 : 1 });
  return {
    title: chalk.bold,
    label: chalk.cyan,
    dim: chalk.dim,
    good: chalk.green,
    warn: chalk.yellow,
    bad: chalk.red.bold,
  };
}

