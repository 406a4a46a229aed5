import { describe, expect, it } from 'vitest';
import { commandFor, type KeyFlags } from '../../src/ui/keys.js';

const none: KeyFlags = { upArrow: false, downArrow: false, rightArrow: false, pageUp: false, pageDown: false, ctrl: false };

describe('commandFor', () => {
  it.each([
    ['space', ' ', {}, { kind: 'toggle-pause' }],
    ['s', 's', {}, { kind: 'step' }],
    ['right arrow', '', { rightArrow: true }, { kind: 'step' }],
    ['+', '+', {}, { kind: 'faster' }],
    ['=', '=', {}, { kind: 'faster' }],
    ['-', '-', {}, { kind: 'slower' }],
    ['up arrow', '', { upArrow: true }, { kind: 'capacity', delta: 1 }],
    ['down arrow', '', { downArrow: true }, { kind: 'capacity', delta: -1 }],
    ['PgUp', '', { pageUp: true }, { kind: 'capacity', delta: 10 }],
    ['PgDn', '', { pageDown: true }, { kind: 'capacity', delta: -10 }],
    ['r', 'r', {}, { kind: 'restart' }],
    ['q', 'q', {}, { kind: 'quit' }],
    ['Ctrl-C', 'c', { ctrl: true }, { kind: 'quit' }],
    ['Ctrl-S', 's', { ctrl: true }, null],
    ['x', 'x', {}, null],
  ] as const)('when %s is pressed, then the command is %j', (_name, input, flags, expected) => {
    expect(commandFor(input, { ...none, ...flags })).toEqual(expected);
  });
});
