import { expect } from 'vitest';
import { main, type CliIo } from '../../src/cli.js';

/** What one in-process run of the CLI printed, and its exit code. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with captured output: stdout a TTY or not, an environment of its own,
 * and `interrupt` firing Ctrl-C on the first turn of the event loop.
 */
export async function runCli(args: readonly string[], options: { isTTY?: boolean; env?: Record<string, string>; interrupt?: boolean } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.isTTY ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: options.env ?? {},
    onInterrupt: (handler) => {
      if (options.interrupt) setImmediate(handler);
      return () => undefined;
    },
  };
  const code = await main(['node', 'semsim', ...args], io);
  return { code, stdout, stderr };
}

/** Bad input, as every such case must look: exit 2, nothing on stdout, one line on stderr matching `pattern`, no stack. */
export function expectBadInput(result: Captured, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}
