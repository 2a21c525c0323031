/** What a console marks over its rows, drawn with the CSS Custom Highlight API: no row is rewritten to show them. */
export type HighlightKind = 'selection' | 'match' | 'current-match';

/** Highlight names (`::highlight(bounded-console-selection)` …), one Highlight per kind shared by every console on the page. */
export const HIGHLIGHT_NAMES: Record<HighlightKind, string> = {
  selection: 'bounded-console-selection',
  match: 'bounded-console-match',
  'current-match': 'bounded-console-current-match',
};
/** The current match is drawn over other matches, and matches over the selection. */
const PRIORITY: Record<HighlightKind, number> = { selection: 0, match: 1, 'current-match': 2 };

interface HighlightRegistry {
  get(name: string): Highlight | undefined;
  set(name: string, highlight: Highlight): void;
}

function registry(): HighlightRegistry | null {
  const css = globalThis.CSS as { highlights?: HighlightRegistry } | undefined;
  return css?.highlights !== undefined && typeof Highlight === 'function' ? css.highlights : null;
}

function shared(kind: HighlightKind): Highlight | null {
  const highlights = registry();
  if (highlights === null) return null;
  let highlight = highlights.get(HIGHLIGHT_NAMES[kind]);
  if (highlight === undefined) {
    highlight = new Highlight();
    highlight.priority = PRIORITY[kind];
    highlights.set(HIGHLIGHT_NAMES[kind], highlight);
  }
  return highlight;
}

/**
 * One console's ranges in the shared highlights: set() replaces a kind's ranges
 * with new ones. Where the browser has no Custom Highlight API, nothing is drawn;
 * selection, copy and find still work.
 */
export class RowHighlights {
  readonly #ranges = new Map<HighlightKind, Range[]>();

  set(kind: HighlightKind, ranges: Range[]): void {
    // Nothing before and nothing now (every frame of a console nobody selects in): the page's highlights are not touched.
    if (ranges.length === 0 && (this.#ranges.get(kind)?.length ?? 0) === 0) return;
    const highlight = shared(kind);
    if (highlight === null) return;
    for (const range of this.#ranges.get(kind) ?? []) highlight.delete(range);
    for (const range of ranges) highlight.add(range);
    this.#ranges.set(kind, ranges);
  }

  clear(): void {
    for (const kind of this.#ranges.keys()) this.set(kind, []);
  }
}
