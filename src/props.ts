import type { BoundedConsole } from './view/BoundedConsole.js';

/**
 * The attributes of `<bounded-console>`, each with the property it sets: what the
 * React and Vue typings accept, kebab-case as attributes and camelCase as properties.
 * A browser test checks that these are the attributes the element observes.
 */
export const ATTRIBUTE_PROPERTIES = {
  /** Most lines kept (default 5000, an integer from 1 to 100,000,000); older lines are dropped and counted. */
  'max-lines': 'maxLines',
  /** Most columns kept of one line (default 100,000); the rest is dropped, counted and marked. */
  'max-line-length': 'maxLineLength',
  /** Milliseconds (above 0, at most 60,000) between flushes on a fixed timer instead of every animation frame. */
  'flush-interval': 'flushInterval',
  /** Height of the terminal screen in rows (an integer from 1; default: every retained line). */
  rows: 'rows',
  /** Accessible name of the log (default "Console output"). */
  label: 'label',
  /** `light`, `dark` or `auto` (the operating system's preference); without it the console follows the page's `color-scheme`. */
  theme: 'theme',
  /** Opt-in for screen readers: a polite live region summarises new output at most once every `announceIntervalMs`. */
  announce: 'announce',
  /** Shows each line's number in a gutter, counted from the first line written since clear(); not copied with the text. */
  'line-numbers': 'lineNumbers',
  /** Shows when each line arrived, local time to the millisecond, in a gutter; not copied with the text. */
  timestamps: 'timestamps',
  /** Soft wrap: lines wrap at the viewport's width instead of scrolling sideways. */
  wrap: 'wrap',
  /** Shows a small toolbar above the output: find, wrap, copy, download, clear. */
  toolbar: 'toolbar',
  /** Least contrast ratio of text against its background, 1 to 21 (default 4.5, WCAG AA); 1 draws colours as given. */
  'minimum-contrast': 'minimumContrast',
} as const satisfies Record<string, keyof BoundedConsole>;

/** Properties with no attribute that a template may set too. */
type OtherProperties = 'announceIntervalMs';

type AttributeProperties = typeof ATTRIBUTE_PROPERTIES;

/**
 * An attribute's value as a template writes it: a number may be given as one
 * (frameworks stringify it) or as a decimal string; a boolean attribute is there or not.
 */
type AttributeValue<T> = T extends number ? number | `${number}` : T extends string | boolean ? T : never;

/** The attributes of `<bounded-console>`, which frameworks set with `setAttribute`. */
export type BoundedConsoleAttributes = {
  [A in keyof AttributeProperties]?: AttributeValue<BoundedConsole[AttributeProperties[A]]>;
};

/** The properties those attributes set, and announceIntervalMs, which frameworks may set directly, with their own types. */
export type BoundedConsoleProperties = Partial<Pick<BoundedConsole, AttributeProperties[keyof AttributeProperties] | OtherProperties>>;
