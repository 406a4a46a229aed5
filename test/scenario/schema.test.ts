import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ARRIVAL_KINDS, PATTERNS, RUN_FIELDS } from '../../src/scenario/fields.js';
import { formatJsonSchema, scenarioJsonSchema } from '../../src/scenario/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schemaPath = `${root}scenarios/semsim.schema.json`;
const scenarioFiles = readdirSync(`${root}scenarios`).filter((f) => /\.ya?ml$/.test(f));

type Schema = Record<string, unknown>;

/**
 * A tiny validator for the JSON Schema keywords the scenario schema uses (type, enum, const,
 * pattern, minimum, exclusiveMinimum, minLength, minItems, items, properties, required,
 * additionalProperties, anyOf, oneOf). Returns the problems found, as `path: keyword`.
 */
function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  const fail = (keyword: string): void => void problems.push(`${path}: ${keyword}`);
  const typeOf = (v: unknown): string =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) fail('type');
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail('enum');
  if ('const' in schema && schema.const !== value) fail('const');
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern');
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail('minLength');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail('exclusiveMinimum');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems');
    if (schema.items !== undefined) value.forEach((item, i) => problems.push(...validate(schema.items as Schema, item, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) fail(`required ${key}`);
    for (const [key, v] of Object.entries(object)) {
      const sub = properties[key];
      if (sub !== undefined) problems.push(...validate(sub, v, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`additionalProperties ${key}`);
    }
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s: Schema) => validate(s, value, path).length === 0)) fail('anyOf');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s: Schema) => validate(s, value, path).length === 0).length !== 1) fail('oneOf');
  return problems;
}

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema() as Schema;
  const properties = schema.properties as Record<string, Schema>;

  it('when generated, then it is a closed draft 2020-12 object schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
  });

  it('when generated, then every field of the table is a property with a description, and nothing else is', () => {
    expect(Object.keys(properties)).toEqual(RUN_FIELDS.map((f) => f.key));
    for (const def of RUN_FIELDS) {
      expect(properties[def.key]?.description, def.key).toContain(def.help);
      if (def.defaultText !== undefined) expect(properties[def.key]?.description).toContain(`(default: ${def.defaultText})`);
    }
    expect(properties.arrival?.enum).toEqual([...ARRIVAL_KINDS]);
  });

  it('when the committed scenarios/semsim.schema.json is read, then it equals the generated schema (SEMSIM_WRITE_SCHEMA=1 rewrites it)', () => {
    if (process.env.SEMSIM_WRITE_SCHEMA === '1') writeFileSync(schemaPath, formatJsonSchema());
    expect(readFileSync(schemaPath, 'utf8')).toBe(formatJsonSchema());
  });

  it.each([
    ['duration', ['200ms', '1.5s', '250us', '250µs', '2m', '1h', '0', '1e3ms', ' 60s ']],
    ['rate', ['150', '150/s', '9000/m', '6000/min', '1/h', '.5/s']],
    ['latency', ['200ms', 'exp:200ms', 'EXP:200ms', 'exponential:mean=1s', 'uniform:100ms..300ms', 'normal:mean=200ms,sd=50ms', 'lognormal:p50=800ms,p99=6s', 'pareto:min=100ms,alpha=1.5', 'p50=800ms,p99=4s,max=10s', 'const:5ms']],
  ] as const)('when the %s pattern meets accepted forms, then it matches them all', (kind, values) => {
    const pattern = new RegExp(PATTERNS[kind], 'u');
    for (const value of values) expect(value, value).toMatch(pattern);
  });

  it.each([
    ['duration', ['200', '5 parsecs', '-1s', 'ms', '']],
    ['rate', ['fast', '-5/s', '10/d', '']],
    ['latency', ['200', 'fast', '']],
  ] as const)('when the %s pattern meets malformed values, then it matches none', (kind, values) => {
    const pattern = new RegExp(PATTERNS[kind], 'u');
    for (const value of values) expect(value, value).not.toMatch(pattern);
  });

  it.each(scenarioFiles)('when scenarios/%s is checked against the schema, then it passes', (file) => {
    const text = readFileSync(`${root}scenarios/${file}`, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./semsim.schema.json');
    expect(validate(schema, parseYaml(text))).toEqual([]);
  });

  it.each([
    [{ capcity: 40 }, '$: additionalProperties capcity'],
    [{ capacity: 0 }, '$.capacity: anyOf'],
    [{ capacity: 2.5 }, '$.capacity: anyOf'],
    [{ capacity: 'lots' }, '$.capacity: anyOf'],
    [{ arrival: 'lumpy' }, '$.arrival: enum'],
    [{ timeout: 2 }, '$.timeout: anyOf'],
    [{ rate: 0 }, '$.rate: anyOf'],
    [{ stages: [{ duration: '30s' }] }, '$.stages: anyOf'],
    [{ stages: [{ duration: '30s', rate: '200/s', concurrency: 5 }] }, '$.stages: anyOf'],
    [{ thresholds: [''] }, '$.thresholds[0]: minLength'],
  ])('when a file holds %j, then the schema reports %s', (value, problem) => {
    expect(validate(schema, value)).toContain(problem);
  });

  it('when a file uses every field, then the schema accepts it', () => {
    const everything = {
      $schema: './semsim.schema.json', name: 'x', description: 'y', capacity: 40, concurrency: 200, arrival: 'closed',
      rate: '150/s', stages: [{ duration: '30s', from: '0/s', to: '200/s' }, { duration: '1m', rate: 200 }], trace: 't.csv',
      latency: 'exp:200ms', think: '1s', requests: 1000, duration: '60s', timeout: '2s', maxQueue: 20,
      order: 'lifo', classes: [{ name: 'interactive', share: '20%', priority: 1 }, { name: 'batch', share: 0.8 }], deadline: '5s',
      attempts: 3, backoff: '100ms', backoffCap: '2s', jitter: 'equal', upstreamLimit: 40, rejectLatency: '20ms', errorRate: '2%',
      errorLatency: 'exp:50ms', slowdown: 0.02, keys: 4, keyChoice: 'least-busy', semaphore: 'per-key', rateLimit: '40/s', bucketSize: 5,
      warmup: 0, seed: 7, thresholds: ['wait.p99<500ms'],
    };
    expect(Object.keys(everything)).toEqual(RUN_FIELDS.map((f) => f.key));
    expect(validate(schema, everything)).toEqual([]);
    expect(validate(schema, { stages: '30s:0->200/s,60s:200/s' })).toEqual([]);
    expect(validate(schema, { stages: [{ duration: '1m', concurrency: 50 }] })).toEqual([]);
    expect(validate(schema, { capacity: 'unlimited' })).toEqual([]);
  });
});
