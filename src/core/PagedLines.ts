import { detachString, joinDetached } from './detachString.js';
import { cookSgrPage } from './ingest/sgrPages.js';
import { lineBreaks } from './newlines.js';

const CARRIAGE_RETURN = 13;

/**
 * Style runs for the lines of a batch. Line j's runs are quads
 * `[offset in the line, fg, bg, attrs]` at run indexes lineRuns[j] to lineRuns[j + 1];
 * text before a line's first run, and lines without runs, are in the default style.
 */
export interface LineStyles {
  readonly lineRuns: Int32Array;
  readonly runs: Int32Array;
  /** URL of each run's OSC 8 hyperlink ('' for none), or null when no run has one. */
  readonly links: readonly string[] | null;
}

/** One line with its style runs (quads, as in LineStyles), as renderers and editors read it. */
export interface StyledLine {
  readonly text: string;
  readonly runs: Int32Array | null;
  readonly links: readonly string[] | null;
}

/**
 * A run of complete lines kept as one string plus the offsets of their `\n`.
 * One string per batch (or per written string, for plain floods) instead of one
 * per line: a million retained lines of 80 characters cost about 1,300 strings and
 * 4 bytes of offsets each, and no per-line garbage.
 */
/**
 * Receives a page's text and the offsets of its `\n`s (`breaks[j]` ends line
 * `pageFirstSeq + j`), and the lines of it wanted: from `from` up to `to`.
 */
export type PageVisitor = (text: string, breaks: Int32Array, pageFirstSeq: number, from: number, to: number) => void;

interface Page {
  /** Each line followed by its `\n`. */
  readonly text: string;
  /** How many lines. */
  readonly lines: number;
  /**
   * `breaks[j]` is the offset of line j's `\n` in `text`; null until first wanted (see
   * breaksOf): a flood replaces most pages before a line of them is read.
   */
  breaks: Int32Array | null;
  /** Sequence number of line 0 of this page. */
  readonly firstSeq: number;
  /** Whether `text` holds a `\r` anywhere; when not, lines need no `\r\n` check. */
  readonly hasCarriageReturn: boolean;
  /** Style runs, or null when every line is in the default style. */
  readonly styles: LineStyles | null;
  /**
   * Whether `text` is (a slice of) a string as the writer gave it, which may share
   * storage with a larger string, rather than a copy of its own (see {@link PagedLines.compact}).
   */
  readonly shared: boolean;
  /**
   * Whether `text` keeps its lines as written, SGR sequences among them (see
   * sgrPages): its text and styles are worked out, once, when a line of it is read.
   */
  readonly raw: boolean;
}

/** Small batches are merged with the last pages up to this size, so one line per frame does not make one page per line. */
const MERGE_LIMIT_CHARS = 64 * 1024;
/** The head page is copied once more than this many of its characters belong to trimmed lines (and more than half). */
const DEAD_PREFIX_LIMIT_CHARS = 64 * 1024;

/**
 * The complete lines of the console, addressed by sequence number: the first line
 * ever appended since {@link PagedLines.reset} is 0, and numbers never shift when
 * old lines are trimmed. Lines are appended in batches, trimmed from the front, and
 * taken back from the end when the cursor moves up into them.
 *
 * Memory is the retained text plus 4 bytes per line (16 more per style run), at
 * most max(64 K characters, half the head page) of trimmed text still held by the
 * head page, and, until {@link PagedLines.compact}, whatever the strings of shared
 * pages share storage with.
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
   * Appends the lines of `text`, which ends with a `\n`: `breaks` are the offsets of
   * its `\n`s or, to have them found only when wanted, how many there are. It must own its storage (see detachString) unless
   * `shared`: then it is kept as given, which spares a copy of text that a flood
   * replaces before anyone reads it, until {@link compact} copies it. Text without
   * `styles` that holds escapes is lines kept as written (see sgrPages), whose
   * styles are worked out only if they are read.
   */
  append(text: string, breaks: Int32Array | number, styles: LineStyles | null = null, shared = false): void {
    const lines = typeof breaks === 'number' ? breaks : breaks.length;
    if (lines === 0) return;
    const pages = this.#pages;
    const raw = styles === null && text.includes('\x1b');
    pages.push({ text, lines, breaks: typeof breaks === 'number' ? null : breaks, firstSeq: this.#endSeq, hasCarriageReturn: text.includes('\r'), styles, shared, raw });
    this.#endSeq += lines;
    // Pages at the end merge while the one before is at most twice as large as the last (and
    // both fit in MERGE_LIMIT_CHARS): page sizes then grow geometrically towards the front, so a
    // character is copied a few times at most however small the batches, not once per batch.
    // A page kept as the writer's string is not merged into: that would copy what a flood replaces unread.
    while (pages.length >= 2) {
      const first = pages[pages.length - 2]!;
      const second = pages[pages.length - 1]!;
      if (second.shared || first.text.length + second.text.length > MERGE_LIMIT_CHARS || first.text.length > 2 * second.text.length) break;
      pages.splice(pages.length - 2, 2, mergePages(first, second));
    }
    if (this.#lastPage >= pages.length) this.#lastPage = 0;
  }

  /** Characters of retained pages still kept as the writer's strings (see {@link compact}). */
  get sharedChars(): number {
    let chars = 0;
    for (const page of this.#pages) if (page.shared) chars += page.text.length;
    return chars;
  }

  /**
   * Copies pages kept as the writer's strings into strings of their own, oldest
   * first, until about `maxChars` characters were copied. A written string may be
   * a slice of a much larger one that it keeps alive; after this, retained text
   * keeps nothing alive but itself. Returns the characters still shared.
   */
  compact(maxChars = Infinity): number {
    let copied = 0;
    let left = 0;
    const pages = this.#pages;
    for (let i = 0; i < pages.length; i++) {
      const page = pages[i]!;
      if (!page.shared) continue;
      if (copied >= maxChars) {
        left += page.text.length;
        continue;
      }
      pages[i] = { ...page, text: detachString(page.text), shared: false };
      copied += page.text.length;
    }
    return left;
  }

  /** Appends `count` empty lines (a cursor moved far down): one character each. */
  appendEmpty(count: number): void {
    if (count <= 0) return;
    const breaks = new Int32Array(count);
    for (let i = 0; i < count; i++) breaks[i] = i;
    this.append('\n'.repeat(count), breaks);
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
    if (dead > 0) {
      this.#pages.splice(0, dead);
      this.#lastPage = Math.max(0, this.#lastPage - dead);
    }
    this.#compactHeadPage();
  }

  /** Removes the `count` newest lines (at most all) and returns them, oldest first. */
  takeNewest(count: number): StyledLine[] {
    const taken: StyledLine[] = [];
    count = Math.min(count, this.length);
    for (let seq = this.#endSeq - count; seq < this.#endSeq; seq++) taken.push(this.styledLine(seq));
    let remaining = count;
    while (remaining > 0) {
      const page = this.#pages.at(-1)!;
      const live = pageEnd(page) - Math.max(page.firstSeq, this.#firstSeq);
      if (live <= remaining) {
        this.#pages.pop();
        remaining -= live;
        continue;
      }
      const keep = page.lines - remaining;
      const breaks = breaksOf(page);
      this.#pages[this.#pages.length - 1] = {
        text: page.text.slice(0, breaks[keep - 1]! + 1),
        lines: keep,
        breaks: breaks.slice(0, keep),
        firstSeq: page.firstSeq,
        hasCarriageReturn: page.hasCarriageReturn,
        styles: page.styles === null ? null : { ...page.styles, lineRuns: page.styles.lineRuns.slice(0, keep + 1) },
        shared: page.shared,
        // Lines of it were just read: it is cooked.
        raw: false,
      };
      remaining = 0;
    }
    this.#endSeq -= count;
    if (this.#endSeq === this.#firstSeq) this.reset(this.#firstSeq);
    this.#lastPage = 0;
    return taken;
  }

  /** Text of line `seq`, without its `\n` (nor a `\r` just before it). */
  line(seq: number): string {
    const page = this.#page(seq);
    const j = seq - page.firstSeq;
    const breaks = breaksOf(page);
    const start = j === 0 ? 0 : breaks[j - 1]! + 1;
    let end = breaks[j]!;
    if (page.hasCarriageReturn && end > start && page.text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
    return page.text.slice(start, end);
  }

  /** Line `seq` with its style runs. */
  styledLine(seq: number): StyledLine {
    const page = this.#page(seq);
    const text = this.line(seq);
    const styles = page.styles;
    if (styles === null) return { text, runs: null, links: null };
    const j = seq - page.firstSeq;
    const from = styles.lineRuns[j]!;
    const to = styles.lineRuns[j + 1]!;
    if (from === to) return { text, runs: null, links: null };
    return { text, runs: styles.runs.subarray(from * 4, to * 4), links: styles.links === null ? null : styles.links.slice(from, to) };
  }

  /**
   * Hands the text of the lines from `from` up to `to` (clamped to the retained ones)
   * to `visit`, a page at a time, as the page's text and the offsets of its `\n`s, so
   * a search can run over many lines without a string per line. A page whose lines
   * end in `\r\n` is not handed over; the visit stops before it. Returns the sequence
   * number the visits reached.
   */
  visitPages(from: number, to: number, visit: PageVisitor): number {
    let seq = Math.max(from, this.#firstSeq);
    const end = Math.min(to, this.#endSeq);
    while (seq < end) {
      const page = this.#page(seq);
      if (page.hasCarriageReturn) return seq;
      const last = Math.min(end, pageEnd(page));
      visit(page.text, breaksOf(page), page.firstSeq, seq, last);
      seq = last;
    }
    return Math.max(seq, end);
  }

  /** Pushes the retained lines, each followed by `\n`, onto `out`. */
  collectText(out: string[]): void {
    for (let i = 0; i < this.#pages.length; i++) {
      const page = this.#cooked(i);
      const first = Math.max(this.#firstSeq, page.firstSeq);
      if (page.hasCarriageReturn) {
        for (let seq = first; seq < pageEnd(page); seq++) out.push(this.line(seq), '\n');
      } else {
        const j = first - page.firstSeq;
        out.push(j === 0 ? page.text : page.text.slice(breaksOf(page)[j - 1]! + 1));
      }
    }
  }

  /** The page holding line `seq`, cooked. */
  #page(seq: number): Page {
    if (seq < this.#firstSeq || seq >= this.#endSeq) {
      throw new RangeError(`line ${seq} is not retained (retained: ${this.#firstSeq} to ${this.#endSeq - 1})`);
    }
    const pages = this.#pages;
    const cached = pages[this.#lastPage];
    if (cached !== undefined && seq >= cached.firstSeq && seq < pageEnd(cached)) return this.#cooked(this.#lastPage);
    let lo = 0;
    let hi = pages.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (pages[mid]!.firstSeq <= seq) lo = mid;
      else hi = mid - 1;
    }
    this.#lastPage = lo;
    return this.#cooked(lo);
  }

  /** Page `index`, its text and styles worked out first if it keeps its lines as written. */
  #cooked(index: number): Page {
    const page = this.#pages[index]!;
    if (!page.raw) return page;
    const cooked = cookPage(page);
    this.#pages[index] = cooked;
    return cooked;
  }

  /** Copies the live part of the head page once trimmed lines hold most of it. */
  #compactHeadPage(): void {
    const dead = this.#firstSeq - this.#pages[0]!.firstSeq;
    if (dead === 0) return;
    const deadChars = breaksOf(this.#pages[0]!)[dead - 1]! + 1;
    if (deadChars <= DEAD_PREFIX_LIMIT_CHARS || deadChars * 2 <= this.#pages[0]!.text.length) return;
    // (Cooked whole, the lines about to go with the others: the pen at the cut depends on them.)
    const page = this.#cooked(0);
    const cookedBreaks = breaksOf(page);
    const cookedDead = cookedBreaks[dead - 1]! + 1;
    const breaks = cookedBreaks.slice(dead);
    for (let i = 0; i < breaks.length; i++) breaks[i] = breaks[i]! - cookedDead;
    this.#pages[0] = {
      text: detachString(page.text.slice(cookedDead)),
      lines: breaks.length,
      breaks,
      firstSeq: this.#firstSeq,
      hasCarriageReturn: page.hasCarriageReturn,
      // Run indexes stay valid: the runs array is kept whole.
      styles: page.styles === null ? null : { ...page.styles, lineRuns: page.styles.lineRuns.slice(dead) },
      shared: false,
      raw: false,
    };
  }
}

/** A page that keeps its lines as written (see sgrPages), with its text and styles worked out. */
function cookPage(page: Page): Page {
  const cooked = cookSgrPage(page.text, breaksOf(page));
  const styles = cooked.lineRuns === null ? null : { lineRuns: cooked.lineRuns, runs: cooked.runs, links: null };
  return { text: cooked.text, lines: page.lines, breaks: cooked.breaks, firstSeq: page.firstSeq, hasCarriageReturn: page.hasCarriageReturn, styles, shared: false, raw: false };
}

function pageEnd(page: Page): number {
  return page.firstSeq + page.lines;
}

/** The offsets of a page's `\n`s, found now if they were not yet. */
function breaksOf(page: Page): Int32Array {
  return (page.breaks ??= lineBreaks(page.text, page.lines));
}

/**
 * Two consecutive pages as one, in a copy: the merged page holds neither part's
 * storage. Lines kept as written stay so beside plain ones (both start and end in
 * the default pen); beside styled ones they are cooked first.
 */
function mergePages(first: Page, second: Page): Page {
  if (first.raw !== second.raw && (first.styles !== null || second.styles !== null)) {
    return mergePages(first.raw ? cookPage(first) : first, second.raw ? cookPage(second) : second);
  }
  const firstBreaks = breaksOf(first);
  const secondBreaks = breaksOf(second);
  const breaks = new Int32Array(first.lines + second.lines);
  breaks.set(firstBreaks);
  const offset = first.text.length;
  for (let i = 0; i < second.lines; i++) breaks[first.lines + i] = secondBreaks[i]! + offset;
  return {
    text: joinDetached([first.text, second.text]),
    lines: breaks.length,
    breaks,
    firstSeq: first.firstSeq,
    hasCarriageReturn: first.hasCarriageReturn || second.hasCarriageReturn,
    styles: mergeStyles(first.styles, first.lines, second.styles, second.lines),
    shared: false,
    raw: first.raw || second.raw,
  };
}

/** Styles of two consecutive batches of lines as one. */
function mergeStyles(first: LineStyles | null, firstLines: number, second: LineStyles | null, secondLines: number): LineStyles | null {
  if (first === null && second === null) return null;
  const a = first ?? emptyStyles(firstLines);
  const b = second ?? emptyStyles(secondLines);
  const aRuns = a.lineRuns[firstLines]!;
  const bRuns = b.lineRuns[secondLines]!;
  const lineRuns = new Int32Array(firstLines + secondLines + 1);
  // The first page's lineRuns may start past 0 after compaction; runs are copied from there.
  const aStart = a.lineRuns[0]!;
  for (let j = 0; j <= firstLines; j++) lineRuns[j] = a.lineRuns[j]! - aStart;
  const bStart = b.lineRuns[0]!;
  for (let j = 1; j <= secondLines; j++) lineRuns[firstLines + j] = aRuns - aStart + b.lineRuns[j]! - bStart;
  const runs = new Int32Array((aRuns - aStart + bRuns - bStart) * 4);
  runs.set(a.runs.subarray(aStart * 4, aRuns * 4));
  runs.set(b.runs.subarray(bStart * 4, bRuns * 4), (aRuns - aStart) * 4);
  let links: string[] | null = null;
  if (a.links !== null || b.links !== null) {
    links = [
      ...(a.links?.slice(aStart, aRuns) ?? new Array<string>(aRuns - aStart).fill('')),
      ...(b.links?.slice(bStart, bRuns) ?? new Array<string>(bRuns - bStart).fill('')),
    ];
  }
  return { lineRuns, runs, links };
}

function emptyStyles(lines: number): LineStyles {
  return { lineRuns: new Int32Array(lines + 1), runs: new Int32Array(0), links: null };
}
