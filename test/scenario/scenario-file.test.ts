import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadScenarioFile, parseScenarioText } from '../../src/scenario/scenario-file.js';

/** The one-line message of the InputError `fn` throws (fails the test if it throws anything else). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

const dir = mkdtempSync(join(tmpdir(), 'semsim-scenario-'));

describe('parseScenarioText', () => {
  it('when a file sets a name and a description, then the scenario carries them and its options', () => {
    const text = '# a comment\nname: knee\ndescription: the knee of the curve\ncapacity: 40\nrate: 190/s\n';
    const scenario = parseScenarioText(text, 'scenarios/poisson-95.yaml');
    expect(scenario).toEqual({
      name: 'knee',
      description: 'the knee of the curve',
      source: 'scenarios/poisson-95.yaml',
      options: { name: 'knee', description: 'the knee of the curve', capacity: 40, rate: 190 },
    });
  });

  it('when a file has no name, then it is named after the file without its extension', () => {
    const scenario = parseScenarioText('capacity: 4\n', 'some/dir/my-run.yml');
    expect(scenario.name).toBe('my-run');
    expect(scenario.options.name).toBe('my-run');
    expect(scenario).not.toHaveProperty('description');
  });

  it('when the text is JSON, then it is read like YAML and errors are located the same way', () => {
    const json = '{\n  "$schema": "./semsim.schema.json",\n  "capacity": 40,\n  "latency": "exp:200ms"\n}\n';
    expect(parseScenarioText(json, 'a.json').options.capacity).toBe(40);
    expect(messageOf(() => parseScenarioText('{\n  "capacity": 0\n}\n', 'a.json'))).toBe(
      'a.json:2:15: capacity: "0": expected a number of permits, an integer >= 1',
    );
  });

  it('when fields repeat an anchor through an alias, then the alias reads as its value', () => {
    const scenario = parseScenarioText('timeout: &t 2s\nwarmup: *t\n', 'x.yaml');
    expect(scenario.options).toMatchObject({ timeoutMs: 2000, warmupMs: 2000 });
  });

  it.each([
    ['capcity: 40', 'x.yaml:1:1: capcity: unknown field (did you mean "capacity"?)'],
    ['capacity: 4\nmax-queue: 3', 'x.yaml:2:1: max-queue: unknown field (did you mean "maxQueue"?)'],
    ['capacity: 4\nlatncy: 200ms', 'x.yaml:2:1: latncy: unknown field (did you mean "latency"?)'],
    ['schemaVersion: 1\nconfig: {}', 'x.yaml:1:1: schemaVersion: this is a saved --json report, not a scenario; semsim compare reads saved reports, e.g. semsim compare before.json after.json'],
    [
      'json: true',
      'x.yaml:1:1: json: unknown field; accepted: $schema, name, description, capacity, concurrency, arrival, rate, stages, trace, latency, think, requests, duration, timeout, maxQueue, order, classes, deadline, attempts, backoff, backoffCap, jitter, upstreamLimit, rejectLatency, errorRate, errorLatency, slowdown, keys, keyChoice, semaphore, rateLimit, bucketSize, warmup, seed, thresholds',
    ],
    ['capacity: 4\ncapacity: 5', 'x.yaml:2:1: capacity: given twice (first on line 1)'],
    ['stages:\n  - { duration: 1s, rate: 1, rate: 2 }', 'x.yaml:2:30: stages[0].rate: given twice (first on line 2)'],
    ['- capacity: 4', 'x.yaml:1:1: expected a mapping of fields such as "capacity: 40", got a list'],
    ['just words', 'x.yaml:1:1: expected a mapping of fields such as "capacity: 40", got a string "just words"'],
    ['', 'x.yaml:1:1: the scenario is empty; expected fields such as "capacity: 40", one per line'],
    ['# only a comment\n', 'x.yaml:1:1: the scenario is empty; expected fields such as "capacity: 40", one per line'],
    ['capacity: 4\n  latency: 5ms', 'x.yaml:1:11: invalid YAML: nested mappings are not allowed in compact mappings'],
    ['capacity: [1, 2\nseed: 1', 'x.yaml:2:1: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]'],
    ["name: 'unterminated\n", "x.yaml:2:1: invalid YAML: missing closing 'quote"],
    ['capacity: 4\n\tseed: 1', 'x.yaml:2:1: invalid YAML: tabs are not allowed as indentation'],
    ['capacity: 4\n---\ncapacity: 5\n', 'x.yaml:2:1: invalid YAML: a scenario file holds one YAML document, but a second one starts here'],
    ['seed: *nothing', 'x.yaml:1:7: seed: the alias *nothing names no anchor'],
    ['[1]: 2', 'x.yaml:1:1: a key must be a plain name such as capacity'],
    ['name: !!binary aGVsbG8=', 'x.yaml:1:16: name: a !!binary value is not supported; write a plain number or string'],
  ])('when the text is %j, then the error is %j', (text, message) => {
    expect(messageOf(() => parseScenarioText(text, 'x.yaml'))).toBe(message);
  });

  it('when any of those errors is thrown, then its message is one line', () => {
    for (const text of ['capcity: 4', 'capacity: [1, 2\nseed: 1', 'stages:\n  - { duration: 30, rate: 1 }']) {
      expect(messageOf(() => parseScenarioText(text, 'x.yaml'))).not.toContain('\n');
    }
  });
});

describe('loadScenarioFile', () => {
  it('when a file on disk names a trace relative to itself, then the trace path is resolved against the file\'s directory', () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const file = join(dir, 'sub', 'replay.yaml');
    writeFileSync(file, 'trace: traces/t.csv\ncapacity: 2\n');
    const scenario = loadScenarioFile(file);
    expect(scenario.options.trace).toBe(join(dir, 'sub', 'traces', 't.csv'));
    expect(scenario.source).toBe(file);
    expect(scenario.name).toBe('replay');
  });

  it('when a .json file is loaded, then it is read like YAML', () => {
    const file = join(dir, 'run.json');
    writeFileSync(file, '{ "capacity": 8, "rate": 20 }');
    expect(loadScenarioFile(file).options).toEqual({ name: 'run', capacity: 8, rate: 20 });
  });

  it('when a file has a bad value, then the error names the path as given', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ncapacity: 4\nlatency: expo:200ms\n');
    expect(messageOf(() => loadScenarioFile(file))).toMatch(/^.*bad\.yaml:3:10: latency: "expo:200ms": unknown distribution "expo" \(did you mean "exp"\?\); /);
  });

  it.each([
    ['missing.yaml', 'no such file'],
    ['.', 'is a directory'],
  ])('when the file is %j, then the error says it cannot be read: %s', (name, why) => {
    const path = join(dir, name);
    expect(messageOf(() => loadScenarioFile(path))).toBe(`${path}: cannot read the scenario: ${why}`);
  });

  it.skipIf(process.getuid?.() === 0)('when the file is not readable, then the error says permission denied', () => {
    const file = join(dir, 'secret.yaml');
    writeFileSync(file, 'capacity: 4\n');
    chmodSync(file, 0o000);
    expect(messageOf(() => loadScenarioFile(file))).toBe(`${file}: cannot read the scenario: permission denied`);
  });
});
