import { Attr, codePointWidth, type Position, type StyledLine } from '../core/index.js';
import type { ContrastAdjuster } from './contrast.js';
import { placeBefore, type WideWidths } from './lineWindow.js';
import { renderLine } from './renderLine.js';
import { ScrollMap } from './ScrollMap.js';
import type { WrapLayout } from './WrapLayout.js';

/** The soft-wrap code, loaded when wrap is first turned on. */
export type WrapModule = typeof import('./WrapLayout.js');

/** What the rows are drawn from: a ConsoleBuffer fits. */
export interface RowSource {
  /** Sequence number of line 0: lines dropped since the last clear. */
  readonly droppedLines: number;
  readonly lineCount: number;
  readonly endsWithLineBreak?: boolean;
  styledLine(index: number): StyledLine;
  takeChangedFrom(): number;
}

export interface VirtualRowsParts {
  /** The scroll container. */
  readonly viewport: HTMLElement;
  /** Gives the viewport its scroll height. */
  readonly sizer: HTMLElement;
  /** Holds the row elements; positioned over the visible part of the sizer. */
  readonly rows: HTMLElement;
  /** One hidden row whose height is the line height. */
  readonly probe: HTMLElement;
  /** The first row once lines were dropped: says how many. */
  readonly dropped: HTMLElement;
  /** Shown while the reader is away from the latest line. */
  readonly jump: HTMLButtonElement;
  /** The jump button's text, and so its accessible name (the arrow beside it is hidden from assistive technology). */
  readonly jumpLabel: HTMLElement;
}

/** Rows rendered beyond each edge of the viewport, so a small scroll shows text at once. */
const OVERSCAN_ROWS = 10;
/** Distance from the bottom within which the reader counts as following (VS Code uses 2 px too). */
const FOLLOW_SLACK_PX = 2;
/**
 * Lines longer than this (in UTF-16 units) show only the columns around the view when
 * not wrapped: the browser's layout of a row costs about its length (a 100,000-character
 * line 15 to 45 ms a frame). A window is about 900 ch at a 1000 px viewport; measured
 * with 60 such rows, drawing windows gains from about 2,000 units on (3,000-unit SGR
 * lines: 14 ms a frame windowed, 30 whole), and below that only adds redraws when scrolling sideways.
 */
const LONG_LINE_UNITS = 2048;
/**
 * The horizontal window moves in steps of at least this many ch: scrolling within a
 * step draws nothing anew, and the window reaches a step or more past each side of the view.
 */
const WINDOW_STEP_MIN = 256;

/** The columns of long lines drawn: from `from` to `to` ch of their text, two-column characters taken as wide as `widths`. */
interface ColumnWindow {
  readonly from: number;
  readonly to: number;
  readonly widths: WideWidths;
}

/**
 * Renders only the visible lines of a RowSource, in a scroll container sized for
 * all of them, so a render costs the same at 1,000 or 1,000,000 retained lines.
 *
 * It follows the newest line while the reader is at the bottom. Once the reader
 * scrolls away, new output no longer moves the view, and when old lines are
 * trimmed the view shifts with them so the same lines stay in view while they exist.
 */
export class VirtualRows {
  readonly #parts: VirtualRowsParts;
  readonly #source: RowSource;
  readonly #requestRender: () => void;
  readonly #contrast: () => ContrastAdjuster | null;
  /** The adjuster the rows were drawn with: when it changes, every row is drawn again. */
  #drawnContrast: ContrastAdjuster | null = null;
  readonly #resizeObserver: ResizeObserver;
  readonly #intersectionObserver: IntersectionObserver;
  /** Whether any of the viewport is on screen; rendering waits while it is not. */
  #onScreen = true;
  #lineHeight = 0;
  #viewportHeight = 0;
  #following = true;
  #lineNumbers = false;
  /** Arrival time of a line by sequence number, when timestamps are shown. */
  #timeOf: ((seq: number) => number) | null = null;
  /** Digits of the widest line number the gutter was sized for. */
  #gutterDigits = 0;
  /** Called when following starts or stops. */
  onFollowChange: ((following: boolean) => void) | undefined;
  /** Total lines (dropped + retained) when the reader left the bottom. */
  #endWhenLeft = 0;
  /** What each row element shows: rowKey(seq, part), -1 for nothing yet. */
  #rowKeys: number[] = [];
  /** Offset in its line of each row element's first character (0 unless wrapped or windowed). */
  #rowStarts: number[] = [];
  /** The window each row was drawn for when its line is long, else null: it is drawn again when the window moves. */
  #rowWindows: (ColumnWindow | null)[] = [];
  #rowElements: HTMLElement[] = [];
  /** Soft wrap: the layout of lines into rows at the viewport's width, or null for one row a line. */
  #wrap: WrapLayout | null = null;
  #wrapModule: WrapModule | null = null;
  /** Width of one column and the room for text in the viewport, in px (for wrap). */
  #columnWidth = 0;
  #textWidth = 0;
  /** The viewport's width inside its scrollbar and the rows' left padding, in px. */
  #viewportWidth = 0;
  #paddingLeft = 0;
  /** How wide two-column characters are drawn, in ch: 2 until measured, once a long line is drawn. */
  #wideWidths: WideWidths = { wide: 2, emoji: 2 };
  /**
   * A hundred zeros, CJK characters and emoji in the probe, added with the first long
   * line (a page without one looks up no fallback fonts). A hundred, as the browser
   * rounds a box's width to its layout unit (1/64 px): ten would be off by a column at 50,000.
   */
  #wideProbes: HTMLElement[] = [];
  /** The window of columns long lines are drawn with, kept while the view stays within its step. */
  #window: ColumnWindow | null = null;
  /** The line at the top of the view and how many rows into it (negative: the trim marker), kept across relayouts. */
  #topSeq: number | null = null;
  #topOffset = 0;
  /** Whether the reader scrolled since the last render (then the offset, not the kept line, says where the view is). */
  #readerScrolled = false;
  /**
   * Fractional row at the top of the viewport after the last render. Rows are the
   * lines, after one row for the trim marker once lines were dropped.
   */
  #topLine = 0;
  /** 1 while the trim marker row is there (lines were dropped), else 0. */
  #lead = 0;
  readonly #map = new ScrollMap();
  /** While the reader drags the scrollbar's thumb: offsets map in proportion to the whole range. */
  #thumbDrag = false;
  /** The widest rendered line in columns since the last reset: the horizontal range never shrinks below it. */
  #widestColumns = 0;
  #sizerColumns = -1;
  /** Called after rows were drawn or moved, so decorations (selection, find) can be laid over them. */
  onRowsChanged: (() => void) | undefined;
  /**
   * The viewport's scroll offset as last seen in a scroll event or set by us: render
   * reads no layout, so a hundred consoles in one frame cost no forced layouts.
   */
  #scrollTop = 0;
  /** A scroll offset decided by render, written in commit() once every console has written its DOM. */
  #pendingScrollTop: number | null = null;
  /** The horizontal offset, as last seen in a scroll event or set by us, and one to write in commit(). */
  #scrollLeft = 0;
  #pendingScrollLeft: number | null = null;
  /**
   * Set when the browser may have reset the viewport's scroll offset behind our back:
   * it does so when the element is removed and inserted again, moved, or hidden with
   * `display: none`. The next render then writes the offset it wants whatever the
   * cached one says, and scroll events until then are the browser's, not the reader's.
   */
  #scrollLost = true;
  #contentHeight = -1;

  /** `contrast` is asked at each render for the colour adjuster to draw with (see renderLine). */
  constructor(parts: VirtualRowsParts, source: RowSource, requestRender: () => void, contrast: () => ContrastAdjuster | null = () => null) {
    this.#parts = parts;
    this.#source = source;
    this.#requestRender = requestRender;
    this.#contrast = contrast;
    this.#resizeObserver = new ResizeObserver(() => {
      this.#measure();
      this.#requestRender();
    });
    // Off-screen consoles (a notebook scrolled past, a hidden panel) skip rendering;
    // their text is still applied, so memory stays bounded, and they render on return.
    this.#intersectionObserver = new IntersectionObserver((entries) => {
      const onScreen = entries.at(-1)!.isIntersecting;
      if (onScreen === this.#onScreen) return;
      this.#onScreen = onScreen;
      if (onScreen) this.#requestRender();
    });
    parts.viewport.addEventListener('scroll', this.#onScroll, { passive: true });
    // A press on the vertical scrollbar (right of the client area) starts a thumb drag.
    // Measured from the viewport's box: offsetX is from the target's, a row as wide as its line.
    parts.viewport.addEventListener('pointerdown', (event) => {
      const viewport = parts.viewport;
      if (event.clientX - viewport.getBoundingClientRect().left - viewport.clientLeft < viewport.clientWidth) return;
      this.#thumbDrag = true;
      addEventListener('pointerup', () => (this.#thumbDrag = false), { once: true });
    });
    parts.jump.addEventListener('click', () => {
      // The button hides itself: focus it had (keyboard users) moves to the log, not to the page.
      const focused = (parts.jump.getRootNode() as Document | ShadowRoot).activeElement === parts.jump;
      this.scrollToLatest();
      if (focused) parts.viewport.focus({ preventScroll: true });
    });
  }

  /** Whether the view sticks to the newest line. */
  get following(): boolean {
    return this.#following;
  }

  connect(): void {
    this.#scrollLost = true;
    this.#resizeObserver.observe(this.#parts.viewport);
    this.#resizeObserver.observe(this.#parts.probe);
    // Ten columns of text: a font change rewraps.
    if (this.#parts.probe.firstElementChild) this.#resizeObserver.observe(this.#parts.probe.firstElementChild);
    for (const probe of this.#wideProbes) this.#resizeObserver.observe(probe);
    this.#intersectionObserver.observe(this.#parts.viewport);
    this.#measure();
  }

  disconnect(): void {
    this.#resizeObserver.disconnect();
    this.#intersectionObserver.disconnect();
  }

  /**
   * Whether each row starts with its line number: its sequence number plus one, so
   * numbers count from the first line written since clear() and survive trimming.
   */
  set lineNumbers(on: boolean) {
    if (on === this.#lineNumbers) return;
    this.#lineNumbers = on;
    this.#rowKeys.fill(-1);
    this.#requestRender();
  }

  /** Shows each line's arrival time (from `timeOf`, NaN for none) before it, or not (null). */
  set timestamps(timeOf: ((seq: number) => number) | null) {
    if (timeOf === this.#timeOf) return;
    this.#timeOf = timeOf;
    this.#rowKeys.fill(-1);
    this.#requestRender();
  }

  /** Soft wrap: lines wrap at the viewport's width (each row a slice of its line), or one row a line scrolled sideways. */
  /** Wraps with the layout code given, or stops wrapping (null). */
  setWrap(module: WrapModule | null): void {
    if ((module !== null) === (this.#wrap !== null)) return;
    const source = this.#source;
    this.#wrapModule = module;
    this.#wrap = module === null ? null : new module.WrapLayout({ get droppedLines() { return source.droppedLines; }, get lineCount() { return source.lineCount; }, lineText: (seq) => source.styledLine(seq - source.droppedLines).text });
    this.#parts.viewport.classList.toggle('wrapped', module !== null);
    this.#rowKeys.fill(-1);
    this.#requestRender();
  }


  /** Forgets the lines shown, after the source was cleared: the view starts over, following. */
  reset(): void {
    this.#setFollowing(true);
    this.#endWhenLeft = 0;
    this.#topLine = 0;
    this.#lead = 0;
    this.#widestColumns = 0;
    this.#topSeq = null;
    this.#map.anchor(0, 0);
    this.#rowKeys.fill(-1);
  }

  /** Scrolls to the newest line and follows it again. */
  scrollToLatest(): void {
    this.#setFollowing(true);
    this.render();
    this.commit();
  }

  /** Renders if on screen (once per frame, from the scheduler). */
  update(): void {
    if (this.#onScreen) this.render();
  }

  /** Renders now, on screen or not. */
  render(): void {
    const source = this.#source;
    if (this.#lineHeight === 0) this.#measure();
    const lineHeight = this.#lineHeight;
    if (lineHeight === 0) return; // Not laid out (display: none); the resize observer renders later.

    const changedFrom = source.takeChangedFrom();
    const count = source.lineCount;
    const dropped = source.droppedLines;
    const lead = dropped > 0 ? 1 : 0;
    this.#lead = lead;
    const wrap = this.#wrap;
    if (wrap !== null) {
      wrap.setColumns(this.#wrapColumns());
      wrap.invalidate(changedFrom);
      wrap.beginFrame(WRAP_BLOCKS_PER_FRAME);
    }
    const map = this.#map;
    map.update(lead + (wrap === null ? count : wrap.totalRows), lineHeight, this.#viewportHeight);
    const { sizer, rows } = this.#parts;
    if (map.contentHeight !== this.#contentHeight) {
      this.#contentHeight = map.contentHeight;
      sizer.style.height = `${map.contentHeight}px`;
    }
    let topLine: number;
    if (this.#following || count === 0) {
      topLine = map.maxTopLine;
    } else {
      // The reader's scroll says where the view is; else the line kept at the top stays
      // there however lines were trimmed or wrapped anew (or the oldest left, when it went).
      const kept = this.#topSeq;
      const current = this.#readerScrolled || kept === null ? map.topLineAt(this.#scrollTop) : this.#rowOfSeq(Math.max(kept, dropped)) + (kept >= dropped ? this.#topOffset : 0);
      topLine = Math.min(Math.max(0, current), map.maxTopLine);
      // Compressed, the offset stays where the reader left it and now means the kept line.
      if (map.compressed) map.anchor(this.#scrollTop, topLine);
    }
    this.#readerScrolled = false;
    const scrollTop = map.scrollTopFor(topLine);
    map.anchor(scrollTop, topLine);
    if (this.#scrollLost || Math.abs(this.#scrollTop - scrollTop) >= 1) {
      this.#scrollTop = scrollTop;
      this.#pendingScrollTop = scrollTop;
    }
    this.#topLine = topLine;
    const top = this.#lineAtRow(topLine);
    this.#topSeq = top.seq;
    this.#topOffset = topLine - this.#rowOfSeq(top.seq);

    const visible = Math.ceil(this.#viewportHeight / lineHeight);
    const first = Math.max(0, Math.floor(topLine) - OVERSCAN_ROWS);
    let end = Math.min(map.contentHeight === 0 ? 0 : lead + (wrap === null ? count : wrap.totalRows), Math.ceil(topLine) + visible + OVERSCAN_ROWS);
    const offset = scrollTop + (first - topLine) * lineHeight;
    // A compressed scroll range must not be lengthened by rows hanging below it.
    while (end > first && offset + (end - first) * lineHeight > map.contentHeight + 0.5) end--;
    rows.style.transform = `translateY(${offset}px)`;
    this.#renderMarker(lead === 1 && first === 0 && end > 0, dropped);
    this.#renderRows(Math.max(first, lead), Math.max(first, lead, end), dropped, changedFrom);
    this.#sizeWidth();
    this.#renderJump(dropped + count);
    // Blocks of lines left unmeasured (a flood at wrap): measured over the next frames.
    if (wrap !== null && !wrap.complete) this.#requestRender();
    this.onRowsChanged?.();
  }

  /** The first row (trim marker included) of line `seq`. */
  #rowOfSeq(seq: number): number {
    return this.#lead + (this.#wrap === null ? seq - this.#source.droppedLines : this.#wrap.rowOfLine(seq));
  }

  /** The line at a row (trim marker included) and which of its rows; the marker row counts as row -1 of the first line. */
  #lineAtRow(row: number): { seq: number; part: number } {
    const dropped = this.#source.droppedLines;
    const index = Math.floor(row) - this.#lead;
    if (index < 0) return { seq: dropped, part: index };
    if (this.#wrap === null) return { seq: dropped + Math.min(index, Math.max(0, this.#source.lineCount - 1)), part: 0 };
    return this.#wrap.lineAtRow(index);
  }

  /** Columns of text a row holds when wrapping: the viewport's text width less the gutters. */
  #wrapColumns(): number {
    if (this.#columnWidth === 0) return 80;
    return Math.max(1, Math.floor(this.#textWidth / this.#columnWidth) - this.#gutterColumns());
  }

  /** Gutter columns before a row's text: the line number and its margin, the timestamp and its margin. */
  #gutterColumns(): number {
    return (this.#lineNumbers ? Math.max(1, this.#gutterDigits) + 2 : 0) + (this.#timeOf !== null ? 14 : 0);
  }

  /**
   * Moves the view so that line `index` (0 is the oldest retained) is in view, near
   * the top third and below `coveredTopPx` (a bar over the top); no move when it already is.
   * With columns `from` to `to` of it, scrolls sideways too so that they are in view
   * (from a third of the way across), when they are not.
   */
  revealLine(index: number, coveredTopPx = 0, from?: number, to = from): void {
    if (from !== undefined) this.#revealColumns(index, from, to!);
    const row = this.#rowOfSeq(this.#source.droppedLines + index);
    const covered = this.#lineHeight === 0 ? 0 : Math.ceil(coveredTopPx / this.#lineHeight);
    const visible = this.#viewportHeight / this.#lineHeight;
    if (row >= this.#topLine + covered && row + 1 <= this.#topLine + visible) {
      if (this.#pendingScrollLeft === null) return;
      this.render();
      this.commit();
      return;
    }
    this.scrollToRow(row - Math.max(covered, Math.floor(visible / 3)));
  }

  /** Sets the horizontal offset (written by the next commit) that puts columns `from` to `to` of line `index` in view, if they are not. */
  #revealColumns(index: number, from: number, to: number): void {
    const width = this.#columnWidth;
    if (this.#wrap !== null || width === 0) return;
    const text = this.#source.styledLine(index).text;
    const start = placeBefore(text, Infinity, from, this.#wideWidths);
    const end = placeBefore(text, Infinity, to, this.#wideWidths, start);
    const gutter = this.#gutterColumns();
    const left = this.#paddingLeft + (gutter + start.x) * width;
    const right = this.#paddingLeft + (gutter + end.x) * width;
    const scrollLeft = this.#scrollLeft;
    if (left >= scrollLeft && right <= scrollLeft + this.#viewportWidth) return;
    const target = Math.max(0, Math.round(left - this.#viewportWidth / 3));
    this.#scrollLeft = target;
    this.#pendingScrollLeft = target;
  }

  /** Puts row `row` (fractional) at the top of the view; at or past the last page, follows again. */
  scrollToRow(row: number): void {
    const map = this.#map;
    const target = Math.max(0, Math.min(row, map.maxTopLine));
    if (target >= map.maxTopLine && this.#source.lineCount > 0) {
      this.scrollToLatest();
      return;
    }
    this.#setFollowing(false);
    const scrollTop = map.scrollTopFor(target);
    map.anchor(scrollTop, target);
    this.#scrollTop = scrollTop;
    this.#pendingScrollTop = scrollTop;
    // The new offset, not the line kept at the top, says where the view is now.
    this.#readerScrolled = true;
    this.render();
    this.commit();
  }

  /**
   * Moves the view for a key, as the reader expects at any number of lines: arrows a
   * line, PageUp/PageDown a page less one line, Home the first line, End the latest.
   * Returns whether the key was one of those.
   */
  scrollForKey(key: string): boolean {
    const page = Math.max(1, Math.floor(this.#viewportHeight / this.#lineHeight) - 1);
    const top = this.#following ? this.#map.maxTopLine : this.#topLine;
    switch (key) {
      case 'ArrowUp':
        this.scrollToRow(top - 1);
        return true;
      case 'ArrowDown':
        this.scrollToRow(top + 1);
        return true;
      case 'PageUp':
        this.scrollToRow(top - page);
        return true;
      case 'PageDown':
        this.scrollToRow(top + page);
        return true;
      case 'Home':
        this.scrollToRow(0);
        return true;
      case 'End':
        this.scrollToLatest();
        return true;
      default:
        return false;
    }
  }

  /**
   * The text position under a point of the page: the line at that height (clamped
   * to the retained lines; above the view its start, below it its end) and the
   * column nearest the point in that line's row. Null when there are no lines.
   */
  positionAt(clientX: number, clientY: number): Position | null {
    const count = this.#source.lineCount;
    if (count === 0 || this.#lineHeight === 0) return null;
    const box = this.#parts.viewport.getBoundingClientRect();
    const dropped = this.#source.droppedLines;
    const y = clientY - box.top;
    const rowIndex = Math.floor(this.#topLine + y / this.#lineHeight);
    const { seq, part } = this.#lineAtRow(rowIndex);
    if (part < 0) return { seq: dropped, col: 0 };
    const last = this.#rowOfSeq(dropped + count - 1) + (this.#wrap === null ? 1 : this.#wrap.rowsOfLine(dropped + count - 1));
    if (rowIndex >= last) return { seq: dropped + count - 1, col: Infinity };
    if (y < 0) return { seq, col: 0 };
    if (y > box.height) return { seq, col: Infinity };
    const at = this.#rowKeys.indexOf(rowKey(seq, part));
    if (at === -1) return { seq, col: 0 };
    return { seq, col: this.#rowStarts[at]! + columnAt(this.#rowElements[at]!, clientX) };
  }

  /** Where the view starts: the first line at least partly shown, column 0. */
  topPosition(): Position {
    const index = Math.max(0, Math.min(this.#source.lineCount - 1, Math.floor(this.#topLine) - this.#lead));
    return { seq: this.#source.droppedLines + Math.max(0, index), col: 0 };
  }

  focusViewport(): void {
    this.#parts.viewport.focus({ preventScroll: true });
  }

  /** Whether `node` is in the rows block (a line or the trim marker), not the viewport's other content. */
  containsRowNode(node: Node): boolean {
    return this.#parts.rows.contains(node) || node === this.#parts.viewport || node === this.#parts.sizer;
  }

  /** The rendered rows showing line `seq` (several when it wraps), each with the offset in the line of its first character. */
  rowsOf(seq: number): { row: HTMLElement; start: number }[] {
    const found: { row: HTMLElement; start: number }[] = [];
    const keys = this.#rowKeys;
    for (let i = 0; i < keys.length; i++) if (keys[i]! >= 0 && seqOfKey(keys[i]!) === seq) found.push({ row: this.#rowElements[i]!, start: this.#rowStarts[i]! });
    return found;
  }

  /** DOM ranges over columns `from` to `to` of line `seq`, one per rendered row of it that holds some of them. */
  rangesIn(seq: number, from: number, to: number): Range[] {
    const ranges: Range[] = [];
    for (const { row, start } of this.rowsOf(seq)) {
      const range = rowRange(row, from - start, to - start);
      if (range !== null) ranges.push(range);
    }
    return ranges;
  }

  /** Sequence numbers of the rendered lines, first and past the last. */
  get renderedSeqs(): { from: number; to: number } {
    const keys = this.#rowKeys;
    if (keys.length === 0 || keys[0]! < 0 || keys.at(-1)! < 0) return { from: 0, to: 0 };
    return { from: seqOfKey(keys[0]!), to: seqOfKey(keys.at(-1)!) + 1 };
  }

  /**
   * Writes the scroll offset render decided. Kept apart because it makes the browser
   * lay out: the scheduler calls it after every console's render, so one layout serves all.
   */
  commit(): void {
    if (this.#pendingScrollTop !== null) {
      this.#parts.viewport.scrollTop = this.#pendingScrollTop;
      this.#pendingScrollTop = null;
      this.#scrollLost = false;
    }
    if (this.#pendingScrollLeft !== null) {
      this.#parts.viewport.scrollLeft = this.#pendingScrollLeft;
      this.#pendingScrollLeft = null;
    }
  }

  /** Renders rows `first` to `end` (row indices, past the trim marker): the lines, or with wrap each line's rows. */
  #renderRows(first: number, end: number, dropped: number, changedFrom: number): void {
    const wanted: { seq: number; part: number }[] = [];
    if (end > first) {
      let { seq, part } = this.#lineAtRow(first);
      const last = dropped + this.#source.lineCount;
      for (let row = first; row < end && seq < last; row++) {
        wanted.push({ seq, part });
        if (this.#wrap !== null && part + 1 < this.#wrap.rowsOfLine(seq)) part++;
        else {
          seq++;
          part = 0;
        }
      }
    }
    const keys = wanted.map(({ seq, part }) => rowKey(seq, part));
    const elements = this.#rowElements;
    this.#shiftRows(keys);
    while (elements.length > keys.length) {
      elements.pop()!.remove();
      this.#rowKeys.pop();
      this.#rowStarts.pop();
      this.#rowWindows.pop();
    }
    if (elements.length < keys.length) {
      const fragment = document.createDocumentFragment();
      while (elements.length < keys.length) {
        const row = document.createElement('div');
        row.className = 'line';
        row.setAttribute('part', 'line');
        elements.push(row);
        this.#rowKeys.push(-1);
        this.#rowStarts.push(0);
        this.#rowWindows.push(null);
        fragment.append(row);
      }
      this.#parts.rows.append(fragment);
    }
    const contrast = this.#contrast();
    if (contrast !== this.#drawnContrast) {
      this.#drawnContrast = contrast;
      this.#rowKeys.fill(-1);
    }
    const numbered = this.#lineNumbers;
    if (numbered) this.#sizeGutter(dropped + this.#source.lineCount);
    const window = this.#columnWindow();
    let startsOf = { seq: -1, starts: [0] };
    for (let i = 0; i < keys.length; i++) {
      const { seq, part } = wanted[i]!;
      const drawnFor = this.#rowWindows[i]!;
      if (this.#rowKeys[i] === keys[i] && seq < changedFrom && (drawnFor === null || drawnFor === window)) continue;
      const row = elements[i]!;
      let line = this.#source.styledLine(seq - dropped);
      let start = 0;
      let before = 0;
      let windowed: ColumnWindow | null = null;
      if (this.#wrap !== null) {
        if (startsOf.seq !== seq) startsOf = { seq, starts: this.#wrapModule!.rowStarts(line.text, this.#wrap.columns) };
        start = startsOf.starts[part] ?? line.text.length;
        line = sliceStyledLine(line, start, startsOf.starts[part + 1] ?? line.text.length, part + 1 >= startsOf.starts.length);
      } else {
        const text = line.text;
        this.#noteWidth(text);
        if (window !== null && text.length > LONG_LINE_UNITS) {
          // Only the window's columns, after a spacer as wide as the text before them.
          const first = placeBefore(text, window.from, Infinity, window.widths);
          const end = placeBefore(text, window.to, Infinity, window.widths, first).offset;
          start = first.offset;
          before = first.x;
          line = sliceStyledLine(line, start, end, end >= text.length);
          windowed = window;
          this.#probeWide();
        }
      }
      renderLine(row, line, contrast);
      if (before > 0) row.prepend(spacer(before));
      if (numbered) row.prepend(lineNumber(part === 0 ? String(seq + 1) : ''));
      if (this.#timeOf !== null) row.prepend(timestamp(part === 0 ? this.#timeOf(seq) : Number.NaN));
      this.#rowKeys[i] = keys[i]!;
      this.#rowStarts[i] = start;
      this.#rowWindows[i] = windowed;
    }
  }

  /**
   * The window of columns for long lines at the current horizontal offset (null when
   * wrapping): from a step or more left of the view to a step or more right of it, the
   * same object while the view stays within its step and nothing it was laid out by changed.
   */
  #columnWindow(): ColumnWindow | null {
    const width = this.#columnWidth;
    if (this.#wrap !== null || width === 0) return null;
    const view = this.#viewportWidth / width;
    const step = Math.max(WINDOW_STEP_MIN, Math.ceil(view / 64) * 64);
    const left = (this.#scrollLeft - this.#paddingLeft) / width - this.#gutterColumns();
    const from = Math.max(0, Math.floor(left / step) - 1) * step;
    const to = from + 3 * step + Math.ceil(view);
    const kept = this.#window;
    if (kept !== null && kept.from === from && kept.to === to && kept.widths === this.#wideWidths) return kept;
    this.#window = { from, to, widths: this.#wideWidths };
    return this.#window;
  }

  /** Measures how wide two-column characters are drawn, once a long line is drawn (the measure follows in the resize observer's callback). */
  #probeWide(): void {
    if (this.#wideProbes.length > 0) return;
    for (const text of ['0', '\u4e2d', '\u{1f600}']) {
      const probe = document.createElement('span');
      probe.textContent = text.repeat(100);
      this.#wideProbes.push(probe);
      this.#parts.probe.append(probe);
      this.#resizeObserver.observe(probe);
    }
  }

  /**
   * Keeps row elements with the rows they show: when the view moves by fewer rows
   * than there are, the elements that left one end are moved to the other (and only
   * they get new text), instead of rewriting every row.
   */
  #shiftRows(wanted: readonly number[]): void {
    const elements = this.#rowElements;
    const keys = this.#rowKeys;
    if (elements.length === 0 || keys[0]! < 0 || wanted.length === 0) return;
    const length = Math.min(elements.length, wanted.length);
    let shift = keys.indexOf(wanted[0]!);
    if (shift === -1) shift = -wanted.indexOf(keys[0]!);
    if (shift === 0 || Math.abs(shift) >= length || (shift < 0 && wanted.indexOf(keys[0]!) === -1)) return;
    if (shift > 0) {
      const moved = elements.splice(0, shift);
      keys.splice(0, shift);
      this.#rowStarts.splice(0, shift);
      this.#rowWindows.splice(0, shift);
      this.#parts.rows.append(...moved);
      elements.push(...moved);
      keys.push(...moved.map(() => -1));
      this.#rowStarts.push(...moved.map(() => 0));
      this.#rowWindows.push(...moved.map(() => null));
    } else {
      const moved = elements.splice(elements.length + shift);
      keys.splice(keys.length + shift);
      this.#rowStarts.splice(this.#rowStarts.length + shift);
      this.#rowWindows.splice(this.#rowWindows.length + shift);
      // Before the first line row, so the trim marker stays first.
      elements[0]!.before(...moved);
      elements.unshift(...moved);
      keys.unshift(...moved.map(() => -1));
      this.#rowStarts.unshift(...moved.map(() => 0));
      this.#rowWindows.unshift(...moved.map(() => null));
    }
  }

  /** Shows the trim marker as the first row, saying how many lines were dropped, or takes it away. */
  #renderMarker(shown: boolean, dropped: number): void {
    const marker = this.#parts.dropped;
    if (!shown) {
      if (marker.isConnected) marker.remove();
      return;
    }
    const label = `… ${dropped.toLocaleString()} earlier line${dropped === 1 ? '' : 's'} dropped (max-lines)`;
    if (marker.textContent !== label) marker.textContent = label;
    if (this.#parts.rows.firstChild !== marker) this.#parts.rows.prepend(marker);
  }

  /** Widens the horizontal range for a line drawn wider than any before, so it stays while the line scrolls out. */
  #noteWidth(text: string): void {
    // A line can be no more columns than twice its code units; only those that could be wider are counted.
    if (text.length * 2 <= this.#widestColumns) return;
    let columns = text.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x1100) columns += codePointWidth(text.codePointAt(i)!) - 1;
      if (code === 9) columns += 7;
    }
    if (columns > this.#widestColumns) this.#widestColumns = columns;
  }

  #sizeWidth(): void {
    const columns = this.#wrap !== null ? 0 : this.#widestColumns + (this.#lineNumbers ? this.#gutterDigits + 2 : 0) + (this.#timeOf !== null ? 14 : 0);
    if (columns === this.#sizerColumns) return;
    this.#sizerColumns = columns;
    this.#parts.sizer.style.width = columns === 0 ? '' : `calc(${columns}ch + 2 * var(--_padding-inline))`;
  }

  #renderJump(total: number): void {
    const jump = this.#parts.jump;
    if (this.#following) {
      this.#endWhenLeft = total;
      if (!jump.hidden) jump.hidden = true;
      return;
    }
    // More new lines than are kept reads as "N+" (N kept): the others were dropped unseen.
    const fresh = Math.min(total - this.#endWhenLeft, this.#source.lineCount);
    const more = total - this.#endWhenLeft > fresh ? '+' : '';
    const label = fresh > 0 ? `${fresh.toLocaleString()}${more} new line${fresh === 1 && !more ? '' : 's'}` : 'Latest';
    const text = this.#parts.jumpLabel;
    if (text.textContent !== label) text.textContent = label;
    if (jump.hidden) jump.hidden = false;
  }

  /** Sizes the gutter for the digits of the last line's number (narrower again after clear()). */
  #sizeGutter(lastNumber: number): void {
    const digits = String(lastNumber).length;
    if (digits === this.#gutterDigits) return;
    this.#gutterDigits = digits;
    this.#parts.rows.style.setProperty('--_gutter-digits', String(digits));
  }

  #setFollowing(following: boolean): void {
    if (following === this.#following) return;
    this.#following = following;
    this.onFollowChange?.(following);
  }

  #measure(): void {
    const probe = this.#parts.probe;
    this.#lineHeight = probe.getBoundingClientRect().height;
    this.#viewportHeight = this.#parts.viewport.clientHeight;
    // The probe holds ten columns of text; the rows block's padding is not room for text.
    const columns = probe.firstElementChild?.getBoundingClientRect().width ?? 0;
    this.#columnWidth = columns / 10;
    const style = getComputedStyle(this.#parts.rows);
    const viewport = this.#parts.viewport;
    this.#viewportWidth = viewport.clientWidth;
    this.#paddingLeft = parseFloat(style.paddingLeft) || 0;
    this.#textWidth = this.#viewportWidth - this.#paddingLeft - (parseFloat(style.paddingRight) || 0);
    if (this.#wideProbes.length > 0) {
      const [zeros, wide, emoji] = this.#wideProbes.map((probe) => probe.getBoundingClientRect().width) as [number, number, number];
      const kept = this.#wideWidths;
      if (zeros > 0 && (wide / zeros !== kept.wide || emoji / zeros !== kept.emoji)) this.#wideWidths = { wide: wide / zeros, emoji: emoji / zeros };
    }
    if (this.#pendingScrollLeft === null) this.#scrollLeft = viewport.scrollLeft;
    // Not laid out (display: none, or detached): the browser forgets the scroll offset.
    if (this.#lineHeight === 0) this.#scrollLost = true;
  }

  readonly #onScroll = (): void => {
    const viewport = this.#parts.viewport;
    // Sideways, the offset is only where long lines' windows are: it is whatever the browser says, reset or not.
    const scrollLeft = viewport.scrollLeft;
    if (scrollLeft !== this.#scrollLeft && this.#pendingScrollLeft === null) {
      this.#scrollLeft = scrollLeft;
      this.#requestRender();
    }
    // The browser's own reset of a re-attached or re-shown viewport, not the reader.
    if (this.#scrollLost) return;
    const scrollTop = viewport.scrollTop;
    const atBottom = scrollTop + viewport.clientHeight >= viewport.scrollHeight - FOLLOW_SLACK_PX;
    // Only the reader moving up stops following. A scroll event with the offset where it
    // was (a sideways scroll) or further down, off the bottom only because the viewport
    // shrank (a horizontal scrollbar appearing under a long line), leaves it following,
    // and the next render puts the last line back in view.
    const movedUp = scrollTop < this.#scrollTop - FOLLOW_SLACK_PX;
    const map = this.#map;
    // A thumb drag lands in proportion to the whole range; any other move is a step from where the view was.
    const topLine = this.#thumbDrag && map.compressed ? (scrollTop / Math.max(1, map.maxScrollTop)) * map.maxTopLine : map.topLineAt(scrollTop);
    map.anchor(scrollTop, topLine);
    if (Math.abs(scrollTop - this.#scrollTop) >= 1) this.#readerScrolled = true;
    this.#scrollTop = scrollTop;
    if (atBottom) this.#setFollowing(true);
    else if (movedUp || !this.#following) this.#setFollowing(false);
    this.#requestRender();
  };
}

/** Blocks of lines a wrapped view measures per frame beyond those it shows (about 64 Ki lines). */
const WRAP_BLOCKS_PER_FRAME = 64;
/** Rows of one line a key tells apart (WrapLayout's MAX_ROWS_PER_LINE). */
const PARTS_PER_KEY = 1 << 20;

/** A number naming one row: a line and which of its rows. Exact up to 2^53 / 2^20 lines. */
function rowKey(seq: number, part: number): number {
  return seq * PARTS_PER_KEY + part;
}

function seqOfKey(key: number): number {
  return Math.floor(key / PARTS_PER_KEY);
}

/**
 * The part of a styled line from `from` to `to`: its text and the runs over it,
 * shifted; the end-of-line marks (tail background, truncation) only on the last part.
 */
function sliceStyledLine(line: StyledLine, from: number, to: number, last: boolean): StyledLine {
  if (from === 0 && to >= line.text.length) return line;
  const text = line.text.slice(from, to);
  const runs = line.runs;
  if (runs === null) return { text, runs: null, links: null };
  const kept: number[] = [];
  const links: string[] = [];
  for (let r = 0; r < runs.length; r += 4) {
    const attrs = runs[r + 3]!;
    const start = runs[r]!;
    const end = r + 4 < runs.length ? runs[r + 4]! : Infinity;
    if (attrs & Attr.TailBackground) {
      if (last) kept.push(Math.max(0, start - from), runs[r + 1]!, runs[r + 2]!, attrs);
      if (last) links.push(line.links?.[r / 4] ?? '');
      continue;
    }
    if (end <= from || start >= to) continue;
    kept.push(Math.max(0, start - from), runs[r + 1]!, runs[r + 2]!, attrs);
    links.push(line.links?.[r / 4] ?? '');
  }
  return { text, runs: Int32Array.from(kept), links: line.links === null ? null : links };
}

const pad = (value: number, digits = 2) => String(value).padStart(digits, '0');

/** A row's arrival time, local, to the millisecond; blank for a line from before timestamps were on. */
function timestamp(time: number): HTMLElement {
  const gutter = document.createElement('span');
  gutter.className = 'gutter time';
  gutter.setAttribute('part', 'timestamp');
  gutter.setAttribute('aria-hidden', 'true');
  if (Number.isNaN(time)) {
    gutter.textContent = ' '.repeat(12);
  } else {
    const date = new Date(time);
    gutter.textContent = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  }
  return gutter;
}

/** Stands for the text before a long line's window: as wide, with none of its characters. */
function spacer(ch: number): HTMLElement {
  const node = document.createElement('span');
  node.className = 'spacer';
  node.setAttribute('aria-hidden', 'true');
  node.style.width = `${ch}ch`;
  return node;
}

/** A row's line number: not read out (the log is the text), and not selected with it. */
function lineNumber(value: string): HTMLElement {
  const gutter = document.createElement('span');
  gutter.className = 'gutter';
  gutter.setAttribute('part', 'gutter');
  gutter.setAttribute('aria-hidden', 'true');
  gutter.textContent = value;
  return gutter;
}

/** Code units in a row's text nodes (the line's text: gutters, a long line's spacer and the truncation mark excluded). */
export function lineTextNodes(row: HTMLElement): { node: Text; start: number }[] {
  const nodes: { node: Text; start: number }[] = [];
  let start = 0;
  for (const child of row.childNodes) {
    let text: Node | null = null;
    if (child.nodeType === Node.TEXT_NODE) text = child;
    else if (child instanceof HTMLElement && !child.classList.contains('gutter') && !child.classList.contains('truncated') && !child.classList.contains('spacer')) text = child.firstChild;
    if (text === null || text.nodeType !== Node.TEXT_NODE) continue;
    nodes.push({ node: text as Text, start });
    start += (text as Text).data.length;
  }
  return nodes;
}

/** A DOM Range over columns `from` to `to` of a row's line text, or null when the row has no text there. */
export function rowRange(row: HTMLElement, from: number, to: number, nodes = lineTextNodes(row)): Range | null {
  if (nodes.length === 0) return null;
  const last = nodes[nodes.length - 1]!;
  const length = last.start + last.node.data.length;
  const start = Math.max(0, Math.min(from, length));
  const end = Math.max(start, Math.min(to, length));
  if (end === start) return null;
  const range = document.createRange();
  const place = (col: number, atEnd: boolean) => {
    for (let i = 0; i < nodes.length; i++) {
      const { node, start: at } = nodes[i]!;
      const next = at + node.data.length;
      if (col < next || (col === next && (atEnd || i === nodes.length - 1))) return { node, offset: col - at };
    }
    return { node: last.node, offset: last.node.data.length };
  };
  const a = place(start, false);
  const b = place(end, true);
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

/** The column of a row's line text nearest `clientX`: the boundary between characters the point is closest to. */
function columnAt(row: HTMLElement, clientX: number): number {
  const nodes = lineTextNodes(row);
  if (nodes.length === 0) return 0;
  const last = nodes[nodes.length - 1]!;
  const length = last.start + last.node.data.length;
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const range = rowRange(row, mid, mid + 1, nodes);
    const rect = range?.getBoundingClientRect();
    if (rect === undefined || clientX < (rect.left + rect.right) / 2) high = mid;
    else low = mid + 1;
  }
  return low;
}
