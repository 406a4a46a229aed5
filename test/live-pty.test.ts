// The real binary in a pseudo-terminal (util-linux `script`), the way a person runs it: the live
// view appears, `q` stops it, the report follows, and the terminal is given back. Needs dist/
// (npm test builds it first).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\u0007]*\u0007|[()][0-9A-Za-z]|[=>78])/g;

/** A program running in a pseudo-terminal, its output so far, and a way to wait for text in it. */
function inTerminal(command: string, size: { columns: number; rows: number }) {
  // stty sizes the pseudo-terminal itself, so the program sees a real terminal size.
  const child = spawn('script', ['-qfec', `stty cols ${size.columns} rows ${size.rows}; ${command}`, '/dev/null'], {
    cwd: root,
    env: withoutCi({ ...process.env, COLUMNS: String(size.columns), LINES: String(size.rows), TERM: 'xterm-256color' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  return {
    child,
    get output(): string {
      return output;
    },
    /** Resolves once the screen text (escape codes removed) matches; rejects with what was seen after `timeoutMs`. */
    waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(plain(output))) {
            cleanup();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern} in:\n${plain(output).slice(-2000)}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    /** Resolves with the exit code; kills the program and rejects after `timeoutMs`. */
    exit(timeoutMs = 15_000): Promise<number | null> {
      return Promise.race([
        exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`did not exit within ${timeoutMs} ms; output:\n${plain(output).slice(-2000)}`));
          }, timeoutMs).unref(),
        ),
      ]);
    },
  };
}

/** Ink renders only the last frame when it thinks it runs in CI: the test wants the live frames. */
function withoutCi(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.CI;
  delete copy.CONTINUOUS_INTEGRATION;
  delete copy.NO_COLOR;
  return copy;
}

function plain(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '');
}

describe.skipIf(!hasScript)('semsim live view in a terminal (skipped when util-linux `script` is missing)', () => {
  it('when run on a terminal and q is pressed, then the bucket and legend showed, the report follows, exit code is 130 and the cursor is back', async () => {
    expect(existsSync(`${root}/dist/cli.js`), 'dist/ is missing: run `npm run build` (npm test does)').toBe(true);
    // Enough requests that the run cannot end on its own before q arrives, even on a slow machine.
    const term = inTerminal('node bin/semsim.js --capacity 40 --concurrency 200 --requests 100000 --speed 1', { columns: 100, rows: 30 });
    try {
      // Output arrives in chunks that may end mid-frame: wait for each part rather than assert at once.
      await term.waitFor(/PERMITS\s+40\/40 in use/);
      await term.waitFor(/^ *(?:█+ ){19}█+ *$/m);
      await term.waitFor(/WAITING\s+160, oldest has waited/);
      await term.waitFor(/space pause .* q quit/);
      term.child.stdin.write('q');
      const code = await term.exit();
      const after = plain(term.output);
      expect(code).toBe(130);
      expect(after).toContain('stopped early: the report so far follows');
      expect(after).toMatch(/^wait\s+\S+/m);
      expect(after).toMatch(/^interrupted at .* of virtual time/m);
      expect(term.output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(term.output.lastIndexOf(HIDE_CURSOR));
    } finally {
      term.child.kill('SIGKILL');
    }
  });

  it('when a scenario without a semaphore plays, then the view says so and counts the 429s; q still gives the report', async () => {
    const term = inTerminal('node bin/semsim.js run no-semaphore-429s --speed 1', { columns: 80, rows: 24 });
    try {
      await term.waitFor(/NO SEMAPHORE · \d+ calls in flight/);
      await term.waitFor(/UPSTREAM\s+40\/40 calls in flight · 429s [1-9][\d,]*/);
      // No permits to add or remove: the capacity keys are not offered.
      await term.waitFor(/space pause .* q quit/);
      expect(plain(term.output)).not.toMatch(/↑\/↓ permits/);
      term.child.stdin.write('q');
      expect(await term.exit()).toBe(130);
      expect(plain(term.output)).toMatch(/^calls +[\d,]+ by [\d,]+ requests \(1\.00 each\) · [\d,]+ × 429$/m);
    } finally {
      term.child.kill('SIGKILL');
    }
  });

  it('when run with --no-color on a terminal, then the live view writes no colour or style code', async () => {
    const term = inTerminal('node bin/semsim.js --capacity 40 --concurrency 200 --requests 100000 --no-color', { columns: 80, rows: 24 });
    try {
      await term.waitFor(/PERMITS\s+40\/40 in use/);
      term.child.stdin.write('q');
      expect(await term.exit()).toBe(130);
      expect(term.output).not.toMatch(/\u001B\[[0-9;]*m/);
    } finally {
      term.child.kill('SIGKILL');
    }
  });
});
