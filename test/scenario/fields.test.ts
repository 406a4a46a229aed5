import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addRunOptions } from '../../src/cli/run-options.js';
import { RUN_FIELDS } from '../../src/scenario/fields.js';
import type { RunOptions } from '../../src/scenario/resolve.js';
import { parseScenarioText } from '../../src/scenario/scenario-file.js';

/** RunOptions with distributions shown as their canonical spec, so they compare as data. */
function plain(options: RunOptions): Record<string, unknown> {
  const { name: _name, ...rest } = options;
  return Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, typeof value === 'object' && value !== null && 'spec' in value ? `spec ${String(value.spec)}` : value]),
  );
}

const read = (text: string, source = 'x.yaml'): Record<string, unknown> => plain(parseScenarioText(text, source).options);

const FORMS = '{ duration: 30s, rate: 200/s }, { duration: 30s, from: 0/s, to: 200/s } or { duration: 1m, concurrency: 50 }';

describe('run fields: accepted file values', () => {
  it.each<[string, Record<string, unknown>]>([
    ['capacity: 40', { capacity: 40 }],
    ['capacity: +7', { capacity: 7 }],
    ['concurrency: 200', { concurrency: 200 }],
    ['arrival: constant', { arrival: 'constant' }],
    ['rate: 150/s', { rate: 150 }],
    ['rate: 150', { rate: 150 }],
    ['rate: 9000/m', { rate: 150 }],
    ['rate: 2.5', { rate: 2.5 }],
    ['latency: 200ms', { latency: 'spec 200ms' }],
    ['latency: exp:200ms', { latency: 'spec exp:200ms' }],
    ['latency: lognormal:p50=800ms,p99=6s', { latency: 'spec lognormal:p50=800ms,p99=6s' }],
    ['latency: "p50=800ms,p99=4s,max=10s"', { latency: 'spec p50=800ms,p99=4s,max=10s' }],
    ['think: exp:1s', { think: 'spec exp:1s' }],
    ['requests: 0', { requests: 0 }],
    ['duration: 60s', { durationMs: 60_000 }],
    ['duration: 2m', { durationMs: 120_000 }],
    ['timeout: 2s', { timeoutMs: 2000 }],
    ['timeout: 0', { timeoutMs: 0 }],
    ['warmup: 1.5s', { warmupMs: 1500 }],
    ['maxQueue: 20', { maxQueue: 20 }],
    ['seed: 42', { seed: 42 }],
    ['trace: traces/a.csv', { trace: 'dir/traces/a.csv' }],
    ['trace: /data/a.csv', { trace: '/data/a.csv' }],
    ['description: >\n  two\n  lines\n', { description: 'two lines' }],
    ['$schema: ./semsim.schema.json', {}],
    ['thresholds: [wait.p99<500ms, "rejected<1%"]', { thresholds: ['wait.p99<500ms', 'rejected<1%'] }],
    ['thresholds:\n  - wait.p99<500ms\n', { thresholds: ['wait.p99<500ms'] }],
    ['thresholds: []', { thresholds: [] }],
    [
      'stages: 30s:0->200/s,60s:200/s',
      { stages: { unit: 'rate', stages: [{ durationMs: 30_000, from: 0, to: 200 }, { durationMs: 60_000, from: 200, to: 200 }] } },
    ],
    [
      'stages:\n  - { duration: 30s, rate: 200/s }\n  - { duration: 1m, rate: 200 }\n  - { duration: 30s, to: 0/s }\n',
      {
        stages: {
          unit: 'rate',
          stages: [{ durationMs: 30_000, from: 0, to: 200 }, { durationMs: 60_000, from: 200, to: 200 }, { durationMs: 30_000, from: 200, to: 0 }],
        },
      },
    ],
    ['stages: [{ duration: 30s, from: 50/s, to: 9000/m }]', { stages: { unit: 'rate', stages: [{ durationMs: 30_000, from: 50, to: 150 }] } }],
    [
      'stages:\n  - duration: 1m\n    concurrency: 50\n  - { duration: 1m, from: 10, concurrency: 0 }\n',
      { stages: { unit: 'clients', stages: [{ durationMs: 60_000, from: 0, to: 50 }, { durationMs: 60_000, from: 10, to: 0 }] } },
    ],
  ])('when a file says %j, then the options are %j', (text, expected) => {
    expect(read(text, 'dir/x.yaml')).toEqual(expected);
  });
});

describe('run fields: rejected file values', () => {
  it.each([
    ['capacity: 0', 'x.yaml:1:11: capacity: "0": expected a number of permits, an integer >= 1'],
    ['capacity: 2.5', 'x.yaml:1:11: capacity: "2.5": expected a number of permits, an integer >= 1'],
    ['capacity: -3', 'x.yaml:1:11: capacity: "-3": expected a number of permits, an integer >= 1'],
    ['capacity: 12345678901234567890', 'x.yaml:1:11: capacity: "12345678901234567890": a number of permits is too large'],
    ['capacity: "40"', 'x.yaml:1:11: capacity: "40": write a number of permits as a number, without quotes'],
    ['capacity: forty', 'x.yaml:1:11: capacity: "forty": not a number of permits; accepted: an integer >= 1, or unlimited for no semaphore'],
    ['capacity: [1, 2]', 'x.yaml:1:11: capacity: expected a number of permits, an integer >= 1, or unlimited, got a list'],
    ['capacity:', 'x.yaml:1:10: capacity: expected a number of permits, an integer >= 1, or unlimited, got no value'],
    ['maxQueue: { a: 1 }', 'x.yaml:1:11: maxQueue: expected a count, an integer >= 0, got a mapping'],
    [
      'latency: expo:200ms',
      'x.yaml:1:10: latency: "expo:200ms": unknown distribution "expo" (did you mean "exp"?); accepted: const, exp, uniform, normal, lognormal, pareto, or a percentile table like p50=800ms,p99=4s',
    ],
    ['latency: 200', 'x.yaml:1:10: latency: "200": a duration needs a unit, e.g. "200ms"'],
    ['think: true', 'x.yaml:1:8: think: expected a latency spec such as exp:1s, got true'],
    ['duration: 60', 'x.yaml:1:11: duration: "60": a duration needs a unit, e.g. "60ms"'],
    [
      'timeout: 5 parsecs',
      'x.yaml:1:10: timeout: "5 parsecs": a duration has an unknown unit "parsecs"; accepted units: us, ms, s, m (or min), h',
    ],
    ['warmup: [10s]', 'x.yaml:1:9: warmup: expected a duration such as 10s, got a list'],
    ['rate: fast', 'x.yaml:1:7: rate: "fast": not a rate; accepted: a positive number per second, like 100, 100/s, 6000/m or 360000/h'],
    ['rate: 0', 'x.yaml:1:7: rate: "0": a rate must be positive'],
    ['rate: 10/d', 'x.yaml:1:7: rate: "10/d": unknown unit "/d"; accepted: /s, /m (or /min), /h'],
    ['arrival: Poisson', 'x.yaml:1:10: arrival: "Poisson": not an arrival kind (did you mean "poisson"?); accepted: closed, poisson, constant, burst'],
    ['arrival: lumpy', 'x.yaml:1:10: arrival: "lumpy": not an arrival kind; accepted: closed, poisson, constant, burst'],
    ['seed: random', 'x.yaml:1:7: seed: "random": a scenario fixes its seed, an integer >= 0; draw one with --seed random on the command line'],
    ['seed: -1', 'x.yaml:1:7: seed: "-1": expected a seed, an integer >= 0'],
    ['name: ""', 'x.yaml:1:7: name: a name must not be empty'],
    ['name: 5', 'x.yaml:1:7: name: expected a name, a string, got the number 5'],
    ['description: [a]', 'x.yaml:1:14: description: expected a description, a string, got a list'],
    ['trace: ""', 'x.yaml:1:8: trace: expected the path of a CSV trace, got an empty string'],
    ['trace: 3', 'x.yaml:1:8: trace: expected the path of a CSV trace, got the number 3'],
    ['thresholds: wait.p99<500ms', 'x.yaml:1:13: thresholds: expected a list of threshold expressions such as ["wait.p99<500ms"], got a string "wait.p99<500ms"'],
    ['thresholds: [ok, ""]', 'x.yaml:1:18: thresholds[1]: "": a threshold is empty; expected an expression such as wait.p99<500ms'],
    ['thresholds: [5]', 'x.yaml:1:14: thresholds[0]: expected a threshold expression such as wait.p99<500ms, got the number 5'],
    ['stages: 5', `x.yaml:1:9: stages: expected a stage profile string or a list of stages such as ${FORMS}, got the number 5`],
    ['stages: []', `x.yaml:1:9: stages: expected at least one stage, such as ${FORMS}`],
    ['stages: [30s]', `x.yaml:1:10: stages[0]: expected a stage such as ${FORMS}, got a string "30s"`],
    ['stages:\n  - { duration: 30s, rate: 200/s }\n  - { duration: 30, rate: 200/s }\n', 'x.yaml:3:17: stages[1].duration: "30": a duration needs a unit, e.g. "30ms"'],
    ['stages:\n  - { duration: 0s, rate: 200/s }\n', 'x.yaml:2:17: stages[0].duration: a stage must last longer than 0, e.g. 30s'],
    ['stages:\n  - { duration: 30s }\n', `x.yaml:2:5: stages[0]: a stage needs a target (rate, to or concurrency); accepted: ${FORMS}`],
    ['stages:\n  - { rate: 200/s }\n', `x.yaml:2:5: stages[0]: duration is missing; accepted: ${FORMS}`],
    [
      'stages:\n  - { duration: 30s, rat: 200/s }\n',
      'x.yaml:2:22: stages[0].rat: unknown key (did you mean "rate"?); accepted: duration, rate, to, from, concurrency',
    ],
    ['stages:\n  - { duration: 30s, rate: 200/s, to: 5/s }\n', `x.yaml:2:35: stages[0].to: a stage has one target, and rate is already given; accepted: ${FORMS}`],
    [
      'stages:\n  - { duration: 30s, rate: 200/s }\n  - { duration: 30s, concurrency: 5 }\n',
      'x.yaml:3:22: stages[1].concurrency: stages[0].rate makes this a profile of arrival rates, so every stage targets arrival rates; a profile is either rates or clients',
    ],
    ['stages:\n  - { duration: 30s, rate: -5/s }\n', 'x.yaml:2:28: stages[0].rate: "-5/s": a rate must be positive'],
    ['stages:\n  - { duration: 30s, from: 0/d, rate: 5/s }\n', 'x.yaml:2:28: stages[0].from: "0/d": unknown unit "/d"; accepted: /s, /m (or /min), /h'],
    ['stages:\n  - { duration: 1m, concurrency: 2.5 }\n', 'x.yaml:2:34: stages[0].concurrency: "2.5": expected a number of clients, an integer >= 0'],
    ['stages: 30s:0=>200/s', 'x.yaml:1:9: stages: "30s:0=>200/s": "=>" is not an arrow (did you mean "0->200/s"?); accepted: comma-separated <duration>:<target> or <duration>:<from>-><to>, with rates per /s, /m or /h (e.g. "30s:0->200/s,60s:200/s,30s:200->0/s") or client counts (e.g. "1m:0->50,2m:50,1m:0")'],
  ])('when a file says %j, then the error is %j', (text, message) => {
    expect(() => parseScenarioText(text, 'x.yaml')).toThrow(message);
    try {
      parseScenarioText(text, 'x.yaml');
    } catch (error) {
      expect((error as Error).message).toBe(message);
    }
  });
});

describe('run fields: the command line', () => {
  const parseFlags = (args: string[]): Record<string, unknown> => {
    const cmd = addRunOptions(new Command('semsim')).exitOverride().configureOutput({ writeErr: () => undefined });
    cmd.parse(args, { from: 'user' });
    return cmd.opts();
  };

  it('when every field with a flag is listed, then the command has that flag, with the default in its help', () => {
    const cmd = addRunOptions(new Command('semsim'));
    for (const def of RUN_FIELDS.filter((f) => f.cli !== undefined)) {
      const option = cmd.options.find((o) => o.flags === def.cli?.flags);
      expect(option, def.key).toBeDefined();
      expect(option?.attributeName()).toBe(def.target);
      if (def.defaultText !== undefined) expect(option?.description).toContain(`(default: ${def.defaultText})`);
    }
  });

  it.each<[string[], Record<string, unknown>]>([
    [['--capacity', '40'], { capacity: 40 }],
    [['-c', '5'], { concurrency: 5 }],
    [['-a', 'burst'], { arrival: 'burst' }],
    [['-r', '150/s'], { rate: 150 }],
    [['-d', '60s'], { durationMs: 60_000 }],
    [['-t', '2s'], { timeoutMs: 2000 }],
    [['--warmup', '10s'], { warmupMs: 10_000 }],
    [['--max-queue', '20'], { maxQueue: 20 }],
    [['-n', '100'], { requests: 100 }],
    [['-s', 'random'], { seed: 'random' }],
    [['-s', '7'], { seed: 7 }],
    [['--trace', 'a.csv'], { trace: 'a.csv' }],
    [['--threshold', 'wait.p99<500ms', '--threshold', 'rejected<1%'], { thresholds: ['wait.p99<500ms', 'rejected<1%'] }],
    [['--stages', '1m:0->50,2m:50'], { stages: { unit: 'clients', stages: [{ durationMs: 60_000, from: 0, to: 50 }, { durationMs: 120_000, from: 50, to: 50 }] } }],
  ])('when the flags are %j, then the parsed options are %j under their RunOptions keys', (args, expected) => {
    expect(parseFlags(args)).toMatchObject(expected);
  });

  it('when latency flags are given, then they are parsed distributions', () => {
    const opts = parseFlags(['-l', 'exp:200ms', '--think', '1s']);
    expect(plain(opts as RunOptions)).toEqual({ latency: 'spec exp:200ms', think: 'spec 1s', live: true, color: true });
  });

  it.each([
    [['--capacity', '0'], "error: option '--capacity <n>' argument '0' is invalid. expected a number of permits, an integer >= 1"],
    [['--threshold', ' '], "error: option '--threshold <expr>' argument ' ' is invalid. a threshold is empty; expected an expression such as wait.p99<500ms"],
    [['--stages', '30s'], "error: option '--stages <profile>' argument '30s' is invalid. a stage needs a duration, a colon and a target; accepted: comma-separated <duration>:<target> or <duration>:<from>-><to>, with rates per /s, /m or /h (e.g. \"30s:0->200/s,60s:200/s,30s:200->0/s\") or client counts (e.g. \"1m:0->50,2m:50,1m:0\")"],
  ])('when the flags are %j, then commander reports %j', (args, message) => {
    let stderr = '';
    const cmd = addRunOptions(new Command('semsim')).exitOverride().configureOutput({ writeErr: (s) => (stderr += s) });
    expect(() => cmd.parse(args, { from: 'user' })).toThrow();
    expect(stderr.trim()).toBe(message);
  });
});
