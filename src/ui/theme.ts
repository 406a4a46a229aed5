/**
 * The live view's semantic colours: components name what a piece of text *means* (a permit in use,
 * a waiter, a bad figure) and the theme decides how it looks. Foregrounds are chosen to read on
 * dark and light backgrounds alike (no white, black or gray for data), and the plain theme emits
 * no escape code at all, for --no-color and NO_COLOR.
 */

/** How one kind of text looks: a subset of Ink's <Text> props. */
export interface Style {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
}

/** Every style the live view uses, by meaning. */
export interface Theme {
  /** The run's title line. */
  readonly title: Style;
  /** Section headings (PERMITS, WAITING, …). */
  readonly heading: Style;
  /** Labels next to figures. */
  readonly label: Style;
  /** A figure. */
  readonly value: Style;
  /** Secondary text: units, hints, scales. */
  readonly dim: Style;
  /** A permit in use (a token in the bucket), and its sparkline. */
  readonly inUse: Style;
  /** A free permit. */
  readonly free: Style;
  /** A waiting request, and the waiters' sparkline. */
  readonly waiting: Style;
  /** A waiter about to time out, a timed-out count. */
  readonly warn: Style;
  /** Rejections, overload. */
  readonly bad: Style;
  /** The wait histogram's bars. */
  readonly bar: Style;
  /** Playback state: running. */
  readonly running: Style;
  /** Playback state: paused. */
  readonly paused: Style;
  /** Playback state: finished. */
  readonly finished: Style;
  /** A key name in the legend. */
  readonly key: Style;
}

/** No style: for spacing between styled runs. */
export const NO_STYLE: Style = {};

/** Colours for a terminal that has them. */
export const colorTheme: Theme = {
  title: { bold: true },
  heading: { bold: true, color: 'blue' },
  label: { color: 'cyan' },
  value: { bold: true },
  dim: { dimColor: true },
  inUse: { color: 'green', bold: true },
  free: { dimColor: true },
  waiting: { color: 'yellow' },
  warn: { color: 'red' },
  bad: { color: 'red', bold: true },
  bar: { color: 'magenta' },
  running: { color: 'green', bold: true },
  paused: { color: 'yellow', bold: true },
  finished: { color: 'cyan', bold: true },
  key: { color: 'cyan', bold: true },
};

/** No styling at all: not a single escape code reaches the terminal. Shapes carry the meaning. */
export const plainTheme: Theme = {
  title: {},
  heading: {},
  label: {},
  value: {},
  dim: {},
  inUse: {},
  free: {},
  waiting: {},
  warn: {},
  bad: {},
  bar: {},
  running: {},
  paused: {},
  finished: {},
  key: {},
};

/** The theme for a terminal with colour (`color` true) or without. */
export function themeFor(color: boolean): Theme {
  return color ? colorTheme : plainTheme;
}
