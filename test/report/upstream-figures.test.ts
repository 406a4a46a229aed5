import { describe, expect, it } from 'vitest';
import { parseLatency } from '../../src/dist/spec.js';
import { compareColumns, compareToJson, COMPARE_METRICS, formatComparison, type CompareColumn } from '../../src/report/compare.js';
import { formatJson, toJsonReport, type JsonReport } from '../../src/report/json.js';
import { findMetric, unknownMetricHint } from '../../src/report/metrics.js';
import { plainPaint, type Paint } from '../../src/report/paint.js';
import { formatSweep, parseVariation, sweepToJson, type SweepPoint } from '../../src/report/sweep.js';
import { describeRun, formatTextReport } from '../../src/report/text.js';
import { checkThresholds, formatThresholdLines, parseThreshold } from '../../src/report/thresholds.js';
import { plainModel, type UpstreamModel } from '../../src/sim/config.js';
import { simulate } from '../../src/sim/index.js';
import type { RunResult } from '../../src/sim/result.js';
import { testConfig } from '../support/config.js';
import { fakeRun, summaryOf } from './fixtures.js';

const upstream = (over: Partial<UpstreamModel>): UpstreamModel => ({
  limit: Infinity,
  rejectLatency: parseLatency('20ms'),
  errorRate: 0,
  errorLatency: parseLatency('50ms'),
  slowdownPerCall: 0,
  ...over,
});

/** No semaphore in front of a provider that serves 40 at once: retries of 429s and a few 5xx. */
function retryRun(): RunResult {
  return fakeRun({
    config: {
      capacity: Infinity,
      workload: { kind: 'burst' },
      retry: { attempts: 3, baseMs: 100, capMs: 2000, jitter: 'full' },
      upstream: upstream({ limit: 40, errorRate: 0.01 }),
    },
    requests: { completed: 880, failed: 120, onTime: 880, queued: 0 },
    calls: { total: 1530, perRequest: 1.53, throttled: 412, errors: 18, retried: 301, backoffMs: 12_400 },
    throughputPerSec: 176,
    goodputPerSec: 176,
    utilization: NaN,
    finalCapacity: Infinity,
    waiting: { mean: 0, max: 0 },
    upstream: { limit: 40, inFlight: { mean: 31.2, max: 40 } },
  });
}

/** A 1 s deadline, three keys, a rate limit and two priority classes. */
function deadlineRun(): RunResult {
  return fakeRun({
    config: {
      workload: { kind: 'poisson', ratePerSec: 220 },
      latency: 'exp:200ms',
      deadlineMs: 1000,
      keys: { count: 3, choice: 'least-busy', semaphore: 'shared' },
      rateLimit: { ratePerSec: 150, bucketSize: 20 },
      classes: [
        { name: 'interactive', share: 0.3, priority: 1 },
        { name: 'batch', share: 0.7, priority: 0 },
      ],
    },
    requests: { completed: 930, timedOut: 70, late: 212, onTime: 718 },
    throughputPerSec: 186,
    goodputPerSec: 143.6,
    wastedPermitFraction: 0.634,
    calls: { total: 930, perRequest: 0.93, rateLimited: 87 },
    offeredLoad: 1.1,
    keys: [
      { calls: 310, throttled: 0, errors: 0, inFlightMax: 14 },
      { calls: 311, throttled: 0, errors: 0, inFlightMax: 15 },
      { calls: 309, throttled: 0, errors: 0, inFlightMax: 14 },
    ],
    classes: [
      { name: 'interactive', priority: 1, share: 0.3, completed: 290, onTime: 281, late: 9, timedOut: 2, rejected: 0, failed: 0, wait: summaryOf([0, 5, 12, 40]) },
      { name: 'batch', priority: 0, share: 0.7, completed: 640, onTime: 437, late: 203, timedOut: 68, rejected: 0, failed: 0, wait: summaryOf([100, 500, 800, 1200]) },
    ],
  });
}

const linesAfterTable = (text: string): string[] => {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('requests')));
};

describe('text report: the model figures', () => {
  it('when a run retries 429s and 5xx without a semaphore, then calls, failed, upstream and "no semaphore" are shown', () => {
    const text = formatTextReport(retryRun());
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'semsim · capacity unlimited · burst at t=0 · latency 200ms ·',
      'up to 3 attempts, backoff 100 ms..2.00 s full jitter · upstream limit 40 ·',
      '5xx 1.0 % · 1,000 requests · seed 1',
    ]);
    expect(linesAfterTable(text)).toEqual([
      'requests      1,000 issued · 880 completed · 0 timed out · 0 rejected ·',
      '              120 failed',
      'throughput    176 req/s',
      'calls         1,530 by 1,000 requests (1.53 each) · 412 × 429 · 18 × 5xx ·',
      '              301 requests retried · 12.4 s in backoff',
      'upstream      limit 40 · calls in flight: mean 31.2, max 40',
      'utilization   no semaphore (in progress: mean 36.0, max 40)',
      'elapsed       5.00 s of virtual time (2,000 events)',
      '',
    ]);
  });

  it('when a run has a deadline, keys, a rate limit and classes, then goodput, late, the rate limit and both tables are shown', () => {
    const text = formatTextReport(deadlineRun());
    expect(text.split('\n').slice(0, 3)).toEqual([
      'semsim · capacity 40 · poisson 220 req/s · latency exp:200ms · 2 classes ·',
      'deadline 1.00 s · 3 keys least-busy · rate limit 150 calls/s burst 20 ·',
      '1,000 requests · seed 1',
    ]);
    expect(linesAfterTable(text)).toEqual([
      'requests      1,000 issued · 930 completed · 70 timed out · 0 rejected',
      'queued        600 (60.0 %) found no free permit',
      'throughput    186 req/s',
      'goodput       144 req/s (718 of 930 completed on time)',
      'late          212 completed after the deadline · wasted permit time 63.4 %',
      'rate limit    150 calls/s, bucket of 20 · 87 calls (9.4 %) delayed for a token',
      'offered load  1.10 (rate × mean latency ÷ 40 permits)',
      'utilization   90.0 % (in use: mean 36.0, max 40 of 40)',
      'waiters       mean 12.0, max 160',
      'elapsed       5.00 s of virtual time (2,000 events)',
      '',
      '              calls      429s       5xx  max in flight',
      'key 1           310         0         0             14',
      'key 2           311         0         0             15',
      'key 3           309         0         0             14',
      '',
      'class          priority   share  on time  late  timed out  wait p50  wait p99',
      'interactive           1  30.0 %      281     9          2   5.00 ms   40.0 ms',
      'batch                 0  70.0 %      437   203         68    500 ms    1.20 s',
      '',
    ]);
  });

  it.each([
    ['retries and 429s', retryRun],
    ['a deadline, keys and classes', deadlineRun],
  ])('when a run has %s, then every line fits 80 columns', (_, make) => {
    for (const line of formatTextReport(make()).split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('when a run is plain, then none of the model lines appear and the title names the permits as before', () => {
    const text = formatTextReport(fakeRun());
    expect(text.split('\n')[0]).toBe('semsim · capacity 40 · 200 clients · latency 200ms · 1,000 requests · seed 1');
    expect(linesAfterTable(text).map((l) => l.slice(0, 14).trim())).toEqual(['requests', 'queued', 'throughput', 'utilization', 'waiters', 'elapsed', '']);
    expect(text).not.toMatch(/failed|goodput|429|5xx|calls|upstream|class|key 1/);
  });

  it('when the upstream can throttle but nothing failed, then the outcomes still count 0 failed and the calls line 0 × 429', () => {
    const text = formatTextReport(fakeRun({ config: { upstream: upstream({ limit: 100 }) } }));
    expect(text).toMatch(/^requests {6}1,000 issued · 1,000 completed · 0 timed out · 0 rejected ·\n {14}0 failed$/m);
    expect(text).toMatch(/^calls {9}1,000 by 1,000 requests \(1\.00 each\) · 0 × 429$/m);
    expect(text).not.toMatch(/5xx|retried|backoff/);
  });

  it('when a model figure is bad, then it is painted through the paint helpers', () => {
    const marks: Paint = { ...plainPaint, bad: (s) => `<bad>${s}</bad>`, warn: (s) => `<warn>${s}</warn>` };
    const text = formatTextReport(retryRun(), marks);
    expect(text).toContain('<bad>120 failed</bad>');
    expect(text).toContain('<warn>412 × 429</warn>');
    expect(text).toContain('<warn>18 × 5xx</warn>');
    expect(formatTextReport(deadlineRun(), marks)).toContain('<warn>212 completed after the deadline</warn>');
  });

  it.each([
    ['lifo', { order: 'lifo' as const }, 'lifo'],
    ['per-key semaphores', { keys: { count: 4, choice: 'round-robin' as const, semaphore: 'per-key' as const }, capacity: 10 }, 'capacity 10 per key'],
    ['a load-dependent latency', { upstream: upstream({ slowdownPerCall: 0.02 }) }, '2.0 % slower per call in flight'],
    ['retries without jitter', { retry: { attempts: 2, baseMs: 50, capMs: 1000, jitter: 'none' as const } }, 'up to 2 attempts, backoff 50.0 ms..1.00 s ·'],
  ])('when the model has %s, then the title says so', (_, config, part) => {
    expect(describeRun(fakeRun({ config }).config)).toContain(part);
  });
});

describe('JSON report: the model figures', () => {
  it('when a run is plain, then the new keys carry the neutral model and nothing is renamed', () => {
    const json = toJsonReport(fakeRun());
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'config',
      'interrupted',
      'finalCapacity',
      'requests',
      'waitMs',
      'serviceMs',
      'totalMs',
      'throughputPerSec',
      'goodputPerSec',
      'utilization',
      'wastedPermitFraction',
      'offeredLoad',
      'inUse',
      'waiting',
      'calls',
      'upstream',
      'keys',
      'classes',
      'elapsedMs',
      'measuredMs',
      'histograms',
    ]);
    expect(Object.keys(json.requests)).toEqual(['issued', 'completed', 'timedOut', 'rejected', 'queued', 'inFlight', 'warmupExcluded', 'failed', 'late', 'onTime']);
    expect(json.calls).toEqual({ total: 1000, callers: 1000, perRequest: 1, throttled: 0, errors: 0, retried: 0, backoffMs: 0, rateLimited: 0 });
    expect(json.upstream).toEqual({ limit: null, inFlight: { mean: 36, max: 40 } });
    expect(json.keys).toEqual([{ calls: 1000, throttled: 0, errors: 0, inFlightMax: 40 }]);
    expect(json.classes).toEqual([]);
    expect(json.utilization).toBe(0.9);
    const { name: _n, description: _d, ...config } = json.config;
    expect(config).toEqual({
      seed: 1,
      capacity: 40,
      workload: { kind: 'closed', clients: 200, think: null },
      latency: '200ms',
      latencyMeanMs: 200,
      timeoutMs: null,
      maxQueue: null,
      requests: 1000,
      durationMs: null,
      warmupMs: 0,
      order: 'fifo',
      classes: [],
      deadlineMs: null,
      retry: { attempts: 1, backoffMs: 100, backoffCapMs: 10_000, jitter: 'full' },
      upstream: { limit: null, rejectLatency: '20ms', errorRate: 0, errorLatency: '20ms', slowdownPerCall: 0 },
      keys: { count: 1, choice: 'round-robin', semaphore: 'shared' },
      rateLimit: null,
    });
  });

  it('when there is no semaphore, then capacity, finalCapacity and utilization are null, and the figures are echoed', () => {
    const json = toJsonReport(retryRun());
    expect([json.config.capacity, json.finalCapacity, json.utilization]).toEqual([null, null, null]);
    expect(json.requests).toMatchObject({ completed: 880, failed: 120, late: 0, onTime: 880 });
    expect(json.calls).toEqual({ total: 1530, callers: 1000, perRequest: 1.53, throttled: 412, errors: 18, retried: 301, backoffMs: 12_400, rateLimited: 0 });
    expect(json.upstream).toEqual({ limit: 40, inFlight: { mean: 31.2, max: 40 } });
    expect(json.config.retry).toEqual({ attempts: 3, backoffMs: 100, backoffCapMs: 2000, jitter: 'full' });
    expect(json.config.upstream).toEqual({ limit: 40, rejectLatency: '20ms', errorRate: 0.01, errorLatency: '50ms', slowdownPerCall: 0 });
    const text = formatJson(json);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text).utilization).toBeNull();
  });

  it('when a run has a deadline, keys, a rate limit and classes, then each is reported with its inputs', () => {
    const json = toJsonReport(deadlineRun());
    expect([json.goodputPerSec, json.wastedPermitFraction]).toEqual([143.6, 0.634]);
    expect(json.keys).toHaveLength(3);
    expect(json.classes[1]).toEqual({
      name: 'batch',
      priority: 0,
      share: 0.7,
      completed: 640,
      onTime: 437,
      late: 203,
      timedOut: 68,
      rejected: 0,
      failed: 0,
      waitMs: summaryOf([100, 500, 800, 1200]),
    });
    expect(Object.keys(json.classes[0]?.waitMs ?? {})).toEqual(['p50', 'p90', 'p99', 'p999', 'max', 'mean']);
    expect(json.config).toMatchObject({
      deadlineMs: 1000,
      classes: [
        { name: 'interactive', share: 0.3, priority: 1 },
        { name: 'batch', share: 0.7, priority: 0 },
      ],
      keys: { count: 3, choice: 'least-busy', semaphore: 'shared' },
      rateLimit: { ratePerSec: 150, bucketSize: 20 },
    });
  });

  it('when the same result is reported twice, then the JSON is byte-identical', () => {
    expect(formatJson(toJsonReport(deadlineRun()))).toBe(formatJson(toJsonReport(deadlineRun())));
  });
});

describe('metrics: the model figures', () => {
  const retry = toJsonReport(retryRun());
  const deadline = toJsonReport(deadlineRun());

  it.each([
    ['failed', 'failed', 120, retry],
    ['late', 'late', 212, deadline],
    ['onTime', 'onTime', 718, deadline],
    ['on_time', 'onTime', 718, deadline],
    ['goodput', 'goodput', 143.6, deadline],
    ['wasted', 'wasted', 0.634, deadline],
    ['calls', 'calls', 1530, retry],
    ['calls.perRequest', 'calls.perRequest', 1.53, retry],
    ['throttled', 'throttled', 412, retry],
    ['429s', 'throttled', 412, retry],
    ['429', 'throttled', 412, retry],
    ['errors', 'errors', 18, retry],
    ['5xx', 'errors', 18, retry],
    ['retried', 'retried', 301, retry],
    ['backoff', 'backoff', 12_400, retry],
    ['rateLimited', 'rateLimited', 87, deadline],
    ['upstream.inFlight.max', 'upstream.inFlight.max', 40, retry],
    ['Upstream.InFlight.Mean', 'upstream.inFlight.mean', 31.2, retry],
  ])('when %j is looked up, then it is %s and reads %d', (name, key, value, report) => {
    const metric = findMetric(name);
    expect(metric?.key).toBe(key);
    expect(metric?.get(report)).toBe(value);
  });

  it('when utilization is read without a semaphore, then it is NaN (does not apply)', () => {
    expect(findMetric('utilization')?.get(retry)).toBeNaN();
  });

  it('when a report saved before the model is read, then its model figures read as the neutral model', () => {
    const { goodputPerSec: _g, wastedPermitFraction: _w, calls: _c, upstream: _u, keys: _k, classes: _cl, ...rest } = toJsonReport(fakeRun());
    const { failed: _f, late: _l, onTime: _o, ...requests } = rest.requests;
    const old = { ...rest, requests } as unknown as JsonReport;
    const read = (key: string): number | undefined => findMetric(key)?.get(old);
    expect(['goodput', 'wasted', 'failed', 'late', 'onTime', 'calls', 'calls.perRequest', 'throttled', 'errors', 'backoff'].map(read)).toEqual([
      200, 0, 0, 0, 1000, 1000, 1, 0, 0, 0,
    ]);
  });

  it('when a metric name is unknown, then the accepted list names the new metrics', () => {
    expect(unknownMetricHint('zzz')).toMatch(/goodput.*failed.*calls\.perRequest.*throttled \(429s\), errors \(5xx\).*backoff, upstream\.inFlight\.max/);
    expect(unknownMetricHint('throtled')).toBe('did you mean "throttled"?');
  });
});

describe('thresholds on the model figures', () => {
  const plain = toJsonReport(fakeRun());
  const retry = toJsonReport(retryRun());

  it.each([
    ['throttled==0', 'throttled', '==', 0],
    ['429s==0', 'throttled', '==', 0],
    ['5xx<10', 'errors', '<', 10],
    ['goodput>100/s', 'goodput', '>', 100],
    ['wasted<5%', 'wasted', '<', 0.05],
    ['calls.perRequest<=1.5', 'calls.perRequest', '<=', 1.5],
    ['backoff<10s', 'backoff', '<', 10_000],
    ['failed==0', 'failed', '==', 0],
  ])('when given %j, then it reads %s %s %d', (text, metric, operator, bound) => {
    const t = parseThreshold(text);
    expect([t.metric.key, t.operator, t.bound]).toEqual([metric, operator, bound]);
  });

  it('when the run is throttled, then throttled==0 fails with the count measured, and passes on a plain run', () => {
    const checks = ['throttled==0', 'goodput>100/s', 'goodput>180/s', 'calls.perRequest<1.5', 'backoff<10s'].map(parseThreshold);
    expect(checkThresholds(checks, retry).map((r) => r.passed)).toEqual([false, true, false, false, false]);
    expect(checkThresholds(checks, plain).map((r) => r.passed)).toEqual([true, true, true, true, true]);
    expect(formatThresholdLines(checkThresholds(checks.slice(0, 1), retry), plainPaint)).toBe(
      'thresholds: 1 of 1 failed\n✗ FAIL  throttled==0  measured 412\n',
    );
  });

  it('when utilization has no semaphore to measure, then its threshold fails, saying why', () => {
    const [result] = checkThresholds([parseThreshold('utilization<90%')], retry);
    expect(result).toMatchObject({ passed: false, value: null });
    expect(formatThresholdLines(checkThresholds([parseThreshold('utilization<90%')], retry), plainPaint)).toContain('nothing measured: no semaphore');
  });

  it('when nothing completed, then a backoff total is still checked (it is not a percentile of completions)', () => {
    const none = toJsonReport(fakeRun({ requests: { completed: 0, onTime: 0, failed: 1000 }, calls: { backoffMs: 500 } }));
    const [backoff, p99] = checkThresholds(['backoff<1s', 'wait.p99<1s'].map(parseThreshold), none);
    expect(backoff).toMatchObject({ passed: true, value: 500 });
    expect(p99).toMatchObject({ passed: false, value: null });
  });
});

describe('compare and sweep: the model figures', () => {
  const column = (name: string, result: RunResult): CompareColumn => ({ name, source: name, reports: [toJsonReport(result)] });
  const noSemaphore = column('no semaphore', retryRun());
  const semaphore40 = column(
    'semaphore 40',
    fakeRun({
      config: { capacity: 40, workload: { kind: 'burst' }, retry: { attempts: 3, baseMs: 100, capMs: 2000, jitter: 'full' }, upstream: upstream({ limit: 40, errorRate: 0.01 }) },
      calls: { total: 1010, perRequest: 1.01, errors: 10, retried: 10, backoffMs: 900 },
    }),
  );

  it('when plain runs are compared, then the rows are exactly the base rows', () => {
    const rows = compareColumns([column('a', fakeRun()), column('b', fakeRun({ config: { capacity: 32 } }))]);
    expect(rows.map((r) => r.metric)).toEqual(COMPARE_METRICS.map((m) => m.key));
  });

  it('when "no semaphore" is compared with "semaphore 40", then 429s, failed and goodput are side by side', () => {
    const rows = compareColumns([noSemaphore, semaphore40]).map((r) => r.metric);
    expect(rows).toEqual([
      'wait.p50',
      'wait.p90',
      'wait.p99',
      'wait.max',
      'total.p99',
      'throughput',
      'goodput',
      'utilization',
      'waiting.max',
      'timedOut',
      'rejected',
      'failed',
      'calls.perRequest',
      'throttled',
      'errors',
      'retried',
      'backoff',
      'upstream.inFlight.max',
    ]);
    const text = formatComparison([noSemaphore, semaphore40], plainPaint);
    expect(text).toMatch(/^429s {22}412 {16}0\n {2}vs A {30}-412 -100%$/m);
    expect(text).toMatch(/^failed {20}120 {16}0$/m);
    expect(text).toMatch(/^goodput {13}176 req\/s {8}200 req\/s$/m);
    expect(text).toMatch(/^utilization {17}- {11}90\.0 %$/m);
    expect(text).toMatch(/^calls\/req {16}1\.53 {13}1\.01$/m);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    const json = compareToJson([noSemaphore, semaphore40]) as { columns: { metrics: Record<string, { mean: number | null; changeVsFirst: unknown }> }[] };
    expect(json.columns[0]?.metrics['utilization']?.mean).toBeNull();
    expect(json.columns[1]?.metrics['utilization']?.changeVsFirst).toBeNull();
    expect(json.columns[1]?.metrics['throttled']).toMatchObject({ mean: 0, changeVsFirst: { absolute: -412 } });
  });

  it('when a deadline applies to one side only, then late and wasted are shown after the outcomes', () => {
    const rows = compareColumns([column('plain', fakeRun()), column('deadline', deadlineRun())]).map((r) => r.metric);
    expect(rows.slice(rows.indexOf('rejected'))).toEqual(['rejected', 'late', 'wasted', 'rateLimited']);
    expect(rows[rows.indexOf('throughput') + 1]).toBe('goodput');
  });

  const point = (capacity: number, result: RunResult): SweepPoint => ({ values: [String(capacity)], numbers: [capacity], report: toJsonReport(result) });

  it('when plain runs are swept, then the table and the JSON metrics are the base ones', () => {
    const points = [10, 20].map((c) => point(c, fakeRun({ config: { capacity: c } })));
    const text = formatSweep([parseVariation('capacity=10,20')], points, [], plainPaint);
    expect(text.split('\n').filter((l) => l.startsWith('capacity'))).toEqual(['capacity      wait p50    wait p99  throughput utilization   timed out']);
    const json = sweepToJson([parseVariation('capacity=10,20')], points, []) as { points: { metrics: object }[] };
    expect(Object.keys(json.points[0]?.metrics ?? {})).toEqual(['wait.p50', 'wait.p99', 'throughput', 'utilization', 'timedOut', 'rejected']);
  });

  it('when swept runs are throttled, then the model figures follow in a table of their own, within 80 columns', () => {
    const points = [
      point(20, fakeRun({ config: { capacity: 20, upstream: upstream({ limit: 40 }) } })),
      point(80, fakeRun({ config: { capacity: 80, upstream: upstream({ limit: 40 }) }, requests: { completed: 900, onTime: 900, failed: 100 }, calls: { throttled: 100 }, goodputPerSec: 180 })),
    ];
    const v = [parseVariation('capacity=20,80')];
    const text = formatSweep(v, points, [parseThreshold('throttled==0')], plainPaint);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('capacity'))).toEqual([
      'capacity      wait p50    wait p99  throughput utilization   timed out  target',
      'capacity       goodput      failed        429s max upstream',
    ]);
    expect(text).toMatch(/^80 {11}180 req\/s {9}100 {9}100 {10}40$/m);
    expect(text).toContain('smallest capacity meeting throttled==0: 20');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    const json = sweepToJson(v, points, []) as { points: { metrics: Record<string, number | null> }[] };
    expect(json.points[1]?.metrics).toMatchObject({ goodput: 180, failed: 100, throttled: 100, 'upstream.inFlight.max': 40 });
  });

  it('when a swept run has no semaphore, then its utilization is null in the JSON and "-" in the table', () => {
    const points = [point(1, retryRun())];
    expect((sweepToJson([parseVariation('capacity=1')], points, []) as { points: { metrics: Record<string, number | null> }[] }).points[0]?.metrics['utilization']).toBeNull();
    expect(formatSweep([parseVariation('capacity=1')], points, [], plainPaint)).toMatch(/^1 +\S+ ms +\S+ ms +176 req\/s +- +0$/m);
  });
});

describe('end to end: figures from simulate()', () => {
  // 10 requests at once, no semaphore, a provider serving 4 at once, no retries.
  const config = testConfig({
    capacity: Infinity,
    workload: { kind: 'burst' },
    requests: 10,
    latency: '100ms',
    upstream: { ...plainModel().upstream, limit: 4 },
  });
  const result = simulate(config);

  it('when 10 arrive at once before an upstream limit of 4, then the text says 4 completed, 6 failed on 6 × 429', () => {
    expect(result.requests).toMatchObject({ completed: 4, failed: 6 });
    const lines = formatTextReport(result).split('\n');
    expect(lines[0]).toBe('semsim · capacity unlimited · burst at t=0 · latency 100ms · upstream limit 4 ·');
    expect(lines).toContain('calls         10 by 10 requests (1.00 each) · 6 × 429');
    expect(lines).toContain('upstream      limit 4 · calls in flight: mean 4.00, max 4');
    expect(lines.join('\n')).toMatch(/^requests {6}10 issued · 4 completed · 0 timed out · 0 rejected · 6 failed$/m);
    expect(lines.join('\n')).toMatch(/^utilization {3}no semaphore /m);
  });

  it('when reported as JSON and checked, then the 429s and failures are there and throttled==0 fails', () => {
    const json = toJsonReport(result);
    expect(json.calls).toMatchObject({ total: 10, throttled: 6, errors: 0, retried: 0 });
    expect([json.requests.failed, json.utilization, json.config.capacity, json.upstream.limit]).toEqual([6, null, null, 4]);
    const checks = checkThresholds(['throttled==0', '429s<=6', 'failed<1', 'goodput>1/s'].map(parseThreshold), json);
    expect(checks.map((c) => [c.passed, c.value])).toEqual([
      [false, 6],
      [true, 6],
      [false, 6],
      [true, json.goodputPerSec],
    ]);
  });

  it('when compared with a semaphore of 4 in front, then 429s and failed drop to 0 side by side', () => {
    const guarded = toJsonReport(simulate({ ...config, capacity: 4 }));
    const rows = compareColumns([
      { name: 'no semaphore', source: 'no semaphore', reports: [toJsonReport(result)] },
      { name: 'semaphore 4', source: 'semaphore 4', reports: [guarded] },
    ]);
    const mean = (key: string): number[] => rows.find((r) => r.metric === key)?.estimates.map((e) => e.mean) ?? [];
    expect([mean('throttled'), mean('failed')]).toEqual([
      [6, 0],
      [6, 0],
    ]);
    expect(mean('goodput')[1]).toBeGreaterThan(0);
  });
});

describe('text report: readable when the model makes it wide or empty', () => {
  const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

  it('when no request completed, then the percentile table shows no figure rather than 0 ms, and says it is of completed requests', () => {
    // Every call fails: 0 ms would read as a fast run.
    const result = simulate(testConfig({ capacity: Infinity, workload: { kind: 'burst' }, requests: 5, upstream: { ...plainModel().upstream, errorRate: 0.999999999 } }));
    const lines = formatTextReport(result).split('\n');
    const header = lines.findIndex((line) => /p50\s+p90/.test(line));
    expect(lines[header]).toMatch(/^completed\s+p50/);
    expect(lines.slice(header + 1, header + 4)).toEqual([
      expect.stringMatching(/^wait(\s+-){6}$/),
      expect.stringMatching(/^service(\s+-){6}$/),
      expect.stringMatching(/^total(\s+-){6}$/),
    ]);
  });

  it('when every request completed, then the table header is as it always was', () => {
    expect(formatTextReport(fakeRun()).split('\n').find((line) => /p50\s+p90/.test(line))).toMatch(/^\s+p50/);
  });

  it('when there are a hundred keys, then the key table shows the first eleven and says how many more', () => {
    const keys = Array.from({ length: 100 }, () => ({ calls: 10, throttled: 1, errors: 0, inFlightMax: 1 }));
    const text = formatTextReport(fakeRun({ config: { keys: { count: 100, choice: 'random', semaphore: 'shared' } }, keys }));
    expect(text.match(/^key \d+ /gm)).toHaveLength(11);
    expect(text).toContain('… 89 more keys (every key is in --json)');
  });

  it('when the class table would pass 80 columns, then priority and share go and two spaces still part the columns', () => {
    const classes = [
      { name: 'interactive', share: 0.2, priority: 1 },
      { name: 'batch', share: 0.8, priority: 0 },
    ];
    const figures = classes.map((c) => ({ ...c, completed: 100, onTime: 90, late: 10, timedOut: 5, rejected: 3, failed: 2, wait: summaryOf([1, 2, 3]) }));
    const text = formatTextReport(
      fakeRun({ config: { classes, deadlineMs: 1000, maxQueue: 10, upstream: { ...plainModel().upstream, limit: 40 } }, classes: figures }),
    );
    const header = text.split('\n').find((line) => line.startsWith('class')) as string;
    expect(header).not.toContain('priority');
    expect(header).toMatch(/on time {2,}late {2,}timed out {2,}rejected {2,}failed {2,}wait p50 {2,}wait p99$/);
    expect(widest(text)).toBeLessThanOrEqual(80);
  });

  it('when the title has many parts, then every wrapped line, its " ·" included, fits 80 columns', () => {
    const config = { name: 'ten-keys-per-key', keys: { count: 10, choice: 'least-busy', semaphore: 'per-key' }, upstream: { ...plainModel().upstream, limit: 4 }, durationMs: 60_000, requests: Infinity } as const;
    const lines = formatTextReport(fakeRun({ config })).split('\n');
    const titleEnd = lines.findIndex((line) => !line.endsWith(' ·'));
    expect(titleEnd).toBeGreaterThan(0);
    for (const line of lines.slice(0, titleEnd + 1)) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('when a run is overloaded, then the warning detail wraps within 80 columns', () => {
    const result = simulate(testConfig({ workload: { kind: 'poisson', ratePerSec: 300 }, requests: 2000 }));
    expect(widest(formatTextReport(result))).toBeLessThanOrEqual(80);
    expect(formatTextReport(result)).toContain('overloaded');
  });
});

describe('weighted classes in the reports', () => {
  const classes = [
    { name: 'paid', share: 0.3, priority: 0, weight: 3 },
    { name: 'free', share: 0.7, priority: 0 },
  ];

  it('when classes carry weights, then the class table has a weight column (1 for a class without one) and the JSON echoes them', () => {
    const result = simulate(testConfig({ workload: { kind: 'burst' }, requests: 200, capacity: 4, latency: '10ms', classes }));
    const text = formatTextReport(result);
    expect(text).toMatch(/^class +priority +share +weight +completed +wait p50 +wait p99$/m);
    expect(text).toMatch(/^paid +0 +30\.0 % +3 +\d+ +/m);
    expect(text).toMatch(/^free +0 +70\.0 % +1 +\d+ +/m);
    expect(toJsonReport(result).config.classes).toEqual([
      { name: 'paid', share: 0.3, priority: 0, weight: 3 },
      { name: 'free', share: 0.7, priority: 0, weight: null },
    ]);
  });

  it('when no class has a weight, then there is no weight column', () => {
    const plain = classes.map(({ weight: _weight, ...c }) => c);
    const text = formatTextReport(simulate(testConfig({ workload: { kind: 'burst' }, requests: 50, capacity: 4, latency: '10ms', classes: plain })));
    expect(text).toMatch(/^class +priority +share +completed +wait p50 +wait p99$/m);
  });
});

describe('share metrics, for SLOs in percent', () => {
  it('when shares are asked for, then each is its count over requests that ended (or calls made), and 429s.rate is an alias', () => {
    const report = toJsonReport(
      fakeRun({ requests: { completed: 880, onTime: 860, late: 20, failed: 100, timedOut: 20 }, calls: { total: 1530, throttled: 412, errors: 18 } }),
    );
    const get = (name: string): number => (findMetric(name) as NonNullable<ReturnType<typeof findMetric>>).get(report);
    expect(get('failed.rate')).toBeCloseTo(100 / 1000, 12);
    expect(get('timedOut.rate')).toBeCloseTo(20 / 1000, 12);
    expect(get('onTime.rate')).toBeCloseTo(860 / 1000, 12);
    expect(get('throttled.rate')).toBeCloseTo(412 / 1530, 12);
    expect(get('errors.rate')).toBeCloseTo(18 / 1530, 12);
    expect(findMetric('429s.rate')?.key).toBe('throttled.rate');
    const [tight, loose] = checkThresholds([parseThreshold('429s.rate<25%'), parseThreshold('failed.rate<=10%')], report);
    expect([tight?.passed, loose?.passed]).toEqual([false, true]);
  });

  it('when nothing ended, then a share is not measured and its threshold fails rather than passing on 0', () => {
    const report = toJsonReport(fakeRun({ requests: { issued: 0, completed: 0, onTime: 0 }, calls: { total: 0, callers: 0 } }));
    const [result] = checkThresholds([parseThreshold('failed.rate<1%')], report);
    expect(result?.passed).toBe(false);
  });
});
