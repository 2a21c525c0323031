/**
 * JSX typings of `<bounded-console>` for React 19. Type-only: load them once with
 * `import type {} from 'bounded-console/react'`, and define the element with
 * `import 'bounded-console'`. React 19 sets a prop whose name is a property of the
 * element as that property (`maxLines={100}`), and any other as an attribute
 * (`max-lines="100"`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BoundedConsoleAttributes, BoundedConsoleProperties } from './props.js';
import type { BoundedConsole } from './view/BoundedConsole.js';

/** The props of `<bounded-console>`: its attributes and properties, those of every HTML element, and a ref to the element. */
export type BoundedConsoleProps = DetailedHTMLProps<HTMLAttributes<BoundedConsole>, BoundedConsole> & BoundedConsoleAttributes & BoundedConsoleProperties;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'bounded-console': BoundedConsoleProps;
    }
  }
}
