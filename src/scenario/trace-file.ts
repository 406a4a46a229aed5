import { InputError } from '../errors.js';
import { readTextFile } from './read-text-file.js';
import type { TraceWorkload } from '../sim/config.js';

/**
 * Reads a traffic trace: CSV with a header row naming `arrival_ms` and optionally `latency_ms`
 * (any order, other columns ignored). Blank lines and lines starting with `#` are skipped. Rows
 * need not be sorted: they are replayed in order of arrival (ties keep file order).
 *
 * Errors are {@link InputError}s located as `file:line:column`.
 */
export function readTraceFile(path: string): TraceWorkload {
  const text = readTextFile(path, 'trace');

  return parseTrace(text, path);
}

/** Parses trace CSV text (see {@link readTraceFile}); `source` names it in errors. */
export function parseTrace(text: string, source: string): TraceWorkload {
  const lines = text.split(/\r?\n/);
  let headerLine = -1;
  let arrivalCol = -1;
  let latencyCol = -1;
  let columns = 0;
  const arrivals: number[] = [];
  const latencies: number[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/^\uFEFF/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells = line.split(',');
    if (headerLine < 0) {
      headerLine = i;
      columns = cells.length;
      const names = cells.map((c) => c.trim().toLowerCase());
      arrivalCol = names.indexOf('arrival_ms');
      latencyCol = names.indexOf('latency_ms');
      if (arrivalCol < 0) {
        throw new InputError(
          `${source}:${i + 1}:1: the header ${JSON.stringify(line.trim())} has no arrival_ms column; expected a CSV header like "arrival_ms,latency_ms"`,
        );
      }
      continue;
    }
    if (cells.length !== columns) {
      throw new InputError(`${source}:${i + 1}:1: expected ${columns} comma-separated values as in the header, found ${cells.length}`);
    }
    arrivals.push(cell(cells, arrivalCol, i, source, 'arrival_ms'));
    if (latencyCol >= 0) latencies.push(cell(cells, latencyCol, i, source, 'latency_ms'));
  }
  if (headerLine < 0) throw new InputError(`${source}: the trace is empty; expected a CSV header "arrival_ms,latency_ms" and one row per request`);
  if (arrivals.length === 0) throw new InputError(`${source}: the trace has a header but no rows`);

  const order = arrivals.map((_, i) => i);
  order.sort((a, b) => (arrivals[a] as number) - (arrivals[b] as number) || a - b);
  return {
    kind: 'trace',
    source,
    arrivalsMs: Float64Array.from(order, (i) => arrivals[i] as number),
    latenciesMs: latencyCol < 0 ? null : Float64Array.from(order, (i) => latencies[i] as number),
  };
}

function cell(cells: readonly string[], col: number, lineIndex: number, source: string, name: string): number {
  const raw = (cells[col] as string).trim();
  const value = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    const column = cells.slice(0, col).reduce((n, c) => n + c.length + 1, 0) + 1;
    throw new InputError(
      `${source}:${lineIndex + 1}:${column}: ${name} ${JSON.stringify(raw)} is not a number of milliseconds >= 0`,
    );
  }
  return value;
}
