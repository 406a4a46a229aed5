import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { Simulation } from '../../src/sim/engine.js';
import { PacedRunner } from '../../src/sim/realtime.js';
import { plainModel, type SimConfig } from '../../src/sim/config.js';
import { App } from '../../src/ui/App.js';
import { plainTheme } from '../../src/ui/theme.js';
import { testConfig } from '../support/config.js';
import { lines, manualPlayback, settle } from './fixtures.js';

/** The App over a hand-driven clock and frame loop: nothing sleeps. */
function harness(config: SimConfig = testConfig(), options: { hold?: boolean; speed?: number } = {}) {
  const playback = manualPlayback();
  const runner = new PacedRunner(() => new Simulation(config), { speed: options.speed ?? 1, now: playback.now });
  const onEnd = vi.fn<(interrupted: boolean) => void>();
  const app = render(
    <App runner={runner} title="test run" theme={plainTheme} hold={options.hold ?? false} onEnd={onEnd} every={playback.every} size={{ columns: 80, rows: 24 }} />,
  );
  return {
    ...app,
    runner,
    onEnd,
    frame: playback.frame,
    get looping(): boolean {
      return playback.looping;
    },
  };
}

describe('App: frames', () => {
  it('when frames run, then the view follows the simulation: bucket full, 160 waiting, clock moving', async () => {
    const h = harness();
    await settle();
    await h.frame(100);
    const frame = h.lastFrame() ?? '';
    expect(frame).toContain('▶ RUNNING   t 100 ms');
    expect(frame).toContain('40/40 in use');
    expect(frame).toContain('WAITING  160, oldest has waited 100 ms');
    await h.frame(50);
    expect(h.lastFrame()).toContain('oldest has waited 150 ms');
    h.unmount();
  });

  it('when the run reaches its natural end, then the last frame says finished and onEnd(false) is called', async () => {
    const h = harness(testConfig({ requests: 50 }));
    await settle();
    for (let i = 0; i < 20 && h.onEnd.mock.calls.length === 0; i++) {
      await h.frame(100);
    }
    expect(h.onEnd).toHaveBeenCalledExactlyOnceWith(false);
    expect(h.lastFrame()).toContain('■ FINISHED');
    expect(h.lastFrame()).toContain('finished: the report follows');
    expect(h.looping).toBe(false);
  });
});

describe('App: the upstream model', () => {
  it('when every part of the model is in play, then the upstream panel shows its three lines and the view fits 80x24', async () => {
    const model = plainModel();
    const h = harness(
      testConfig({
        upstream: { ...model.upstream, limit: 40, errorRate: 0.01 },
        retry: { ...model.retry, attempts: 3 },
        rateLimit: { ratePerSec: 100, bucketSize: 10 },
        deadlineMs: 2000,
      }),
    );
    await settle();
    await h.frame(100);
    const frame = lines(h.lastFrame());
    expect(frame.length).toBeLessThanOrEqual(23);
    for (const row of frame) expect([...row].length).toBeLessThanOrEqual(80);
    const headings = frame.map((row) => /^ (UPSTREAM|RATE LIMIT|DEADLINE) /.exec(row)?.[1]).filter((heading) => heading !== undefined);
    expect(headings).toEqual(['UPSTREAM', 'RATE LIMIT', 'DEADLINE']);
    expect(frame.join('\n')).toMatch(/^ UPSTREAM {2}\d+\/40 calls in flight · 429s \d+ · 5xx \d+ · in backoff \d+$/m);
    expect(frame.join('\n')).toMatch(/^ DEADLINE {2}2\.00 s · on time \d+ · late \d+ · goodput \S+ req\/s$/m);
    h.unmount();
  });
});

describe('App: a semaphore per key', () => {
  it('when 4 keys have 10 permits each, then the grid holds all 40 and ↑ adds one permit to each semaphore', async () => {
    const h = harness(testConfig({ capacity: 10, keys: { count: 4, choice: 'round-robin', semaphore: 'per-key' } }));
    await settle();
    await h.frame(10);
    expect(h.lastFrame()).toContain('PERMITS  40/40 in use, 4 semaphores of 10, utilization so far 100.0 %');
    h.stdin.write('\u001B[A');
    await settle();
    expect(h.runner.sim.capacity).toBe(11);
    expect(h.lastFrame()).toContain('PERMITS  44/44 in use, 4 semaphores of 11 (was 10)');
    expect(h.lastFrame()).toContain('WAITING  156');
    h.unmount();
  });
});

describe('App: without a semaphore', () => {
  it('when a real run has no semaphore and an upstream limit of 4, then 4 calls are served and the 429s count up frame by frame', async () => {
    const h = harness(testConfig({ capacity: Infinity, requests: 5000, upstream: { ...plainModel().upstream, limit: 4 } }));
    await settle();
    const throttled: number[] = [];
    for (let i = 0; i < 4; i++) {
      await h.frame(25);
      const frame = lines(h.lastFrame());
      expect(frame).toContain(' NO SEMAPHORE · 200 calls in flight');
      const upstream = frame.map((row) => /^ UPSTREAM {2}(\d+)\/4 calls in flight · 429s ([\d,]+)$/.exec(row)).find((match) => match !== null);
      expect(upstream?.[1]).toBe('4');
      throttled.push(Number(upstream?.[2]?.replaceAll(',', '')));
    }
    // 200 clients: 4 calls are served (200 ms), the other 196 are answered 429 every 20 ms (the
    // default reject latency) and send again at once: 1, 2, 3 and 5 rounds by 25, 50, 75 and 100 ms.
    expect(throttled).toEqual([196, 392, 588, 980]);
    h.unmount();
  });

  it('when capacity is Infinity, then "NO SEMAPHORE" replaces the permits, ↑/↓ are not offered and change nothing', async () => {
    const h = harness(testConfig({ capacity: Infinity }));
    await settle();
    await h.frame(100);
    const frame = lines(h.lastFrame());
    expect(frame).toContain(' NO SEMAPHORE · 200 calls in flight');
    expect(frame.join('\n')).not.toContain('PERMITS');
    expect(frame.at(-1)).toBe(' space pause  s step  +/- speed  r restart  q quit');
    h.stdin.write('\u001B[A');
    await settle();
    h.stdin.write('\u001B[6~');
    await settle();
    expect(h.runner.sim.capacity).toBe(Infinity);
    expect(h.lastFrame()).toContain('NO SEMAPHORE · 200 calls in flight');
    h.unmount();
  });
});

describe('App: keys', () => {
  it('when space is pressed, then playback pauses (no virtual time passes) and space again resumes', async () => {
    const h = harness();
    await settle();
    await h.frame(100);
    h.stdin.write(' ');
    await settle();
    expect(h.runner.paused).toBe(true);
    expect(h.lastFrame()).toContain('‖ PAUSED   t 100 ms');
    expect(h.lastFrame()).toContain('space resume');
    await h.frame(500);
    expect(h.runner.sim.now).toBe(100);
    h.stdin.write(' ');
    await settle();
    await h.frame(50);
    expect(h.lastFrame()).toContain('▶ RUNNING   t 150 ms');
    h.unmount();
  });

  it('when + and - are pressed, then the speed doubles and halves', async () => {
    const h = harness();
    await settle();
    h.stdin.write('+');
    await settle();
    expect(h.runner.speed).toBe(2);
    expect(h.lastFrame()).toContain('speed 2×');
    h.stdin.write('-');
    await settle();
    h.stdin.write('-');
    await settle();
    expect(h.lastFrame()).toContain('speed 0.5×');
    h.unmount();
  });

  it('when the up arrow, down arrow, PgUp and PgDn are pressed, then capacity moves by 1 and 10, never below 1', async () => {
    const h = harness();
    await settle();
    await h.frame(10);
    h.stdin.write('\u001B[A');
    await settle();
    expect(h.runner.sim.capacity).toBe(41);
    expect(h.lastFrame()).toContain('41/41 in use (was 40)');
    expect(h.lastFrame()).toContain('WAITING  159');
    h.stdin.write('\u001B[5~');
    await settle();
    expect(h.runner.sim.capacity).toBe(51);
    h.stdin.write('\u001B[B');
    await settle();
    expect(h.runner.sim.capacity).toBe(50);
    for (let i = 0; i < 6; i++) {
      h.stdin.write('\u001B[6~');
      await settle();
    }
    expect(h.runner.sim.capacity).toBe(1);
    h.unmount();
  });

  it('when s or the right arrow is pressed, then it pauses and processes one event at a time', async () => {
    const h = harness();
    await settle();
    await h.frame(10);
    const events = h.runner.sim.eventCount;
    h.stdin.write('s');
    await settle();
    expect(h.runner.paused).toBe(true);
    expect(h.runner.sim.eventCount).toBe(events + 1);
    expect(h.lastFrame()).toContain('t 200 ms');
    h.stdin.write('\u001B[C');
    await settle();
    expect(h.runner.sim.eventCount).toBe(events + 2);
    h.unmount();
  });

  it('when r is pressed, then the run starts over with a fresh simulation of the same config', async () => {
    const h = harness();
    await settle();
    await h.frame(300);
    h.stdin.write('\u001B[A');
    await settle();
    const old = h.runner.sim;
    h.stdin.write('r');
    await settle();
    expect(h.runner.sim).not.toBe(old);
    expect(h.runner.sim.capacity).toBe(40);
    expect(h.lastFrame()).toContain('t 0 ms');
    h.unmount();
  });

  it('when q is pressed mid-run, then onEnd(true) is called once and the view closes saying the report follows', async () => {
    const h = harness();
    await settle();
    await h.frame(100);
    h.stdin.write('q');
    await settle();
    expect(h.onEnd).toHaveBeenCalledExactlyOnceWith(true);
    expect(lines(h.lastFrame()).at(-1)?.trim()).toBe('stopped early: the report so far follows');
    expect(h.looping).toBe(false);
  });

  it('when Ctrl-C is pressed, then it quits like q (Ink does not exit by itself)', async () => {
    const h = harness();
    await settle();
    await h.frame(100);
    h.stdin.write('\u0003');
    await settle();
    expect(h.onEnd).toHaveBeenCalledExactlyOnceWith(true);
  });

  it('when holding, then the finished view stays until q, r restarts it, and q after the end is not an interruption', async () => {
    const h = harness(testConfig({ requests: 50 }), { hold: true });
    await settle();
    for (let i = 0; i < 20; i++) await h.frame(100);
    await settle();
    expect(h.runner.state).toBe('finished');
    expect(h.onEnd).not.toHaveBeenCalled();
    expect(h.lastFrame()).toContain('r restart  q quit');
    h.stdin.write('r');
    await settle();
    expect(h.runner.state).toBe('running');
    for (let i = 0; i < 20; i++) await h.frame(100);
    h.stdin.write('q');
    await settle();
    expect(h.onEnd).toHaveBeenCalledExactlyOnceWith(false);
  });
});
