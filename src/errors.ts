/**
 * The one error family of semsim. Each error carries the process exit code it stands for, so the
 * CLI entry point is the only place that turns an error into an exit.
 */

/** Exit codes used everywhere: 0 ok, 1 unexpected, 2 bad input, 99 thresholds failed, 130 interrupted. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  badInput: 2,
  thresholdsFailed: 99,
  interrupted: 130,
} as const;

/** Base class: an error semsim expected and knows how to report in one line. */
export class SemsimError extends Error {
  /** Process exit code this error maps to. */
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/**
 * Bad input from the user: a flag, a spec string or a file. The message names the value given and
 * the accepted form; the CLI prefixes where it came from (flag name, or file:line:column).
 */
export class InputError extends SemsimError {
  constructor(message: string) {
    super(message, ExitCode.badInput);
  }
}

/** The run was interrupted (Ctrl-C, `q`): the report so far is still printed. */
export class InterruptedError extends SemsimError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted);
  }
}

/** An accounting invariant failed at the end of a run: a bug in semsim, reported loudly. */
export class InvariantError extends SemsimError {
  constructor(message: string) {
    super(`internal invariant violated: ${message}`, ExitCode.unexpected);
  }
}

/**
 * Runs `fn`, prefixing the message of any {@link InputError} it throws with where the input came
 * from (`--vary: …`, `scenario.yaml: …`), unless the message already starts there.
 */
export function atInput<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputError && !error.message.startsWith(where)) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
}
