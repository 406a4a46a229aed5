import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { Style } from './theme.js';

/** Props of {@link Span}. */
export interface SpanProps {
  readonly style: Style;
  readonly children?: ReactNode;
}

/** A piece of text in one theme style (nest it inside a <Text> line). */
export function Span({ style, children }: SpanProps): ReactNode {
  return (
    <Text color={style.color} bold={style.bold} dimColor={style.dimColor}>
      {children}
    </Text>
  );
}
