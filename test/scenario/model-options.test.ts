import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseLatency } from '../../src/dist/spec.js';
import { JITTERS, KEY_CHOICES, QUEUE_ORDERS, SEMAPHORE_SCOPES } from '../../src/scenario/fields.js';
import { resolveConfig, type RunOptions } from '../../src/scenario/resolve.js';
import { parseScenarioText } from '../../src/scenario/scenario-file.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { plainModel, type SimConfig, type TraceWorkload } from '../../src/sim/config.js';

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

const noTrace = (path: string): TraceWorkload => {
  throw new Error(`no trace expected, asked for ${path}`);
};

/** Options as a scenario file gives them, distributions shown as their spec so they compare as data. */
function readFile(text: string): Record<string, unknown> {
  const { name: _name, ...options } = parseScenarioText(text, 'x.yaml').options;
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, typeof value === 'object' && value !== null && 'spec' in value ? `spec ${String(value.spec)}` : value]),
  );
}

/** The model part of a config, distributions as their spec. */
function modelOf(config: Pick<SimConfig, 'order' | 'classes' | 'deadlineMs' | 'retry' | 'upstream' | 'keys' | 'rateLimit'>): Record<string, unknown> {
  const { order, classes, deadlineMs, retry, upstream, keys, rateLimit } = config;
  return {
    order,
    classes,
    deadlineMs,
    retry,
    upstream: { ...upstream, rejectLatency: upstream.rejectLatency.spec, errorLatency: upstream.errorLatency.spec },
    keys,
    rateLimit,
  };
}

const resolve = (options: RunOptions): SimConfig => resolveConfig(options, noTrace);
const resolveFile = (text: string): SimConfig => resolve(parseScenarioText(text, 'x.yaml').options);

describe('model options: defaults', () => {
  it('when no model option is given, then the config has the neutral model of plainModel()', () => {
    expect(modelOf(resolve({}))).toEqual(modelOf(plainModel()));
  });

  it('when a file sets every model field, then each lands in its place in the config', () => {
    const config = resolveFile(
      [
        'capacity: 8',
        'timeout: 1s',
        'order: lifo',
        'classes:',
        '  - { name: interactive, share: 20%, priority: 2 }',
        '  - { name: batch, share: 0.8 }',
        'deadline: 3s',
        'attempts: 4',
        'backoff: 50ms',
        'backoffCap: 2s',
        'jitter: equal',
        'upstreamLimit: 10',
        'rejectLatency: exp:30ms',
        'errorRate: 5%',
        'errorLatency: 40ms',
        'slowdown: 0.03',
        'keys: 3',
        'keyChoice: least-busy',
        'semaphore: per-key',
        'rateLimit: 600/m',
        'bucketSize: 4',
      ].join('\n'),
    );
    expect(modelOf(config)).toEqual({
      order: 'lifo',
      classes: [
        { name: 'interactive', share: 0.2, priority: 2 },
        { name: 'batch', share: 0.8, priority: 0 },
      ],
      deadlineMs: 3000,
      retry: { attempts: 4, baseMs: 50, capMs: 2000, jitter: 'equal' },
      upstream: { limit: 10, rejectLatency: 'exp:30ms', errorRate: 0.05, errorLatency: '40ms', slowdownPerCall: 0.03 },
      keys: { count: 3, choice: 'least-busy', semaphore: 'per-key' },
      rateLimit: { ratePerSec: 10, bucketSize: 4 },
    });
  });

  it('when only some retry fields are given, then the others keep their defaults', () => {
    expect(resolve({ attempts: 3 }).retry).toEqual({ attempts: 3, baseMs: 100, capMs: 10_000, jitter: 'full' });
    expect(resolve({ attempts: 2, jitter: 'none' }).retry).toEqual({ attempts: 2, baseMs: 100, capMs: 10_000, jitter: 'none' });
  });

  it('when a rate limit is given without a bucket size, then the bucket holds one token', () => {
    expect(resolve({ rateLimit: 40 }).rateLimit).toEqual({ ratePerSec: 40, bucketSize: 1 });
  });

  it('when capacity is unlimited, then the config carries Infinity', () => {
    expect(resolveFile('capacity: unlimited').capacity).toBe(Infinity);
  });
});

describe('model options: accepted file values', () => {
  it.each<[string, Record<string, unknown>]>([
    ['capacity: unlimited', { capacity: Infinity }],
    ['capacity: 40', { capacity: 40 }],
    ['order: fifo', { order: 'fifo' }],
    ['order: lifo', { order: 'lifo' }],
    ['deadline: 250ms', { deadlineMs: 250 }],
    ['attempts: 1', { attempts: 1 }],
    ['backoff: 0', { backoffMs: 0 }],
    ['backoffCap: 1m', { backoffCapMs: 60_000 }],
    ['jitter: none', { jitter: 'none' }],
    ['upstreamLimit: 1', { upstreamLimit: 1 }],
    ['rejectLatency: uniform:10ms..30ms', { rejectLatency: 'spec uniform:10ms..30ms' }],
    ['errorRate: 0', { errorRate: 0 }],
    ['errorRate: 0.02', { errorRate: 0.02 }],
    ['errorRate: 2%', { errorRate: 0.02 }],
    ['errorRate: "2.5 %"', { errorRate: 0.025 }],
    ['errorRate: 99.9%', { errorRate: 0.999 }],
    ['errorLatency: 1s', { errorLatency: 'spec 1s' }],
    ['slowdown: 0', { slowdown: 0 }],
    ['slowdown: 2%', { slowdown: 0.02 }],
    ['slowdown: 1.5', { slowdown: 1.5 }],
    ['keys: 12', { keys: 12 }],
    ['keyChoice: round-robin', { keyChoice: 'round-robin' }],
    ['keyChoice: random', { keyChoice: 'random' }],
    ['semaphore: shared', { semaphore: 'shared' }],
    ['rateLimit: 40/s', { rateLimit: 40 }],
    ['rateLimit: 40', { rateLimit: 40 }],
    ['bucketSize: 10', { bucketSize: 10 }],
    ['classes: [{ name: all, share: 1 }]', { classes: [{ name: 'all', share: 1, priority: 0 }] }],
    ['classes: [{ name: all, share: 100% }]', { classes: [{ name: 'all', share: 1, priority: 0 }] }],
    ['classes: [{ name: a, share: 0.5, weight: 3 }, { name: b, share: 0.5, weight: 0.5 }]', { classes: [{ name: 'a', share: 0.5, priority: 0, weight: 3 }, { name: 'b', share: 0.5, priority: 0, weight: 0.5 }] }],
    [
      'classes:\n  - { name: " gold ", share: 0.1, priority: 3 }\n  - { name: silver, share: 0.2, priority: -1 }\n  - { name: bronze, share: 0.7 }\n',
      {
        classes: [
          { name: 'gold', share: 0.1, priority: 3 },
          { name: 'silver', share: 0.2, priority: -1 },
          { name: 'bronze', share: 0.7, priority: 0 },
        ],
      },
    ],
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: within the tolerance.
    [
      'classes: [{ name: a, share: 0.1 }, { name: b, share: 0.2 }, { name: c, share: 0.7 }]',
      { classes: [{ name: 'a', share: 0.1, priority: 0 }, { name: 'b', share: 0.2, priority: 0 }, { name: 'c', share: 0.7, priority: 0 }] },
    ],
  ])('when a file says %j, then the options are %j', (text, expected) => {
    expect(readFile(text)).toEqual(expected);
  });

  it('when a share is written as 20%, then it is exactly 0.2 (no rounding from dividing by 100)', () => {
    expect(readFile('classes: [{ name: a, share: 20% }, { name: b, share: 80% }]').classes).toEqual([
      { name: 'a', share: 0.2, priority: 0 },
      { name: 'b', share: 0.8, priority: 0 },
    ]);
  });
});

describe('model options: rejected file values', () => {
  const CLASS_FORM = '{ name: interactive, share: 20%, priority: 1 }';
  it.each([
    ['capacity: lots', 'x.yaml:1:11: capacity: "lots": not a number of permits; accepted: an integer >= 1, or unlimited for no semaphore'],
    ['capacity: Unlimited', 'x.yaml:1:11: capacity: "Unlimited": not a number of permits (did you mean "unlimited"?); accepted: an integer >= 1, or unlimited for no semaphore'],
    ['capacity: 0', 'x.yaml:1:11: capacity: "0": expected a number of permits, an integer >= 1'],
    ['order: random', 'x.yaml:1:8: order: "random": not a queue order; accepted: fifo, lifo'],
    ['order: FIFO', 'x.yaml:1:8: order: "FIFO": not a queue order (did you mean "fifo"?); accepted: fifo, lifo'],
    ['order: 1', 'x.yaml:1:8: order: "1": not a queue order; accepted: fifo, lifo'],
    ['deadline: 0', 'x.yaml:1:11: deadline: "0": a deadline must be longer than 0, e.g. 2s'],
    ['deadline: 2', 'x.yaml:1:11: deadline: "2": a duration needs a unit, e.g. "2ms"'],
    ['attempts: 0', 'x.yaml:1:11: attempts: "0": expected a number of attempts, an integer >= 1'],
    ['attempts: "3"', 'x.yaml:1:11: attempts: "3": write a number of attempts as a number, without quotes'],
    ['backoff: soon', 'x.yaml:1:10: backoff: "soon": a duration must be a number with a unit (us, ms, s, m or min, h), e.g. "200ms"'],
    ['jitter: sometimes', 'x.yaml:1:9: jitter: "sometimes": not a jitter kind; accepted: none, full, equal'],
    ['jitter: [full]', 'x.yaml:1:9: jitter: expected one of none, full, equal, got a list'],
    ['upstreamLimit: 0', 'x.yaml:1:16: upstreamLimit: "0": expected a number of calls, an integer >= 1'],
    ['rejectLatency: 20', 'x.yaml:1:16: rejectLatency: "20": a duration needs a unit, e.g. "20ms"'],
    ['errorRate: 150%', 'x.yaml:1:12: errorRate: "150%": an error rate is a probability below 1 (100 %), a fraction such as 0.02 or 2%'],
    ['errorRate: 1', 'x.yaml:1:12: errorRate: "1": an error rate is a probability below 1 (100 %), a fraction such as 0.02 or 2% (for 1 % write 1% or 0.01)'],
    ['errorRate: -0.1', 'x.yaml:1:12: errorRate: "-0.1": expected an error rate, a fraction such as 0.02 or 2%'],
    ['errorRate: 2 percent', 'x.yaml:1:12: errorRate: "2 percent": expected an error rate, a fraction such as 0.02 or 2%'],
    ['errorRate: true', 'x.yaml:1:12: errorRate: expected a fraction such as 0.02 or 2%, got true'],
    ['slowdown: -1%', 'x.yaml:1:11: slowdown: "-1%": expected a slowdown per call, a fraction such as 0.02 or 2%'],
    ['slowdown: 1e999', 'x.yaml:1:11: slowdown: "1e999": a slowdown per call must be finite, a fraction such as 0.02 or 2%'],
    ['keys: 0', 'x.yaml:1:7: keys: "0": expected a number of keys, an integer >= 1'],
    ['keyChoice: leastbusy', 'x.yaml:1:12: keyChoice: "leastbusy": not a key choice (did you mean "least-busy"?); accepted: round-robin, random, least-busy'],
    ['semaphore: perkey', 'x.yaml:1:12: semaphore: "perkey": not a semaphore scope (did you mean "per-key"?); accepted: shared, per-key'],
    ['rateLimit: 0/s', 'x.yaml:1:12: rateLimit: "0/s": a rate must be positive'],
    ['bucketSize: 0', 'x.yaml:1:13: bucketSize: "0": expected a number of tokens, an integer >= 1'],
    ['classes: a', `x.yaml:1:10: classes: expected a list of classes such as [${CLASS_FORM}], got a string "a"`],
    ['classes: []', `x.yaml:1:10: classes: expected at least one class, such as ${CLASS_FORM}`],
    ['classes: [gold]', `x.yaml:1:11: classes[0]: expected a class such as ${CLASS_FORM}, got a string "gold"`],
    ['classes:\n  - { name: a, share: 1, priorty: 1 }\n', 'x.yaml:2:26: classes[0].priorty: unknown key (did you mean "priority"?); accepted: name, share, priority, weight'],
    ['classes:\n  - { name: a, share: 1, wieght: 1 }\n', 'x.yaml:2:26: classes[0].wieght: unknown key (did you mean "weight"?); accepted: name, share, priority, weight'],
    ['classes:\n  - { name: a, share: 1, weight: 0 }\n', 'x.yaml:2:34: classes[0].weight: 0: expected a weight, a number > 0 (classes of one priority share freed permits by weight)'],
    ['classes:\n  - { name: a, share: 1, weight: lots }\n', 'x.yaml:2:34: classes[0].weight: expected a weight, a number > 0 (classes of one priority share freed permits by weight), got a string "lots"'],
    ['classes:\n  - { share: 1 }\n', `x.yaml:2:5: classes[0]: name is missing; a class is like ${CLASS_FORM}`],
    ['classes:\n  - { name: a }\n', `x.yaml:2:5: classes[0]: share is missing; a class is like ${CLASS_FORM}`],
    ['classes:\n  - { name: "  ", share: 1 }\n', 'x.yaml:2:13: classes[0].name: a class name must not be empty'],
    ['classes:\n  - { name: 7, share: 1 }\n', 'x.yaml:2:13: classes[0].name: expected a class name, a string, got the number 7'],
    [
      'classes:\n  - { name: a, share: 0.5 }\n  - { name: a, share: 0.5 }\n',
      'x.yaml:3:13: classes[1].name: "a" is already the name of classes[0]; each class needs a name of its own',
    ],
    ['classes:\n  - { name: a, share: 0.5 }\n  - { name: b, share: 0 }\n', 'x.yaml:3:23: classes[1].share: "0": a share is more than 0 and at most 1 (100 %), such as 0.2 or 20%'],
    ['classes:\n  - { name: a, share: 120% }\n', 'x.yaml:2:23: classes[0].share: "120%": a share is more than 0 and at most 1 (100 %), such as 0.2 or 20%'],
    ['classes:\n  - { name: a, share: half }\n', 'x.yaml:2:23: classes[0].share: "half": expected a share, a fraction such as 0.02 or 2%'],
    ['classes:\n  - { name: a, share: 1, priority: 1.5 }\n', 'x.yaml:2:36: classes[0].priority: "1.5": expected a priority, an integer (higher is served first)'],
    ['classes:\n  - { name: a, share: 1, priority: "2" }\n', 'x.yaml:2:36: classes[0].priority: "2": write a priority as a number, without quotes'],
    ['classes:\n  - { name: a, share: 1, priority: high }\n', 'x.yaml:2:36: classes[0].priority: "high": expected a priority, an integer (higher is served first)'],
    ['classes:\n  - { name: a, share: 0.6 }\n  - { name: b, share: 0.3 }\n', 'x.yaml:2:3: classes: the shares sum to 0.9 (90 %); they must sum to 1 (100 %)'],
    ['classes: [{ name: a, share: 70% }, { name: b, share: 70% }]', 'x.yaml:1:10: classes: the shares sum to 1.4 (140 %); they must sum to 1 (100 %)'],
  ])('when a file says %j, then the error is %j', (text, message) => {
    expect(messageOf(() => parseScenarioText(text, 'x.yaml'))).toBe(message);
  });
});

describe('model options: contradictions', () => {
  it.each<[RunOptions, string]>([
    [{ bucketSize: 5 }, '--bucket-size: sizes the bucket of a rate limit, and there is none; give --rate-limit too, e.g. --rate-limit 40/s'],
    [{ backoffMs: 50 }, '--backoff: applies to retries, and with --attempts 1 (the default) there are none; give --attempts 2 or more'],
    [{ jitter: 'none' }, '--jitter: applies to retries, and with --attempts 1 (the default) there are none; give --attempts 2 or more'],
    [
      { attempts: 3, backoffCapMs: 50 },
      '--backoff-cap 50ms is shorter than --backoff 100ms (the default): the cap bounds the doubling backoff, so it must be at least the base; give --backoff-cap 100ms or more',
    ],
    [
      { attempts: 3, backoffMs: 20_000 },
      '--backoff-cap 10s (the default) is shorter than --backoff 20s: the cap bounds the doubling backoff, so it must be at least the base; give --backoff-cap 20s or more',
    ],
    [{ rejectLatency: plainModel().upstream.rejectLatency }, '--reject-latency: a 429 only comes from an upstream limit, and there is none; give --upstream-limit too, e.g. --upstream-limit 40'],
    [{ errorLatency: plainModel().upstream.errorLatency }, '--error-latency: applies to failed calls, and there are none without --error-rate; give --error-rate too, e.g. --error-rate 2%'],
    [{ keyChoice: 'random' }, '--key-choice: applies to several API keys, and there is one (--keys 1, the default); give --keys 2 or more'],
    [{ keys: 1, semaphore: 'per-key' }, '--semaphore: applies to several API keys, and there is one (--keys 1); give --keys 2 or more'],
    [
      { order: 'lifo' },
      '--order lifo: under overload LIFO serves the newest waiter first, so without a timeout the oldest could wait forever; pair it with --timeout or --deadline, e.g. --deadline 100ms',
    ],
    [{ capacity: Infinity, timeoutMs: 1000 }, '--timeout and --capacity unlimited: without a semaphore nothing ever waits for a permit, so --timeout does not apply; drop one'],
    [{ capacity: Infinity, maxQueue: 0 }, '--max-queue and --capacity unlimited: without a semaphore nothing ever waits for a permit, so --max-queue does not apply; drop one'],
    [{ capacity: Infinity, order: 'fifo' }, '--order and --capacity unlimited: without a semaphore nothing ever waits for a permit, so --order does not apply; drop one'],
    [
      { capacity: Infinity, keys: 2, semaphore: 'per-key' },
      '--semaphore and --capacity unlimited: without a semaphore nothing ever waits for a permit, so --semaphore does not apply; drop one',
    ],
  ])('when given %j, then resolveConfig refuses: %s', (options, message) => {
    expect(messageOf(() => resolve(options))).toBe(message);
  });

  it.each<[string, RunOptions]>([
    ['lifo with a wait timeout', { order: 'lifo', timeoutMs: 500 }],
    ['lifo with a deadline', { order: 'lifo', deadlineMs: 100 }],
    ['retry tuning with retries', { attempts: 2, backoffMs: 10, backoffCapMs: 10, jitter: 'none' }],
    // Turning a scenario's retries off (or one point of an attempts sweep) keeps its backoff settings.
    ['retry tuning with an explicit --attempts 1', { attempts: 1, backoffMs: 50, jitter: 'none' }],
    ['a 429 latency with an upstream limit', { upstreamLimit: 5, rejectLatency: plainModel().upstream.rejectLatency }],
    ['a 5xx latency with an error rate of 0', { errorRate: 0, errorLatency: plainModel().upstream.errorLatency }],
    ['key choice and scope with two keys', { keys: 2, keyChoice: 'random', semaphore: 'per-key' }],
    ['a bucket with a rate limit', { rateLimit: 5, bucketSize: 3 }],
    ['no semaphore with a deadline, retries and classes', { capacity: Infinity, deadlineMs: 1000, attempts: 2, classes: [{ name: 'a', share: 1, priority: 0 }] }],
  ])('when given %s, then it resolves', (_what, options) => {
    expect(() => resolve(options)).not.toThrow();
  });

  it.each<[string, RunOptions, string]>([
    ['a bounded queue', { durationMs: 10_000, maxQueue: 0 }, '--max-queue 0 rejects a request at once'],
    ['a zero timeout', { durationMs: 10_000, timeoutMs: 0 }, '--timeout 0 gives up at once'],
    ['instant 429s', { durationMs: 10_000, capacity: Infinity, upstreamLimit: 4, rejectLatency: parseLatency('0') }, '--reject-latency 0ms answers a 429 at once'],
    ['an instant upstream', { durationMs: 10_000, latency: parseLatency('uniform:0ms..5ms') }, '--latency uniform:0ms..5ms can answer at once'],
  ])('when closed-loop clients without think time run for a duration with %s, then it is refused: time would stand still', (_what, options, cause) => {
    expect(messageOf(() => resolve(options))).toBe(
      `closed-loop clients without --think: ${cause}, and its client sends again at the same instant, so virtual time would never reach --duration; add a think time (e.g. --think 10ms) or bound the run with --requests`,
    );
  });

  it.each<[string, RunOptions]>([
    ['a think time', { durationMs: 10_000, maxQueue: 0, think: parseLatency('10ms') }],
    ['a request count', { requests: 500, maxQueue: 0 }],
    ['open-loop arrivals', { durationMs: 10_000, maxQueue: 0, rate: 100 }],
  ])('when the same spin is bounded by %s, then it resolves', (_what, options) => {
    expect(() => resolve(options)).not.toThrow();
  });

  it('when a scenario file holds a contradiction, then resolving its options refuses it too', () => {
    expect(messageOf(() => resolveFile('keys: 1\nkeyChoice: random'))).toMatch(/^--key-choice: applies to several API keys/);
  });
});

describe('model options: JSON schema', () => {
  const properties = scenarioJsonSchema().properties as Record<string, Record<string, unknown>>;

  it('when generated, then the enums list exactly the values the parsers accept', () => {
    expect(properties.order?.enum).toEqual([...QUEUE_ORDERS]);
    expect(properties.jitter?.enum).toEqual([...JITTERS]);
    expect(properties.keyChoice?.enum).toEqual([...KEY_CHOICES]);
    expect(properties.semaphore?.enum).toEqual([...SEMAPHORE_SCOPES]);
  });

  it('when generated, then fractions bound their numbers as the parsers do and classes need a name and a share', () => {
    expect(properties.errorRate?.anyOf).toContainEqual({ type: 'number', minimum: 0, exclusiveMaximum: 1 });
    expect(properties.slowdown?.anyOf).toContainEqual({ type: 'number', minimum: 0 });
    expect(properties.capacity?.anyOf).toEqual([{ type: 'integer', minimum: 1 }, { const: 'unlimited' }]);
    const classItem = (properties.classes?.items ?? {}) as Record<string, unknown>;
    expect(properties.classes?.minItems).toBe(1);
    expect(classItem.required).toEqual(['name', 'share']);
    expect(classItem.additionalProperties).toBe(false);
  });

  it('when the fraction pattern meets what the parsers accept and refuse, then it agrees', () => {
    const fraction = new RegExp(String((properties.errorRate?.anyOf as Array<Record<string, unknown>>)[1]?.pattern), 'u');
    for (const ok of ['0.02', '2%', '2.5 %', '.5', '1e-2']) expect(ok, ok).toMatch(fraction);
    for (const bad of ['-2%', '2 percent', '%', '']) expect(bad, bad).not.toMatch(fraction);
  });
});
