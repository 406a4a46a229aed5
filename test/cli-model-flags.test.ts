import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs, prepareRun } from '../src/cli/prepare.js';
import { createProgram, type CliIo } from '../src/cli.js';
import { expectBadInput, runCli as run } from './support/cli.js';
import type { SimConfig } from '../src/sim/config.js';


/** The config the CLI would simulate for these arguments (parsed as `semsim run` does; nothing runs). */
function configFor(args: readonly string[]): SimConfig {
  const { flags, scenario } = parseRunArgs(args);
  return prepareRun(flags, scenario).config;
}

const dir = mkdtempSync(join(tmpdir(), 'semsim-model-'));

function scenarioFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('model flags reach the config', () => {
  it.each<[string[], (config: SimConfig) => unknown, unknown]>([
    [['--capacity', 'unlimited'], (c) => c.capacity, Infinity],
    [['--capacity', '12'], (c) => c.capacity, 12],
    [['--order', 'lifo', '--timeout', '2s'], (c) => c.order, 'lifo'],
    [['--order', 'fifo'], (c) => c.order, 'fifo'],
    [['--deadline', '1.5s'], (c) => c.deadlineMs, 1500],
    [['--attempts', '3'], (c) => c.retry, { attempts: 3, baseMs: 100, capMs: 10_000, jitter: 'full' }],
    [['--attempts', '5', '--backoff', '20ms', '--backoff-cap', '1s', '--jitter', 'equal'], (c) => c.retry, { attempts: 5, baseMs: 20, capMs: 1000, jitter: 'equal' }],
    [['--upstream-limit', '30'], (c) => c.upstream.limit, 30],
    [['--upstream-limit', '30', '--reject-latency', 'exp:5ms'], (c) => c.upstream.rejectLatency.spec, 'exp:5ms'],
    [['--error-rate', '2%'], (c) => c.upstream.errorRate, 0.02],
    [['--error-rate', '0.1', '--error-latency', '300ms'], (c) => [c.upstream.errorRate, c.upstream.errorLatency.spec], [0.1, '300ms']],
    [['--slowdown', '3%'], (c) => c.upstream.slowdownPerCall, 0.03],
    [['--keys', '4'], (c) => c.keys, { count: 4, choice: 'round-robin', semaphore: 'shared' }],
    [['--keys', '4', '--key-choice', 'least-busy', '--semaphore', 'per-key'], (c) => c.keys, { count: 4, choice: 'least-busy', semaphore: 'per-key' }],
    [['--rate-limit', '40/s'], (c) => c.rateLimit, { ratePerSec: 40, bucketSize: 1 }],
    [['--rate-limit', '120/m', '--bucket-size', '10'], (c) => c.rateLimit, { ratePerSec: 2, bucketSize: 10 }],
    [[], (c) => [c.order, c.deadlineMs, c.retry.attempts, c.upstream.limit, c.upstream.errorRate, c.keys.count, c.rateLimit], ['fifo', Infinity, 1, Infinity, 0, 1, null]],
  ])('when given %j, then the config holds it', (args, pick, expected) => {
    expect(pick(configFor(args))).toEqual(expected);
  });

  it('when a scenario file sets model fields and flags override some, then the flags win and the rest come from the file', () => {
    const file = scenarioFile(
      'keys.yaml',
      'keys: 4\nkeyChoice: random\nattempts: 3\njitter: none\nclasses:\n  - { name: gold, share: 25%, priority: 1 }\n  - { name: rest, share: 0.75 }\n',
    );
    const config = configFor([file, '--key-choice', 'least-busy', '--attempts', '2']);
    expect(config.keys).toEqual({ count: 4, choice: 'least-busy', semaphore: 'shared' });
    expect(config.retry).toEqual({ attempts: 2, baseMs: 100, capMs: 10_000, jitter: 'none' });
    expect(config.classes).toEqual([
      { name: 'gold', share: 0.25, priority: 1 },
      { name: 'rest', share: 0.75, priority: 0 },
    ]);
  });
});

describe('model flags: bad input', () => {
  const shares = scenarioFile('shares.yaml', 'capacity: 10\nclasses:\n  - { name: gold, share: 0.6 }\n  - { name: rest, share: 0.3 }\n');
  const lifoFile = scenarioFile('lifo.yaml', 'order: lifo\n');

  it.each<[string[], RegExp]>([
    [['--jitter', 'sometimes'], /^error: option '--jitter <kind>' argument 'sometimes' is invalid\. not a jitter kind; accepted: none, full, equal$/],
    [['--jitter', 'Full'], /argument 'Full' is invalid\. not a jitter kind \(did you mean "full"\?\); accepted: none, full, equal$/],
    [['--error-rate', '150%'], /^error: option '--error-rate <p>' argument '150%' is invalid\. an error rate is a probability below 1 \(100 %\), a fraction such as 0\.02 or 2%$/],
    [['--error-rate', '2'], /argument '2' is invalid\. .* \(for 2 % write 2% or 0\.02\)$/],
    [['--capacity', 'lots'], /^error: option '--capacity <n>' argument 'lots' is invalid\. not a number of permits; accepted: an integer >= 1, or unlimited for no semaphore$/],
    [['--capacity', 'unlimted'], /argument 'unlimted' is invalid\. not a number of permits \(did you mean "unlimited"\?\)/],
    [['--order', 'newest'], /^error: option '--order <fifo\|lifo>' argument 'newest' is invalid\. not a queue order; accepted: fifo, lifo$/],
    [['--key-choice', 'roundrobin'], /^error: option '--key-choice <how>' argument 'roundrobin' is invalid\. not a key choice \(did you mean "round-robin"\?\); accepted: round-robin, random, least-busy$/],
    [['--semaphore', 'global'], /^error: option '--semaphore <scope>' argument 'global' is invalid\. not a semaphore scope; accepted: shared, per-key$/],
    [['--attempts', '0'], /^error: option '--attempts <n>' argument '0' is invalid\. expected a number of attempts, an integer >= 1$/],
    [['--deadline', '0'], /^error: option '--deadline <time>' argument '0' is invalid\. a deadline must be longer than 0, e.g\. 2s$/],
    [['--slowdown', '-2%'], /^error: option '--slowdown <p>' argument '-2%' is invalid\. expected a slowdown per call, a fraction such as 0\.02 or 2%$/],
    [['--keys', '1.5'], /^error: option '--keys <n>' argument '1\.5' is invalid\. expected a number of keys, an integer >= 1$/],
    [['--upstream-limit', 'none'], /^error: option '--upstream-limit <n>' argument 'none' is invalid\. expected a number of calls, an integer >= 1$/],
    [['--rate-limit', '0/s'], /^error: option '--rate-limit <rate>' argument '0\/s' is invalid\. a rate must be positive$/],
    [['--bucket-size', '0'], /^error: option '--bucket-size <n>' argument '0' is invalid\. expected a number of tokens, an integer >= 1$/],
    [['--reject-latency', 'fast'], /^error: option '--reject-latency <spec>' argument 'fast' is invalid\./],
    [['--error-latency', '20'], /^error: option '--error-latency <spec>' argument '20' is invalid\. .*unit/],
    [['--backoff-cap', '10 parsecs'], /^error: option '--backoff-cap <time>' argument '10 parsecs' is invalid\./],
    [[shares], /^error: .*shares\.yaml:3:3: classes: the shares sum to 0\.9 \(90 %\); they must sum to 1 \(100 %\)$/],
    [['--bucket-size', '5'], /^error: --bucket-size: sizes the bucket of a rate limit, and there is none; give --rate-limit too, e\.g\. --rate-limit 40\/s$/],
    [['--jitter', 'none'], /^error: --jitter: applies to retries, and with --attempts 1 \(the default\) there are none; give --attempts 2 or more$/],
    [['--reject-latency', '5ms'], /^error: --reject-latency: a 429 only comes from an upstream limit, and there is none; give --upstream-limit too/],
    [['--error-latency', '5ms'], /^error: --error-latency: applies to failed calls, and there are none without --error-rate; give --error-rate too/],
    [['--semaphore', 'per-key'], /^error: --semaphore: applies to several API keys, and there is one \(--keys 1, the default\); give --keys 2 or more$/],
    [['--order', 'lifo'], /^error: --order lifo: under overload LIFO .* the oldest could wait forever; pair it with --timeout or --deadline, e\.g\. --deadline 100ms$/],
    [[lifoFile], /^error: .*lifo\.yaml: --order lifo: under overload LIFO/],
    [['--capacity', 'unlimited', '--timeout', '1s'], /^error: --timeout and --capacity unlimited: without a semaphore nothing ever waits for a permit, so --timeout does not apply; drop one$/],
    [['--capacity', 'unlimited', '--max-queue', '10'], /^error: --max-queue and --capacity unlimited: /],
  ])('when given %j, then one error line naming it, no stack trace, exit 2', async (args, pattern) => {
    expectBadInput(await run(args), pattern);
  });
});

describe('model flags: help', () => {
  const NEW_FLAGS = [
    '--order <fifo|lifo>',
    '--deadline <time>',
    '--attempts <n>',
    '--backoff <time>',
    '--backoff-cap <time>',
    '--jitter <kind>',
    '--upstream-limit <n>',
    '--reject-latency <spec>',
    '--error-rate <p>',
    '--error-latency <spec>',
    '--slowdown <p>',
    '--keys <n>',
    '--key-choice <how>',
    '--semaphore <scope>',
    '--rate-limit <rate>',
    '--bucket-size <n>',
  ];

  it('when help is shown at 80 columns, then every new flag is there with its default, in at most two lines of at most 80 columns', () => {
    const io: CliIo = { stdout: { write: () => true, isTTY: false }, stderr: { write: () => true }, env: {}, onInterrupt: () => () => undefined };
    const lines = createProgram(io).configureHelp({ helpWidth: 80 }).helpInformation().split('\n');
    for (const flag of NEW_FLAGS) {
      const start = lines.findIndex((line) => line.trimStart().startsWith(`${flag} `));
      expect(start, flag).toBeGreaterThan(-1);
      // An option's description continues on lines indented under it, up to the next option.
      const end = lines.findIndex((line, i) => i > start && !/^\s{6,}\S/.test(line));
      const entry = lines.slice(start, end);
      expect(entry.length, flag).toBeLessThanOrEqual(2);
      expect(entry.join(' '), flag).toMatch(/\(default: [^)]+\)/);
      for (const line of entry) expect([...line].length, line).toBeLessThanOrEqual(80);
    }
    expect(lines.join('\n')).toMatch(/--capacity <n>\s+permits of the semaphore; unlimited for no/);
  });
});
