import type { Key } from 'ink';

/** What a key press asks the live view to do. */
export type KeyCommand =
  | { readonly kind: 'toggle-pause' }
  | { readonly kind: 'step' }
  | { readonly kind: 'faster' }
  | { readonly kind: 'slower' }
  | { readonly kind: 'capacity'; readonly delta: number }
  | { readonly kind: 'restart' }
  | { readonly kind: 'quit' };

/** The parts of Ink's {@link Key} the live view looks at. */
export type KeyFlags = Pick<Key, 'upArrow' | 'downArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'ctrl'>;

/**
 * Maps a key press (as Ink's `useInput` reports it) to a command, or null for keys without one:
 * space pause/resume · s or → one event · + / - speed ×2 / ÷2 · ↑ / ↓ capacity ±1 ·
 * PgUp / PgDn capacity ±10 · r restart · q or Ctrl-C quit.
 */
export function commandFor(input: string, key: KeyFlags): KeyCommand | null {
  if (key.ctrl) return input === 'c' ? { kind: 'quit' } : null;
  if (key.upArrow) return { kind: 'capacity', delta: 1 };
  if (key.downArrow) return { kind: 'capacity', delta: -1 };
  if (key.pageUp) return { kind: 'capacity', delta: 10 };
  if (key.pageDown) return { kind: 'capacity', delta: -10 };
  if (key.rightArrow) return { kind: 'step' };
  switch (input) {
    case ' ':
      return { kind: 'toggle-pause' };
    case 's':
    case 'S':
      return { kind: 'step' };
    // '=' is '+' without shift on most keyboards; '_' is '-' with it.
    case '+':
    case '=':
      return { kind: 'faster' };
    case '-':
    case '_':
      return { kind: 'slower' };
    case 'r':
    case 'R':
      return { kind: 'restart' };
    case 'q':
    case 'Q':
      return { kind: 'quit' };
    default:
      return null;
  }
}
