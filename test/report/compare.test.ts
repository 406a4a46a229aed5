import { describe, expect, it } from 'vitest';
import { compareColumns, compareToJson, formatComparison, type CompareColumn } from '../../src/report/compare.js';
import { toJsonReport } from '../../src/report/json.js';
import { plainPaint } from '../../src/report/paint.js';
import { simulate } from '../../src/sim/index.js';
import type { SimConfig } from '../../src/sim/config.js';
import { testConfig } from '../support/config.js';

const K = 8;
function column(name: string, config: SimConfig, seeds = K): CompareColumn {
  return { name, source: name, reports: Array.from({ length: seeds }, (_, i) => toJsonReport(simulate({ ...config, seed: 1 + i }))) };
}
const load = (capacity: number) => testConfig({ capacity, workload: { kind: 'poisson', ratePerSec: 150 }, latency: 'exp:200ms', requests: 20_000 });

describe('compare', () => {
  const a = column('40 permits', load(40));
  const b = column('32 permits', load(32));
  const again = column('40 permits again', { ...load(40), warmupMs: 1 });

  it('when one scenario clearly waits longer, then its wait change is marked significant', () => {
    const rows = compareColumns([a, b]);
    const p99 = rows.find((r) => r.metric === 'wait.p99');
    expect(p99?.changes[1]?.absolute).toBeGreaterThan(0);
    expect(p99?.changes[1]?.significant).toBe(true);
  });

  it('when the same scenario is compared with itself (a 1 ms warm-up apart), then no wait change is significant', () => {
    const rows = compareColumns([a, again]);
    for (const key of ['wait.p50', 'wait.p90', 'wait.p99']) {
      expect(rows.find((r) => r.metric === key)?.changes[1]?.significant).toBe(false);
    }
  });

  it('when printed, then rows show values with confidence intervals and changes against the first, within 80 columns', () => {
    const text = formatComparison([a, b], plainPaint);
    expect(text).toContain('semsim compare · 2 scenarios · 8 replications (seeds) each');
    expect(text).toMatch(/^wait p99\s+\S+ ms ±\d+(\.\d)?%\s+\S+ ms ±\d+(\.\d)?%$/m);
    expect(text).toMatch(/^ {2}vs A\s+\+\S+ ms \+\d+% \*$/m);
    expect(text).toContain('wait by percentile');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('when one run each is compared, then changes carry no significance mark', () => {
    const rows = compareColumns([column('a', load(40), 1), column('b', load(32), 1)]);
    expect(rows.every((r) => r.changes.every((c) => c.significant === null))).toBe(true);
  });

  it('when exported as JSON, then each column lists its seeds, means, intervals and changes', () => {
    const json = compareToJson([a, b]) as { columns: { seeds: number[]; metrics: Record<string, { mean: number; ci95: number[] | null; changeVsFirst: unknown }> }[] };
    expect(json.columns[0]?.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const wait = json.columns[1]?.metrics['wait.p99'];
    expect(wait?.ci95?.[0]).toBeLessThan(wait?.mean as number);
    expect(wait?.changeVsFirst).toMatchObject({ significant: true });
    expect(json.columns[0]?.metrics['wait.p99']?.changeVsFirst).toBeNull();
  });
});
