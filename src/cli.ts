import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { Chalk, supportsColor } from 'chalk';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from './dist/duration.js';
import { parseRate } from './dist/rate.js';
import { LATENCY_GRAMMAR, parseLatency } from './dist/spec.js';
import { ExitCode, InputError, SemsimError } from './errors.js';
import { formatJson, toJsonReport } from './report/json.js';
import { plainPaint, type Paint } from './report/paint.js';
import { formatTextReport } from './report/text.js';
import { DEFAULTS } from './scenario/defaults.js';
import { resolveConfig, type ArrivalKind, type RunOptions } from './scenario/resolve.js';
import { readTraceFile } from './scenario/trace-file.js';
import { Simulation } from './sim/engine.js';
import { collectResult, type RunResult } from './sim/result.js';
import type { SimConfig } from './sim/config.js';

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
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Options of a run as commander hands them over. */
interface RunFlags extends Omit<RunOptions, 'seed'> {
  seed?: number | 'random';
  json?: boolean;
  live?: boolean;
  speed?: number | 'max';
  hold?: boolean;
  color?: boolean;
  debug?: boolean;
}

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

// Headless runs yield to the event loop this often, so Ctrl-C is noticed during long runs.
const EVENTS_PER_SLICE = 250_000;

/**
 * Builds the commander program. The run action reports through `io` and records the exit code in
 * `state.exitCode`; nothing here exits the process.
 */
export function createProgram(io: CliIo, state: { exitCode: number } = { exitCode: 0 }): Command {
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

  const runAction = async (flags: RunFlags): Promise<void> => {
    state.exitCode = await runCommand(flags, io);
  };
  addRunOptions(program).action(runAction);
  addRunOptions(
    program.command('run').description('run one simulation (the default command)'),
  ).action(runAction);
  return program;
}

/**
 * Runs the CLI with `argv` (as in process.argv: node, script, args…).
 * @returns the exit code: 0 ok, 1 unexpected error, 2 bad input, 130 interrupted.
 */
export async function main(argv: readonly string[] = process.argv, io: CliIo = processIo()): Promise<number> {
  const state = { exitCode: 0 };
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

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--capacity <n>', `permits of the semaphore (default: ${DEFAULTS.capacity})`, parseCapacity)
    .option('-c, --concurrency <n>', `closed-loop clients, each sending again when its request ends (default: ${DEFAULTS.concurrency})`, parsePositiveInt)
    .addOption(
      new Option('-a, --arrival <kind>', 'closed (clients), poisson or constant (with --rate), burst (all at t=0) (default: closed, or poisson with --rate)')
        .choices(['closed', 'poisson', 'constant', 'burst'] satisfies ArrivalKind[]),
    )
    .option('-r, --rate <rate>', 'open-loop arrival rate, e.g. 150/s, 9000/m (implies --arrival poisson)', argParser(parseRate))
    .option('--trace <file>', 'replay arrivals from a CSV with header arrival_ms[,latency_ms]')
    .option('-l, --latency <spec>', `upstream latency distribution (default: ${DEFAULTS.latencySpec}; grammar below)`, argParser(parseLatency))
    .option('--think <spec>', 'closed loop: pause between a client\'s requests, a latency spec (default: 0)', argParser(parseLatency))
    .option('-n, --requests <n>', 'requests to issue (default: 5 × concurrency; a burst: concurrency; open loop: 10000)', parseNonNegativeInt)
    .option('-d, --duration <time>', 'stop issuing requests after this much virtual time, e.g. 60s', argParser(parseDuration))
    .option('-t, --timeout <time>', 'a request waiting longer than this for a permit gives up (default: wait forever)', argParser(parseDuration))
    .option('--max-queue <n>', 'an arrival finding this many waiters is rejected at once (default: unbounded)', parseNonNegativeInt)
    .option('--warmup <time>', 'leave requests arriving in the first <time> out of every figure (default: 0)', argParser(parseDuration))
    .option('-s, --seed <n>', `random seed, an integer, or "random" (default: ${DEFAULTS.seed})`, parseSeed)
    .option('--json', 'print the report as JSON')
    .option('--no-live', 'do not show the live view (it only shows on a terminal anyway)')
    .option('--speed <x>', 'live view: virtual seconds per real second; 0.1 is slow motion, "max" no animation (default: 1)', parseSpeed)
    .option('--hold', 'live view: stay open after the end (r restarts, q quits)')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('--debug', 'show stack traces of unexpected errors')
    .addHelpText(
      'after',
      `\nLatency specs (--latency, --think):\n${LATENCY_GRAMMAR}\n\nExamples:\n` +
        '  semsim --capacity 40 --concurrency 200            the Go example, live on a terminal\n' +
        '  semsim --capacity 40 --rate 190/s -l exp:200ms    Poisson traffic at 95 % load\n' +
        '  semsim --capacity 40 --rate 190/s --json          the same as JSON\n' +
        '\nExit codes: 0 ok, 1 unexpected error, 2 bad input, 130 interrupted.\n',
    );
}

async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const { seed, ...rest } = flags;
  const options: RunOptions = { ...rest, seed: seed === 'random' ? randomInt(0, 2 ** 48) : seed };
  const config = resolveConfig(options, readTraceFile);
  const live = flags.live !== false && flags.json !== true && io.stdout.isTTY === true && flags.speed !== 'max';
  const { result, interrupted } = live ? await runLiveView(config, flags, io) : await runHeadless(config, io);
  if (flags.json) io.stdout.write(formatJson(toJsonReport(result)));
  else io.stdout.write(formatTextReport(result, paintFor(io, flags.color !== false)));
  return interrupted ? ExitCode.interrupted : ExitCode.ok;
}

/** Runs to the end in slices, yielding between them so Ctrl-C stops the run with what it has. */
async function runHeadless(config: SimConfig, io: CliIo): Promise<{ result: RunResult; interrupted: boolean }> {
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
async function runLiveView(config: SimConfig, flags: RunFlags, io: CliIo): Promise<{ result: RunResult; interrupted: boolean }> {
  const { runLive } = await import('./ui/live.js');
  const outcome = await runLive({
    config,
    speed: typeof flags.speed === 'number' ? flags.speed : 1,
    hold: flags.hold === true,
    color: colorEnabled(io, flags.color !== false),
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: io.stdin,
    now: () => performance.now(),
  });
  return { result: collectResult(outcome.sim, { interrupted: outcome.interrupted }), interrupted: outcome.interrupted };
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

// --- option parsers: each validates one flag's value and throws InvalidArgumentError ---

/** Turns a parser that throws InputError into one commander reports as a bad option value. */
function argParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof InputError) {
        // Commander already quotes the value; drop the parser's own `"value": ` prefix.
        const prefix = `${JSON.stringify(text.trim())}: `;
        const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
        throw new InvalidArgumentError(message);
      }
      throw error;
    }
  };
}

function parseInteger(text: string, min: number, what: string): number {
  const trimmed = text.trim();
  if (!/^[+]?\d+$/.test(trimmed)) {
    throw new InvalidArgumentError(`expected ${what}, an integer >= ${min}`);
  }
  const n = Number(trimmed);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${what} is too large`);
  if (n < min) throw new InvalidArgumentError(`expected ${what}, an integer >= ${min}`);
  return n;
}

function parseCapacity(text: string): number {
  return parseInteger(text, 1, 'a number of permits');
}

function parsePositiveInt(text: string): number {
  return parseInteger(text, 1, 'a count');
}

function parseNonNegativeInt(text: string): number {
  return parseInteger(text, 0, 'a count');
}

function parseSpeed(text: string): number | 'max' {
  const trimmed = text.trim();
  if (trimmed === 'max') return 'max';
  const x = Number(trimmed.replace(/x$/, ''));
  if (trimmed === '' || !Number.isFinite(x) || x <= 0) {
    throw new InvalidArgumentError('expected a speed factor > 0 (e.g. 0.1, 1, 10) or "max"');
  }
  return x;
}

function parseSeed(text: string): number | 'random' {
  return text.trim() === 'random' ? 'random' : parseInteger(text, 0, 'a seed');
}
