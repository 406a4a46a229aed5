import { formatStages } from '../dist/stages.js';
import type { SimConfig } from '../sim/config.js';
import type { RunResult } from '../sim/result.js';
import type { DurationSummary } from '../sim/stats.js';
import { formatCount, formatDuration, formatPercent, formatRate, padEnd, padStart, sig3, wrapWords } from './format.js';
import { plainPaint, type Paint } from './paint.js';

const COLUMNS: readonly (readonly [string, keyof DurationSummary])[] = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p99.9', 'p999'],
  ['max', 'max'],
  ['mean', 'mean'],
];
const LABEL_WIDTH = 9;
const CELL_WIDTH = 10;
const KEY_WIDTH = 14;

/**
 * The text report of one run: a title line naming the scenario and seed, the percentile table of
 * wait, service and total time, then throughput, utilization, waiters and outcomes. Fits 80
 * columns. Pure: returns the text, ending with a newline.
 */
export function formatTextReport(result: RunResult, paint: Paint = plainPaint): string {
  const lines: string[] = [];
  for (const line of wrap(describeRun(result.config), 80)) lines.push(paint.title(line));
  if (result.config.description !== undefined) {
    for (const line of wrapWords(result.config.description, 80)) lines.push(paint.dim(line));
  }
  if (result.interrupted) {
    lines.push(paint.warn(`interrupted at ${formatDuration(result.elapsedMs)} of virtual time: figures so far`));
  }
  lines.push('');
  lines.push(percentileTable(result, paint));
  lines.push('');

  const r = result.requests;
  const kv = (key: string, value: string): void => {
    lines.push(`${paint.label(padEnd(key, KEY_WIDTH))}${value}`);
  };
  const outcome = [
    `${formatCount(r.issued)} issued`,
    `${formatCount(r.completed)} completed`,
    colorIf(r.timedOut > 0, paint.warn, `${formatCount(r.timedOut)} timed out`),
    colorIf(r.rejected > 0, paint.bad, `${formatCount(r.rejected)} rejected`),
  ];
  kv('requests', outcome.join(paint.dim(' · ')));
  if (r.inFlight > 0) kv('in flight', `${formatCount(r.inFlight)} ${paint.dim('still waiting or in service when stopped')}`);
  if (r.warmupExcluded > 0) {
    kv('warm-up', paint.dim(`${formatCount(r.warmupExcluded)} requests in the first ${formatDuration(result.config.warmupMs)} left out`));
  }
  kv('queued', `${formatCount(r.queued)} ${paint.dim(`(${formatPercent(r.issued === 0 ? 0 : r.queued / r.issued)}) found no free permit`)}`);
  kv('throughput', formatRate(result.throughputPerSec));
  if (result.offeredLoad !== null) {
    const load = result.offeredLoad;
    const text = `${load.toFixed(2)} ${paint.dim(`(rate × mean latency ÷ ${result.config.capacity} permits)`)}`;
    kv('offered load', load >= 1 ? paint.bad(text) : load >= 0.9 ? paint.warn(text) : text);
  }
  kv(
    'utilization',
    `${formatPercent(result.utilization)} ${paint.dim(`(in use: mean ${formatLevel(result.inUse.mean)}, max ${formatCount(result.inUse.max)} of ${formatCount(result.finalCapacity)})`)}`,
  );
  if (result.finalCapacity !== result.config.capacity) {
    kv('capacity', paint.warn(`changed during the run: ${result.config.capacity} → ${result.finalCapacity} permits`));
  }
  kv('waiters', `mean ${formatLevel(result.waiting.mean)}, max ${formatCount(result.waiting.max)}`);
  kv('elapsed', `${formatDuration(result.elapsedMs)} ${paint.dim(`of virtual time (${formatCount(result.events)} events)`)}`);
  const warnings = reportWarnings(result);
  if (warnings.length > 0) lines.push('');
  for (const w of warnings) lines.push(paint.bad(w.headline), paint.dim(`  ${w.detail}`));
  return `${lines.join('\n')}\n`;
}

/** Plain warnings about a run whose figures mislead if read naively. */
function reportWarnings(result: RunResult): { headline: string; detail: string }[] {
  const c = result.config;
  const warnings: { headline: string; detail: string }[] = [];
  if (result.requests.completed === 0 && !result.interrupted) {
    warnings.push({ headline: 'nothing measured: no request completed', detail: 'every figure above is empty; check --requests, --duration and --warmup' });
  }
  if (!Number.isFinite(c.latency.mean) && latencyLabel(c) === c.latency.spec) {
    warnings.push({
      headline: `the latency ${c.latency.spec} has no finite mean`,
      detail: 'a few huge samples dominate: waits and throughput depend on the seed and on how long you run',
    });
  }
  const load = result.offeredLoad;
  // A bounded queue or a wait timeout caps the queue; constant arrivals into a constant latency
  // at load exactly 1 never queue at all.
  const bounded = c.maxQueue !== Infinity || c.timeoutMs !== Infinity;
  const deterministic = c.workload.kind === 'constant' && c.latency.quantile(0) === c.latency.quantile(1);
  if (load !== null && !bounded && (load > 1 || (load === 1 && !deterministic))) {
    warnings.push({
      headline: `overloaded: offered load ${load.toFixed(2)} >= 1, the queue grows without bound`,
      detail: 'waits measure how long you ran, not the system; add permits, lower the rate, or bound the wait',
    });
  }
  return warnings;
}

/** A time-weighted level: three significant digits, with separators from 1,000 on. */
function formatLevel(x: number): string {
  return x >= 1000 ? formatCount(x) : sig3(x);
}

/** Splits a ` · `-separated line into lines of at most `width` columns. */
function wrap(line: string, width: number): string[] {
  const parts = line.split(' · ');
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    const next = current === '' ? part : `${current} · ${part}`;
    if ([...next].length > width && current !== '') {
      out.push(`${current} ·`);
      current = part;
    } else current = next;
  }
  out.push(current);
  return out;
}

/** The latency as reports name it: its spec, or "recorded" when a trace carries latencies. */
export function latencyLabel(config: SimConfig): string {
  return config.workload.kind === 'trace' && config.workload.latenciesMs !== null ? 'recorded in the trace' : config.latency.spec;
}

/** One line naming what was simulated: capacity, workload, latency, limits, seed. */
export function describeRun(config: SimConfig): string {
  const parts = [config.name === undefined ? 'semsim' : `semsim · ${config.name}`, `capacity ${config.capacity}`, describeWorkload(config)];
  parts.push(`latency ${latencyLabel(config)}`);
  if (config.timeoutMs !== Infinity) parts.push(`timeout ${formatDuration(config.timeoutMs)}`);
  if (config.maxQueue !== Infinity) parts.push(`max queue ${config.maxQueue}`);
  if (config.requests !== Infinity && config.workload.kind !== 'trace') parts.push(`${formatCount(config.requests)} requests`);
  if (config.durationMs !== Infinity) parts.push(`for ${formatDuration(config.durationMs)}`);
  parts.push(`seed ${config.seed}`);
  return parts.join(' · ');
}

function describeWorkload(config: SimConfig): string {
  const w = config.workload;
  switch (w.kind) {
    case 'closed':
      return `${formatCount(w.clients)} clients${w.think === null ? '' : ` thinking ${w.think.spec}`}`;
    case 'poisson':
      return `poisson ${formatRate(w.ratePerSec)}`;
    case 'constant':
      return `constant ${formatRate(w.ratePerSec)}`;
    case 'burst':
      return `burst at t=0`;
    case 'trace':
      return `trace ${w.source} (${formatCount(w.arrivalsMs.length)} ${w.arrivalsMs.length === 1 ? 'arrival' : 'arrivals'})`;
    case 'staged':
      return w.shape === 'closed'
        ? `client stages ${formatStages(w.stages, 'clients')}${w.think === null ? '' : ` thinking ${w.think.spec}`}`
        : `${w.shape} stages ${formatStages(w.stages, 'rate')}`;
  }
}

function percentileTable(result: RunResult, paint: Paint): string {
  const header = padEnd('', LABEL_WIDTH) + COLUMNS.map(([title]) => padStart(title, CELL_WIDTH)).join('');
  const rows: [string, DurationSummary, boolean][] = [
    ['wait', result.wait, true],
    ['service', result.service, false],
    ['total', result.total, false],
  ];
  const body = rows.map(([label, summary, emphasize]) => {
    const cells = COLUMNS.map(([, key]) => padStart(formatDuration(summary[key]), CELL_WIDTH)).join('');
    return paint.label(padEnd(label, LABEL_WIDTH)) + (emphasize ? paint.title(cells) : cells);
  });
  return [paint.dim(header), ...body].join('\n');
}

function colorIf(condition: boolean, color: (s: string) => string, text: string): string {
  return condition ? color(text) : text;
}
