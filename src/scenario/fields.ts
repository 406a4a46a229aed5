import { isAbsolute, join } from 'node:path';
import { didYouMeanHint } from '../dist/did-you-mean.js';
import { parseDuration } from '../dist/duration.js';
import { DECIMAL as DECIMAL_LITERAL, scaledDecimal } from '../dist/number.js';
import { parseRate } from '../dist/rate.js';
import { parseLatency } from '../dist/spec.js';
import { InputError } from '../errors.js';
import type { Jitter, KeyChoice, KeyPool, PriorityClass, QueueOrder, Stage } from '../sim/config.js';
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
/** Queue orders of the semaphore's waiters. */
export const QUEUE_ORDERS = ['fifo', 'lifo'] as const satisfies readonly QueueOrder[];
/** Backoff jitter kinds. */
export const JITTERS = ['none', 'full', 'equal'] as const satisfies readonly Jitter[];
/** How a call picks an API key. */
export const KEY_CHOICES = ['round-robin', 'random', 'least-busy'] as const satisfies readonly KeyChoice[];
/** One semaphore for every key, or one per key. */
export const SEMAPHORE_SCOPES = ['shared', 'per-key'] as const satisfies readonly KeyPool['semaphore'][];

/** A parser of one word out of `choices` (exact case), with a did-you-mean; `what` names it (`an arrival kind`). */
function choiceParser<T extends string>(choices: readonly T[], what: string): (text: string) => T {
  return (text) => {
    const word = text.trim();
    const choice = choices.find((c) => c === word);
    if (choice === undefined) failText(text, `not ${what}${didYouMeanHint(word.toLowerCase(), choices)}; accepted: ${choices.join(', ')}`);
    return choice;
  };
}

const parseArrival = choiceParser(ARRIVAL_KINDS, 'an arrival kind');
const parseOrder = choiceParser(QUEUE_ORDERS, 'a queue order');
const parseJitter = choiceParser(JITTERS, 'a jitter kind');
const parseKeyChoice = choiceParser(KEY_CHOICES, 'a key choice');
const parseSemaphoreScope = choiceParser(SEMAPHORE_SCOPES, 'a semaphore scope');

const PERMITS = 'a number of permits';

/** Permits, or `unlimited`: Infinity, no semaphore at all. */
function parseCapacity(text: string): number {
  const word = text.trim();
  if (word === 'unlimited') return Infinity;
  // Something number-like was meant as a count: say what is wrong with it as a count.
  if (/^[+-]?[\d.]/.test(word)) return parseInteger(text, 1, PERMITS);
  return failText(text, `not ${PERMITS}${didYouMeanHint(word.toLowerCase(), ['unlimited'])}; accepted: an integer >= 1, or unlimited for no semaphore`);
}

const FRACTION_FORM = 'a fraction such as 0.02 or 2%';

/**
 * Parses a fraction written as a decimal (`0.02`) or a percentage (`2%`), >= 0; `what` names it
 * in messages (`an error rate`). The range is checked by the caller.
 */
function parseFraction(text: string, what: string): number {
  const trimmed = text.trim();
  const match = DECIMAL_LITERAL.exec(trimmed);
  const rest = match === null ? '' : trimmed.slice(match[0].length).trim();
  if (match === null || (rest !== '' && rest !== '%')) return failText(text, `expected ${what}, ${FRACTION_FORM}`);
  // Scaling the decimal text keeps 2% exactly 0.02, where 2 / 100 could be off by a rounding.
  const fraction = scaledDecimal(match[1] ?? '', match[2], rest === '%' ? -2 : 0);
  if (!Number.isFinite(fraction)) return failText(text, `${what} must be finite, ${FRACTION_FORM}`);
  return fraction;
}

/** A probability in [0, 1): `2` was likely meant as 2 %, so the message shows how to write that. */
function parseErrorRate(text: string): number {
  const rate = parseFraction(text, 'an error rate');
  if (rate >= 1) {
    const percentMeant = !text.trim().endsWith('%') && rate < 100 ? ` (for ${text.trim()} % write ${text.trim()}% or ${String(Number((rate / 100).toPrecision(12)))})` : '';
    failText(text, `an error rate is a probability below 1 (100 %), ${FRACTION_FORM}${percentMeant}`);
  }
  return rate;
}

function parseShare(text: string): number {
  const share = parseFraction(text, 'a share');
  if (!(share > 0 && share <= 1)) failText(text, 'a share is more than 0 and at most 1 (100 %), such as 0.2 or 20%');
  return share;
}

function parseSlowdown(text: string): number {
  return parseFraction(text, 'a slowdown per call');
}

function parseDeadline(text: string): number {
  const ms = parseDuration(text);
  // A deadline of 0 would abandon every request as it arrives.
  if (!(ms > 0)) failText(text, 'a deadline must be longer than 0, e.g. 2s');
  return ms;
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

const readPermits = integerReader(1, PERMITS);

/** `capacity:` a YAML integer, or the word unlimited. */
function readCapacity(value: FileValue, path: string): number {
  if (value.kind === 'string' && !/^\s*[+-]?[\d.]/.test(value.value)) return parseAt(value, path, value.value, parseCapacity);
  if (value.kind === 'string' || value.kind === 'number') return readPermits(value, path);
  return wrongType(value, path, `${PERMITS}, an integer >= 1, or unlimited`);
}

// --- priority classes: a list of { name, share, priority, weight } ---

/** Keys of one class in a `classes:` list. */
export const CLASS_KEYS = ['name', 'share', 'priority', 'weight'] as const;

const CLASS_FORM = '{ name: interactive, share: 20%, priority: 1 }';

/** The shares of all classes sum to 1 within this (decimal shares such as 0.1 do not add exactly). */
const SHARE_SUM_TOLERANCE = 1e-9;

/** A priority: an integer, negative allowed (below the default 0), written as a YAML number. */
function readPriority(value: FileValue, path: string): number {
  const expected = 'a priority, an integer (higher is served first)';
  const text = value.kind === 'number' ? value.text : value.kind === 'string' ? value.value.trim() : undefined;
  if (text === undefined) return wrongType(value, path, expected);
  const n = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new FieldProblem(value.at, path, `${JSON.stringify(text)}: expected ${expected}`);
  if (value.kind === 'string') throw new FieldProblem(value.at, path, `${JSON.stringify(text)}: write a priority as a number, without quotes`);
  return n;
}

/** A weight: a number > 0 (its share of freed permits among the classes of its priority). */
function readWeight(value: FileValue, path: string): number {
  const expected = 'a weight, a number > 0 (classes of one priority share freed permits by weight)';
  if (value.kind !== 'number') return wrongType(value, path, expected);
  if (!(value.value > 0) || !Number.isFinite(value.value)) throw new FieldProblem(value.at, path, `${value.text}: expected ${expected}`);
  return value.value;
}

function readClasses(value: FileValue, path: string): readonly PriorityClass[] {
  if (value.kind !== 'list') return wrongType(value, path, `a list of classes such as [${CLASS_FORM}]`);
  if (value.items.length === 0) throw new FieldProblem(value.at, path, `expected at least one class, such as ${CLASS_FORM}`);
  const pathOfName = new Map<string, string>();
  const classes = value.items.map((item, i): PriorityClass => {
    const itemPath = `${path}[${i}]`;
    if (item.kind !== 'map') return wrongType(item, itemPath, `a class such as ${CLASS_FORM}`);
    const entries = new Map<string, FileEntry>();
    for (const entry of item.entries) {
      if (!(CLASS_KEYS as readonly string[]).includes(entry.key)) {
        throw new FieldProblem(entry.keyAt, `${itemPath}.${entry.key}`, `unknown key${didYouMeanHint(entry.key, CLASS_KEYS)}; accepted: ${CLASS_KEYS.join(', ')}`);
      }
      entries.set(entry.key, entry);
    }
    const nameEntry = entries.get('name');
    const shareEntry = entries.get('share');
    for (const [key, entry] of [['name', nameEntry], ['share', shareEntry]] as const) {
      if (entry === undefined) throw new FieldProblem(item.at, itemPath, `${key} is missing; a class is like ${CLASS_FORM}`);
    }
    const { value: nameValue } = nameEntry as FileEntry;
    const name = stringReader('a class name, a string')(nameValue, `${itemPath}.name`).trim();
    if (name === '') throw new FieldProblem(nameValue.at, `${itemPath}.name`, 'a class name must not be empty');
    const earlier = pathOfName.get(name);
    if (earlier !== undefined) throw new FieldProblem(nameValue.at, `${itemPath}.name`, `"${name}" is already the name of ${earlier}; each class needs a name of its own`);
    pathOfName.set(name, itemPath);
    const share = textReader(`a share such as 0.2 or 20%`, parseShare)((shareEntry as FileEntry).value, `${itemPath}.share`);
    const priorityEntry = entries.get('priority');
    const priority = priorityEntry === undefined ? 0 : readPriority(priorityEntry.value, `${itemPath}.priority`);
    const weightEntry = entries.get('weight');
    if (weightEntry === undefined) return { name, share, priority };
    return { name, share, priority, weight: readWeight(weightEntry.value, `${itemPath}.weight`) };
  });
  const sum = classes.reduce((total, c) => total + c.share, 0);
  if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
    // Twelve digits hide the float noise of the sum (0.30000000000000004) without hiding a real gap.
    const shown = (x: number): string => String(Number(x.toPrecision(12)));
    throw new FieldProblem(value.at, path, `the shares sum to ${shown(sum)} (${shown(sum * 100)} %); they must sum to 1 (100 %)`);
  }
  return classes;
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
const FRACTION = `${DECIMAL}\\s*%?`;
const RATE = `${DECIMAL}\\s*(?:/\\s*(?:s|m|min|h))?`;
const LATENCY_NAMES = ['const', 'constant', 'exp', 'exponential', 'uniform', 'normal', 'lognormal', 'pareto', 'table'];

/** Patterns of the value forms, for the schema (the parsers remain the real check). */
export const PATTERNS = {
  duration: `^\\s*(?:${DURATION}|${ZERO})\\s*$`,
  rate: `^\\s*${RATE}\\s*$`,
  fraction: `^\\s*${FRACTION}\\s*$`,
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
const rateSchema = (examples: readonly string[]): JsonSchema => ({
  anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string', pattern: PATTERNS.rate }],
  examples,
});
const enumSchema = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });
/** A fraction as a number, or as text such as 2% (the parsers check the range of text). */
const fractionSchema = (range: JsonSchema, examples: readonly (string | number)[]): JsonSchema => ({
  anyOf: [{ type: 'number', ...range }, { type: 'string', pattern: PATTERNS.fraction }],
  examples,
});
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

const classSchema: JsonSchema = {
  type: 'object',
  description: `one class of requests, e.g. ${CLASS_FORM}`,
  additionalProperties: false,
  required: ['name', 'share'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'the class\'s name, unique, shown in reports' },
    share: { ...fractionSchema({ exclusiveMinimum: 0, maximum: 1 }, [0.2, '20%']), description: 'fraction of arrivals in this class; the shares of all classes sum to 1' },
    priority: { type: 'integer', description: 'higher is served first (strict priority); default 0' },
    weight: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'share of freed permits among the waiting classes of the same priority (weighted fair queueing); without weights they are served in arrival order',
    },
  },
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
    help: 'permits of the semaphore; unlimited for no semaphore at all',
    defaultText: String(DEFAULTS.capacity),
    cli: { flags: '--capacity <n>' },
    parse: parseCapacity,
    read: readCapacity,
    schema: { anyOf: [integerSchema(1), { const: 'unlimited' }] },
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
    schema: rateSchema(['150/s', '9000/m']),
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
    key: 'order',
    target: 'order',
    help: 'which waiter gets a freed permit: oldest (fifo) or newest (lifo)',
    defaultText: DEFAULTS.order,
    cli: { flags: '--order <fifo|lifo>' },
    parse: parseOrder,
    read: textReader(`one of ${QUEUE_ORDERS.join(', ')}`, parseOrder),
    schema: enumSchema(QUEUE_ORDERS),
  }),
  field({
    key: 'classes',
    target: 'classes',
    help: 'priority classes, a list of { name, share, priority, weight }: shares of arrivals sum to 1, a higher priority is served first, weights share permits within a priority',
    read: readClasses,
    schema: { type: 'array', minItems: 1, items: classSchema },
  }),
  field({
    key: 'deadline',
    target: 'deadlineMs',
    help: 'the caller\'s deadline per request: wait, attempts and backoff',
    defaultText: 'none',
    cli: { flags: '--deadline <time>' },
    parse: parseDeadline,
    read: textReader('a duration such as 2s', parseDeadline),
    schema: durationSchema(['2s', '100ms']),
  }),
  field({
    key: 'attempts',
    target: 'attempts',
    help: 'calls per request at most, retries included',
    defaultText: `${DEFAULTS.attempts}, no retries`,
    cli: { flags: '--attempts <n>' },
    parse: (text) => parseInteger(text, 1, 'a number of attempts'),
    read: integerReader(1, 'a number of attempts'),
    schema: integerSchema(1),
  }),
  field({
    key: 'backoff',
    target: 'backoffMs',
    help: 'sleep before the first retry, doubling for each next one',
    defaultText: DEFAULTS.backoffSpec,
    cli: { flags: '--backoff <time>' },
    parse: parseDuration,
    read: textReader('a duration such as 100ms', parseDuration),
    schema: durationSchema(['100ms']),
  }),
  field({
    key: 'backoffCap',
    target: 'backoffCapMs',
    help: 'longest sleep between retries',
    defaultText: DEFAULTS.backoffCapSpec,
    cli: { flags: '--backoff-cap <time>' },
    parse: parseDuration,
    read: textReader('a duration such as 10s', parseDuration),
    schema: durationSchema(['10s']),
  }),
  field({
    key: 'jitter',
    target: 'jitter',
    help: `randomness of the backoff: ${JITTERS.join(', ')}`,
    defaultText: DEFAULTS.jitter,
    cli: { flags: '--jitter <kind>' },
    parse: parseJitter,
    read: textReader(`one of ${JITTERS.join(', ')}`, parseJitter),
    schema: enumSchema(JITTERS),
  }),
  field({
    key: 'upstreamLimit',
    target: 'upstreamLimit',
    help: 'concurrent calls the upstream takes per key; over it, a 429',
    defaultText: 'none',
    cli: { flags: '--upstream-limit <n>' },
    parse: (text) => parseInteger(text, 1, 'a number of calls'),
    read: integerReader(1, 'a number of calls'),
    schema: integerSchema(1),
  }),
  field({
    key: 'rejectLatency',
    target: 'rejectLatency',
    help: 'how long a 429 takes to come back, a latency spec',
    defaultText: DEFAULTS.rejectLatencySpec,
    cli: { flags: '--reject-latency <spec>' },
    parse: parseLatency,
    read: textReader('a latency spec such as 20ms', parseLatency),
    schema: latencySchema(['20ms', 'exp:20ms']),
  }),
  field({
    key: 'errorRate',
    target: 'errorRate',
    help: 'fraction of accepted calls failing with a 5xx, e.g. 0.02 or 2%',
    defaultText: '0',
    cli: { flags: '--error-rate <p>' },
    parse: parseErrorRate,
    read: textReader(FRACTION_FORM, parseErrorRate),
    schema: fractionSchema({ minimum: 0, exclusiveMaximum: 1 }, [0.02, '2%']),
  }),
  field({
    key: 'errorLatency',
    target: 'errorLatency',
    help: 'how long a 5xx takes to come back, a latency spec',
    defaultText: DEFAULTS.errorLatencySpec,
    cli: { flags: '--error-latency <spec>' },
    parse: parseLatency,
    read: textReader('a latency spec such as 20ms', parseLatency),
    schema: latencySchema(['20ms', 'exp:20ms']),
  }),
  field({
    key: 'slowdown',
    target: 'slowdown',
    help: 'each other call in flight at the key makes a call this much slower, e.g. 2%',
    defaultText: '0',
    cli: { flags: '--slowdown <p>' },
    parse: parseSlowdown,
    read: textReader(FRACTION_FORM, parseSlowdown),
    schema: fractionSchema({ minimum: 0 }, [0.02, '2%']),
  }),
  field({
    key: 'keys',
    target: 'keys',
    help: 'API keys, each with an upstream limit of its own',
    defaultText: String(DEFAULTS.keys),
    cli: { flags: '--keys <n>' },
    parse: (text) => parseInteger(text, 1, 'a number of keys'),
    read: integerReader(1, 'a number of keys'),
    schema: integerSchema(1),
  }),
  field({
    key: 'keyChoice',
    target: 'keyChoice',
    help: `how a call picks its key: ${KEY_CHOICES.join(', ')}`,
    defaultText: DEFAULTS.keyChoice,
    cli: { flags: '--key-choice <how>' },
    parse: parseKeyChoice,
    read: textReader(`one of ${KEY_CHOICES.join(', ')}`, parseKeyChoice),
    schema: enumSchema(KEY_CHOICES),
  }),
  field({
    key: 'semaphore',
    target: 'semaphore',
    help: 'one semaphore for all keys (shared) or one per key (per-key)',
    defaultText: DEFAULTS.semaphore,
    cli: { flags: '--semaphore <scope>' },
    parse: parseSemaphoreScope,
    read: textReader(`one of ${SEMAPHORE_SCOPES.join(', ')}`, parseSemaphoreScope),
    schema: enumSchema(SEMAPHORE_SCOPES),
  }),
  field({
    key: 'rateLimit',
    target: 'rateLimit',
    help: 'a token bucket on upstream calls, e.g. 40/s',
    defaultText: 'none',
    cli: { flags: '--rate-limit <rate>' },
    parse: parseRate,
    read: textReader('a rate such as 40/s', parseRate),
    schema: rateSchema(['40/s', '2400/m']),
  }),
  field({
    key: 'bucketSize',
    target: 'bucketSize',
    help: 'tokens the rate limit\'s bucket holds: the largest burst of calls',
    defaultText: String(DEFAULTS.bucketSize),
    cli: { flags: '--bucket-size <n>' },
    parse: (text) => parseInteger(text, 1, 'a number of tokens'),
    read: integerReader(1, 'a number of tokens'),
    schema: integerSchema(1),
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
    if (def === undefined && entry.key === 'schemaVersion') {
      throw new FieldProblem(entry.keyAt, entry.key, 'this is a saved --json report, not a scenario; semsim compare reads saved reports, e.g. semsim compare before.json after.json');
    }
    if (def === undefined) {
      const hint = didYouMeanHint(entry.key, FIELD_KEYS);
      throw new FieldProblem(entry.keyAt, entry.key, `unknown field${hint === '' ? `; accepted: ${FIELD_KEYS.join(', ')}` : hint}`);
    }
    const value = def.read(entry.value, entry.key, context);
    if (def.target !== undefined && value !== undefined) options[def.target] = value;
  }
  return options as RunOptions;
}
