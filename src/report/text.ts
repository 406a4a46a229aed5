import { formatStages } from '../dist/stages.js';
import { semaphoreCount, type SimConfig } from '../sim/config.js';
import type { ClassFigures, RunResult } from '../sim/result.js';
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
 * wait, service and total time, then outcomes, throughput, utilization and waiters. The client and
 * upstream model's figures (goodput, calls and 429s, the upstream, the rate limit, per-key and
 * per-class tables) appear only where they apply, so a plain run reads as it always did. Fits 80
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
  const c = result.config;
  const kv = (key: string, value: string): void => {
    lines.push(kvLine(key, value, paint));
  };
  const hasSemaphore = c.capacity !== Infinity;
  const outcome: Part[] = [
    [`${formatCount(r.issued)} issued`],
    [`${formatCount(r.completed)} completed`],
    [`${formatCount(r.timedOut)} timed out`, r.timedOut > 0 ? paint.warn : undefined],
    [`${formatCount(r.rejected)} rejected`, r.rejected > 0 ? paint.bad : undefined],
  ];
  if (canFail(c) || r.failed > 0) outcome.push([`${formatCount(r.failed)} failed`, r.failed > 0 ? paint.bad : undefined]);
  lines.push(...kvPartLines('requests', outcome, paint));
  if (r.inFlight > 0) kv('in flight', `${formatCount(r.inFlight)} ${paint.dim('still waiting or in service when stopped')}`);
  if (r.warmupExcluded > 0) {
    kv('warm-up', paint.dim(`${formatCount(r.warmupExcluded)} requests in the first ${formatDuration(c.warmupMs)} left out`));
  }
  // Without a semaphore nobody waits for a permit: the line would only say 0.
  if (hasSemaphore || r.queued > 0) {
    kv('queued', `${formatCount(r.queued)} ${paint.dim(`(${formatPercent(r.issued === 0 ? 0 : r.queued / r.issued)}) found no free permit`)}`);
  }
  kv('throughput', formatRate(result.throughputPerSec));
  lines.push(...modelLines(result, paint));
  const permits = c.capacity * semaphoreCount(c);
  if (result.offeredLoad !== null) {
    const load = result.offeredLoad;
    const text = `${load.toFixed(2)} ${paint.dim(`(rate × mean latency ÷ ${permits} permits)`)}`;
    kv('offered load', load >= 1 ? paint.bad(text) : load >= 0.9 ? paint.warn(text) : text);
  }
  const finalPermits = result.finalCapacity * semaphoreCount(c);
  if (Number.isNaN(result.utilization)) {
    kv('utilization', `no semaphore ${paint.dim(`(in progress: mean ${formatLevel(result.inUse.mean)}, max ${formatCount(result.inUse.max)})`)}`);
  } else {
    kv(
      'utilization',
      `${formatPercent(result.utilization)} ${paint.dim(`(in use: mean ${formatLevel(result.inUse.mean)}, max ${formatCount(result.inUse.max)} of ${formatCount(finalPermits)})`)}`,
    );
  }
  if (result.finalCapacity !== c.capacity) {
    kv('capacity', paint.warn(`changed during the run: ${formatCapacity(c.capacity)} → ${formatCapacity(result.finalCapacity)} permits`));
  }
  if (hasSemaphore || result.waiting.max > 0) kv('waiters', `mean ${formatLevel(result.waiting.mean)}, max ${formatCount(result.waiting.max)}`);
  kv('elapsed', `${formatDuration(result.elapsedMs)} ${paint.dim(`of virtual time (${formatCount(result.events)} events)`)}`);
  if (c.keys.count > 1) lines.push('', keyTable(result, paint));
  if (result.classes.length > 0) lines.push('', classTable(result, paint));
  const warnings = reportWarnings(result);
  if (warnings.length > 0) lines.push('');
  for (const w of warnings) lines.push(paint.bad(w.headline), ...wrapWords(w.detail, 78).map((line) => paint.dim(`  ${line}`)));
  return `${lines.join('\n')}\n`;
}

/** One `key  value` line of the report. */
function kvLine(key: string, value: string, paint: Paint): string {
  return `${paint.label(padEnd(key, KEY_WIDTH))}${value}`;
}

/** A `key  value` line of ` · `-separated parts, wrapped at 80 columns under its value column. */
function kvPartLines(key: string, parts: readonly Part[], paint: Paint): string[] {
  const wrapped = wrapParts(parts, 80 - KEY_WIDTH);
  return wrapped.map((line, i) => {
    const text = line.map(([t, color]) => (color === undefined ? t : color(t))).join(paint.dim(' · '));
    const more = i < wrapped.length - 1 ? paint.dim(' ·') : '';
    return `${i === 0 ? paint.label(padEnd(key, KEY_WIDTH)) : ' '.repeat(KEY_WIDTH)}${text}${more}`;
  });
}

/**
 * The lines of the client and upstream model, each only where it applies: goodput and late
 * completions (a deadline), calls (retries, 429s, 5xx), the upstream (a limit or a load-dependent
 * latency), the rate limit. None for a plain run.
 */
function modelLines(result: RunResult, paint: Paint): string[] {
  const c = result.config;
  const r = result.requests;
  const lines: string[] = [];
  if (c.deadlineMs !== Infinity) {
    const detail = `(${formatCount(r.onTime)} of ${formatCount(r.completed)} completed on time)`;
    lines.push(kvLine('goodput', `${formatRate(result.goodputPerSec)} ${paint.dim(detail)}`, paint));
    const wasted = result.wastedPermitFraction;
    lines.push(
      ...kvPartLines(
        'late',
        [
          [`${formatCount(r.late)} completed after the deadline`, r.late > 0 ? paint.warn : undefined],
          // Without a semaphore there are no permits: the same share, of time in progress.
          [`wasted ${c.capacity === Infinity ? 'in-progress' : 'permit'} time ${formatPercent(wasted)}`, wasted > 0 ? paint.warn : undefined],
        ],
        paint,
      ),
    );
  }
  const calls = callParts(result, paint);
  if (calls.length > 0) lines.push(...kvPartLines('calls', calls, paint));
  if (c.upstream.limit !== Infinity || c.upstream.slowdownPerCall > 0) {
    const u = result.upstream;
    const limit =
      u.limit === Infinity
        ? 'no limit'
        : c.keys.count > 1
          ? `limit ${formatCount(u.limit)} per key (${formatCount(u.limit * c.keys.count)} in all)`
          : `limit ${formatCount(u.limit)}`;
    const inFlight = `calls in flight: mean ${formatLevel(u.inFlight.mean)}, max ${formatCount(u.inFlight.max)}`;
    lines.push(...kvPartLines('upstream', [[limit], [inFlight]], paint));
  }
  if (c.rateLimit !== null) {
    const delayed = result.calls.rateLimited;
    const share = result.calls.total === 0 ? 0 : delayed / result.calls.total;
    const parts: Part[] = [
      [`${formatRate(c.rateLimit.ratePerSec, 'calls/s')}, bucket of ${formatCount(c.rateLimit.bucketSize)}`],
      [`${formatCount(delayed)} ${delayed === 1 ? 'call' : 'calls'} (${formatPercent(share)}) delayed for a token`, delayed > 0 ? paint.warn : undefined],
    ];
    lines.push(...kvPartLines('rate limit', parts, paint));
  }
  return lines;
}

/** A piece of a ` · `-separated line, with the colour it takes (none: plain). */
type Part = readonly [text: string, color?: (s: string) => string];

/** Greedily fills lines of at most `width` columns with parts joined by ` · ` (a kept ` ·` ending a full line). */
function wrapParts(parts: readonly Part[], width: number): Part[][] {
  const out: Part[][] = [[]];
  let used = 0;
  parts.forEach((part, i) => {
    const len = [...part[0]].length;
    const line = out[out.length - 1] as Part[];
    // Room for the part, and for the ` ·` that ends the line if another part follows on the next.
    const trail = i < parts.length - 1 ? 2 : 0;
    if (line.length > 0 && used + 3 + len + trail > width) {
      out.push([part]);
      used = len;
    } else {
      used += (line.length > 0 ? 3 : 0) + len;
      line.push(part);
    }
  });
  return out;
}

/** True when the upstream can fail a call: a limit to answer 429, or a 5xx rate. */
function canFail(config: SimConfig): boolean {
  return config.upstream.limit !== Infinity || config.upstream.errorRate > 0;
}

/**
 * The parts of the `calls` line, or none when calls equal requests by construction (no retries,
 * no 429s or 5xx possible and none seen).
 */
function callParts(result: RunResult, paint: Paint): Part[] {
  const c = result.config;
  const k = result.calls;
  const retries = c.retry.attempts > 1 || k.retried > 0;
  const throttles = c.upstream.limit !== Infinity || k.throttled > 0;
  const errors = c.upstream.errorRate > 0 || k.errors > 0;
  if (!retries && !throttles && !errors) return [];
  const parts: Part[] = [[`${formatCount(k.total)} by ${formatCount(k.callers)} ${k.callers === 1 ? 'request' : 'requests'} (${sig3(k.perRequest)} each)`]];
  if (throttles) parts.push([`${formatCount(k.throttled)} × 429`, k.throttled > 0 ? paint.warn : undefined]);
  if (errors) parts.push([`${formatCount(k.errors)} × 5xx`, k.errors > 0 ? paint.warn : undefined]);
  if (retries) {
    parts.push([`${formatCount(k.retried)} ${k.retried === 1 ? 'request' : 'requests'} retried`]);
    parts.push([`${formatDuration(k.backoffMs)} in backoff`]);
  }
  return parts;
}

/** Permits as the title and notes name them: a count, or "unlimited" for no semaphore. */
function formatCapacity(capacity: number): string {
  return capacity === Infinity ? 'unlimited' : String(capacity);
}

/** Rows of the per-key table at most, so a hundred keys do not bury the report. */
const MAX_KEY_ROWS = 12;

/** One row per API key: calls, 429s, 5xx and the most calls in flight at once. */
function keyTable(result: RunResult, paint: Paint): string {
  const widths = [LABEL_WIDTH, CELL_WIDTH, CELL_WIDTH, CELL_WIDTH, 15];
  const row = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? padEnd(cell, widths[0] as number) : padStart(cell, widths[i] as number))).join('');
  const header = paint.dim(row(['', 'calls', '429s', '5xx', 'max in flight']));
  const shown = result.keys.length > MAX_KEY_ROWS ? result.keys.slice(0, MAX_KEY_ROWS - 1) : result.keys;
  const body = shown.map((k, i) => {
    const cells = row(['', formatCount(k.calls), formatCount(k.throttled), formatCount(k.errors), formatCount(k.inFlightMax)]).slice(LABEL_WIDTH);
    return paint.label(padEnd(`key ${i + 1}`, LABEL_WIDTH)) + cells;
  });
  const hidden = result.keys.length - shown.length;
  if (hidden > 0) body.push(paint.dim(`… ${formatCount(hidden)} more keys (every key is in --json)`));
  return [header, ...body].join('\n');
}

/**
 * One row per priority class: priority, share, outcomes (on time and late with a deadline; timed
 * out, rejected, failed where they can happen) and wait p50/p99. Columns fit their contents, so
 * the table stays within 80 columns unless class names are long.
 */
function classTable(result: RunResult, paint: Paint): string {
  const c = result.config;
  const cls = result.classes;
  const any = (f: (x: ClassFigures) => number): boolean => cls.some((x) => f(x) > 0);
  const columns: [string, (x: ClassFigures) => string][] = [
    ['priority', (x) => String(x.priority)],
    ['share', (x) => formatPercent(x.share)],
  ];
  // Weights only when some class has one (a class without one counts 1 beside weighted ones).
  const weights = c.classes.map((k) => k.weight);
  if (weights.some((w) => w !== undefined)) columns.push(['weight', (x) => String(Number((weights[cls.indexOf(x)] ?? 1).toPrecision(3)))]);
  if (c.deadlineMs !== Infinity) columns.push(['on time', (x) => formatCount(x.onTime)], ['late', (x) => formatCount(x.late)]);
  else columns.push(['completed', (x) => formatCount(x.completed)]);
  if (c.timeoutMs !== Infinity || c.deadlineMs !== Infinity || any((x) => x.timedOut)) columns.push(['timed out', (x) => formatCount(x.timedOut)]);
  if (c.maxQueue !== Infinity || any((x) => x.rejected)) columns.push(['rejected', (x) => formatCount(x.rejected)]);
  if (canFail(c) || any((x) => x.failed)) columns.push(['failed', (x) => formatCount(x.failed)]);
  columns.push(['wait p50', (x) => formatDuration(x.wait.p50)], ['wait p99', (x) => formatDuration(x.wait.p99)]);
  const fit = (): { name: number; cells: number[] } => ({
    name: Math.max(LABEL_WIDTH, ...cls.map((x) => [...x.name].length + 2)),
    cells: columns.map(([title, cell]) => Math.max([...title].length, ...cls.map((x) => [...cell(x)].length)) + 2),
  });
  // Two spaces between columns always (headers have spaces of their own); when that is too wide
  // for 80 columns, priority and share go first: the title and the scenario file have them.
  let fitted = fit();
  if (fitted.name + fitted.cells.reduce((a, b) => a + b, 0) > 80) {
    columns.splice(0, 2);
    fitted = fit();
  }
  const { name: nameWidth, cells: widths } = fitted;
  const header = paint.dim(padEnd('class', nameWidth) + columns.map(([title], i) => padStart(title, widths[i] as number)).join(''));
  const body = cls.map((x) => paint.label(padEnd(x.name, nameWidth)) + columns.map(([, cell], i) => padStart(cell(x), widths[i] as number)).join(''));
  return [header, ...body].join('\n');
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
  // A bounded queue, a wait timeout or a deadline caps the queue; constant arrivals into a constant latency
  // at load exactly 1 never queue at all.
  const bounded = c.maxQueue !== Infinity || c.timeoutMs !== Infinity || c.deadlineMs !== Infinity;
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
  parts.forEach((part, i) => {
    const next = current === '' ? part : `${current} · ${part}`;
    // A line that is not the last ends in ` ·`: two more columns.
    const trail = i < parts.length - 1 ? 2 : 0;
    if ([...next].length + trail > width && current !== '') {
      out.push(`${current} ·`);
      current = part;
    } else current = next;
  });
  out.push(current);
  return out;
}

/** The latency as reports name it: its spec, or "recorded" when a trace carries latencies. */
export function latencyLabel(config: SimConfig): string {
  return config.workload.kind === 'trace' && config.workload.latenciesMs !== null ? 'recorded in the trace' : config.latency.spec;
}

/**
 * One line naming what was simulated: capacity, workload, latency, limits, then the client and
 * upstream model where it differs from the plain one (deadline, retries, upstream limit, keys, …),
 * seed.
 */
export function describeRun(config: SimConfig): string {
  const perKey = config.keys.semaphore === 'per-key' && config.capacity !== Infinity ? ' per key' : '';
  const parts = [config.name === undefined ? 'semsim' : `semsim · ${config.name}`, `capacity ${formatCapacity(config.capacity)}${perKey}`, describeWorkload(config)];
  parts.push(`latency ${latencyLabel(config)}`);
  if (config.timeoutMs !== Infinity) parts.push(`timeout ${formatDuration(config.timeoutMs)}`);
  if (config.maxQueue !== Infinity) parts.push(`max queue ${config.maxQueue}`);
  parts.push(...describeModel(config));
  if (config.requests !== Infinity && config.workload.kind !== 'trace') parts.push(`${formatCount(config.requests)} ${config.requests === 1 ? 'request' : 'requests'}`);
  if (config.durationMs !== Infinity) parts.push(`for ${formatDuration(config.durationMs)}`);
  parts.push(`seed ${config.seed}`);
  return parts.join(' · ');
}

/** The title's parts for the client and upstream model: none for the plain model. */
function describeModel(config: SimConfig): string[] {
  const parts: string[] = [];
  if (config.order !== 'fifo') parts.push(config.order);
  if (config.classes.length > 0) parts.push(`${config.classes.length} ${config.classes.length === 1 ? 'class' : 'classes'}`);
  if (config.deadlineMs !== Infinity) parts.push(`deadline ${formatDuration(config.deadlineMs)}`);
  const r = config.retry;
  if (r.attempts > 1) parts.push(`up to ${r.attempts} attempts, backoff ${formatDuration(r.baseMs)}..${formatDuration(r.capMs)}${r.jitter === 'none' ? '' : ` ${r.jitter} jitter`}`);
  const u = config.upstream;
  if (u.limit !== Infinity) parts.push(`upstream limit ${u.limit}${config.keys.count > 1 ? ' per key' : ''}`);
  if (u.errorRate > 0) parts.push(`5xx ${formatPercent(u.errorRate)}`);
  if (u.slowdownPerCall > 0) parts.push(`${formatPercent(u.slowdownPerCall)} slower per call in flight`);
  if (config.keys.count > 1) parts.push(`${config.keys.count} keys ${config.keys.choice}`);
  if (config.rateLimit !== null) parts.push(`rate limit ${formatRate(config.rateLimit.ratePerSec, 'calls/s')} burst ${config.rateLimit.bucketSize}`);
  return parts;
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
  const r = result.requests;
  // The figures describe completed requests only: say so when some ended otherwise, and show no
  // figure at all when none completed (a 0 ms there would read as a fast run).
  const scope = r.completed < r.issued - r.inFlight ? 'completed' : '';
  const none = r.completed === 0;
  const header = padEnd(scope, LABEL_WIDTH) + COLUMNS.map(([title]) => padStart(title, CELL_WIDTH)).join('');
  const rows: [string, DurationSummary, boolean][] = [
    ['wait', result.wait, true],
    ['service', result.service, false],
    ['total', result.total, false],
  ];
  const body = rows.map(([label, summary, emphasize]) => {
    const cells = COLUMNS.map(([, key]) => padStart(none ? '-' : formatDuration(summary[key]), CELL_WIDTH)).join('');
    return paint.label(padEnd(label, LABEL_WIDTH)) + (emphasize ? paint.title(cells) : cells);
  });
  return [paint.dim(header), ...body].join('\n');
}
