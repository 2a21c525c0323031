/** Scroll heights above this are compressed: browsers cap element heights (Firefox near 17.9 M px). */
export const MAX_SCROLL_HEIGHT_PX = 8_000_000;
/** A move of the scroll offset up to this many viewport heights is a reader's step (wheel, keys), taken 1:1. */
const STEP_VIEWPORTS = 3;
/** …and never less than this many pixels. */
const MIN_STEP_PX = 1200;

/**
 * Maps between the top line of the view (fractional, in rows) and the viewport's
 * scroll offset. While all rows fit under MAX_SCROLL_HEIGHT_PX, a row is
 * `lineHeight` pixels of scroll. Past it the range is compressed the way
 * CodeMirror 6's BigScaler does it: a step from where the view is (a wheel tick,
 * an arrow, a page) moves 1:1, so it moves the same lines at a thousand lines and
 * at a hundred million; a jump (dragging the thumb, Home, End) lands in proportion
 * to the whole range; the two ends of the range are the first and the last line.
 */
export class ScrollMap {
  #lineHeight = 1;
  #viewportHeight = 0;
  #rows = 0;
  /** Where the view is: a scroll offset and the top line it shows. */
  #scrollTop = 0;
  #topLine = 0;

  /** Sets the geometry; the view's place (its anchor) stays as it was. */
  update(rows: number, lineHeight: number, viewportHeight: number): void {
    this.#rows = rows;
    this.#lineHeight = lineHeight;
    this.#viewportHeight = viewportHeight;
  }

  get contentHeight(): number {
    return Math.min(this.#rows * this.#lineHeight, MAX_SCROLL_HEIGHT_PX);
  }

  get compressed(): boolean {
    return this.#rows * this.#lineHeight > MAX_SCROLL_HEIGHT_PX;
  }

  get maxScrollTop(): number {
    return Math.max(0, this.contentHeight - this.#viewportHeight);
  }

  /** The top line when the last line sits at the bottom of the viewport. */
  get maxTopLine(): number {
    return Math.max(0, this.#rows - this.#viewportHeight / this.#lineHeight);
  }


  /** Records where the view is, so the next step is measured from there. */
  anchor(scrollTop: number, topLine: number): void {
    this.#scrollTop = scrollTop;
    this.#topLine = topLine;
  }

  /** The top line for a scroll offset the browser reports, seen from the anchor. */
  topLineAt(scrollTop: number): number {
    const maxTop = this.maxTopLine;
    const maxScroll = this.maxScrollTop;
    if (maxScroll <= 0) return 0;
    // The same offset as the anchor (our own write coming back, or a sideways scroll): the same line.
    if (Math.abs(scrollTop - this.#scrollTop) < 1) return Math.min(this.#topLine, maxTop);
    if (!this.compressed) return clamp(scrollTop / this.#lineHeight, 0, maxTop);
    if (scrollTop <= 0) return 0;
    if (scrollTop >= maxScroll - 0.5) return maxTop;
    const delta = scrollTop - this.#scrollTop;
    if (Math.abs(delta) <= this.#stepPx()) return clamp(this.#topLine + delta / this.#lineHeight, 0, maxTop);
    return (scrollTop / maxScroll) * maxTop;
  }

  /** The scroll offset that shows `topLine` at the top, seen from the anchor. */
  scrollTopFor(topLine: number): number {
    const maxTop = this.maxTopLine;
    const maxScroll = this.maxScrollTop;
    if (maxTop <= 0 || maxScroll <= 0) return 0;
    if (!this.compressed) return clamp(topLine * this.#lineHeight, 0, maxScroll);
    if (topLine <= 0) return 0;
    if (topLine >= maxTop) return maxScroll;
    const delta = (topLine - this.#topLine) * this.#lineHeight;
    // A step from the anchor stays a step, as long as it keeps off the ends (which mean the first and last lines).
    if (Math.abs(delta) <= this.#stepPx()) {
      const scrollTop = this.#scrollTop + delta;
      if (scrollTop >= 1 && scrollTop <= maxScroll - 1) return scrollTop;
    }
    return clamp((topLine / maxTop) * maxScroll, 1, maxScroll - 1);
  }

  #stepPx(): number {
    return Math.max(MIN_STEP_PX, STEP_VIEWPORTS * this.#viewportHeight);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
