import { isAbsolute, join } from 'node:path';
import { didYouMeanHint } from '../dist/did-you-mean.js';
import { parseDuration } from '../dist/duration.js';
import { parseRate } from '../dist/rate.js';
import { parseLatency } from '../dist/spec.js';
import { InputError } from '../errors.js';
import type { Stage } from '../sim/config.js';
import { DEFAULTS } from './defaults.js';
import type { ArrivalKind, RunOptions } from './resolve.js';
import { parseStages } from '../dist/stages.js';

/**
 * The one definition of every run option: its scenario-file key, its command-line flag, its help,
 * the parser of its value (from flag text and from a file value), the RunOptions key it fills and
 * its JSON Schema. `src/cli/run-options.ts` builds the flags from this table, `scenario-file.ts`
 * reads files with it and `schema.ts` publishes it as `scenarios/semsim.schema.json`.
 */

/** A 1-based line and column in a scenario file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * A value read from a scenario file, as plain data with where it starts (built from the YAML by
 * `scenario-file.ts`). `text` of a number is its source text, e.g. `2.50`.
 */
export type FileValue =
  | { readonly kind: 'null'; readonly at: Position }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly at: Position }
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly at: Position }
  | { readonly kind: 'string'; readonly value: string; readonly at: Position }
  | { readonly kind: 'list'; readonly items: readonly FileValue[]; readonly at: Position }
  | { readonly kind: 'map'; readonly entries: readonly FileEntry[]; readonly at: Position };

/** One `key: value` of a mapping in a scenario file. */
export interface FileEntry {
  readonly key: string;
  readonly keyAt: Position;
  readonly value: FileValue;
}

/** What reading a file value needs to know about the file. */
export interface FileContext {
  /** Directory of the scenario file: relative `trace:` paths are resolved against it. */
  readonly baseDir: string;
}

/**
 * A problem with one value of a scenario file: where it is, the field path (`stages[1].duration`)
 * and what is wrong. The loader adds the file name and turns it into an {@link InputError}.
 */
export class FieldProblem extends Error {
  constructor(
    readonly at: Position,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'FieldProblem';
  }
}

/** A JSON Schema (draft 2020-12) fragment. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** One run option: everything about it in one place. */
export interface RunField<K extends keyof RunOptions = keyof RunOptions> {
  /** Key in a scenario file (camelCase). */
  readonly key: string;
  /** RunOptions key the value goes to; absent for keys that only annotate a file (`$schema`). */
  readonly target?: K;
  /** What it does, one line, for `--help` and the schema's description. */
  readonly help: string;
  /** The default as shown in help, e.g. `40` or `wait forever`; absent when there is none to show. */
  readonly defaultText?: string;
  /** The command-line flag; absent for file-only fields (`name`, `description`). */
  readonly cli?: {
    /** Commander flags, e.g. `-c, --concurrency <n>`. */
    readonly flags: string;
    /** Help when it differs from `help` (`--seed` also takes "random"). */
    readonly help?: string;
    /** Allowed values, checked by commander (its message names them). */
    readonly choices?: readonly string[];
    /** Each use adds one value to an array (`--threshold`). */
    readonly repeatable?: boolean;
    /** Parses the flag's text when it differs from `parse` (throws InputError). */
    readonly parse?: (text: string) => unknown;
  };
  /** Parses the value from text (a flag's argument); throws InputError `"<text>": <problem>`. */
  readonly parse?: (text: string) => NonNullable<RunOptions[K]>;
  /** Reads and validates the value from a scenario file; throws {@link FieldProblem}. */
  readonly read: (value: FileValue, path: string, context: FileContext) => NonNullable<RunOptions[K]> | undefined;
  /** JSON Schema of the file value (without the description, which comes from `help`). */
  readonly schema: JsonSchema;
}

/** Keeps each field's parser and reader typed against its own RunOptions key. */
function field<K extends keyof RunOptions>(definition: RunField<K>): RunField {
  return definition as unknown as RunField;
}

// --- text parsers: throw InputError `"<text>": <problem>` like the parsers of src/dist ---

function failText(text: string, problem: string): never {
  throw new InputError(`${JSON.stringify(text.trim())}: ${problem}`);
}

/** Parses an integer >= `min`; `what` names it in messages (`a number of permits`). */
export function parseInteger(text: string, min: number, what: string): number {
  const trimmed = text.trim();
  if (!/^[+]?\d+$/.test(trimmed)) failText(text, `expected ${what}, an integer >= ${min}`);
  const n = Number(trimmed);
  if (!Number.isSafeInteger(n)) failText(text, `${what} is too large`);
  if (n < min) failText(text, `expected ${what}, an integer >= ${min}`);
  return n;
}

/** The arrival kinds, in the order help lists them. */
export const ARRIVAL_KINDS = ['closed', 'poisson', 'constant', 'burst'] as const satisfies readonly ArrivalKind[];

function parseArrival(text: string): ArrivalKind {
  const word = text.trim();
  const kind = ARRIVAL_KINDS.find((k) => k === word);
  if (kind === undefined) {
    failText(text, `not an arrival kind${didYouMeanHint(word.toLowerCase(), ARRIVAL_KINDS)}; accepted: ${ARRIVAL_KINDS.join(', ')}`);
  }
  return kind;
}

function parseThreshold(text: string): string {
  const expr = text.trim();
  if (expr === '') failText(text, 'a threshold is empty; expected an expression such as wait.p99<500ms');
  return expr;
}

/** A rate that may be 0, as a stage's start or end: `0`, `0/s`, or any rate parseRate accepts. */
function parseStageRate(text: string): number {
  const zero = /^\s*(\d+(?:\.\d*)?|\.\d+)(?![\d.])(.*)$/s.exec(text);
  if (zero === null || Number(zero[1]) !== 0) return parseRate(text);
  // Check the unit as parseRate would, on a positive stand-in for the zero.
  const standIn = `1${zero[2] ?? ''}`;
  try {
    parseRate(standIn);
  } catch (error) {
    if (error instanceof InputError) failText(text, problemOf(error, standIn));
    throw error;
  }
  return 0;
}

/**
 * The problem part of a parser's InputError: parsers start their message with the quoted value
 * (`"expo:200ms": unknown distribution …`); file messages quote it themselves.
 */
function problemOf(error: InputError, text: string): string {
  for (const prefix of [`"${text}": `, `${JSON.stringify(text)}: `, `${JSON.stringify(text.trim())}: `, `"${text.trim()}": `]) {
    if (error.message.startsWith(prefix)) return error.message.slice(prefix.length);
  }
  return error.message;
}

// --- file readers: check the YAML type, then parse like the flag ---

/** How a file value is named in "got …": `a list`, `a string "x"`, `true`, `no value`. */
function describeValue(value: FileValue): string {
  switch (value.kind) {
    case 'null':
      return 'no value';
    case 'boolean':
      return String(value.value);
    case 'number':
      return `the number ${value.text}`;
    case 'string':
      return `a string ${JSON.stringify(value.value)}`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
  }
}

function wrongType(value: FileValue, path: string, expected: string): never {
  throw new FieldProblem(value.at, path, `expected ${expected}, got ${describeValue(value)}`);
}

/** Runs a text parser on a file value's text, turning its InputError into a located problem. */
function parseAt<T>(value: FileValue, path: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof InputError) throw new FieldProblem(value.at, path, `${JSON.stringify(text)}: ${problemOf(error, text)}`);
    throw error;
  }
}

/** A spec written as text (a duration, rate or latency); a YAML number is read as its text. */
function textReader<T>(expected: string, parse: (text: string) => T): (value: FileValue, path: string) => T {
  return (value, path) => {
    if (value.kind === 'string') return parseAt(value, path, value.value, parse);
    if (value.kind === 'number') return parseAt(value, path, value.text, parse);
    return wrongType(value, path, expected);
  };
}

/** An integer, written as a YAML number (the schema says integer, so "40" in quotes is refused). */
function integerReader(min: number, what: string): (value: FileValue, path: string) => number {
  const parse = (text: string): number => parseInteger(text, min, what);
  return (value, path) => {
    if (value.kind === 'number') return parseAt(value, path, value.text, parse);
    if (value.kind === 'string') {
      parseAt(value, path, value.value, parse);
      throw new FieldProblem(value.at, path, `${JSON.stringify(value.value)}: write ${what} as a number, without quotes`);
    }
    return wrongType(value, path, `${what}, an integer >= ${min}`);
  };
}

function stringReader(expected: string): (value: FileValue, path: string) => string {
  return (value, path) => {
    if (value.kind !== 'string') return wrongType(value, path, expected);
    return value.value;
  };
}

// --- stages: the shorthand string, or a k6-style list ---

/** Keys of one stage in a `stages:` list. */
export const STAGE_KEYS = ['duration', 'rate', 'to', 'from', 'concurrency'] as const;

const STAGE_FORMS = '{ duration: 30s, rate: 200/s }, { duration: 30s, from: 0/s, to: 200/s } or { duration: 1m, concurrency: 50 }';

type StageProfile = NonNullable<RunOptions['stages']>;

function readStages(value: FileValue, path: string): StageProfile {
  if (value.kind === 'string') return parseAt(value, path, value.value, parseStages);
  if (value.kind !== 'list') return wrongType(value, path, `a stage profile string or a list of stages such as ${STAGE_FORMS}`);
  if (value.items.length === 0) throw new FieldProblem(value.at, path, `expected at least one stage, such as ${STAGE_FORMS}`);
  let unit: { unit: 'rate' | 'clients'; path: string } | undefined;
  let previous = 0;
  const stages: Stage[] = [];
  value.items.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (item.kind !== 'map') wrongType(item, itemPath, `a stage such as ${STAGE_FORMS}`);
    const entries = new Map<string, FileEntry>();
    for (const entry of item.entries) {
      if (!(STAGE_KEYS as readonly string[]).includes(entry.key)) {
        throw new FieldProblem(
          entry.keyAt,
          `${itemPath}.${entry.key}`,
          entry.key === 'target'
            ? `unknown key (k6's target: write rate: 200/s for arrivals per second, or concurrency: 50 for clients); accepted: ${STAGE_KEYS.join(', ')}`
            : `unknown key${didYouMeanHint(entry.key, STAGE_KEYS)}; accepted: ${STAGE_KEYS.join(', ')}`,
        );
      }
      entries.set(entry.key, entry);
    }
    const targets = (['rate', 'to', 'concurrency'] as const).filter((k) => entries.has(k));
    const [targetKey, extra] = targets;
    if (targetKey === undefined) {
      throw new FieldProblem(item.at, itemPath, `a stage needs a target (rate, to or concurrency); accepted: ${STAGE_FORMS}`);
    }
    if (extra !== undefined) {
      const at = (entries.get(extra) as FileEntry).keyAt;
      throw new FieldProblem(at, `${itemPath}.${extra}`, `a stage has one target, and ${targetKey} is already given; accepted: ${STAGE_FORMS}`);
    }
    const target = entries.get(targetKey) as FileEntry;
    const itemUnit = targetKey === 'concurrency' ? 'clients' : 'rate';
    if (unit === undefined) {
      unit = { unit: itemUnit, path: `${itemPath}.${targetKey}` };
    } else if (unit.unit !== itemUnit) {
      const kinds = (u: 'rate' | 'clients'): string => (u === 'rate' ? 'arrival rates' : 'clients (concurrency)');
      throw new FieldProblem(
        target.keyAt,
        `${itemPath}.${targetKey}`,
        `${unit.path} makes this a profile of ${kinds(unit.unit)}, so every stage targets ${kinds(unit.unit)}; a profile is either rates or clients`,
      );
    }
    const duration = entries.get('duration');
    if (duration === undefined) {
      throw new FieldProblem(item.at, itemPath, `duration is missing; accepted: ${STAGE_FORMS}`);
    }
    const readTarget =
      itemUnit === 'clients'
        ? integerReader(0, 'a number of clients')
        : textReader('a rate such as 200/s (0 allowed in stages)', parseStageRate);
    const durationMs = textReader('a duration such as 30s', parseDuration)(duration.value, `${itemPath}.duration`);
    if (!(durationMs > 0)) {
      throw new FieldProblem(duration.value.at, `${itemPath}.duration`, `a stage must last longer than 0, e.g. 30s`);
    }
    const fromEntry = entries.get('from');
    const from = fromEntry === undefined ? previous : readTarget(fromEntry.value, `${itemPath}.from`);
    const to = readTarget(target.value, `${itemPath}.${targetKey}`);
    stages.push({ durationMs, from, to });
    previous = to;
  });
  return { unit: unit?.unit ?? 'rate', stages };
}

function readThresholds(value: FileValue, path: string): readonly string[] {
  const expected = 'a list of threshold expressions such as ["wait.p99<500ms"]';
  if (value.kind !== 'list') return wrongType(value, path, expected);
  return value.items.map((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (item.kind !== 'string') return wrongType(item, itemPath, 'a threshold expression such as wait.p99<500ms');
    return parseAt(item, itemPath, item.value, parseThreshold);
  });
}

// --- JSON Schema pieces ---

/** Case-insensitive letters for an ECMA-262 pattern (JSON Schema patterns take no flags). */
function anyCase(word: string): string {
  return [...word].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('');
}

const DECIMAL = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const ZERO = '(?:0+(?:\\.0*)?|\\.0+)(?:[eE][+-]?\\d+)?';
const DURATION = `${DECIMAL}\\s*(?:us|µs|μs|ms|s|min|m|h)`;
const RATE = `${DECIMAL}\\s*(?:/\\s*(?:s|m|min|h))?`;
const LATENCY_NAMES = ['const', 'constant', 'exp', 'exponential', 'uniform', 'normal', 'lognormal', 'pareto', 'table'];

/** Patterns of the value forms, for the schema (the parsers remain the real check). */
export const PATTERNS = {
  duration: `^\\s*(?:${DURATION}|${ZERO})\\s*$`,
  rate: `^\\s*${RATE}\\s*$`,
  latency:
    `^\\s*(?:${DURATION}|${ZERO}` +
    `|(?:${LATENCY_NAMES.map(anyCase).join('|')})\\s*:.+` +
    `|[pP]\\d.*=.+|(?:${anyCase('min')}|${anyCase('max')})\\s*=.+)\\s*$`,
} as const;

const durationSchema = (examples: readonly string[]): JsonSchema => ({
  anyOf: [{ type: 'string', pattern: PATTERNS.duration }, { const: 0 }],
  examples,
});
const latencySchema = (examples: readonly string[]): JsonSchema => ({ type: 'string', pattern: PATTERNS.latency, examples });
const integerSchema = (minimum: number): JsonSchema => ({ type: 'integer', minimum });
const stageRateSchema: JsonSchema = { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: PATTERNS.rate }] };

const stageSchema: JsonSchema = {
  type: 'object',
  description: 'one stage: over `duration` the target goes linearly from `from` (default: the previous target, or 0) to `rate`/`to` (arrivals per second) or `concurrency` (clients)',
  additionalProperties: false,
  required: ['duration'],
  properties: {
    duration: { type: 'string', pattern: PATTERNS.duration, description: 'how long the stage lasts, e.g. 30s', examples: ['30s', '1m'] },
    rate: { ...stageRateSchema, description: 'arrival rate at the end of the stage, e.g. 200/s', examples: ['200/s'] },
    to: { ...stageRateSchema, description: 'arrival rate at the end of the stage (the same as rate; reads well with from)', examples: ['200/s'] },
    from: {
      anyOf: [...(stageRateSchema.anyOf as JsonSchema[])],
      description: 'the target at the start of the stage (default: the previous stage\'s target, or 0 for the first)',
      examples: ['0/s'],
    },
    concurrency: { type: 'integer', minimum: 0, description: 'active clients at the end of the stage (a closed-loop profile)' },
  },
  oneOf: [{ required: ['rate'] }, { required: ['to'] }, { required: ['concurrency'] }],
};

// --- the table ---

/** Every field of a scenario file, and every run flag, in help order. */
export const RUN_FIELDS: readonly RunField[] = [
  field({
    key: '$schema',
    help: 'the JSON Schema of this file, for editors (ignored by semsim), e.g. ./semsim.schema.json',
    read: (value, path) => {
      stringReader('a path or URL of the schema')(value, path);
      return undefined;
    },
    schema: { type: 'string' },
  }),
  field({
    key: 'name',
    target: 'name',
    help: 'the scenario\'s name, shown in reports (default: the file name without its extension)',
    read: (value, path) => {
      const name = stringReader('a name, a string')(value, path).trim();
      if (name === '') throw new FieldProblem(value.at, path, 'a name must not be empty');
      return name;
    },
    schema: { type: 'string', minLength: 1 },
  }),
  field({
    key: 'description',
    target: 'description',
    help: 'what the scenario shows, one line, shown by `semsim list` and in reports',
    read: (value, path) => stringReader('a description, a string')(value, path).trim(),
    schema: { type: 'string' },
  }),
  field({
    key: 'capacity',
    target: 'capacity',
    help: 'permits of the semaphore',
    defaultText: String(DEFAULTS.capacity),
    cli: { flags: '--capacity <n>' },
    parse: (text) => parseInteger(text, 1, 'a number of permits'),
    read: integerReader(1, 'a number of permits'),
    schema: integerSchema(1),
  }),
  field({
    key: 'concurrency',
    target: 'concurrency',
    help: 'closed-loop clients, each sending again when its request ends',
    defaultText: String(DEFAULTS.concurrency),
    cli: { flags: '-c, --concurrency <n>' },
    parse: (text) => parseInteger(text, 1, 'a count'),
    read: integerReader(1, 'a count'),
    schema: integerSchema(1),
  }),
  field({
    key: 'arrival',
    target: 'arrival',
    help: 'closed (clients), poisson or constant (with --rate), burst (all at t=0)',
    defaultText: 'closed, or poisson with --rate',
    cli: { flags: '-a, --arrival <kind>', choices: ARRIVAL_KINDS },
    parse: parseArrival,
    read: textReader(`one of ${ARRIVAL_KINDS.join(', ')}`, parseArrival),
    schema: { type: 'string', enum: [...ARRIVAL_KINDS] },
  }),
  field({
    key: 'rate',
    target: 'rate',
    help: 'open-loop arrival rate, e.g. 150/s, 9000/m (implies --arrival poisson)',
    cli: { flags: '-r, --rate <rate>' },
    parse: parseRate,
    read: textReader('a rate such as 150/s', parseRate),
    schema: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string', pattern: PATTERNS.rate }], examples: ['150/s', '9000/m'] },
  }),
  field({
    key: 'stages',
    target: 'stages',
    help: 'a load that changes over time: k6-style stages of arrival rates or clients, e.g. 30s:0->200/s,60s:200/s,30s:200->0/s',
    cli: { flags: '--stages <profile>' },
    parse: parseStages,
    read: readStages,
    schema: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: stageSchema }] },
  }),
  field({
    key: 'trace',
    target: 'trace',
    help: 'replay arrivals from a CSV with header arrival_ms[,latency_ms]; a relative path is relative to the scenario file',
    cli: { flags: '--trace <file>', help: 'replay arrivals from a CSV with header arrival_ms[,latency_ms]' },
    parse: (text) => text,
    read: (value, path, context) => {
      const file = stringReader('the path of a CSV trace')(value, path);
      if (file.trim() === '') throw new FieldProblem(value.at, path, 'expected the path of a CSV trace, got an empty string');
      return isAbsolute(file) ? file : join(context.baseDir, file);
    },
    schema: { type: 'string', minLength: 1, examples: ['traces/sample.csv'] },
  }),
  field({
    key: 'latency',
    target: 'latency',
    help: 'upstream latency distribution, a latency spec such as exp:200ms (grammar: semsim --help)',
    defaultText: DEFAULTS.latencySpec,
    cli: { flags: '-l, --latency <spec>', help: 'upstream latency distribution, grammar below' },
    parse: parseLatency,
    read: textReader('a latency spec such as exp:200ms', parseLatency),
    schema: latencySchema(['200ms', 'exp:200ms', 'lognormal:p50=800ms,p99=6s', 'p50=800ms,p99=4s,max=10s']),
  }),
  field({
    key: 'think',
    target: 'think',
    help: 'closed loop: pause between a client\'s requests, a latency spec',
    defaultText: '0',
    cli: { flags: '--think <spec>' },
    parse: parseLatency,
    read: textReader('a latency spec such as exp:1s', parseLatency),
    schema: latencySchema(['1s', 'exp:1s']),
  }),
  field({
    key: 'requests',
    target: 'requests',
    help: 'requests to issue',
    defaultText: '5 × concurrency; a burst: concurrency; open loop: 10000',
    cli: { flags: '-n, --requests <n>' },
    parse: (text) => parseInteger(text, 0, 'a count'),
    read: integerReader(0, 'a count'),
    schema: integerSchema(0),
  }),
  field({
    key: 'duration',
    target: 'durationMs',
    help: 'stop issuing requests after this much virtual time, e.g. 60s',
    cli: { flags: '-d, --duration <time>' },
    parse: parseDuration,
    read: textReader('a duration such as 60s', parseDuration),
    schema: durationSchema(['60s', '5m']),
  }),
  field({
    key: 'timeout',
    target: 'timeoutMs',
    help: 'a request waiting longer than this for a permit gives up',
    defaultText: 'wait forever',
    cli: { flags: '-t, --timeout <time>' },
    parse: parseDuration,
    read: textReader('a duration such as 2s', parseDuration),
    schema: durationSchema(['2s', '500ms']),
  }),
  field({
    key: 'maxQueue',
    target: 'maxQueue',
    help: 'an arrival finding this many waiters is rejected at once',
    defaultText: 'unbounded',
    cli: { flags: '--max-queue <n>' },
    parse: (text) => parseInteger(text, 0, 'a count'),
    read: integerReader(0, 'a count'),
    schema: integerSchema(0),
  }),
  field({
    key: 'warmup',
    target: 'warmupMs',
    help: 'leave requests arriving in the first <time> out of every figure',
    defaultText: '0',
    cli: { flags: '--warmup <time>' },
    parse: parseDuration,
    read: textReader('a duration such as 10s', parseDuration),
    schema: durationSchema(['10s']),
  }),
  field({
    key: 'seed',
    target: 'seed',
    help: 'seed of every random stream, an integer',
    defaultText: String(DEFAULTS.seed),
    cli: {
      flags: '-s, --seed <n>',
      help: 'random seed, an integer, or "random"',
      parse: (text) => (text.trim() === 'random' ? 'random' : parseInteger(text, 0, 'a seed')),
    },
    parse: (text) => parseInteger(text, 0, 'a seed'),
    read: (value, path) => {
      if (value.kind === 'string' && value.value.trim() === 'random') {
        throw new FieldProblem(value.at, path, '"random": a scenario fixes its seed, an integer >= 0; draw one with --seed random on the command line');
      }
      return integerReader(0, 'a seed')(value, path);
    },
    schema: integerSchema(0),
  }),
  field({
    key: 'thresholds',
    target: 'thresholds',
    help: 'pass/fail checks after the run, e.g. wait.p99<500ms (the flag can be repeated)',
    cli: { flags: '--threshold <expr>', repeatable: true, parse: parseThreshold },
    parse: (text) => [parseThreshold(text)],
    read: readThresholds,
    schema: { type: 'array', items: { type: 'string', minLength: 1 }, examples: [['wait.p99<500ms']] },
  }),
];

const FIELD_KEYS = RUN_FIELDS.map((f) => f.key);

/**
 * Reads the top-level mapping of a scenario file into RunOptions (only the fields given are set).
 * Throws {@link FieldProblem} for an unknown field (with a did-you-mean) or a bad value.
 */
export function readFields(root: FileValue, context: FileContext): RunOptions {
  if (root.kind !== 'map') {
    throw new FieldProblem(root.at, '', `expected a mapping of fields such as "capacity: 40", got ${describeValue(root)}`);
  }
  const options: Record<string, unknown> = {};
  for (const entry of root.entries) {
    const def = RUN_FIELDS.find((f) => f.key === entry.key);
    if (def === undefined) {
      const hint = didYouMeanHint(entry.key, FIELD_KEYS);
      throw new FieldProblem(entry.keyAt, entry.key, `unknown field${hint === '' ? `; accepted: ${FIELD_KEYS.join(', ')}` : hint}`);
    }
    const value = def.read(entry.value, entry.key, context);
    if (def.target !== undefined && value !== undefined) options[def.target] = value;
  }
  return options as RunOptions;
}
