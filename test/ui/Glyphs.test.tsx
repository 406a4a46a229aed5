import { Chalk } from 'chalk';
import fc from 'fast-check';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Glyphs, fromStandIns, toStandIns } from '../../src/ui/Glyphs.js';
import { colorTheme, plainTheme } from '../../src/ui/theme.js';

const DRAWING = [...'█░▒▓▁▂▃▄▅▆▇ '];

describe('glyph stand-ins', () => {
  it('when a line of drawing glyphs goes to stand-ins and back, then it is unchanged, and the stand-ins are printable ASCII', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DRAWING), { maxLength: 200 }), (chars) => {
        const line = chars.join('');
        expect(toStandIns(line)).toMatch(/^[\u0020-\u007E]*$/);
        expect(fromStandIns(toStandIns(line))).toBe(line);
      }),
    );
  });

  it('when colour codes surround the stand-ins, then they come through the swap untouched', () => {
    const styled = new Chalk({ level: 3 });
    const line = styled.green(toStandIns('███ ')) + styled.dim(toStandIns('░░░')) + styled.bold.red(toStandIns('▓'));
    expect(fromStandIns(line)).toBe(styled.green('███ ') + styled.dim('░░░') + styled.bold.red('▓'));
  });
});

describe('Glyphs', () => {
  it('when runs are drawn, then the frame shows the real glyphs in order', () => {
    const { lastFrame } = render(
      <Glyphs
        runs={[
          { text: '██ ██', style: colorTheme.inUse },
          { text: ' ', style: plainTheme.free },
          { text: '░░', style: colorTheme.free },
        ]}
      />,
    );
    expect(lastFrame()?.replace(/\u001B\[[0-9;]*m/g, '')).toBe('██ ██ ░░');
  });
});
