import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseLatency } from '../../src/dist/spec.js';
import { resolveConfig, type RunOptions } from '../../src/scenario/resolve.js';
import { formatStages, parseStages, type StageUnit } from '../../src/dist/stages.js';
import type { Stage } from '../../src/sim/config.js';

const s = (durationMs: number, from: number, to: number): Stage => ({ durationMs, from, to });

describe('parseStages: accepted', () => {
  it.each<[string, StageUnit, Stage[]]>([
    ['30s:0->200/s,60s:200/s,30s:200->0/s', 'rate', [s(30_000, 0, 200), s(60_000, 200, 200), s(30_000, 200, 0)]],
    ['30s:200/s,1m:0/s', 'rate', [s(30_000, 0, 200), s(60_000, 200, 0)]],
    ['10s:6000/m', 'rate', [s(10_000, 0, 100)]],
    ['10s:0->6000/m', 'rate', [s(10_000, 0, 100)]],
    ['10s:60->6000/m', 'rate', [s(10_000, 1, 100)]],
    ['10s:1/s->7200/h', 'rate', [s(10_000, 1, 2)]],
    ['1h:0.5/s', 'rate', [s(3_600_000, 0, 0.5)]],
    ['500ms:0/s', 'rate', [s(500, 0, 0)]],
    [' 30s : 0 -> 200 / s , 60s : 200/s ', 'rate', [s(30_000, 0, 200), s(60_000, 200, 200)]],
    ['1m:0->50,2m:50,1m:0', 'clients', [s(60_000, 0, 50), s(120_000, 50, 50), s(60_000, 50, 0)]],
    ['1m:10->50,1m:50->10', 'clients', [s(60_000, 10, 50), s(60_000, 50, 10)]],
    ['1s:7', 'clients', [s(1000, 0, 7)]],
    ['1.5s:0', 'clients', [s(1500, 0, 0)]],
  ])('when given "%s", then it is %s stages %j', (text, unit, stages) => {
    expect(parseStages(text)).toEqual({ unit, stages });
  });
});

describe('parseStages: rejected', () => {
  it.each([
    ['', 'no stages given; accepted: comma-separated <duration>:<target>'],
    ['   ', 'no stages given'],
    ['30s', '"30s": a stage needs a duration, a colon and a target; accepted:'],
    ['30s:', 'a stage needs a target after the colon'],
    ['30s:5->', 'a stage needs a target after the arrow'],
    ['30s:->5', 'nothing before the arrow'],
    ['30s:0->200/s,', 'stage 2 "": an empty stage'],
    ['30s:0->200/s,,10s:5/s', 'stage 2 "": an empty stage'],
    ['0s:5/s', 'the duration "0s" must be > 0'],
    ['30:5/s', 'the duration "30" needs a unit, e.g. "30ms"'],
    ['30sec:5/s', 'the duration "30sec" has an unknown unit "sec" (did you mean "s"?)'],
    ['-5s:5/s', 'the duration "-5s" must not be negative'],
    ['30s:0-200/s', '"-" is not an arrow (did you mean "0->200/s"?)'],
    ['30s:0=>200/s', '"=>" is not an arrow (did you mean "0->200/s"?)'],
    ['30s:0→200/s', '"→" is not an arrow (did you mean "0->200/s"?)'],
    ['30s:0->5->9/s', 'one arrow per stage'],
    ['30s:200/sec', 'the rate "200/sec": unknown unit "/sec" (did you mean "/s"?)'],
    ['30s:0/sec', 'the rate "0/sec": unknown unit "/sec" (did you mean "/s"?)'],
    ['30s:abc/s', 'the rate "abc/s": not a rate'],
    ['30s:-5/s', 'the rate "-5/s" must not be negative'],
    ['30s:1e999/s', 'the rate "1e999/s": a rate must be finite'],
    ['30s:x->5/s', 'the rate "x": not a rate'],
    ['30s:5/s->10', '"5/s" has a rate unit but "10" has none: put the unit on the target (e.g. "5/s->10/s")'],
    ['30s:0->200/s,60s:200', 'stage 2 "60s:200": no rate unit, but stage 1 is a rate: every stage must use the same unit (e.g. "60s:200/s")'],
    ['1m:50,1m:20/s', 'stage 2 "1m:20/s": a rate, but stage 1 counts clients'],
    ['1m:2.5', 'the client count "2.5" must be a non-negative integer'],
    ['1m:-3', 'the client count "-3" must be a non-negative integer'],
    ['1m:50s', 'the client count "50s" must be a non-negative integer (did you mean the rate "50/s"?)'],
    ['1m:99999999999999999999', 'the client count "99999999999999999999" is too large'],
  ])('when given "%s", then it throws an InputError saying %s', (text, message) => {
    expect(() => parseStages(text)).toThrow(InputError);
    expect(() => parseStages(text)).toThrow(message);
  });

  it('when a message is thrown, then it is one lowercase line quoting the value', () => {
    for (const text of ['30s', '30s:0-200/s', '1m:50,1m:20/s']) {
      let message = '';
      try {
        parseStages(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.startsWith(`"${text}": `)).toBe(true);
      expect(message).not.toContain('\n');
      expect(message.slice(text.length + 4, text.length + 5)).toMatch(/[a-z"]/);
    }
  });
});

describe('formatStages', () => {
  it.each<[Stage[], StageUnit, string]>([
    [[s(30_000, 0, 200), s(60_000, 200, 200), s(30_000, 200, 0)], 'rate', '30s:0->200/s,1m:200/s,30s:200->0/s'],
    [[s(60_000, 0, 50), s(120_000, 50, 50), s(60_000, 50, 0)], 'clients', '1m:0->50,2m:50,1m:50->0'],
    [[s(1000, 5, 5)], 'clients', '1s:5->5'],
    [[s(1000, 0, 0)], 'rate', '1s:0/s'],
    [[s(1500, 2.5, 2.5), s(250, 1 / 3, 0.1)], 'rate', '1.5s:2.5->2.5/s,250ms:0.3333333333333333->0.1/s'],
  ])('when given %j as %s, then it is "%s"', (stages, unit, text) => {
    expect(formatStages(stages, unit)).toBe(text);
  });

  const duration = fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 0.001, max: 1e7, noNaN: true }));
  const stagesOf = (value: fc.Arbitrary<number>) =>
    fc.array(
      fc.record({ durationMs: duration, from: value, to: value, hold: fc.boolean() }).map(({ durationMs, from, to, hold }) => s(durationMs, from, hold ? from : to)),
      { minLength: 1, maxLength: 6 },
    );
  const rate = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 1e-9, max: 1e9, noNaN: true }));
  const clients = fc.integer({ min: 0, max: 1_000_000 });

  it('when any rate stages are formatted, then parseStages reads them back exactly', () => {
    fc.assert(
      fc.property(stagesOf(rate), (stages) => {
        expect(parseStages(formatStages(stages, 'rate'))).toEqual({ unit: 'rate', stages });
      }),
      { numRuns: 500 },
    );
  });

  it('when any client stages are formatted, then parseStages reads them back exactly', () => {
    fc.assert(
      fc.property(stagesOf(clients), (stages) => {
        expect(parseStages(formatStages(stages, 'clients'))).toEqual({ unit: 'clients', stages });
      }),
      { numRuns: 500 },
    );
  });
});

describe('resolveConfig with --stages', () => {
  const rates = parseStages('30s:0->200/s,60s:200/s');
  const clients = parseStages('1m:0->50,1m:0');
  const noTrace = (path: string): never => {
    throw new Error(`no trace expected, got ${path}`);
  };

  it('when rate stages are given alone, then the workload is a staged poisson process and the stages end the run', () => {
    const config = resolveConfig({ stages: rates }, noTrace);
    expect(config.workload).toEqual({ kind: 'staged', shape: 'poisson', stages: rates.stages, think: null });
    expect(config.requests).toBe(Infinity);
    expect(config.durationMs).toBe(Infinity);
  });

  it('when rate stages come with --arrival constant, then the shape is constant', () => {
    expect(resolveConfig({ stages: rates, arrival: 'constant' }, noTrace).workload).toMatchObject({ kind: 'staged', shape: 'constant' });
  });

  it('when client stages are given with --think (and --arrival closed), then the shape is closed with that think time', () => {
    const think = parseLatency('50ms');
    const config = resolveConfig({ stages: clients, think, arrival: 'closed' }, noTrace);
    expect(config.workload).toEqual({ kind: 'staged', shape: 'closed', stages: clients.stages, think });
    expect(config.requests).toBe(Infinity);
  });

  it('when --requests is given with stages, then it still caps the run', () => {
    expect(resolveConfig({ stages: clients, requests: 500 }, noTrace).requests).toBe(500);
  });

  it.each<[string, RunOptions, string]>([
    ['rate stages with --rate', { stages: rates, rate: 100 }, '--rate and --stages: the stages set the arrival rate over time'],
    ['client stages with --rate', { stages: clients, rate: 100 }, '--rate and --stages: client stages are a closed loop'],
    ['client stages with --concurrency', { stages: clients, concurrency: 10 }, '--concurrency and --stages: the stages set the number of clients over time'],
    ['rate stages with --concurrency', { stages: rates, concurrency: 10 }, '--concurrency and --stages: rate stages are open-loop arrivals'],
    ['rate stages with --arrival closed', { stages: rates, arrival: 'closed' }, '--stages and --arrival closed: these stages are arrival rates'],
    ['rate stages with --arrival burst', { stages: rates, arrival: 'burst' }, '--stages and --arrival burst: these stages are arrival rates'],
    ['client stages with --arrival poisson', { stages: clients, arrival: 'poisson' }, '--stages and --arrival poisson: these stages count clients'],
    ['client stages with --arrival constant', { stages: clients, arrival: 'constant' }, '--stages and --arrival constant: these stages count clients'],
    ['client stages with --arrival burst', { stages: clients, arrival: 'burst' }, '--stages and --arrival burst: these stages count clients'],
    ['client stages with --trace', { stages: clients, trace: 'x.csv' }, '--trace and --stages: a trace replays recorded arrivals'],
    ['rate stages with --trace', { stages: rates, trace: 'x.csv' }, '--trace and --stages'],
    ['rate stages with --think', { stages: rates, think: parseLatency('5ms') }, '--think: think time applies to closed-loop clients, not to rate stages'],
    ['no stages at all', { stages: { unit: 'rate', stages: [] } }, '--stages: no stages given'],
  ])('when %s, then it throws an InputError naming both', (_, options, message) => {
    expect(() => resolveConfig(options, noTrace)).toThrow(InputError);
    expect(() => resolveConfig(options, noTrace)).toThrow(message);
  });
});
