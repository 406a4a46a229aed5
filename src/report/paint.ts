/**
 * Semantic colours for text output. Formatters take a `Paint` and never know whether colour is on:
 * the CLI passes {@link plainPaint} when stdout is not a TTY, NO_COLOR is set or `--no-color` is
 * given, and a chalk-backed one otherwise.
 */
export interface Paint {
  /** Headings and the run's title line. */
  readonly title: (s: string) => string;
  /** Row and column labels. */
  readonly label: (s: string) => string;
  /** Secondary text: units, hints, explanations. */
  readonly dim: (s: string) => string;
  /** A figure that is fine. */
  readonly good: (s: string) => string;
  /** A figure worth a look (timeouts, a load near 1). */
  readonly warn: (s: string) => string;
  /** A figure that is bad (rejections, overload, failed thresholds). */
  readonly bad: (s: string) => string;
}

const identity = (s: string): string => s;

/** No colour at all: plain text, for pipes, files and NO_COLOR. */
export const plainPaint: Paint = {
  title: identity,
  label: identity,
  dim: identity,
  good: identity,
  warn: identity,
  bad: identity,
};
