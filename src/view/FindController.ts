import { Finder } from '../core/Finder.js';
import type { FindMatch, FindOptions, LineSource } from '../core/index.js';
import type { RowHighlights } from './Highlights.js';
import type { VirtualRows } from './VirtualRows.js';

/** Longest slice of searching before the page gets the main thread back. */
const SLICE_MS = 8;

/** What a find has found so far. */
export interface FindResult {
  /** Matches in the retained lines. */
  readonly count: number;
  /** The current match's index (0 is the oldest), or -1 for none. */
  readonly index: number;
  /** Whether every retained line has been searched, so the count is final (until more output comes). */
  readonly complete: boolean;
}

const NO_RESULT: FindResult = Object.freeze({ count: 0, index: -1, complete: true });

export interface FindBarParts {
  readonly bar: HTMLElement;
  readonly input: HTMLInputElement;
  readonly status: HTMLElement;
  readonly previous: HTMLButtonElement;
  readonly next: HTMLButtonElement;
  readonly close: HTMLButtonElement;
  /** The toggles, each with `data-option` naming a FindOptions flag. */
  readonly options: readonly HTMLButtonElement[];
}

/** The find bar: a field, three toggles, the status and three buttons, each a part. Text is only ever set as text. */
export function createFindBar(): FindBarParts {
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, part: string, attributes: Record<string, string> = {}, text = '') => {
    const node = document.createElement(tag);
    node.setAttribute('part', part);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.textContent = text;
    return node;
  };
  const bar = element('div', 'find', { class: 'find', role: 'search', 'aria-label': 'Find in console' });
  bar.hidden = true;
  const input = element('input', 'find-input', { type: 'text', 'aria-label': 'Find', placeholder: 'Find', spellcheck: 'false', autocomplete: 'off' });
  const toggle = (option: keyof FindOptions, title: string, label: string) => element('button', 'find-option', { type: 'button', 'data-option': option, 'aria-pressed': 'false', title }, label);
  const options = [toggle('caseSensitive', 'Match case', 'Aa'), toggle('wholeWord', 'Whole word', 'W'), toggle('regex', 'Regular expression', '.*')];
  const status = element('span', 'find-status', { class: 'find-status', role: 'status' });
  const button = (title: string, label: string, text: string) => element('button', 'find-button', { type: 'button', title, 'aria-label': label }, text);
  const previous = button('Previous match (Shift+Enter)', 'Previous match', '↑');
  const next = button('Next match (Enter)', 'Next match', '↓');
  const close = button('Close (Escape)', 'Close find', '×');
  bar.append(input, ...options, status, previous, next, close);
  return { bar, input, status, previous, next, close, options };
}

interface Search {
  readonly finder: Finder;
  readonly query: string;
  current: FindMatch | null;
  /** Whether the view should move to the current match once it is known. */
  reveal: boolean;
  readonly done: Set<(result: FindResult) => void>;
}

/**
 * Find over every retained line, not only the drawn rows: the search runs in
 * slices of at most SLICE_MS, blocks near the view first, so the nearest match
 * shows at once and no frame waits for a million lines. Counts follow the stream:
 * `update()` each frame drops matches of trimmed lines and searches changed ones.
 */
export class FindController {
  readonly #source: LineSource;
  readonly #rows: VirtualRows;
  readonly #highlights: RowHighlights;
  readonly #bar: FindBarParts;
  readonly #onChange: (query: string, result: FindResult) => void;
  /** Posts the next slice as a task of its own; made when a find starts and closed when it ends (an open port is never collected). */
  #channel: MessageChannel | null = null;
  #search: Search | null = null;
  #sliceQueued = false;

  constructor(source: LineSource, rows: VirtualRows, highlights: RowHighlights, bar: FindBarParts, onChange: (query: string, result: FindResult) => void) {
    this.#source = source;
    this.#rows = rows;
    this.#highlights = highlights;
    this.#bar = bar;
    this.#onChange = onChange;
    bar.input.addEventListener('input', () => this.#findFromBar());
    bar.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        if (event.shiftKey) this.previous();
        else this.next();
      }
    });
    // Escape closes the bar from any of its controls, the field or a button.
    bar.bar.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      this.closeBar();
    });
    bar.previous.addEventListener('click', () => this.previous());
    bar.next.addEventListener('click', () => this.next());
    bar.close.addEventListener('click', () => this.closeBar());
    for (const toggle of bar.options) {
      toggle.addEventListener('click', () => {
        toggle.setAttribute('aria-pressed', String(toggle.getAttribute('aria-pressed') !== 'true'));
        this.#findFromBar();
      });
    }
  }

  get result(): FindResult {
    const search = this.#search;
    if (search === null) return NO_RESULT;
    const count = search.finder.count;
    const current = search.current;
    return { count, index: current === null ? -1 : search.finder.indexOf(current), complete: search.finder.complete };
  }

  /** Starts a find; the promise resolves once every retained line is searched. Throws for a bad query (see compileQuery). */
  find(query: string, options: FindOptions = {}): Promise<FindResult> {
    const finder = new Finder(this.#source, query, options);
    const previous = this.#search;
    this.#search = { finder, query, current: null, reveal: true, done: new Set() };
    // Whoever waited for the previous find gets what it had found.
    if (previous !== null) for (const resolve of previous.done) resolve(NO_RESULT);
    const promise = new Promise<FindResult>((resolve) => this.#search!.done.add(resolve));
    this.#queueSlice();
    return promise;
  }

  /** Moves to the next match (wrapping), searching what is left first. */
  next(): void {
    this.#step(1);
  }

  previous(): void {
    this.#step(-1);
  }

  /** Ends the find: no highlights, no more searching. */
  clear(): void {
    const search = this.#search;
    if (search === null) return;
    this.#search = null;
    this.#closeChannel();
    this.#sliceQueued = false;
    for (const resolve of search.done) resolve(NO_RESULT);
    this.#highlights.set('match', []);
    this.#highlights.set('current-match', []);
    this.#onChange('', NO_RESULT);
  }

  openBar(): void {
    const { bar, input } = this.#bar;
    bar.hidden = false;
    input.focus();
    input.select();
  }

  closeBar(): void {
    this.#bar.bar.hidden = true;
    this.clear();
    this.#rows.focusViewport();
  }

  /** After a frame applied output: drops matches of trimmed lines, searches changed ones. */
  update(changedFrom: number): void {
    const search = this.#search;
    if (search === null) return;
    search.finder.invalidate(changedFrom);
    if (search.current !== null && search.current.seq < this.#source.droppedLines) {
      search.current = null;
      search.reveal = false;
    }
    if (changedFrom < Infinity) this.#queueSlice();
  }

  /** Draws the matches over the rendered rows, the current one distinct. */
  decorate(): void {
    const search = this.#search;
    if (search === null) return;
    const { from, to } = this.#rows.renderedSeqs;
    const matches: Range[] = [];
    const current: Range[] = [];
    for (const match of search.finder.matchesIn(from, to)) {
      const isCurrent = search.current !== null && search.current.seq === match.seq && search.current.col === match.col;
      (isCurrent ? current : matches).push(...this.#rows.rangesIn(match.seq, match.col, match.col + match.length));
    }
    this.#highlights.set('match', matches);
    this.#highlights.set('current-match', current);
  }

  #findFromBar(): void {
    const { input, status } = this.#bar;
    const options: Record<string, boolean> = {};
    for (const toggle of this.#bar.options) options[toggle.dataset['option']!] = toggle.getAttribute('aria-pressed') === 'true';
    if (input.value === '') {
      input.removeAttribute('aria-invalid');
      this.clear();
      status.textContent = '';
      return;
    }
    try {
      void this.find(input.value, options);
      input.removeAttribute('aria-invalid');
    } catch (error: unknown) {
      this.clear();
      input.setAttribute('aria-invalid', 'true');
      status.textContent = error instanceof SyntaxError ? 'Invalid regular expression' : 'Query too long';
    }
  }

  #step(direction: 1 | -1): void {
    const search = this.#search;
    if (search === null) return;
    const finder = search.finder;
    finder.scan(() => false);
    const count = finder.count;
    if (count === 0) {
      search.current = null;
    } else if (search.current === null) {
      search.current = finder.nearest(this.#rows.topPosition()) ?? finder.match(0);
    } else {
      const index = finder.indexOf(search.current);
      // indexOf is where the current match is, or where it would go if it was redrawn away.
      const exact = index < count && finder.match(index).seq === search.current.seq && finder.match(index).col === search.current.col;
      const next = direction === 1 ? (exact ? index + 1 : index) : index - 1;
      search.current = finder.match(((next % count) + count) % count);
    }
    this.#reveal(search);
    this.#report(search);
  }

  #queueSlice(): void {
    if (this.#sliceQueued) return;
    this.#sliceQueued = true;
    if (this.#channel === null) {
      this.#channel = new MessageChannel();
      this.#channel.port1.onmessage = () => this.#slice();
    }
    this.#channel.port2.postMessage(null);
  }

  #slice(): void {
    this.#sliceQueued = false;
    const search = this.#search;
    if (search === null) return;
    const start = performance.now();
    const top = this.#rows.topPosition();
    const complete = search.finder.scan(() => performance.now() - start > SLICE_MS, top.seq);
    if (search.current === null && search.reveal) {
      const nearest = search.finder.nearest(top);
      if (nearest !== undefined) {
        search.current = nearest;
        search.reveal = false;
        this.#reveal(search);
      }
    }
    this.#report(search);
    if (!complete) this.#queueSlice();
    else this.#closeChannel();
  }

  /** An open port with a listener is never collected, and would keep its console alive: it lives only while slices are due. */
  #closeChannel(): void {
    this.#channel?.port1.close();
    this.#channel = null;
  }

  #reveal(search: Search): void {
    // The bar covers the top rows while it is open: the match goes below it.
    const covered = this.#bar.bar.hidden ? 0 : this.#bar.bar.offsetTop + this.#bar.bar.offsetHeight;
    const current = search.current;
    if (current !== null) this.#rows.revealLine(current.seq - this.#source.droppedLines, covered, current.col, current.col + current.length);
    this.decorate();
  }

  #report(search: Search): void {
    const result = this.result;
    const complete = result.complete;
    const { status } = this.#bar;
    const count = result.count.toLocaleString();
    status.textContent = result.count === 0 ? (complete ? 'No results' : 'Searching…') : `${result.index === -1 ? '–' : (result.index + 1).toLocaleString()} of ${count}${complete ? '' : '…'}`;
    this.decorate();
    this.#onChange(search.query, result);
    if (complete) {
      for (const resolve of search.done) resolve(result);
      search.done.clear();
    }
  }
}
