import { formatStages } from '../dist/stages.js';
import type { SimConfig } from '../sim/config.js';
import type { RunResult } from '../sim/result.js';
import type { DurationSummary } from '../sim/stats.js';
import { formatCount, formatDuration, formatPercent, formatRate, padEnd, padStart, sig3 } from './format.js';
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
  lines.push(paint.title(describeRun(result.config)));
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
    `${formatPercent(result.utilization)} ${paint.dim(`(in use: mean ${sig3(result.inUse.mean)}, max ${result.inUse.max} of ${result.finalCapacity})`)}`,
  );
  if (result.finalCapacity !== result.config.capacity) {
    kv('capacity', paint.warn(`changed during the run: ${result.config.capacity} → ${result.finalCapacity} permits`));
  }
  kv('waiters', `mean ${sig3(result.waiting.mean)}, max ${formatCount(result.waiting.max)}`);
  kv('elapsed', `${formatDuration(result.elapsedMs)} ${paint.dim(`of virtual time (${formatCount(result.events)} events)`)}`);
  if (result.offeredLoad !== null && result.offeredLoad >= 1) {
    lines.push('');
    lines.push(
      paint.bad(`overloaded: the queue grows without bound (offered load ${result.offeredLoad.toFixed(2)} >= 1);`) +
        paint.dim(' waits depend on how long you run, not on the system'),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line naming what was simulated: capacity, workload, latency, limits, seed. */
export function describeRun(config: SimConfig): string {
  const parts = [config.name === undefined ? 'semsim' : `semsim · ${config.name}`, `capacity ${config.capacity}`, describeWorkload(config)];
  parts.push(`latency ${config.latency.spec}`);
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
      return `trace ${w.source} (${formatCount(w.arrivalsMs.length)} arrivals)`;
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
