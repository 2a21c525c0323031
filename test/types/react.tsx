// The React 19 typings (`bounded-console/react`), compiled by `npm run typecheck`:
// what a user writes compiles, and each `@ts-expect-error` line must be an error, so
// typings that accept a wrong prop fail the build as surely as ones that reject a
// right one. Everything is exported so that no line errs merely for being unused.
import { useRef, type RefObject } from 'react';
import type { BoundedConsole } from 'bounded-console';
import type {} from 'bounded-console/react';

export function Attributes() {
  const log = useRef<BoundedConsole>(null);
  return (
    <bounded-console
      ref={log}
      max-lines="100"
      max-line-length={200}
      flush-interval="100"
      label="Build log"
      theme="dark"
      announce
      minimum-contrast="4.5"
      id="log"
      className="log"
      style={{ height: '24em' }}
      onClick={(event) => event.currentTarget.scrollToLatest()}
    />
  );
}

export function Properties() {
  const ref = (element: BoundedConsole | null) => element?.writeln('ready');
  return <bounded-console ref={ref} maxLines={100} maxLineLength={80} flushInterval={null} theme="auto" minimumContrast={1} announceIntervalMs={2000} />;
}

export const refToOtherElement = (input: RefObject<HTMLInputElement | null>) => (
  // @ts-expect-error: the ref is to the element, not to any HTML element
  <bounded-console ref={input} />
);

// @ts-expect-error: theme is 'light', 'dark' or 'auto'
export const unknownTheme = <bounded-console theme="sepia" />;

// @ts-expect-error: max-lines is a number or a decimal string
export const objectMaxLines = <bounded-console max-lines={{ lines: 100 }} />;

// @ts-expect-error: max-lines is a number or a decimal string
export const wordMaxLines = <bounded-console max-lines="many" />;

// @ts-expect-error: the property takes a number (the element would throw a RangeError on a string)
export const stringMaxLines = <bounded-console maxLines="100" />;

// @ts-expect-error: flush-interval is a number of milliseconds
export const wordFlushInterval = <bounded-console flush-interval="often" />;

// @ts-expect-error: label is text
export const numberLabel = <bounded-console label={7} />;

// @ts-expect-error: no such property (camelCase names are checked; hyphenated ones, as in any JSX, are not)
export const misspeltProperty = <bounded-console maxLine={100} />;
