import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { toJsonReport } from '../../src/report/json.js';
import { checkThresholds, formatThresholdLines, parseThreshold } from '../../src/report/thresholds.js';
import { plainPaint } from '../../src/report/paint.js';
import { simulate } from '../../src/sim/index.js';
import { testConfig } from '../support/config.js';

describe('parseThreshold', () => {
  it.each([
    ['wait.p99<500ms', 'wait.p99', '<', 500],
    [' wait.p99 <= 0.5s ', 'wait.p99', '<=', 500],
    ['total.p99.9<2s', 'total.p999', '<', 2000],
    ['timedOut==0', 'timedOut', '==', 0],
    ['timeouts == 0', 'timedOut', '==', 0],
    ['rejected<=10', 'rejected', '<=', 10],
    ['throughput>=150/s', 'throughput', '>=', 150],
    ['throughput>9000/m', 'throughput', '>', 150],
    ['utilization<0.9', 'utilization', '<', 0.9],
    ['utilization>=90%', 'utilization', '>=', 0.9],
    ['waiting.max<100', 'waiting.max', '<', 100],
  ])('when given %j, then it reads %s %s %d', (text, metric, operator, bound) => {
    const t = parseThreshold(text);
    expect([t.metric.key, t.operator]).toEqual([metric, operator]);
    expect(t.bound).toBeCloseTo(bound, 10);
  });

  it.each([
    ['wait.p99', /expected <metric><op><value>/],
    ['wait.p99 ~ 5ms', /expected <metric><op><value>/],
    ['wait.p98<500ms', /unknown metric "wait\.p98" \(did you mean "wait\.p9[09]"\?\)/],
    ['latency<500ms', /unknown metric "latency" \(accepted: /],
    ['wait.p99<500', /wait\.p99 takes a duration with a unit, e\.g\. 500ms, got "500"/],
    ['throughput>fast', /throughput takes a rate, e\.g\. 150\/s, got "fast"/],
    ['rejected<-1', /rejected takes a number >= 0, got "-1"/],
    ['utilization<lots', /utilization takes a fraction from 0 to 1 like 0\.9, or a percentage like 90%/],
    ['utilization<50', /utilization takes a fraction from 0 to 1 like 0\.9, or a percentage like 90%, got "50"/],
  ])('when given %j, then it is bad input naming the problem', (text, pattern) => {
    expect(() => parseThreshold(text)).toThrow(InputError);
    expect(() => parseThreshold(text)).toThrow(pattern);
  });
});

describe('checkThresholds', () => {
  // The Go example: every request after the first 200 waits exactly 800 ms.
  const report = toJsonReport(simulate(testConfig()));

  it('when a bound holds or fails, then each threshold says so with the measured value', () => {
    const results = checkThresholds(
      ['wait.p99<900ms', 'wait.p99<800ms', 'wait.p99<=800ms', 'throughput>=200/s', 'timedOut==0', 'utilization<1'].map(parseThreshold),
      report,
    );
    expect(results.map((r) => r.passed)).toEqual([true, false, true, true, true, false]);
    expect(results[0]).toMatchObject({ expression: 'wait.p99<900ms', metric: 'wait.p99', value: 800 });
  });

  it('when formatted, then failures are counted first and every line shows its measured value', () => {
    const text = formatThresholdLines(checkThresholds(['wait.p99<900ms', 'wait.p50<1ms'].map(parseThreshold), report), plainPaint);
    expect(text.split('\n')).toEqual([
      'thresholds: 1 of 2 failed',
      '✓ pass  wait.p99<900ms  measured 800 ms',
      '✗ FAIL  wait.p50<1ms    measured 800 ms',
      '',
    ]);
  });
});
