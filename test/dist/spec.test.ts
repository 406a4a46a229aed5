import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ConstantDistribution } from '../../src/dist/constant.js';
import type { Distribution } from '../../src/dist/distribution.js';
import { EmpiricalDistribution } from '../../src/dist/empirical.js';
import { ExponentialDistribution } from '../../src/dist/exponential.js';
import { LognormalDistribution } from '../../src/dist/lognormal.js';
import { NormalDistribution } from '../../src/dist/normal.js';
import { ParetoDistribution } from '../../src/dist/pareto.js';
import { LATENCY_GRAMMAR, parseLatency } from '../../src/dist/spec.js';
import { UniformDistribution } from '../../src/dist/uniform.js';

type Class = abstract new (...args: never[]) => Distribution;

const PROBES = [0, 0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 1];

function expectSameDistribution(actual: Distribution, expected: Distribution): void {
  expect(actual.constructor).toBe(expected.constructor);
  expect(actual.spec).toBe(expected.spec);
  expect(actual.mean).toBe(expected.mean);
  for (const p of PROBES) expect(actual.quantile(p)).toBe(expected.quantile(p));
}

describe('parseLatency', () => {
  it.each<[string, string, Class, number]>([
    ['200ms', '200ms', ConstantDistribution, 200],
    ['0', '0ms', ConstantDistribution, 0],
    ['const:200ms', '200ms', ConstantDistribution, 200],
    ['constant:0.2s', '200ms', ConstantDistribution, 200],
    ['  1.5s  ', '1.5s', ConstantDistribution, 1500],
    ['exp:200ms', 'exp:200ms', ExponentialDistribution, 200],
    ['exp:mean=0.2s', 'exp:200ms', ExponentialDistribution, 200],
    ['EXP:MEAN=200ms', 'exp:200ms', ExponentialDistribution, 200],
    ['exponential:2s', 'exp:2s', ExponentialDistribution, 2000],
    ['uniform:100ms..300ms', 'uniform:100ms..300ms', UniformDistribution, 200],
    ['uniform: 1s .. 2s', 'uniform:1s..2s', UniformDistribution, 1500],
    ['uniform:5ms..5ms', 'uniform:5ms..5ms', UniformDistribution, 5],
    ['normal:mean=200ms,sd=50ms', 'normal:mean=200ms,sd=50ms', NormalDistribution, 200.00669172322344],
    ['normal: sd=50ms , mean=0.2s', 'normal:mean=200ms,sd=50ms', NormalDistribution, 200.00669172322344],
    ['lognormal:p50=800ms,p99=6s', 'lognormal:p50=800ms,p99=6s', LognormalDistribution, 1164.091358697791],
    ['lognormal:p99=6s,p50=800ms', 'lognormal:p50=800ms,p99=6s', LognormalDistribution, 1164.091358697791],
    ['lognormal:median=800ms,p99=6s', 'lognormal:p50=800ms,p99=6s', LognormalDistribution, 1164.091358697791],
    ['lognormal:median=800ms,sigma=1.2', 'lognormal:p50=800ms,sigma=1.2', LognormalDistribution, 1643.5465685151094],
    ['lognormal:p90=1s,p99.9=5s', 'lognormal:p90=1s,p99.9=5s', LognormalDistribution, NaN],
    ['pareto:min=100ms,alpha=1.5', 'pareto:min=100ms,alpha=1.5', ParetoDistribution, 300],
    ['pareto:alpha=0.9,min=1ms', 'pareto:min=1ms,alpha=0.9', ParetoDistribution, Infinity],
    ['p50=800ms,p90=1.5s,p99=4s,max=10s', 'p50=800ms,p90=1.5s,p99=4s,max=10s', EmpiricalDistribution, 977.5],
    ['p99=4s,p50=800ms', 'p50=800ms,p99=4s', EmpiricalDistribution, 0.5 * 400 + 0.49 * 2400 + 0.01 * 4000],
    ['table:p50=800ms,p99=4s,min=0ms', 'p50=800ms,p99=4s', EmpiricalDistribution, 0.5 * 400 + 0.49 * 2400 + 0.01 * 4000],
    ['p50.0=1s,max=2s,min=10ms', 'min=10ms,p50=1s,max=2s', EmpiricalDistribution, 0.5 * 505 + 0.5 * 1500],
  ])('when given "%s", then its canonical spec is "%s" and its kind and mean are right', (text, spec, kind, mean) => {
    const distribution = parseLatency(text);
    expect(distribution).toBeInstanceOf(kind);
    expect(distribution.spec).toBe(spec);
    if (!Number.isNaN(mean)) expect(distribution.mean).toBeCloseTo(mean, 9);
  });

  it.each([
    ['expo:200ms', '"expo:200ms": unknown distribution "expo" (did you mean "exp"?); accepted: const, exp, uniform, normal, lognormal, pareto, or a percentile table like p50=800ms,p99=4s'],
    ['200', '"200": a duration needs a unit, e.g. "200ms"'],
    ['uniform:300ms..100ms', '"uniform:300ms..100ms": the low end must not exceed the high end'],
  ])('when given "%s", then the message is exactly the documented one', (text, message) => {
    expect(() => parseLatency(text)).toThrow(InputError);
    expect(() => parseLatency(text)).toThrow(new InputError(message));
  });

  it.each([
    ['', 'empty latency; accepted: a duration like 200ms, const, exp'],
    ['   ', 'empty latency'],
    ['fast', '"fast": not a latency; accepted: a duration like 200ms'],
    ['exp', '"exp": exp needs parameters; accepted: exp:<duration> or exp:mean=<duration>'],
    ['exp:', 'exp needs parameters'],
    ['normall', 'not a latency (did you mean "normal"?)'],
    ['gamma:1s', 'unknown distribution "gamma"; accepted: const, exp'],
    ['lognromal:p50=1s,p99=2s', 'unknown distribution "lognromal" (did you mean "lognormal"?)'],
    [':200ms', 'unknown distribution ""'],
    ['-5ms', '"-5ms": a duration must not be negative'],
    ['200msec', 'a duration has an unknown unit "msec" (did you mean "ms"?)'],
    ['const:200', 'the latency needs a unit, e.g. "200ms"'],
    ['exp:200', '"exp:200": the mean "200" needs a unit, e.g. "200ms"'],
    ['exp:0ms', '"exp:0ms": the mean must be positive'],
    ['exp:1e999ms', 'the mean "1e999ms" is too large'],
    ['exp:1e307ms', 'the mean is too large: samples would overflow'],
    ['exp:mean=200ms,mean=300ms', 'mean is given twice'],
    ['exp:avg=200ms', 'unknown key "avg"; accepted: exp:<duration> or exp:mean=<duration>'],
    ['exp:meen=200ms', 'unknown key "meen" (did you mean "mean"?)'],
    ['uniform:100ms-300ms', 'expected a range; accepted: uniform:<duration>..<duration>'],
    ['uniform:1ms..2ms..3ms', 'expected a range'],
    ['uniform:..2ms', 'the low end "" must be a number with a unit'],
    ['uniform:1ms..2', 'the high end "2" needs a unit'],
    ['normal:mean=200ms', '"normal:mean=200ms": sd is missing; accepted: normal:mean=<duration>,sd=<duration>'],
    ['normal:sd=5ms', 'mean is missing'],
    ['normal:mean=200ms,sdev=5ms', 'unknown key "sdev" (did you mean "sd"?)'],
    ['normal:mean=200ms,std=5ms', 'unknown key "std" (did you mean "sd"?)'],
    ['normal:mean=200ms,sd=0ms', 'sd must be positive'],
    ['normal:mean=200ms,sd=-5ms', 'sd "-5ms" must not be negative'],
    ['normal:mean=200ms sd=5ms', 'the mean "200ms sd=5ms" must be a number with a unit'],
    ['normal:mean=200ms,,sd=5ms', 'an item is empty (stray comma?)'],
    ['normal:mean=200ms,sd', '"sd" is not key=value'],
    ['lognormal:p50=800ms', 'give exactly two percentiles (or one and sigma)'],
    ['lognormal:p50=800ms,p90=1s,p99=2s', 'give exactly two percentiles'],
    ['lognormal:p50=800ms,p99=100ms', 'p99 must be larger than p50'],
    ['lognormal:p50=800ms,p99=800ms', 'p99 must be larger than p50'],
    ['lognormal:p50=800ms,median=1s', 'p50 and median name the same thing'],
    ['lognormal:p50=800ms,p50.0=1s', 'p50 and p50.0 name the same thing'],
    ['lognormal:p0=1ms,p50=800ms', 'p0 is not a percentile between 0 and 100'],
    ['lognormal:p50=0ms,p99=1s', 'p50 must be a positive duration'],
    ['lognormal:p50=800ms,sigma=0', 'sigma must be a positive number'],
    ['lognormal:p50=800ms,sigma=1.2s', 'sigma "1.2s" must be a plain number, e.g. sigma=1.2'],
    ['lognormal:sigma=1.2', 'give exactly one percentile with sigma'],
    ['lognormal:p50=800ms,p99=6s,sigma=1', 'give exactly one percentile with sigma'],
    ['lognormal:p50=1us,p99.9=1e300ms', 'the spread is too wide: samples would overflow'],
    ['lognormal:p50=800ms,p95=6s,mu=1', 'unknown key "mu"'],
    ['pareto:min=100ms', 'alpha is missing; accepted: pareto:min=<duration>,alpha=<number>'],
    ['pareto:min=0ms,alpha=1.5', 'min must be a positive duration'],
    ['pareto:min=100ms,alpha=0', 'alpha must be a positive number'],
    ['pareto:min=100ms,alpha=-1', 'alpha "-1" must be a plain number'],
    ['pareto:min=100ms,alpha=1e999', 'alpha "1e999" is too large'],
    ['pareto:min=100ms,alpha=0.01', 'alpha is too small (or min too large): samples would overflow'],
    ['pareto:min=100ms,alfa=1.5', 'unknown key "alfa" (did you mean "alpha"?)'],
    ['p50=1s,p90=500ms', 'p90 must not be below p50: values must not decrease as the percentile grows'],
    ['p50=1s,p50=2s', 'p50 is given twice'],
    ['p100=1s', 'p100 is not a percentile between 0 and 100 (exclusive); use min= and max= for the ends'],
    ['p50=1s,min=2s', 'min must not exceed p50'],
    ['p50=1s,max=500ms', 'max must not be below p50'],
    ['min=1ms,max=2s', 'a percentile table needs at least one pN=<duration>'],
    ['p50=1s,mx=2s', 'unknown key "mx" (did you mean "max"?)'],
    ['p50=1s,p99=', 'p99 "" must be a number with a unit'],
    ['p50=1s,p99=2', 'p99 "2" needs a unit'],
    ['table:', 'table needs parameters'],
  ])('when given "%s", then it throws an InputError saying %s', (text, message) => {
    expect(() => parseLatency(text)).toThrow(InputError);
    expect(() => parseLatency(text)).toThrow(message);
  });

  it('when any error is thrown, then the message is one line and does not name a flag', () => {
    for (const text of ['expo:1s', 'normal:mean=1s', '200', 'p50=1s,p90=500ms']) {
      try {
        parseLatency(text);
        expect.unreachable();
      } catch (error) {
        const message = (error as Error).message;
        expect(message).not.toContain('\n');
        expect(message).not.toContain('--');
        expect(message.startsWith(`"${text}": `)).toBe(true);
      }
    }
  });
});

describe('canonical specs', () => {
  const examples = [
    '200ms',
    '0',
    '250us',
    'exp:200ms',
    'exp:0.1ms',
    'uniform:100ms..300ms',
    'normal:mean=200ms,sd=50ms',
    'normal:mean=0ms,sd=1s',
    'lognormal:p50=800ms,p99=6s',
    'lognormal:p90=1s,p99.9=5s',
    'lognormal:median=800ms,sigma=1.2',
    'pareto:min=100ms,alpha=1.5',
    'pareto:min=1ms,alpha=1e-1',
    'p50=800ms,p90=1.5s,p99=4s,max=10s',
    'table:min=5ms,p50=800ms,p99=4s',
    'p50=0.30000000000000004ms,p99=1.0000000000000002s',
  ];

  it.each(examples)('when "%s" is parsed and its spec parsed again, then the spec and distribution are unchanged', (text) => {
    const first = parseLatency(text);
    const second = parseLatency(first.spec);
    expect(second.spec).toBe(first.spec);
    expectSameDistribution(second, first);
  });

  it('when every example in LATENCY_GRAMMAR is parsed, then each is accepted and its spec round-trips', () => {
    // Each line starts with an example spec; continuation lines start with spaces.
    const found = LATENCY_GRAMMAR.split('\n').map((line) => line.split(/\s+/)[0] ?? '').filter((spec) => spec !== '');
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const example of found) {
      const distribution = parseLatency(example);
      expect(parseLatency(distribution.spec).spec).toBe(distribution.spec);
    }
  });
});
