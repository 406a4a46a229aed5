import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli as run } from './support/cli.js';


describe('semsim run (headless)', () => {
  it('when run with the quick-start flags, then it prints the title, the percentile table and the figures', async () => {
    const { code, stdout, stderr } = await run(['--capacity', '40', '--concurrency', '200']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('semsim · capacity 40 · 200 clients · latency 200ms · 1,000 requests · seed 1');
    expect(stdout).toMatch(/^\s+p50\s+p90\s+p99\s+p99\.9\s+max\s+mean$/m);
    expect(stdout).toMatch(/^wait\s+800 ms\s+800 ms\s+800 ms\s+800 ms\s+800 ms\s+720 ms$/m);
    expect(stdout).toMatch(/^service\s+200 ms/m);
    expect(stdout).toMatch(/^throughput\s+200 req\/s$/m);
    expect(stdout).toMatch(/^utilization\s+100\.0 %/m);
    expect(stdout).toMatch(/^waiters\s+mean 144, max 160$/m);
    expect(stdout).not.toMatch(/\x1b\[/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('when --json is given, then stdout is the JSON report with every resolved input', async () => {
    const { code, stdout } = await run(['--json', '--rate', '150/s', '--latency', 'exp:200ms', '--requests', '2000', '--capacity', '40', '--seed', '7']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.config).toMatchObject({
      seed: 7,
      capacity: 40,
      workload: { kind: 'poisson', ratePerSec: 150 },
      latency: 'exp:200ms',
      timeoutMs: null,
      maxQueue: null,
      requests: 2000,
    });
    expect(report.requests.issued).toBe(2000);
    expect(report.requests.completed + report.requests.timedOut + report.requests.rejected).toBe(2000);
    for (const key of ['waitMs', 'serviceMs', 'totalMs']) {
      expect(Object.keys(report[key])).toEqual(['p50', 'p90', 'p99', 'p999', 'max', 'mean']);
    }
    expect(report.offeredLoad).toBeCloseTo(0.75, 10);
    expect(typeof report.throughputPerSec).toBe('number');
    expect(report.histograms.waitUs).toMatch(/^HISTF/);
  });

  it('when the same flags run twice, then the JSON is byte-identical', async () => {
    const args = ['--json', '--rate', '190/s', '--latency', 'exp:200ms', '--requests', '3000'];
    expect((await run(args)).stdout).toBe((await run(args)).stdout);
  });

  it('when open-loop load is at or above 1, then the report warns that the queue grows without bound', async () => {
    const { stdout } = await run(['--rate', '220/s', '--requests', '3000']);
    expect(stdout).toMatch(/^offered load\s+1\.10/m);
    expect(stdout).toContain('overloaded: offered load 1.10 >= 1, the queue grows without bound');
    // A bounded wait caps the queue: no such warning then.
    expect((await run(['--rate', '220/s', '--requests', '3000', '--timeout', '1s'])).stdout).not.toContain('overloaded');
  });

  it('when stdout is a TTY and NO_COLOR is unset, then the report has colour; with NO_COLOR or --no-color it has none', async () => {
    expect((await run(['-n', '50', '--no-live'], { isTTY: true })).stdout).toMatch(/\x1b\[/);
    expect((await run(['-n', '50', '--no-live'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\x1b\[/);
    expect((await run(['-n', '50', '--no-live', '--no-color'], { isTTY: true })).stdout).not.toMatch(/\x1b\[/);
  });

  it('when stdout is a TTY but CI is set, then there is no live view (Ink would draw only its last frame): just the report', async () => {
    const { code, stdout } = await run(['-n', '50', '--speed', '10'], { isTTY: true, env: { CI: 'true', NO_COLOR: '1' } });
    expect(code).toBe(0);
    expect(stdout).not.toContain('PERMITS');
    expect(stdout).toMatch(/^wait\s+/m);
  });

  it('when interrupted, then the report so far is printed, marked interrupted, with exit 130', async () => {
    const { code, stdout } = await run(['--rate', '190/s', '--latency', 'exp:200ms', '--requests', '5000000'], { interrupt: true });
    expect(code).toBe(130);
    expect(stdout).toContain('interrupted at');
    expect(stdout).toMatch(/in flight/);
  });

  it('when time flags are given, then each reaches the run (timeout, duration, warm-up)', async () => {
    const report = JSON.parse((await run(['--json', '--arrival', 'burst', '--timeout', '500ms'])).stdout);
    // 200 at once into 40 permits of 200 ms: waves at 0, 200 and 400 ms are served, 80 give up.
    expect(report.config.timeoutMs).toBe(500);
    expect(report.requests).toMatchObject({ completed: 120, timedOut: 80 });
    const timed = JSON.parse((await run(['--json', '--arrival', 'constant', '--rate', '100/s', '--duration', '2s', '--warmup', '1s'])).stdout);
    expect(timed.config).toMatchObject({ durationMs: 2000, warmupMs: 1000, requests: null });
    expect(timed.requests).toMatchObject({ issued: 101, warmupExcluded: 100 });
  });

  it('when `run` is given explicitly, then it behaves as the default command', async () => {
    const a = await run(['run', '--capacity', '10', '-n', '100', '--json']);
    const b = await run(['--capacity', '10', '-n', '100', '--json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('when a trace records latencies, then --latency is refused and reports say the latency was recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semsim-'));
    const file = join(dir, 'trace.csv');
    writeFileSync(file, 'arrival_ms,latency_ms\n0,100\n');
    const refused = await run(['--trace', file, '--latency', 'exp:1s']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: --trace and --latency: /);
    const { stdout } = await run(['--trace', file]);
    expect(stdout).toContain('latency recorded in the trace');
  });

  it('when nothing completes, then the report says nothing was measured and duration thresholds fail', async () => {
    const { code, stdout } = await run(['--requests', '0', '--threshold', 'wait.p99<1ms']);
    expect(code).toBe(99);
    expect(stdout).toContain('no request completed: nothing measured');
    expect(stdout).toContain('nothing measured: no request completed');
  });

  it('when --seed random is given, then a seed is drawn and shown', async () => {
    const { code, stdout } = await run(['--seed', 'random', '-n', '10', '--json']);
    expect(code).toBe(0);
    expect(Number.isSafeInteger(JSON.parse(stdout).config.seed)).toBe(true);
  });

  it('when a burst is bounded by --duration only, then it still sends one burst of --concurrency', async () => {
    const report = JSON.parse((await run(['--arrival', 'burst', '--duration', '10s', '--json'])).stdout);
    expect(report.requests.issued).toBe(200);
  });

  it('when a trace file is given, then its arrivals and latencies are replayed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semsim-'));
    const file = join(dir, 'trace.csv');
    writeFileSync(file, 'arrival_ms,latency_ms\n0,100\n0,100\n10,50\n');
    const { code, stdout } = await run(['--trace', file, '--capacity', '1', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.requests.completed).toBe(3);
    // Waits: 0, 100, 190 ms.
    expect(report.waitMs.max).toBe(190);
    expect(report.elapsedMs).toBe(250);
  });
});

describe('semsim: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'semsim-bad-'));
  const badTrace = join(dir, 'bad.csv');
  writeFileSync(badTrace, 'arrival_ms,latency_ms\n0,100\n5,abc\n');

  it.each([
    [['--capacity', '0'], /^error: option '--capacity <n>' argument '0' is invalid\. expected a number of permits, an integer >= 1$/],
    [['--capacity', '-3'], /--capacity <n>' argument '-3' is invalid/],
    [['--capacity', '2.5'], /--capacity <n>' argument '2\.5' is invalid\. expected a number of permits, an integer >= 1/],
    [['--capacity', 'forty'], /--capacity <n>' argument 'forty' is invalid/],
    [['--concurrency', '0'], /--concurrency <n>' argument '0' is invalid/],
    [['--latency', 'expo:200ms'], /--latency <spec>' argument 'expo:200ms' is invalid\. .*did you mean "exp"/],
    [['--latency', '200'], /--latency <spec>' argument '200' is invalid\. .*unit/],
    [['--timeout', '5 parsecs'], /--timeout <time>' argument '5 parsecs' is invalid/],
    [['--rate', 'fast'], /--rate <rate>' argument 'fast' is invalid/],
    [['--arrival', 'lumpy'], /--arrival <kind>' argument 'lumpy' is invalid\. Allowed choices are closed, poisson, constant, burst/],
    [['--capacity'], /option '--capacity <n>' argument missing/],
    [['--capcity', '4'], /^error: unknown option '--capcity' \(did you mean --capacity\?\)$/],
    [['--rate', '10/s', '--concurrency', '5'], /^error: --concurrency and --rate: /],
    [['--arrival', 'poisson'], /^error: --arrival poisson: needs --rate/],
    [['--arrival', 'burst', '--rate', '5'], /^error: --rate and --arrival burst: /],
    [['--trace', join(dir, 'missing.csv')], /^error: .*missing\.csv: cannot read the trace: no such file$/],
    [['--trace', badTrace], /^error: .*bad\.csv:3:3: latency_ms "abc" is not a number of milliseconds >= 0$/],
    [['--trace', badTrace, '--rate', '5'], /^error: --trace and --rate: /],
    [['--seed', '-1'], /--seed <n>' argument '-1' is invalid/],
  ])('when given %j, then one error line, no stack trace, exit 2', async (args, pattern) => {
    expectBadInput(await run(args), pattern);
  });

  it('when --help is asked, then it shows the options and the latency grammar with exit 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--capacity <n>');
    expect(stdout).toContain('lognormal:p50=');
    expect(stdout).toContain('Exit codes');
  });
});
