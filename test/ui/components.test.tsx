import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Bucket } from '../../src/ui/Bucket.js';
import { KeyLegend } from '../../src/ui/KeyLegend.js';
import { planLayout } from '../../src/ui/layout.js';
import { LiveView } from '../../src/ui/LiveView.js';
import { Sparklines } from '../../src/ui/Sparklines.js';
import { StatusBar } from '../../src/ui/StatusBar.js';
import { colorTheme, plainTheme } from '../../src/ui/theme.js';
import { formatTokens, Upstream, upstreamLineCount } from '../../src/ui/Upstream.js';
import { WaitHistogram } from '../../src/ui/WaitHistogram.js';
import { WaitQueue } from '../../src/ui/WaitQueue.js';
import { WaitStats } from '../../src/ui/WaitStats.js';
import { count, lines, makeFrame, makeSnapshot, modelInPlay } from './fixtures.js';

const ESC = '\u001B[';
const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

describe('Bucket', () => {
  it('when 37 of 40 permits are held, then it says "37/40 in use" and draws 37 filled and 3 free cells in 2 rows of 20', () => {
    const layout = planLayout(80, 24, 40);
    const { lastFrame } = render(<Bucket snapshot={makeSnapshot()} configCapacity={40} layout={layout.bucket} width={layout.width} theme={plainTheme} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('37/40 in use');
    expect(frame).toContain('utilization so far 92.5 %');
    const grid = lines(frame).slice(1);
    expect(grid).toHaveLength(2);
    expect(count(grid.join('\n'), '██')).toBe(37);
    expect(count(grid.join('\n'), '░░')).toBe(3);
    expect(count(grid[0] ?? '', '██')).toBe(20);
  });

  it('when the capacity is 100 000, then the permits are one proportional bar, not 100 000 cells', () => {
    const layout = planLayout(80, 24, 100_000);
    const snapshot = makeSnapshot({ capacity: 100_000, inUse: 25_000 });
    const { lastFrame } = render(<Bucket snapshot={snapshot} configCapacity={100_000} layout={layout.bucket} width={layout.width} theme={plainTheme} />);
    const [label, bar, more] = lines(lastFrame());
    expect(label).toContain('25,000/100,000 in use');
    expect(bar).toHaveLength(layout.width);
    expect(count(bar ?? '', '█')).toBe(Math.round(layout.width / 4));
    expect(more).toBeUndefined();
  });

  it('when the capacity was changed and is now below the permits held, then both are pointed out', () => {
    const layout = planLayout(80, 24, 30);
    const snapshot = makeSnapshot({ capacity: 30, inUse: 40 });
    const { lastFrame } = render(<Bucket snapshot={snapshot} configCapacity={40} layout={layout.bucket} width={layout.width} theme={plainTheme} />);
    expect(lastFrame()).toContain('40/30 in use (was 40), over capacity until holders finish');
    expect(count(lastFrame() ?? '', '░')).toBe(0);
  });
});

describe('Bucket: no semaphore and per-key semaphores', () => {
  it('when there is no semaphore, then one line says so and counts the calls in flight: no grid, no bar', () => {
    const layout = planLayout(80, 24, Infinity);
    const snapshot = makeSnapshot({ capacity: Infinity, utilization: NaN, inUse: 200, callsInFlight: 200, waiting: 0 });
    const { lastFrame } = render(<Bucket snapshot={snapshot} configCapacity={Infinity} layout={layout.bucket} width={layout.width} theme={plainTheme} />);
    expect(lines(lastFrame())).toEqual(['NO SEMAPHORE · 200 calls in flight']);
  });

  it('when 4 keys have a semaphore of 10 each, then the grid draws all 40 permits and the heading says how they split', () => {
    const layout = planLayout(80, 24, 40);
    const snapshot = makeSnapshot({ capacity: 10, semaphores: 4 });
    const { lastFrame } = render(<Bucket snapshot={snapshot} configCapacity={10} layout={layout.bucket} width={layout.width} theme={plainTheme} />);
    const [label, ...grid] = lines(lastFrame());
    expect(label).toBe('PERMITS  37/40 in use, 4 semaphores of 10, utilization so far 92.5 %');
    expect(count(grid.join('\n'), '██')).toBe(37);
    expect(count(grid.join('\n'), '░░')).toBe(3);
  });

  it('when 4 semaphores of 1 000 do not fit as cells and were changed, then they are one bar of all 4 000 permits', () => {
    const layout = planLayout(80, 24, 4000);
    const snapshot = makeSnapshot({ capacity: 1000, semaphores: 4, inUse: 1000 });
    const { lastFrame } = render(<Bucket snapshot={snapshot} configCapacity={900} layout={layout.bucket} width={layout.width} theme={plainTheme} />);
    const [label, bar] = lines(lastFrame());
    expect(label).toContain('1,000/4,000 in use, 4 semaphores of 1,000 (was 900)');
    expect(count(bar ?? '', '█')).toBe(Math.round(layout.width / 4));
  });
});

describe('Upstream', () => {
  it('when everything is in play, then three lines: upstream, rate limit, deadline', () => {
    const { lastFrame } = render(<Upstream snapshot={makeSnapshot(modelInPlay)} theme={plainTheme} />);
    expect(lines(lastFrame())).toEqual([
      'UPSTREAM  38/40 calls in flight · 429s 1,204 · 5xx 12 · in backoff 17',
      'RATE LIMIT  tokens 3.2/10 · 4 calls waiting for a token',
      'DEADLINE  2.00 s · on time 812 · late 96 · goodput 180 req/s',
    ]);
  });

  it.each([
    ['an upstream limit', { upstreamLimit: 4, upstreamInFlight: 4, throttled: 1204 }, ['UPSTREAM  4/4 calls in flight · 429s 1,204']],
    ['an error rate', { errorRate: 0.05, upstreamInFlight: 37, errors: 3 }, ['UPSTREAM  37 calls in flight · 5xx 3']],
    ['retries', { attempts: 3, upstreamInFlight: 30, inBackoff: 7 }, ['UPSTREAM  30 calls in flight · in backoff 7']],
    ['a rate limit', { tokens: 0, bucketSize: 5, tokenWaiting: 1 }, ['RATE LIMIT  tokens 0.0/5 · 1 call waiting for a token']],
    ['a deadline', { deadlineMs: 500, late: 12, goodputPerSec: 120 }, ['DEADLINE  500 ms · on time 400 · late 12 · goodput 120 req/s']],
  ] as const)('when only %s is in play, then only its line, with only the figures that apply', (_name, overrides, expected) => {
    const snapshot = makeSnapshot(overrides);
    expect(upstreamLineCount(snapshot)).toBe(1);
    expect(lines(render(<Upstream snapshot={snapshot} theme={plainTheme} />).lastFrame())).toEqual(expected);
  });

  it('when nothing of the model is in play, then it draws nothing and takes no line', () => {
    expect(upstreamLineCount(makeSnapshot())).toBe(0);
    expect(render(<Upstream snapshot={makeSnapshot()} theme={plainTheme} />).lastFrame()).toBe('');
  });

  it.each([
    [3.24, '3.2'],
    [0, '0.0'],
    [1024, '1,024.0'],
    [NaN, '-'],
  ])('when the bucket holds %s tokens, then it reads %s', (tokens, text) => {
    expect(formatTokens(tokens)).toBe(text);
  });
});

describe('WaitQueue', () => {
  const shape = planLayout(80, 24, 40).waiterShape;

  it('when 160 wait and 22 cells fit, then it shows the count, the oldest age, 22 cells and "+138 more"', () => {
    const { lastFrame } = render(<WaitQueue snapshot={makeSnapshot()} timeoutMs={Infinity} maxQueue={Infinity} maxCells={22} shape={shape} theme={plainTheme} />);
    const [label, row] = lines(lastFrame());
    expect(label).toBe('WAITING  160, oldest has waited 780 ms');
    expect(count(row ?? '', '▒▒')).toBe(22);
    expect(row).toMatch(/ \+138 more$/);
  });

  it('when a timeout is set, then timed-out counts show and waiters near it are drawn as expiring', () => {
    const snapshot = makeSnapshot({ waiting: 3, waiterAgesMs: [900, 500, 10], timedOut: 7 });
    const { lastFrame } = render(<WaitQueue snapshot={snapshot} timeoutMs={1000} maxQueue={Infinity} maxCells={22} shape={shape} theme={plainTheme} />);
    const [label, row] = lines(lastFrame());
    expect(label).toContain('7 timed out');
    expect(label).not.toContain('rejected');
    expect(row).toBe('▓▓ ▒▒ ▒▒');
  });

  it('when a queue limit is set, then rejections are counted', () => {
    const snapshot = makeSnapshot({ rejected: 12 });
    const { lastFrame } = render(<WaitQueue snapshot={snapshot} timeoutMs={Infinity} maxQueue={50} maxCells={10} shape={shape} theme={plainTheme} />);
    expect(lastFrame()).toContain('12 rejected');
  });

  it('when calls can fail (an upstream limit or errors), then failed requests are counted with the other outcomes', () => {
    const snapshot = makeSnapshot({ upstreamLimit: 4, failed: 30 });
    const { lastFrame } = render(<WaitQueue snapshot={snapshot} timeoutMs={Infinity} maxQueue={Infinity} maxCells={10} shape={shape} theme={plainTheme} />);
    expect(lines(lastFrame())[0]).toBe('WAITING  160, oldest has waited 780 ms, 30 failed');
    const plain = render(<WaitQueue snapshot={makeSnapshot()} timeoutMs={Infinity} maxQueue={Infinity} maxCells={10} shape={shape} theme={plainTheme} />);
    expect(plain.lastFrame()).not.toContain('failed');
  });

  it('when nobody waits, then it says so instead of drawing cells', () => {
    const snapshot = makeSnapshot({ waiting: 0, waiterAgesMs: [], oldestWaitMs: 0 });
    const { lastFrame } = render(<WaitQueue snapshot={snapshot} timeoutMs={Infinity} maxQueue={Infinity} maxCells={10} shape={shape} theme={plainTheme} />);
    expect(lines(lastFrame())).toEqual(['WAITING  0', 'no request is waiting for a permit']);
  });
});

describe('WaitStats and WaitHistogram', () => {
  it('when wide, then p50/p90/p99/max, throughput and the count served are on their own lines', () => {
    const { lastFrame } = render(<WaitStats snapshot={makeSnapshot()} variant="wide" theme={plainTheme} />);
    expect(lines(lastFrame())).toEqual([
      'WAIT FOR A PERMIT',
      '  p50     800 ms',
      '  p90     800 ms',
      '  p99     812 ms',
      '  max     845 ms',
      'throughput 200 req/s',
      '412 served so far',
    ]);
  });

  it('when compact, then it all fits on two lines', () => {
    const { lastFrame } = render(<WaitStats snapshot={makeSnapshot()} variant="compact" theme={plainTheme} />);
    expect(lines(lastFrame())).toEqual(['WAIT  p50 800 ms  p90 800 ms  p99 812 ms  max 845 ms', 'throughput 200 req/s, 412 served']);
  });

  it('when bins are drawn, then the tallest bar is the busiest bin and labels read "no wait", "< x", "≤ max"', () => {
    const s = makeSnapshot();
    const { lastFrame } = render(<WaitHistogram bins={s.waitBins} maxMs={s.wait.max} width={40} lines={5} theme={plainTheme} />);
    const rows = lines(lastFrame());
    expect(rows[0]).toContain('WAITS');
    expect(rows[1]).toMatch(/^no wait\s+█+\s+40$/);
    expect(rows[2]).toMatch(/^< 10\.0 ms\s+0$/);
    expect(rows[4]).toMatch(/^≤ 845 ms\s+█{21}\s+360$/);
  });
});

describe('StatusBar', () => {
  it('when running, then it shows the state, the virtual clock, the speed and progress done/total', () => {
    const { lastFrame } = render(<StatusBar frame={makeFrame()} width={78} theme={plainTheme} />);
    const [title, status] = lines(lastFrame());
    expect(title).toBe('semsim · capacity 40 · 200 clients · latency 200ms · 1,000 requests · seed 1');
    expect(status).toMatch(/^▶ RUNNING {3}t 1\.23 s {3}speed 1× {3}█+░+ 412\/1,000 done, 612 issued$/);
  });

  it('when paused at 0.5× and the run is bounded by duration, then progress is virtual time of the duration', () => {
    const frame = makeFrame({ state: 'paused', speed: 0.5 }, { requests: Infinity, durationMs: 60_000, nowMs: 15_000 });
    const { lastFrame } = render(<StatusBar frame={frame} width={78} theme={plainTheme} />);
    expect(lastFrame()).toContain('‖ PAUSED   t 15.0 s   speed 0.5×');
    expect(lastFrame()).toContain('15.0 s of 1.00 min');
  });

  it('when requests failed, then they count as done: progress reaches the total', () => {
    const frame = makeFrame({}, { issued: 1000, completed: 900, failed: 100 });
    const { lastFrame } = render(<StatusBar frame={frame} width={78} theme={plainTheme} />);
    expect(lines(lastFrame())[1]).toMatch(/ 1,000\/1,000 done$/);
  });

  it('when playback cannot keep up, then the speed says CPU-bound', () => {
    const { lastFrame } = render(<StatusBar frame={makeFrame({ lagging: true, speed: 64 })} width={78} theme={plainTheme} />);
    expect(lastFrame()).toContain('speed 64× (CPU-bound)');
  });
});

describe('KeyLegend', () => {
  it('when running with room, then every key is listed on one line', () => {
    const { lastFrame } = render(<KeyLegend state="running" keys="on" width={78} theme={plainTheme} />);
    expect(lastFrame()).toBe('space pause  s step  +/- speed  ↑/↓ permits  PgUp/PgDn ±10  r restart  q quit');
  });

  it('when paused, then space resumes; when narrow, the least useful keys go first', () => {
    expect(render(<KeyLegend state="paused" keys="on" width={78} theme={plainTheme} />).lastFrame()).toContain('space resume');
    const narrow = render(<KeyLegend state="running" keys="on" width={40} theme={plainTheme} />).lastFrame() ?? '';
    expect(narrow).toBe('space pause  +/- speed  q quit');
  });

  it('when finished and holding, then only restart and quit are offered; when keys are off, it says why', () => {
    expect(render(<KeyLegend state="finished" keys="on" width={78} theme={plainTheme} />).lastFrame()).toBe('r restart  q quit');
    expect(render(<KeyLegend state="running" keys="off" width={78} theme={plainTheme} />).lastFrame()).toBe('keys are off: stdin is not a terminal');
  });

  it('when there is no semaphore, then the permit keys are left out (they have nothing to change)', () => {
    const { lastFrame } = render(<KeyLegend state="running" keys="on" capacityKeys={false} width={78} theme={plainTheme} />);
    expect(lastFrame()).toBe('space pause  s step  +/- speed  r restart  q quit');
  });

  it('when closing, then it says the report follows', () => {
    expect(render(<KeyLegend state="paused" keys="on" closing="interrupted" width={78} theme={plainTheme} />).lastFrame()).toBe(
      'stopped early: the report so far follows',
    );
  });
});

describe('Sparklines', () => {
  it('when history is drawn, then in-use is scaled to the capacity and waiting to its peak, both right-aligned', () => {
    const { lastFrame } = render(
      <Sparklines inUse={[10, 20, 40]} waiting={[0, 80, 160]} capacity={40} inUseNow={40} waitingNow={160} width={5} theme={plainTheme} />,
    );
    expect(lines(lastFrame())).toEqual(['in use     ▃▅█ 40 of 40', 'waiting    ▁▅█ 160 peak 160']);
  });

  it('when there is no semaphore, then in-use is scaled to its peak, which is printed instead of "of ∞"', () => {
    const { lastFrame } = render(
      <Sparklines inUse={[50, 100, 200]} waiting={[0, 0, 0]} capacity={Infinity} inUseNow={200} waitingNow={0} width={5} theme={plainTheme} />,
    );
    expect(lines(lastFrame())).toEqual(['in use     ▃▅█ 200 peak 200', 'waiting    ▁▁▁ 0 peak 0']);
  });
});

describe('LiveView', () => {
  it('when drawn at 80x24, then it fits in 23 lines of 80 columns and has every panel', () => {
    const layout = planLayout(80, 24, 40);
    const { lastFrame } = render(<LiveView frame={makeFrame()} layout={layout} theme={plainTheme} keys="on" />);
    const rows = lines(lastFrame());
    expect(rows.length).toBeLessThanOrEqual(23);
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(80);
    const text = rows.join('\n');
    for (const part of ['37/40 in use', 'WAITING  160', 'WAIT FOR A PERMIT', 'WAITS', 'in use ', 'waiting ', 'q quit']) expect(text).toContain(part);
  });

  it('when drawn in a small terminal, then the sparklines and histogram are left out and the rest still fits', () => {
    const layout = planLayout(60, 14, 40);
    const { lastFrame } = render(<LiveView frame={makeFrame()} layout={layout} theme={plainTheme} keys="on" />);
    const rows = lines(lastFrame());
    expect(rows.length).toBeLessThanOrEqual(13);
    expect(rows.join('\n')).not.toContain('WAITS');
    expect(rows.join('\n')).toContain('37/40 in use');
  });

  // The plain view as it was before the upstream model existed, drawn by that code: a run without
  // any of the new options must look exactly the same, line for line.
  it.each([
    [80, 24, [
      ' semsim · capacity 40 · 200 clients · latency 200ms · 1,000 requests · seed 1',
      ' ▶ RUNNING   t 1.23 s   speed 1×   ██████░░░░░░░░░ 412/1,000 done, 612 issued',
      '',
      ' PERMITS  37/40 in use, utilization so far 92.5 %',
      ' ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██',
      ' ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ░░ ░░ ░░',
      '',
      ' WAITING  160, oldest has waited 780 ms',
      ' ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ +139 more',
      '',
      ' WAIT FOR A PERMIT                WAITS · requests served per wait time',
      '   p50     800 ms                 no wait    ███                            40',
      '   p90     800 ms                 < 10.0 ms                                  0',
      '   p99     812 ms                 < 100 ms   █                              12',
      '   max     845 ms                 ≤ 845 ms   ██████████████████████████    360',
      ' throughput 200 req/s',
      ' 412 served so far',
      '',
      ' in use                                           ▃▅▆██▇ 37 of 40',
      ' waiting                                          ▁▃▆███ 160 peak 160',
      '',
      ' space pause  s step  +/- speed  ↑/↓ permits  PgUp/PgDn ±10  r restart  q quit',
    ]],
    [60, 14, [
      ' semsim · capacity 40 · 200 clients · latency 200ms · 1,00…',
      ' ▶ RUNNING   t 1.23 s   speed 1×   412/1,000 done, 612 iss…',
      ' PERMITS  37/40 in use, utilization so far 92.5 %',
      ' ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██',
      ' ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██ ██',
      ' ██ ██ ██ ██ ██ ██ ██ ██ ██ ░░ ░░ ░░',
      ' WAITING  160, oldest has waited 780 ms',
      ' ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ ▒▒ +146 more',
      ' WAIT  p50 800 ms  p90 800 ms  p99 812 ms  max 845 ms',
      ' throughput 200 req/s, 412 served',
      ' space pause  s step  +/- speed  ↑/↓ permits  q quit',
    ]],
  ])('when a plain snapshot is drawn at %sx%s, then the view is exactly what it was before the upstream model', (columns, rows, expected) => {
    const layout = planLayout(columns, rows, 40);
    expect(lines(render(<LiveView frame={makeFrame()} layout={layout} theme={plainTheme} keys="on" />).lastFrame())).toEqual(expected);
  });

  it('when everything is in play at 80x24, then the upstream lines show and the view still fits, the sparklines dropped first', () => {
    const layout = planLayout(80, 24, 40, upstreamLineCount(makeSnapshot(modelInPlay)));
    const rows = lines(render(<LiveView frame={makeFrame({}, modelInPlay)} layout={layout} theme={plainTheme} keys="on" />).lastFrame());
    expect(rows.length).toBeLessThanOrEqual(23);
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(80);
    expect(rows.slice(7, 10)).toEqual([
      ' UPSTREAM  38/40 calls in flight · 429s 1,204 · 5xx 12 · in backoff 17',
      ' RATE LIMIT  tokens 3.2/10 · 4 calls waiting for a token',
      ' DEADLINE  2.00 s · on time 812 · late 96 · goodput 180 req/s',
    ]);
    const text = rows.join('\n');
    for (const part of ['37/40 in use', 'WAITING  160', '30 failed', 'WAIT FOR A PERMIT', 'WAITS', 'q quit']) expect(text).toContain(part);
    expect(text).not.toMatch(/^ in use /m);
  });

  it('when there is no semaphore, then no permit grid but "NO SEMAPHORE · N calls in flight", and no permit keys', () => {
    const snapshot = { ...modelInPlay, capacity: Infinity, utilization: NaN, callsInFlight: 200, inUse: 200, upstreamInFlight: 4, upstreamLimit: 4 };
    const frame = makeFrame({ configCapacity: Infinity }, snapshot);
    const layout = planLayout(80, 24, Infinity, upstreamLineCount(makeSnapshot(snapshot)));
    const rows = lines(render(<LiveView frame={frame} layout={layout} theme={plainTheme} keys="on" />).lastFrame());
    expect(rows.length).toBeLessThanOrEqual(23);
    expect(rows.slice(3, 8)).toEqual([
      ' NO SEMAPHORE · 200 calls in flight',
      '',
      ' UPSTREAM  4/4 calls in flight · 429s 1,204 · 5xx 12 · in backoff 17',
      ' RATE LIMIT  tokens 3.2/10 · 4 calls waiting for a token',
      ' DEADLINE  2.00 s · on time 812 · late 96 · goodput 180 req/s',
    ]);
    const text = rows.join('\n');
    expect(text).not.toContain('PERMITS');
    expect(rows.filter((row) => /^ [█░]/.test(row))).toEqual([]);
    expect(text).not.toContain('∞');
    expect(text).not.toContain('NaN');
    expect(rows.at(-1)).toBe(' space pause  s step  +/- speed  r restart  q quit');
  });

  it('when everything is in play in colour, then the new lines use the theme; with the plain theme, not one escape code', () => {
    chalk.level = 3;
    const layout = planLayout(80, 24, 40, 3);
    const frame = makeFrame({}, modelInPlay);
    expect(render(<LiveView frame={frame} layout={layout} theme={plainTheme} keys="on" />).lastFrame()).not.toContain(ESC);
    const colored = render(<Upstream snapshot={frame.snapshot} theme={colorTheme} />).lastFrame() ?? '';
    expect(colored).toMatch(/\u001B\[34mUPSTREAM/);
    expect(colored).toMatch(/\u001B\[31m1,204/);
  });

  it('when drawn with the plain theme even where chalk has colour, then there is not one escape code', () => {
    chalk.level = 3;
    const layout = planLayout(80, 24, 40);
    const plain = render(<LiveView frame={makeFrame()} layout={layout} theme={plainTheme} keys="on" />).lastFrame() ?? '';
    const colored = render(<LiveView frame={makeFrame()} layout={layout} theme={colorTheme} keys="on" />).lastFrame() ?? '';
    expect(plain).not.toContain(ESC);
    expect(colored).toContain(ESC);
  });
});
