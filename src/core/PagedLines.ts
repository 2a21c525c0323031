import { detachString } from './detachString.js';

const CARRIAGE_RETURN = 13;

/**
 * A run of complete lines kept as one string plus the offsets of their `\n`.
 * One string per batch instead of one per line: a million retained lines cost
 * a few hundred strings and 4 bytes of offsets each, and no per-line garbage.
 */
interface Page {
  /** Each line followed by its `\n`. */
  readonly text: string;
  /** `breaks[j]` is the offset of line j's `\n` in `text`. */
  readonly breaks: Int32Array;
  /** Sequence number of line 0 of this page. */
  readonly firstSeq: number;
  /** Whether `text` holds a `\r` anywhere; when not, lines need no `\r\n` check. */
  readonly hasCarriageReturn: boolean;
}

/** Small batches are merged into the last page up to this size, so one line per frame does not make one page per line. */
const MERGE_LIMIT_CHARS = 64 * 1024;
/** The head page is copied once more than this many of its characters belong to trimmed lines (and more than half). */
const DEAD_PREFIX_LIMIT_CHARS = 64 * 1024;

/**
 * The complete lines of the console, addressed by sequence number: the first line
 * ever appended since {@link PagedLines.reset} is 0, and numbers never shift when
 * old lines are trimmed. Lines are appended in batches and trimmed from the front.
 *
 * Memory is the retained text plus 4 bytes per line, and at most
 * max(64 K characters, half the head page) of trimmed text still held by the head page.
 */
export class PagedLines {
  /** Pages holding at least one retained line, oldest first: few, so splicing the front is cheap. */
  #pages: Page[] = [];
  #firstSeq = 0;
  #endSeq = 0;
  /** Page index of the last lookup: renderers read consecutive lines. */
  #lastPage = 0;

  /** Sequence number of the oldest retained line. */
  get firstSeq(): number {
    return this.#firstSeq;
  }

  /** Sequence number one past the newest line. */
  get endSeq(): number {
    return this.#endSeq;
  }

  get length(): number {
    return this.#endSeq - this.#firstSeq;
  }

  /** Forgets every line; numbering restarts at `firstSeq`. */
  reset(firstSeq = 0): void {
    this.#pages = [];
    this.#lastPage = 0;
    this.#firstSeq = firstSeq;
    this.#endSeq = firstSeq;
  }

  /**
   * Appends `breaks.length` lines. `text` must own its storage (see detachString)
   * and end with the `\n` at `breaks[breaks.length - 1]`.
   */
  append(text: string, breaks: Int32Array): void {
    if (breaks.length === 0) return;
    const hasCarriageReturn = text.includes('\r');
    const last = this.#pages.at(-1);
    if (last !== undefined && last.text.length + text.length <= MERGE_LIMIT_CHARS) {
      const merged = new Int32Array(last.breaks.length + breaks.length);
      merged.set(last.breaks);
      for (let i = 0; i < breaks.length; i++) merged[last.breaks.length + i] = breaks[i]! + last.text.length;
      this.#pages[this.#pages.length - 1] = {
        text: last.text + text,
        breaks: merged,
        firstSeq: last.firstSeq,
        hasCarriageReturn: last.hasCarriageReturn || hasCarriageReturn,
      };
    } else {
      this.#pages.push({ text, breaks, firstSeq: this.#endSeq, hasCarriageReturn });
    }
    this.#endSeq += breaks.length;
  }

  /** Drops the `count` oldest lines (all of them when `count` exceeds the length). */
  dropOldest(count: number): void {
    if (count <= 0) return;
    this.#firstSeq = Math.min(this.#endSeq, this.#firstSeq + count);
    let dead = 0;
    while (dead < this.#pages.length && pageEnd(this.#pages[dead]!) <= this.#firstSeq) dead++;
    if (dead === this.#pages.length) {
      this.reset(this.#firstSeq);
      return;
    }
    this.#pages.splice(0, dead);
    this.#lastPage = Math.max(0, this.#lastPage - dead);
    this.#compactHeadPage();
  }

  /** Text of line `seq`, without its `\n` (nor a `\r` just before it). */
  line(seq: number): string {
    if (seq < this.#firstSeq || seq >= this.#endSeq) {
      throw new RangeError(`line ${seq} is not retained (retained: ${this.#firstSeq} to ${this.#endSeq - 1})`);
    }
    const page = this.#pages[this.#findPage(seq)]!;
    const j = seq - page.firstSeq;
    const start = j === 0 ? 0 : page.breaks[j - 1]! + 1;
    let end = page.breaks[j]!;
    if (page.hasCarriageReturn && end > start && page.text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
    return page.text.slice(start, end);
  }

  /** Pushes the retained lines, each followed by `\n`, onto `out`. */
  collectText(out: string[]): void {
    for (const page of this.#pages) {
      const first = Math.max(this.#firstSeq, page.firstSeq);
      if (page.hasCarriageReturn) {
        for (let seq = first; seq < pageEnd(page); seq++) out.push(this.line(seq), '\n');
      } else {
        const j = first - page.firstSeq;
        out.push(page.text.slice(j === 0 ? 0 : page.breaks[j - 1]! + 1));
      }
    }
  }

  #findPage(seq: number): number {
    const pages = this.#pages;
    const cached = pages[this.#lastPage];
    if (cached !== undefined && seq >= cached.firstSeq && seq < pageEnd(cached)) return this.#lastPage;
    let lo = 0;
    let hi = pages.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (pages[mid]!.firstSeq <= seq) lo = mid;
      else hi = mid - 1;
    }
    this.#lastPage = lo;
    return lo;
  }

  /** Copies the live part of the head page once trimmed lines hold most of it. */
  #compactHeadPage(): void {
    const page = this.#pages[0]!;
    const dead = this.#firstSeq - page.firstSeq;
    if (dead === 0) return;
    const deadChars = page.breaks[dead - 1]! + 1;
    if (deadChars <= DEAD_PREFIX_LIMIT_CHARS || deadChars * 2 <= page.text.length) return;
    const breaks = page.breaks.slice(dead);
    for (let i = 0; i < breaks.length; i++) breaks[i] = breaks[i]! - deadChars;
    this.#pages[0] = {
      text: detachString(page.text.slice(deadChars)),
      breaks,
      firstSeq: this.#firstSeq,
      hasCarriageReturn: page.hasCarriageReturn,
    };
  }
}

function pageEnd(page: Page): number {
  return page.firstSeq + page.breaks.length;
}
