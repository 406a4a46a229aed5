import { InputError } from '../errors.js';
import { ConstantDistribution } from './constant.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { Distribution } from './distribution.js';
import { readDuration } from './duration.js';
import { EmpiricalDistribution } from './empirical.js';
import { ExponentialDistribution } from './exponential.js';
import { LognormalDistribution } from './lognormal.js';
import { NormalDistribution } from './normal.js';
import { parsePlainNumber } from './number.js';
import { ParetoDistribution } from './pareto.js';
import { PERCENTILE_KEY, type PercentilePoint } from './percentile.js';
import { UniformDistribution } from './uniform.js';

/** The latency spec grammar, a few lines for `--help` and the README. */
export const LATENCY_GRAMMAR = [
  '200ms                          constant (us, ms, s, m/min, h); or const:200ms',
  'exp:200ms                      exponential with that mean (also exp:mean=200ms)',
  'uniform:100ms..300ms           uniform between two durations',
  'normal:mean=200ms,sd=50ms      normal, truncated at 0',
  'lognormal:p50=800ms,p99=6s     lognormal through two percentiles (any two), or',
  'lognormal:p50=800ms,sigma=1.2  through one percentile with a shape sigma',
  'pareto:min=100ms,alpha=1.5     power-law tail (alpha <= 1 has no finite mean)',
  'p50=800ms,p99=4s,max=10s       percentile table, linear in between; min= sets p0',
  '                               (0 by default); without max= the top is pinned'
].join('\n');

/** What every kind of latency looks like, for the end of error messages. */
const KINDS = 'const, exp, uniform, normal, lognormal, pareto, or a percentile table like p50=800ms,p99=4s';

const NAMES = ['const', 'exp', 'uniform', 'normal', 'lognormal', 'pareto', 'table'] as const;
type Name = (typeof NAMES)[number];

/** Longer spellings accepted for a distribution name; specs are always written with the short one. */
const ALIASES: Readonly<Record<string, Name>> = { constant: 'const', exponential: 'exp' };

const FORMS: Readonly<Record<Name, string>> = {
  const: 'const:<duration>, e.g. const:200ms',
  exp: 'exp:<duration> or exp:mean=<duration>, e.g. exp:200ms',
  uniform: 'uniform:<duration>..<duration>, e.g. uniform:100ms..300ms',
  normal: 'normal:mean=<duration>,sd=<duration>, e.g. normal:mean=200ms,sd=50ms',
  lognormal: 'lognormal:p50=<duration>,p99=<duration> (any two percentiles) or lognormal:p50=<duration>,sigma=<number>',
  pareto: 'pareto:min=<duration>,alpha=<number>, e.g. pareto:min=100ms,alpha=1.5',
  table: 'p50=<duration>,p99=<duration>,... with optional min=<duration> and max=<duration>',
};

/**
 * Parses a latency spec into a distribution (all values ms); the grammar is `LATENCY_GRAMMAR`.
 * Names and keys are case-insensitive; surrounding whitespace is ignored. The result's `spec` is
 * canonical and parses back to an equal distribution. Throws `InputError` with one lowercase line
 * naming the value, what is wrong and the accepted form (without the flag name).
 */
export function parseLatency(text: string): Distribution {
  const spec: SpecReader = new SpecReader(text);
  const input = text.trim();
  if (input === '') spec.fail(`empty latency; accepted: a duration like 200ms, ${KINDS}`);
  const colon = input.indexOf(':');
  if (colon === -1) {
    if (input.includes('=')) return parseTable(spec, input);
    if (/^[\d.+-]/.test(input)) return constant(spec, input, 'a duration');
    const word = input.toLowerCase();
    const name = ALIASES[word] ?? NAMES.find((n) => n === word);
    if (name !== undefined) spec.fail(`${name} needs parameters; accepted: ${FORMS[name]}`);
    spec.fail(`not a latency${didYouMeanHint(word, NAMES)}; accepted: a duration like 200ms, ${KINDS}`);
  }
  const word = input.slice(0, colon).trim().toLowerCase();
  const body = input.slice(colon + 1).trim();
  const name = ALIASES[word] ?? NAMES.find((n) => n === word);
  if (name === undefined) {
    spec.fail(`unknown distribution "${word}"${didYouMeanHint(word, NAMES)}; accepted: ${KINDS}`);
  }
  if (body === '') spec.fail(`${name} needs parameters; accepted: ${FORMS[name]}`);
  switch (name) {
    case 'const':
      return constant(spec, body, 'the latency');
    case 'exp':
      return parseExponential(spec, body);
    case 'uniform':
      return parseUniform(spec, body);
    case 'normal':
      return parseNormal(spec, body);
    case 'lognormal':
      return parseLognormal(spec, body);
    case 'pareto':
      return parsePareto(spec, body);
    case 'table':
      return parseTable(spec, body);
  }
}

/** The whole value being parsed, so every message can quote it. */
class SpecReader {
  constructor(readonly text: string) {}

  fail(problem: string): never {
    throw new InputError(`"${this.text}": ${problem}`);
  }

  /** Fails with the constructor's own phrase when the parameters have a problem. */
  check(problem: string | undefined): void {
    if (problem !== undefined) this.fail(problem);
  }

  duration(subject: string, text: string): number {
    const reading = readDuration(text);
    if (!reading.ok) this.fail(`${subject} "${text}" ${reading.problem}`);
    return reading.ms;
  }

  number(subject: string, text: string, example: string): number {
    const value = parsePlainNumber(text);
    if (value === undefined) this.fail(`${subject} "${text}" must be a plain number, e.g. ${example}`);
    if (!Number.isFinite(value)) this.fail(`${subject} "${text}" is too large`);
    return value;
  }

  /**
   * Splits `a=1,b=2` into lowercase keys and raw values. `isKey` accepts keys, `known` lists the
   * ones worth suggesting; `identity` folds keys that mean the same (p50 and p50.0) for the
   * duplicate check.
   */
  params(
    body: string,
    form: string,
    known: readonly string[],
    isKey: (key: string) => boolean = (key) => known.includes(key),
    identity: (key: string) => string = (key) => key,
  ): Array<[string, string]> {
    const seen = new Map<string, string>();
    const out: Array<[string, string]> = [];
    for (const part of body.split(',')) {
      const item = part.trim();
      if (item === '') this.fail(`an item is empty (stray comma?); accepted: ${form}`);
      const eq = item.indexOf('=');
      if (eq === -1) this.fail(`"${item}" is not key=value; accepted: ${form}`);
      const key = item.slice(0, eq).trim().toLowerCase();
      const value = item.slice(eq + 1).trim();
      if (!isKey(key)) this.fail(`unknown key "${key}"${didYouMeanHint(key, known)}; accepted: ${form}`);
      const id = identity(key);
      const earlier = seen.get(id);
      if (earlier === key) this.fail(`${key} is given twice`);
      if (earlier !== undefined) this.fail(`${earlier} and ${key} name the same thing; give it once`);
      seen.set(id, key);
      out.push([key, value]);
    }
    return out;
  }
}

function constant(spec: SpecReader, text: string, subject: string): Distribution {
  const reading = readDuration(text);
  if (!reading.ok) spec.fail(`${subject} ${reading.problem}`);
  return new ConstantDistribution(reading.ms);
}

function parseExponential(spec: SpecReader, body: string): Distribution {
  let mean: number;
  if (body.includes('=')) {
    const params = spec.params(body, FORMS.exp, ['mean']);
    mean = spec.duration('the mean', params[0]?.[1] ?? '');
  } else {
    mean = spec.duration('the mean', body);
  }
  spec.check(ExponentialDistribution.problem(mean));
  return new ExponentialDistribution(mean);
}

function parseUniform(spec: SpecReader, body: string): Distribution {
  const ends = body.split('..');
  const [lowText, highText] = ends;
  if (ends.length !== 2 || lowText === undefined || highText === undefined) {
    spec.fail(`expected a range; accepted: ${FORMS.uniform}`);
  }
  const low = spec.duration('the low end', lowText.trim());
  const high = spec.duration('the high end', highText.trim());
  spec.check(UniformDistribution.problem(low, high));
  return new UniformDistribution(low, high);
}

function parseNormal(spec: SpecReader, body: string): Distribution {
  const params = new Map(spec.params(body, FORMS.normal, ['mean', 'sd']));
  // Check the values that are there before complaining about the ones that are not.
  const mu = optional(params.get('mean'), (text) => spec.duration('the mean', text));
  const sd = optional(params.get('sd'), (text) => spec.duration('sd', text));
  if (mu === undefined) spec.fail(`mean is missing; accepted: ${FORMS.normal}`);
  if (sd === undefined) spec.fail(`sd is missing; accepted: ${FORMS.normal}`);
  spec.check(NormalDistribution.problem(mu, sd));
  return new NormalDistribution(mu, sd);
}

function parsePareto(spec: SpecReader, body: string): Distribution {
  const params = new Map(spec.params(body, FORMS.pareto, ['min', 'alpha']));
  const min = optional(params.get('min'), (text) => spec.duration('min', text));
  const alpha = optional(params.get('alpha'), (text) => spec.number('alpha', text, 'alpha=1.5'));
  if (min === undefined) spec.fail(`min is missing; accepted: ${FORMS.pareto}`);
  if (alpha === undefined) spec.fail(`alpha is missing; accepted: ${FORMS.pareto}`);
  spec.check(ParetoDistribution.problem(min, alpha));
  return new ParetoDistribution(min, alpha);
}

function parseLognormal(spec: SpecReader, body: string): Distribution {
  const keyOf = (key: string): string => (key === 'median' ? 'p50' : normalizePercentileKey(key));
  const params = spec.params(
    body,
    FORMS.lognormal,
    ['p50', 'p90', 'p99', 'median', 'sigma'],
    (key) => key === 'sigma' || key === 'median' || PERCENTILE_KEY.test(key),
    keyOf,
  );
  const points: PercentilePoint[] = [];
  let sigma: number | undefined;
  for (const [key, value] of params) {
    if (key === 'sigma') {
      sigma = spec.number('sigma', value, 'sigma=1.2');
    } else {
      const percentile = percentOf(spec, keyOf(key), 'lognormal');
      points.push({ percentile, value: spec.duration(key, value) });
    }
  }
  if (sigma === undefined && points.length !== 2) {
    spec.fail(`give exactly two percentiles (or one and sigma); accepted: ${FORMS.lognormal}`);
  }
  if (sigma !== undefined && points.length !== 1) {
    spec.fail(`give exactly one percentile with sigma; accepted: ${FORMS.lognormal}`);
  }
  spec.check(LognormalDistribution.problem(points, sigma));
  return new LognormalDistribution(points, sigma);
}

function parseTable(spec: SpecReader, body: string): Distribution {
  const params = spec.params(
    body,
    FORMS.table,
    ['p50', 'p90', 'p99', 'min', 'max'],
    (key) => key === 'min' || key === 'max' || PERCENTILE_KEY.test(key),
    normalizePercentileKey,
  );
  const points: PercentilePoint[] = [];
  let min: number | undefined;
  let max: number | undefined;
  for (const [key, value] of params) {
    if (key === 'min') min = spec.duration('min', value);
    else if (key === 'max') max = spec.duration('max', value);
    else points.push({ percentile: percentOf(spec, key, 'table'), value: spec.duration(key, value) });
  }
  const table = { points, min, max };
  spec.check(EmpiricalDistribution.problem(table));
  return new EmpiricalDistribution(table);
}

function optional<T>(text: string | undefined, read: (text: string) => T): T | undefined {
  return text === undefined ? undefined : read(text);
}

/** `p50.0` and `p050` name the same percentile as `p50`; other keys pass through. */
function normalizePercentileKey(key: string): string {
  const match = PERCENTILE_KEY.exec(key);
  return match === null ? key : `p${String(Number(match[1]))}`;
}

function percentOf(spec: SpecReader, key: string, kind: 'lognormal' | 'table'): number {
  const percentile = Number(PERCENTILE_KEY.exec(key)?.[1]);
  if (!(percentile > 0 && percentile < 100)) {
    const ends = kind === 'table' ? '; use min= and max= for the ends' : '';
    spec.fail(`${key} is not a percentile between 0 and 100 (exclusive)${ends}`);
  }
  return percentile;
}
