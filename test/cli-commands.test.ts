import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/cli.js';


const dir = mkdtempSync(join(tmpdir(), 'semsim-cmd-'));

describe('thresholds', () => {
  it('when every threshold passes, then the report starts with them and the exit code is 0', async () => {
    const { code, stdout } = await run(['--threshold', 'wait.p99<900ms', '--threshold', 'timedOut==0']);
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'thresholds: all 2 passed',
      '✓ pass  wait.p99<900ms  measured 800 ms',
      '✓ pass  timedOut==0     measured 0',
    ]);
  });

  it('when a threshold fails, then it is marked with its measured value and the exit code is 99', async () => {
    const { code, stdout } = await run(['--threshold', 'wait.p99<500ms']);
    expect(code).toBe(99);
    expect(stdout).toContain('✗ FAIL  wait.p99<500ms  measured 800 ms');
  });

  it('when --json is given, then the thresholds appear in the report with pass/fail and value', async () => {
    const { code, stdout } = await run(['--json', '--threshold', 'wait.p99<500ms']);
    expect(code).toBe(99);
    expect(JSON.parse(stdout).thresholds).toEqual([{ expression: 'wait.p99<500ms', metric: 'wait.p99', passed: false, value: 800 }]);
  });

  it('when a threshold is malformed, then it is bad input (exit 2) before anything runs', async () => {
    const { code, stdout, stderr } = await run(['--threshold', 'wait.p99<<5ms']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: --threshold: "wait\.p99<<5ms": /);
  });

  it('when a scenario file carries thresholds, then they are checked and a CLI --threshold replaces them', async () => {
    const file = join(dir, 'slo.yaml');
    writeFileSync(file, 'name: slo\ncapacity: 40\nconcurrency: 200\nthresholds:\n  - wait.p99<500ms\n');
    expect((await run([file])).code).toBe(99);
    expect((await run(['run', file, '--threshold', 'wait.p99<1s'])).code).toBe(0);
  });
});

describe('semsim run with scenarios', () => {
  it('when a built-in is named, then it runs under its name; flags override its fields', async () => {
    const { code, stdout } = await run(['run', 'go-example', '--capacity', '50']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^semsim · go-example · capacity 50 · 200 clients/);
    // The scenario's description (its lesson) follows the title.
    expect(stdout).toMatch(/^200 goroutines share 40 permits of a 200 ms upstream;/m);
  });

  it('when several scenarios are given with --json, then the output is an array of reports', async () => {
    const { code, stdout } = await run(['run', 'go-example', 'poisson-80', '--json', '--requests', '500']);
    expect(code).toBe(0);
    const reports = JSON.parse(stdout);
    expect(reports.map((r: { config: { name: string } }) => r.config.name)).toEqual(['go-example', 'poisson-80']);
  });

  it('when a built-in name is misspelled, then the error suggests the right one', async () => {
    const { code, stderr } = await run(['run', 'go-exmaple']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/go-exmaple.*did you mean "go-example"/);
  });

  it('when a command is misspelled, then the error suggests the command', async () => {
    const { code, stderr } = await run(['runn']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: "runn": not a command, scenario file or built-in scenario \(did you mean the command "run"\?\)$/m);
  });

  it('when a scenario file contradicts itself, then the error names the file', async () => {
    const file = join(dir, 'both.yaml');
    writeFileSync(file, 'rate: 10/s\nconcurrency: 5\n');
    const { code, stderr } = await run([file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: --concurrency and --rate: `));
  });

  it('when a stage uses k6\'s target key, then the error says what to write instead', async () => {
    const file = join(dir, 'k6.yaml');
    writeFileSync(file, 'stages:\n  - duration: 10s\n    target: 100\n');
    const { stderr } = await run([file]);
    expect(stderr).toContain(":3:5: stages[0].target: unknown key (k6's target: write rate: 200/s for arrivals per second, or concurrency: 50 for clients)");
  });

  it('when `list` runs, then every built-in is listed with its description', async () => {
    const { code, stdout } = await run(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^go-example\s+\S.*$/m);
    expect(stdout).toMatch(/^poisson-95\s+\S.*$/m);
  });
});

describe('semsim compare', () => {
  it('when two built-ins are compared with replications, then rows show both with changes and significance', async () => {
    const { code, stdout } = await run(['compare', 'poisson-80', 'poisson-95', '--replications', '4', '--requests', '8000']);
    expect(code).toBe(0);
    expect(stdout).toContain('semsim compare · 2 scenarios · 4 replications (seeds) each');
    expect(stdout).toMatch(/^wait p99 .*$/m);
    expect(stdout).toMatch(/^ {2}vs A .*\*$/m);
  });

  it('when a saved JSON report is compared with a fresh run, then it is read, not re-run', async () => {
    const saved = join(dir, 'before.json');
    writeFileSync(saved, (await run(['run', 'poisson-80', '--json', '--requests', '3000'])).stdout);
    const { code, stdout } = await run(['compare', saved, 'poisson-80', '--requests', '3000', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.columns[0].source).toBe(`saved report ${saved}, not re-run: flags do not apply`);
    // Same scenario, same seed: the saved run and the fresh one agree exactly.
    expect(json.columns[1].metrics['wait.p99'].changeVsFirst.absolute).toBe(0);
  });

  it('when saved reports of flag-only runs are compared, then each column is named by its file, not repeated in its source', async () => {
    const [none, forty] = [join(dir, 'none.json'), join(dir, 'forty.json')];
    writeFileSync(none, (await run(['--capacity', 'unlimited', '--upstream-limit', '4', '--json'])).stdout);
    writeFileSync(forty, (await run(['--capacity', '4', '--upstream-limit', '4', '--json'])).stdout);
    const json = JSON.parse((await run(['compare', none, forty, '--json'])).stdout);
    expect(json.columns.map((c: { name: string; source: string }) => [c.name, c.source])).toEqual([
      [none, 'saved report, not re-run: flags do not apply'],
      [forty, 'saved report, not re-run: flags do not apply'],
    ]);
    expect(json.columns[1].metrics.throttled.changeVsFirst.relative).toBe(-1);
  });

  it('when fewer than two scenarios are given, then it is bad input', async () => {
    const { code, stderr } = await run(['compare', 'poisson-80']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: compare: needs at least two scenarios, got 1$/m);
  });
});

describe('semsim sweep', () => {
  it('when capacity is swept with a target, then the table and the smallest capacity meeting it are printed', async () => {
    const { code, stdout } = await run(['sweep', '--rate', '180/s', '-l', 'exp:200ms', '-n', '20000', '--vary', 'capacity=36..44:2', '--target', 'wait.p99<200ms', '--jobs', '1']);
    expect(code).toBe(0);
    expect(stdout).toContain('smallest capacity meeting wait.p99<200ms: 40');
    expect(stdout).toMatch(/^36\s+327 ms\s+1\.45 s/m);
  });

  it('when two --vary are given, then every combination runs', async () => {
    const { stdout } = await run(['sweep', 'go-example', '--vary', 'capacity=20,40', '--vary', 'timeout=500ms,1s', '--json', '--jobs', '1']);
    const json = JSON.parse(stdout);
    expect(json.points.map((p: { values: Record<string, string> }) => `${p.values.capacity}/${p.values.timeout}`)).toEqual(['20/500ms', '20/1s', '40/500ms', '40/1s']);
  });

  it.each([
    [['sweep'], /^error: sweep: needs --vary/],
    [['sweep', '--vary', 'capcity=1..3'], /^error: --vary: .*did you mean "capacity"/],
    [['sweep', '--vary', 'capacity=0..2'], /^error: option '--capacity <n>' argument '0' is invalid|capacity/],
    [['sweep', '--vary', 'capacity=1..3', '--target', 'wait<1s'], /^error: --target: .*unknown metric/],
  ])('when given %j, then it is bad input with one line', async (args, pattern) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(pattern);
  });

  it('when a field is varied twice or --threshold is given, then it is bad input', async () => {
    expect((await run(['sweep', '--vary', 'capacity=1,2', '--vary', 'capacity=3,4'])).stderr).toMatch(/^error: --vary: capacity is varied twice/);
    expect((await run(['sweep', '--vary', 'capacity=1,2', '--threshold', 'wait.p99<1s'])).stderr).toMatch(/^error: --threshold: a sweep checks --target/);
    expect((await run(['compare', 'poisson-80', 'poisson-95', '--threshold', 'wait.p99<1s'])).code).toBe(2);
  });

  it('when a scenario file carries thresholds and no --target is given, then they serve as the targets', async () => {
    const file = join(dir, 'sweep-slo.yaml');
    writeFileSync(file, 'rate: 180/s\nlatency: exp:200ms\nrequests: 20000\nthresholds:\n  - wait.p99<200ms\n');
    const { stdout } = await run(['sweep', file, '--vary', 'capacity=36..44:2', '--jobs', '1']);
    expect(stdout).toContain('smallest capacity meeting wait.p99<200ms: 40');
  });

  it('when capacity is swept up to unlimited, then the unlimited point runs without a semaphore and the chart spans the finite ones', async () => {
    const { code, stdout } = await run(['sweep', 'semaphore-40', '--vary', 'capacity=20,40,80,unlimited', '--jobs', '1']);
    expect(code).toBe(0);
    // Over the provider's 40, permits buy 429s: 80 lets 40 callers at a time be refused.
    expect(stdout).toMatch(/^40 +200 req\/s +0 +0 +40$/m);
    expect(stdout).toMatch(/^unlimited +200 req\/s +80,160 +80,160 +40$/m);
    expect(stdout).toMatch(/^ +20 +50 +80$/m);
  });

  it('when the built binary sweeps on worker threads, then the JSON equals the one-thread run byte for byte', () => {
    const args = ['bin/semsim.js', 'sweep', '--rate', '150/s', '-l', 'exp:200ms', '-n', '5000', '--vary', 'capacity=32..40:2', '--json'];
    const parallel = execFileSync(process.execPath, [...args, '--jobs', '3'], { encoding: 'utf8' });
    const serial = execFileSync(process.execPath, [...args, '--jobs', '1'], { encoding: 'utf8' });
    expect(JSON.parse(parallel).points).toHaveLength(5);
    expect(parallel).toBe(serial);
  });
});
