import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import chalk from 'chalk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualPlayback, settle } from './fixtures.js';
import { runLive, type LiveOptions } from '../../src/ui/live.js';
import { testConfig } from '../support/config.js';

const SGR = /\u001B\[[0-9;]*m/;
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

/** A terminal-sized stdout that keeps what is written. */
class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  output = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.output += chunk.toString();
    done();
  }
}

/** A keyboard that is a terminal: raw mode is recorded, keys are typed with `type()`. */
class FakeKeyboard extends EventEmitter {
  readonly isTTY = true;
  readonly setRawMode = vi.fn();
  #pending: string[] = [];
  type(keys: string): void {
    this.#pending.push(keys);
    this.emit('readable');
  }
  read(): string | null {
    return this.#pending.shift() ?? null;
  }
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  resume(): void {}
  pause(): void {}
}

/** Runs runLive with a hand-driven clock and frame loop; `during` runs after the first frames. */
async function play(overrides: Partial<LiveOptions> = {}, during?: (fire: (ms: number) => Promise<void>) => Promise<void>) {
  const playback = manualPlayback();
  const stdout = new FakeTerminal();
  let settled = false;
  const done = runLive({
    config: testConfig({ requests: 300 }),
    speed: 1,
    hold: false,
    color: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: undefined,
    now: playback.now,
    every: playback.every,
    ...overrides,
  }).finally(() => {
    settled = true;
  });
  const fire = playback.frame;
  // runLive loads Ink and React first: wait (turn by turn, no sleeping) until the frame loop runs.
  const loading = performance.now();
  while (!playback.looping && !settled && performance.now() - loading < 20_000) await new Promise((resolve) => setImmediate(resolve));
  await settle();
  if (during) await during(fire);
  for (let i = 0; i < 500 && !settled; i++) await fire(100);
  return { ...(await done), stdout };
}

const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

describe('runLive', () => {
  it('when stdin is absent and the run ends, then it resolves with the finished simulation, not interrupted, cursor restored', async () => {
    const { sim, interrupted, stdout } = await play();
    expect(interrupted).toBe(false);
    expect(sim.finished).toBe(true);
    expect(sim.stats.completed).toBe(300);
    expect(stdout.output).toContain('PERMITS');
    expect(stdout.output).toContain('keys are off: stdin is not a terminal');
    expect(stdout.output).toContain('finished: the report follows');
    expect(stdout.output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(stdout.output.lastIndexOf(HIDE_CURSOR));
  });

  it('when holding but keys are off, then it still ends at the natural end (nothing could close it)', async () => {
    const { interrupted, sim } = await play({ hold: true });
    expect([interrupted, sim.finished]).toEqual([false, true]);
  });

  it('when colour is off, then not one colour or style code is written, even where chalk could colour', async () => {
    chalk.level = 3;
    expect((await play({ color: false })).stdout.output).not.toMatch(SGR);
    expect((await play({ color: true })).stdout.output).toMatch(SGR);
  });

  it('when the keyboard is a terminal, then raw mode is on while playing, q quits early, and raw mode is off after', async () => {
    const keyboard = new FakeKeyboard();
    const { interrupted, sim } = await play({ stdin: keyboard as unknown as NodeJS.ReadStream }, async (fire) => {
      await fire(100);
      expect(keyboard.setRawMode).toHaveBeenLastCalledWith(true);
      keyboard.type('q');
      await settle();
    });
    expect(interrupted).toBe(true);
    expect(sim.finished).toBe(false);
    expect(keyboard.setRawMode).toHaveBeenLastCalledWith(false);
  });

  it('when an interrupt comes from outside the keyboard, then it resolves as interrupted and stops listening', async () => {
    let handler: (() => void) | undefined;
    const stop = vi.fn();
    const { interrupted } = await play(
      {
        onInterrupt: (h) => {
          handler = h;
          return stop;
        },
      },
      async (fire) => {
        await fire(100);
        handler?.();
      },
    );
    expect(interrupted).toBe(true);
    expect(stop).toHaveBeenCalledOnce();
  });
});
