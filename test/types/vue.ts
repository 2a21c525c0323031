// The Vue typings (`bounded-console/vue`), compiled by `npm run typecheck`. Vue's
// template checker reads a component's props from the `$props` of what
// GlobalComponents names, and types a template ref as an instance of it; this file
// checks both without a .vue file. Each `@ts-expect-error` line must be an error.
import type { GlobalComponents } from 'vue';
import type { BoundedConsole } from 'bounded-console';
import type {} from 'bounded-console/vue';

type Instance = InstanceType<GlobalComponents['bounded-console']>;
type Props = Instance['$props'];

/** `<bounded-console ref="log" max-lines="100" :max-line-length="200" …>` */
export const attributes: Props = {
  ref: 'log',
  'max-lines': '100',
  'max-line-length': 200,
  'flush-interval': '100',
  label: 'Build log',
  theme: 'dark',
  announce: true,
  'minimum-contrast': '4.5',
  class: ['log', { wide: true }],
  style: { height: '24em' },
  onClick: (event: MouseEvent) => event.preventDefault(),
};

/** `<bounded-console :maxLines="100" :flushInterval="null" …>` */
export const properties: Props = { maxLines: 100, maxLineLength: 80, flushInterval: null, theme: 'auto', minimumContrast: 1, announceIntervalMs: 2000 };

/** `useTemplateRef('log').value` is the element, with its methods. */
export const templateRef = (log: Instance): BoundedConsole => (log.writeln('ready'), log);

// @ts-expect-error: theme is 'light', 'dark' or 'auto'
export const unknownTheme: Props = { theme: 'sepia' };

// @ts-expect-error: max-lines is a number or a decimal string
export const objectMaxLines: Props = { 'max-lines': { lines: 100 } };

// @ts-expect-error: max-lines is a number or a decimal string
export const wordMaxLines: Props = { 'max-lines': 'many' };

// @ts-expect-error: the property takes a number
export const stringMaxLines: Props = { maxLines: '100' };

// @ts-expect-error: no such attribute
export const misspeltAttribute: Props = { 'max-line': 100 };

// @ts-expect-error: label is text
export const numberLabel: Props = { label: 7 };
