import { Command, InvalidArgumentError, Option } from 'commander';
import { LATENCY_GRAMMAR } from '../dist/spec.js';
import { InputError } from '../errors.js';
import { RUN_FIELDS, type RunField } from '../scenario/fields.js';

/**
 * An option whose value is stored under a RunOptions key rather than the flag's camelCased name
 * (`--duration` fills `durationMs`), so the parsed flags are RunOptions as they stand.
 */
class RunOption extends Option {
  private target = '';

  static for(flags: string, description: string, target: string): RunOption {
    const option = new RunOption(flags, description);
    option.target = target;
    return option;
  }

  override attributeName(): string {
    return this.target === '' ? super.attributeName() : this.target;
  }
}

/**
 * The options of a run (`semsim`, `semsim run`): the run fields of `src/scenario/fields.ts`, each
 * validated by its parser (a bad value is reported as one line naming the flag), then the options
 * of the command line only (output, live view). Parsed values land under their RunOptions keys.
 */
export function addRunOptions(cmd: Command): Command {
  for (const def of RUN_FIELDS) {
    const option = runOption(def);
    if (option !== undefined) cmd.addOption(option);
  }
  return cmd
    .option('--json', 'print the report as JSON')
    .option('--no-live', 'do not show the live view (it only shows on a terminal anyway)')
    .option('--speed <x>', 'live view: virtual seconds per real second; 0.1 is slow motion, "max" no animation (default: 1)', parseSpeed)
    .option('--hold', 'live view: stay open after the end (r restarts, q quits)')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('--debug', 'show stack traces of unexpected errors')
    .addHelpText(
      'after',
      `\nLatency specs (--latency, --think):\n${LATENCY_GRAMMAR}\n\nExamples:\n` +
        '  semsim --capacity 40 --concurrency 200          the Go example, live\n' +
        '  semsim --capacity 40 --rate 190/s -l exp:200ms  Poisson traffic at 95 % load\n' +
        '  semsim run poisson-95 --json                    a built-in scenario, as JSON\n' +
        '  semsim compare poisson-80 poisson-95            two scenarios side by side\n' +
        '  semsim sweep poisson-95 --vary capacity=36..60:4 --target "wait.p99<100ms"\n' +
        '\nExit codes: 0 ok, 1 unexpected error, 2 bad input, 99 thresholds failed,\n130 interrupted.\n',
    );
}

/** The commander option of a run field; undefined for file-only fields. */
function runOption(def: RunField): Option | undefined {
  const { cli, target } = def;
  if (cli === undefined || target === undefined) return undefined;
  const help = cli.help ?? def.help;
  const option = RunOption.for(cli.flags, def.defaultText === undefined ? help : `${help} (default: ${def.defaultText})`, target);
  if (cli.choices !== undefined) return option.choices(cli.choices);
  const parse = cli.parse ?? def.parse;
  if (parse === undefined) return option;
  const parseArg = argParser(parse);
  if (cli.repeatable === true) {
    return option.argParser((text: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), parseArg(text)]);
  }
  return option.argParser(parseArg);
}

/** Turns a parser that throws InputError into one commander reports as a bad option value. */
function argParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof InputError) {
        // Commander already quotes the value; drop the parser's own `"value": ` prefix.
        const prefix = [`${JSON.stringify(text.trim())}: `, `"${text}": `].find((p) => error.message.startsWith(p));
        const message = prefix === undefined ? error.message : error.message.slice(prefix.length);
        throw new InvalidArgumentError(message);
      }
      throw error;
    }
  };
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
