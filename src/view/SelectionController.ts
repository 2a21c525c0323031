import { LineSelection, clampCol, textBetween, type LineSource, type Position } from '../core/index.js';
import type { RowHighlights } from './Highlights.js';
import type { VirtualRows } from './VirtualRows.js';

/** Fastest auto-scroll while a drag is held past the viewport's edge, in pixels a frame. */
const MAX_AUTOSCROLL_PX = 400;
/** A letter, digit, `_` or a joining mark: what a double-click takes as a word. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/**
 * The reader's selection, in line sequence numbers and columns, not DOM nodes: it
 * survives the rows being recycled, scrolling and trimming, and copying reads the
 * buffer, so the text is exact however many lines are selected. Mouse: press and
 * drag (auto-scrolling past the edges), shift-click to extend, double-click a word,
 * triple-click a line. The rows themselves are not selectable by the browser.
 */
export class SelectionController {
  readonly selection = new LineSelection();
  readonly #viewport: HTMLElement;
  readonly #rows: VirtualRows;
  readonly #source: LineSource;
  readonly #highlights: RowHighlights;
  readonly #onChange: () => void;
  readonly #allText: (() => string) | undefined;
  #dragging = false;
  #pointer = { x: 0, y: 0 };
  #autoscroll = 0;

  /** `allText` gives the whole text faster than line by line, when the selection is all of it. */
  constructor(viewport: HTMLElement, rows: VirtualRows, source: LineSource, highlights: RowHighlights, onChange: () => void, allText?: () => string) {
    this.#allText = allText;
    this.#viewport = viewport;
    this.#rows = rows;
    this.#source = source;
    this.#highlights = highlights;
    this.#onChange = onChange;
    viewport.addEventListener('pointerdown', this.#onPointerDown);
    viewport.addEventListener('pointermove', this.#onPointerMove);
    viewport.addEventListener('pointerup', this.#onPointerUp);
    viewport.addEventListener('pointercancel', this.#onPointerUp);
  }

  get text(): string {
    const range = this.selection.range;
    if (range === null) return '';
    const first = this.#source.droppedLines;
    // Everything (Ctrl+A): the buffer's own text, joined a page at a time rather than a line at a time.
    if (this.#allText !== undefined && range.from.seq <= first && range.from.col === 0 && range.to.seq >= first + this.#source.lineCount) return this.#allText();
    return textBetween(this.#source, range.from, range.to);
  }

  /** Selects every retained line. */
  selectAll(): void {
    const count = this.#source.lineCount;
    if (count === 0) this.selection.clear();
    else this.selection.set({ seq: this.#source.droppedLines, col: 0 }, { seq: this.#source.droppedLines + count, col: 0 });
    this.#changed();
  }

  select(from: Position, to: Position): void {
    this.selection.set(from, to);
    this.#changed();
  }

  clear(): void {
    if (this.selection.anchor === null) return;
    this.selection.clear();
    this.#changed();
  }

  /** Shrinks the selection to the retained lines; reports a change when it did. */
  trim(): void {
    if (this.selection.trim(this.#source.droppedLines)) this.#changed();
  }

  /** Draws the selection over the rendered rows. */
  decorate(): void {
    const range = this.selection.range;
    if (range === null) {
      this.#highlights.set('selection', []);
      return;
    }
    const { from: first, to: end } = this.#rows.renderedSeqs;
    const ranges: Range[] = [];
    for (let seq = Math.max(first, range.from.seq); seq < end && seq <= range.to.seq; seq++) {
      ranges.push(...this.#rows.rangesIn(seq, seq === range.from.seq ? range.from.col : 0, seq === range.to.seq ? range.to.col : Infinity));
    }
    this.#highlights.set('selection', ranges);
  }

  #changed(): void {
    this.decorate();
    this.#onChange();
  }

  readonly #onPointerDown = (event: PointerEvent): void => {
    const viewport = this.#viewport;
    // The primary button on the text, not on a scrollbar or the jump button; a finger scrolls, as on any page.
    // Measured from the viewport's box: offsetX is from the target's, a row as wide as its line.
    const box = viewport.getBoundingClientRect();
    if (event.button !== 0 || event.pointerType === 'touch' || event.clientX - box.left - viewport.clientLeft >= viewport.clientWidth || event.clientY - box.top - viewport.clientTop >= viewport.clientHeight) return;
    if (!(event.target instanceof Node) || !this.#rows.containsRowNode(event.target)) return;
    const position = this.#rows.positionAt(event.clientX, event.clientY);
    if (position === null) return;
    if (event.shiftKey && this.selection.anchor !== null) {
      this.selection.extend(position);
    } else if (event.detail === 2) {
      this.#selectWord(position);
    } else if (event.detail >= 3) {
      this.selection.set({ seq: position.seq, col: 0 }, { seq: position.seq, col: Infinity });
    } else {
      this.selection.set(position);
    }
    this.#dragging = event.detail < 2;
    this.#pointer = { x: event.clientX, y: event.clientY };
    if (this.#dragging) viewport.setPointerCapture(event.pointerId);
    this.#changed();
  };

  readonly #onPointerMove = (event: PointerEvent): void => {
    if (!this.#dragging) return;
    this.#pointer = { x: event.clientX, y: event.clientY };
    this.#extendToPointer();
    const box = this.#viewport.getBoundingClientRect();
    if ((event.clientY < box.top || event.clientY > box.bottom) && this.#autoscroll === 0) this.#autoscroll = requestAnimationFrame(this.#autoscrollStep);
  };

  readonly #onPointerUp = (event: PointerEvent): void => {
    if (!this.#dragging) return;
    this.#dragging = false;
    if (this.#viewport.hasPointerCapture(event.pointerId)) this.#viewport.releasePointerCapture(event.pointerId);
    cancelAnimationFrame(this.#autoscroll);
    this.#autoscroll = 0;
  };

  /** While the pointer is held above or below the viewport, scrolls toward it, faster the further it is. */
  readonly #autoscrollStep = (): void => {
    this.#autoscroll = 0;
    if (!this.#dragging) return;
    const box = this.#viewport.getBoundingClientRect();
    const { y } = this.#pointer;
    const past = y < box.top ? y - box.top : y > box.bottom ? y - box.bottom : 0;
    if (past === 0) return;
    this.#viewport.scrollTop += Math.max(-MAX_AUTOSCROLL_PX, Math.min(MAX_AUTOSCROLL_PX, past));
    this.#extendToPointer();
    this.#autoscroll = requestAnimationFrame(this.#autoscrollStep);
  };

  #extendToPointer(): void {
    const position = this.#rows.positionAt(this.#pointer.x, this.#pointer.y);
    if (position === null) return;
    const head = this.selection.head;
    if (head !== null && head.seq === position.seq && head.col === position.col) return;
    this.selection.extend(position);
    this.#changed();
  }

  /** A word and nothing else: a run of word characters, of spaces, or one other character. */
  #selectWord(position: Position): void {
    const text = this.#source.styledLine(position.seq - this.#source.droppedLines).text;
    let at = clampCol(text, position.col);
    if (at === text.length && at > 0) at--;
    const kind = (index: number) => {
      const char = String.fromCodePoint(text.codePointAt(index) ?? 32);
      return WORD_CHAR.test(char) ? 'word' : /\s/u.test(char) ? 'space' : 'other';
    };
    const want = kind(at);
    let start = at;
    let end = at + 1;
    if (want !== 'other') {
      while (start > 0 && kind(start - 1) === want) start--;
      while (end < text.length && kind(end) === want) end++;
    }
    // A pair's second half belongs with its first.
    const low = (index: number) => index < text.length && text.charCodeAt(index) >= 0xdc00 && text.charCodeAt(index) <= 0xdfff;
    if (low(end)) end++;
    this.selection.set({ seq: position.seq, col: clampCol(text, start) }, { seq: position.seq, col: end });
  }

  /** The browser's copy (Ctrl/Cmd+C, the context menu) takes the selected text from the buffer; the element hands it each copy event meant for its log. */
  readonly onCopy = (event: ClipboardEvent): void => {
    if (event.defaultPrevented || this.selection.empty || event.clipboardData === null) return;
    event.clipboardData.setData('text/plain', this.text);
    event.preventDefault();
  };
}
