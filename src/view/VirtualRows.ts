import type { StyledLine } from '../core/index.js';
import type { ContrastAdjuster } from './contrast.js';
import { renderLine } from './renderLine.js';

/** What the rows are drawn from: a ConsoleBuffer fits. */
export interface RowSource {
  /** Sequence number of line 0: lines dropped since the last clear. */
  readonly droppedLines: number;
  readonly lineCount: number;
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
  /** Shown while the reader is away from the latest line. */
  readonly jump: HTMLButtonElement;
  /** The jump button's text, and so its accessible name (the arrow beside it is hidden from assistive technology). */
  readonly jumpLabel: HTMLElement;
}

/** Rows rendered beyond each edge of the viewport, so a small scroll shows text at once. */
const OVERSCAN_ROWS = 10;
/** Scroll heights above this are compressed: browsers cap element heights (Firefox near 17.9 M px). */
const MAX_SCROLL_HEIGHT_PX = 8_000_000;
/** Distance from the bottom within which the reader counts as following (VS Code uses 2 px too). */
const FOLLOW_SLACK_PX = 2;

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
  /** droppedLines at the last render: the growth since is how far trimming moved the lines. */
  #renderedDropped = 0;
  /** Total lines (dropped + retained) when the reader left the bottom. */
  #endWhenLeft = 0;
  /** Sequence number shown by each row element. */
  #rowSeqs: number[] = [];
  #rowElements: HTMLElement[] = [];
  /** Fractional line at the top of the viewport after the last render. */
  #topLine = 0;
  /**
   * The viewport's scroll offset as last seen in a scroll event or set by us: render
   * reads no layout, so a hundred consoles in one frame cost no forced layouts.
   */
  #scrollTop = 0;
  /** A scroll offset decided by render, written in commit() once every console has written its DOM. */
  #pendingScrollTop: number | null = null;
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
    this.#rowSeqs.fill(-1);
    this.#requestRender();
  }

  /** Shows each line's arrival time (from `timeOf`, NaN for none) before it, or not (null). */
  set timestamps(timeOf: ((seq: number) => number) | null) {
    if (timeOf === this.#timeOf) return;
    this.#timeOf = timeOf;
    this.#rowSeqs.fill(-1);
    this.#requestRender();
  }

  /** Forgets the lines shown, after the source was cleared: the view starts over, following. */
  reset(): void {
    this.#setFollowing(true);
    this.#renderedDropped = 0;
    this.#endWhenLeft = 0;
    this.#topLine = 0;
    this.#rowSeqs.fill(-1);
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
    const trimmed = dropped - this.#renderedDropped;
    this.#renderedDropped = dropped;

    const geometry = new Geometry(count, lineHeight, this.#viewportHeight);
    const { sizer, rows } = this.#parts;
    if (geometry.contentHeight !== this.#contentHeight) {
      this.#contentHeight = geometry.contentHeight;
      sizer.style.height = `${geometry.contentHeight}px`;
    }
    let topLine: number;
    if (this.#following) {
      topLine = geometry.maxTopLine;
    } else {
      // Trimming renumbers lines; keep showing the same ones (or the oldest left).
      const current = geometry.topLineAt(this.#scrollTop, this.#topLine);
      topLine = Math.min(Math.max(0, current - trimmed), geometry.maxTopLine);
    }
    const scrollTop = geometry.scrollTopFor(topLine);
    if (this.#scrollLost || Math.abs(this.#scrollTop - scrollTop) >= 1) {
      this.#scrollTop = scrollTop;
      this.#pendingScrollTop = scrollTop;
    }
    this.#topLine = topLine;

    const visible = Math.ceil(this.#viewportHeight / lineHeight);
    const first = Math.max(0, Math.floor(topLine) - OVERSCAN_ROWS);
    let end = Math.min(count, Math.ceil(topLine) + visible + OVERSCAN_ROWS);
    const top = scrollTop + (first - topLine) * lineHeight;
    // A compressed scroll range must not be lengthened by rows hanging below it.
    while (end > first && top + (end - first) * lineHeight > geometry.contentHeight + 0.5) end--;
    rows.style.transform = `translateY(${top}px)`;
    this.#renderRows(first, end, dropped, changedFrom);
    this.#renderJump(dropped + count);
  }

  /**
   * Writes the scroll offset render decided. Kept apart because it makes the browser
   * lay out: the scheduler calls it after every console's render, so one layout serves all.
   */
  commit(): void {
    if (this.#pendingScrollTop === null) return;
    this.#parts.viewport.scrollTop = this.#pendingScrollTop;
    this.#pendingScrollTop = null;
    this.#scrollLost = false;
  }

  #renderRows(first: number, end: number, dropped: number, changedFrom: number): void {
    const wanted = end - first;
    const elements = this.#rowElements;
    const rows = this.#parts.rows;
    this.#shiftRows(dropped + first, wanted);
    while (elements.length > wanted) {
      elements.pop()!.remove();
      this.#rowSeqs.pop();
    }
    if (elements.length < wanted) {
      const fragment = document.createDocumentFragment();
      while (elements.length < wanted) {
        const row = document.createElement('div');
        row.className = 'line';
        row.setAttribute('part', 'line');
        elements.push(row);
        this.#rowSeqs.push(-1);
        fragment.append(row);
      }
      rows.append(fragment);
    }
    const contrast = this.#contrast();
    if (contrast !== this.#drawnContrast) {
      this.#drawnContrast = contrast;
      this.#rowSeqs.fill(-1);
    }
    const numbered = this.#lineNumbers;
    if (numbered) this.#sizeGutter(dropped + this.#source.lineCount);
    for (let i = 0; i < wanted; i++) {
      const seq = dropped + first + i;
      if (this.#rowSeqs[i] === seq && seq < changedFrom) continue;
      const row = elements[i]!;
      renderLine(row, this.#source.styledLine(first + i), contrast);
      if (numbered) row.prepend(lineNumber(seq + 1));
      if (this.#timeOf !== null) row.prepend(timestamp(this.#timeOf(seq)));
      this.#rowSeqs[i] = seq;
    }
  }

  /**
   * Keeps row elements with the lines they show: when the view moves by fewer lines
   * than there are rows, the rows that left one end are moved to the other (and only
   * they get new text), instead of rewriting every row.
   */
  #shiftRows(firstSeq: number, wanted: number): void {
    const elements = this.#rowElements;
    const seqs = this.#rowSeqs;
    if (elements.length === 0 || seqs[0]! < 0) return;
    const shift = firstSeq - seqs[0]!;
    const length = Math.min(elements.length, wanted);
    if (shift === 0 || Math.abs(shift) >= length) return;
    if (shift > 0) {
      const moved = elements.splice(0, shift);
      const movedSeqs = seqs.splice(0, shift);
      this.#parts.rows.append(...moved);
      elements.push(...moved);
      seqs.push(...movedSeqs.map(() => -1));
    } else {
      const moved = elements.splice(elements.length + shift);
      seqs.splice(seqs.length + shift);
      this.#parts.rows.prepend(...moved);
      elements.unshift(...moved);
      seqs.unshift(...moved.map(() => -1));
    }
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
    this.#lineHeight = this.#parts.probe.getBoundingClientRect().height;
    this.#viewportHeight = this.#parts.viewport.clientHeight;
    // Not laid out (display: none, or detached): the browser forgets the scroll offset.
    if (this.#lineHeight === 0) this.#scrollLost = true;
  }

  readonly #onScroll = (): void => {
    // The browser's own reset of a re-attached or re-shown viewport, not the reader.
    if (this.#scrollLost) return;
    const viewport = this.#parts.viewport;
    const scrollTop = viewport.scrollTop;
    const atBottom = scrollTop + viewport.clientHeight >= viewport.scrollHeight - FOLLOW_SLACK_PX;
    // Only the reader moving up stops following. A scroll event with the offset where it
    // was (a sideways scroll) or further down, off the bottom only because the viewport
    // shrank (a horizontal scrollbar appearing under a long line), leaves it following,
    // and the next render puts the last line back in view.
    const movedUp = scrollTop < this.#scrollTop - FOLLOW_SLACK_PX;
    this.#scrollTop = scrollTop;
    if (atBottom) this.#setFollowing(true);
    else if (movedUp || !this.#following) this.#setFollowing(false);
    this.#requestRender();
  };
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

/** A row's line number: not read out (the log is the text), and not selected with it. */
function lineNumber(value: number): HTMLElement {
  const gutter = document.createElement('span');
  gutter.className = 'gutter';
  gutter.setAttribute('part', 'gutter');
  gutter.setAttribute('aria-hidden', 'true');
  gutter.textContent = String(value);
  return gutter;
}

/**
 * Maps between lines and scroll offsets. Up to MAX_SCROLL_HEIGHT_PX a line is
 * `lineHeight` pixels of scroll; beyond, the scroll range is compressed and a
 * pixel of scroll moves more than one line, while rows keep their real height.
 */
class Geometry {
  readonly contentHeight: number;
  /** The top line when the last line sits at the bottom of the viewport. */
  readonly maxTopLine: number;
  readonly #maxScrollTop: number;

  constructor(count: number, lineHeight: number, viewportHeight: number) {
    this.contentHeight = Math.min(count * lineHeight, MAX_SCROLL_HEIGHT_PX);
    this.maxTopLine = Math.max(0, count - viewportHeight / lineHeight);
    this.#maxScrollTop = Math.max(0, this.contentHeight - viewportHeight);
  }

  scrollTopFor(topLine: number): number {
    if (this.maxTopLine === 0) return 0;
    return (Math.min(topLine, this.maxTopLine) / this.maxTopLine) * this.#maxScrollTop;
  }

  /** The top line for a scroll offset; `previous` when the offset still maps to it (no drift from rounding). */
  topLineAt(scrollTop: number, previous: number): number {
    if (this.#maxScrollTop === 0) return 0;
    if (Math.abs(this.scrollTopFor(previous) - scrollTop) < 1) return Math.min(previous, this.maxTopLine);
    return (scrollTop / this.#maxScrollTop) * this.maxTopLine;
  }
}
