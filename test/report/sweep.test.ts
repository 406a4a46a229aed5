import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { toJsonReport } from '../../src/report/json.js';
import { plainPaint } from '../../src/report/paint.js';
import { formatSweep, parseVariation, smallestMeeting, sweepGrid, type SweepPoint } from '../../src/report/sweep.js';
import { parseThreshold } from '../../src/report/thresholds.js';
import { simulate } from '../../src/sim/index.js';
import { testConfig } from '../support/config.js';

describe('parseVariation', () => {
  it.each([
    ['capacity=10..50:10', 'capacity', '--capacity', ['10', '20', '30', '40', '50']],
    ['capacity=38..40', 'capacity', '--capacity', ['38', '39', '40']],
    ['capacity=20,40,80', 'capacity', '--capacity', ['20', '40', '80']],
    ['max-queue=0,10', 'maxQueue', '--max-queue', ['0', '10']],
    ['timeout=500ms..2s:500ms', 'timeout', '--timeout', ['500ms', '1s', '1.5s', '2s']],
    ['rate=100/s..200/s:50/s', 'rate', '--rate', ['100/s', '150/s', '200/s']],
    ['attempts=1..3', 'attempts', '--attempts', ['1', '2', '3']],
    ['capacity=20,40,unlimited', 'capacity', '--capacity', ['20', '40', 'unlimited']],
    ['upstream-limit=20,40', 'upstreamLimit', '--upstream-limit', ['20', '40']],
    ['keys=1,10', 'keys', '--keys', ['1', '10']],
    ['deadline=100ms..300ms:100ms', 'deadline', '--deadline', ['100ms', '200ms', '300ms']],
    ['rate-limit=50/s,100/s', 'rateLimit', '--rate-limit', ['50/s', '100/s']],
  ])('when given %j, then it varies %s (%s) over %j', (text, field, flag, values) => {
    const v = parseVariation(text);
    expect([v.field, v.flag, v.values]).toEqual([field, flag, values]);
  });

  it.each([
    ['capacity', /no field name|expected field=/],
    ['capcity=1..3', /"capcity" cannot be varied \(did you mean "capacity"\?\)/],
    ['latency=1..3', /"latency" cannot be varied/],
    ['capacity=10..1', /from low to high/],
    ['capacity=1..3:0', /step must be > 0/],
    ['timeout=1s..2s', /needs a :step/],
    ['capacity=ten', /"ten" is not a number of permits, or unlimited/],
    ['capacity=1..unlimited', /unlimited has no place in a range; list it, e.g. capacity=20,40,unlimited/],
    ['attempts=few', /"few" is not an integer >= 0/],
    ['capacity=1..1000000', /too many/],
  ])('when given %j, then it is bad input', (text, pattern) => {
    expect(() => parseVariation(text)).toThrow(InputError);
    expect(() => parseVariation(text)).toThrow(pattern);
  });
});

describe('sweep results', () => {
  it('when two variations are given, then the grid has every combination, the first varying slowest', () => {
    const grid = sweepGrid([parseVariation('capacity=1,2'), parseVariation('timeout=1s,2s,3s')]);
    expect(grid.map((g) => g.values.join(' '))).toEqual(['1 1s', '1 2s', '1 3s', '2 1s', '2 2s', '2 3s']);
  });

  const points: SweepPoint[] = [36, 38, 40, 42, 44].map((capacity) => ({
    values: [String(capacity)],
    numbers: [capacity],
    report: toJsonReport(simulate(testConfig({ capacity, workload: { kind: 'poisson', ratePerSec: 180 }, latency: 'exp:200ms', requests: 20_000 }))),
  }));

  it('when a target is given, then the smallest value meeting it is reported (and none when none does)', () => {
    const v = [parseVariation('capacity=36..44:2')];
    // Offered load 36 Erlangs: 36 permits cannot keep up; p99 wait falls steeply as capacity grows.
    const p99 = points.map((p) => p.report.waitMs.p99);
    expect(p99[0]).toBeGreaterThan(p99[4] as number);
    const firstOk = points.find((p) => p.report.waitMs.p99 < 200)?.values[0] ?? null;
    expect(smallestMeeting(points, [parseThreshold('wait.p99<200ms')])).toEqual([{ others: [], value: firstOk }]);
    expect(firstOk).not.toBeNull();
    expect(smallestMeeting(points, [parseThreshold('wait.max<0ms')])).toEqual([{ others: [], value: null }]);
    const text = formatSweep(v, points, [parseThreshold('wait.p99<200ms')], plainPaint);
    expect(text).toContain(`smallest capacity meeting wait.p99<200ms: ${firstOk}`);
    expect(text).toMatch(/^capacity\s+wait p50\s+wait p99\s+throughput\s+utilization\s+timed out\s+target$/m);
    expect(text.split('\n').filter((l) => /^\d+\s.*[✓✗]$/.test(l))).toHaveLength(5);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
