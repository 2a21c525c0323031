import type { LineStyles, PagedLines, StyledLine } from './PagedLines.js';

/**
 * An open page holds up to this many characters before its lines go into a page: a
 * page per batch cost typed arrays and a merge per write when output is applied a
 * write at a time. As large as pages merge to (PagedLines' MERGE_LIMIT_CHARS), so its
 * pages are not copied again.
 */
const OPEN_PAGE_CHARS = 64 * 1024;
/** Values an open page's typed arrays keep room for once emptied: what a batch past it grew them to is let go. */
const KEPT_ROOM = 64 * 1024;

/**
 * Complete lines on their way into pages, gathered over batches: they go into one
 * page once they hold OPEN_PAGE_CHARS (or before more would take them well past it),
 * before lines with style runs join lines kept as written, and before pages are read
 * or appended to in another way. A cursor moving back up takes its rows from here
 * while they are here. Texts own their storage, or are slices of strings that do
 * (never of written text).
 */
export class OpenPage {
  /** Where its lines go. */
  readonly #pages: PagedLines;
  /** The page's text in pieces, each followed by a `\n` when joined: a row's text, or the lines of a batch (joined by theirs). */
  #parts: string[] = [];
  #chars = 0;
  #lines = 0;
  /** Offset of each line's `\n` in the page text. */
  #breaks = new Int32Array(64);
  /** The piece each line is in, and where in it the line starts. */
  #partOf = new Int32Array(64);
  #startInPart = new Int32Array(64);
  /** Index of each line's first run. */
  #lineRuns = new Int32Array(64);
  /** Quads, as in LineStyles: `#values` numbers. Typed and grown by doubling, so copying runs in is stores, not calls. */
  #runs = new Int32Array(256);
  #values = 0;
  /** Each run's link, '' for none; null while no run has one. */
  #links: string[] | null = null;
  #raw = false;

  constructor(pages: PagedLines) {
    this.#pages = pages;
  }

  get count(): number {
    return this.#lines;
  }

  /** Adds a line: its text and its runs, `runs[from, to)` with their `links` (null: none). */
  push(text: string, runs: ArrayLike<number> | null, from: number, to: number, links: readonly string[] | null): void {
    if (this.#raw && runs !== null && to > from) this.flush();
    this.#makeRoom(text.length);
    this.#addLine(this.#parts.length, 0, this.#chars + text.length);
    this.#parts.push(text);
    this.#chars += text.length + 1;
    if (runs === null || to === from) return;
    const first = this.#values / 4;
    this.#copyRuns(runs, from, to);
    if (links === null) return;
    for (let r = from / 4; r < to / 4; r++) {
      const link = links[r] ?? '';
      if (link === '' && this.#links === null) continue;
      this.#links ??= new Array<string>(first).fill('');
      while (this.#links.length < first + r - from / 4) this.#links.push('');
      this.#links.push(link);
    }
  }

  /**
   * Adds the lines of `text` that end at `breaks` (the offsets of their `\n`), as one
   * piece; line j's runs are `runs` from run lineRuns[j] to lineRuns[j + 1], without links.
   */
  pushLines(text: string, breaks: readonly number[], runs: readonly number[], lineRuns: readonly number[]): void {
    if (this.#raw && runs.length > 0) this.flush();
    this.#makeRoom(breaks[breaks.length - 1]! + 1);
    const part = this.#parts.length;
    const length = breaks[breaks.length - 1]! + 1;
    const firstRun = this.#values / 4;
    for (let j = 0; j < breaks.length; j++) {
      this.#addLine(part, j === 0 ? 0 : breaks[j - 1]! + 1, this.#chars + breaks[j]!);
      this.#lineRuns[this.#lines - 1] = firstRun + lineRuns[j]!;
    }
    // Without its last \n, which joining adds.
    this.#parts.push(text.slice(0, length - 1));
    this.#chars += length;
    this.#copyRuns(runs, 0, lineRuns[breaks.length]! * 4);
  }

  /**
   * Whether it holds lines kept as written (see sgrPages), SGR sequences among their
   * text: then it holds no style runs (lines with runs flush it first), and lines are
   * taken from the pages it flushes into, which work their styles out.
   */
  get raw(): boolean {
    return this.#raw;
  }

  /**
   * Adds the `lines` lines of `text` (the last `\n` at its end) as one piece: plain
   * lines (a `\r` only before a `\n`), or with `raw` lines kept as written (flushing
   * lines with runs first). Their ends are found here, into its own arrays: found into
   * typed arrays of their own on the way, they cost a small apply a tenth more.
   */
  pushPlainLines(text: string, lines: number, raw: boolean): void {
    if (raw && this.#values > 0) this.flush();
    this.#makeRoom(text.length);
    this.#raw ||= raw;
    const part = this.#parts.length;
    let found = 0;
    for (let start = 0, at = text.indexOf('\n'); at >= 0; start = at + 1, at = text.indexOf('\n', start)) {
      this.#addLine(part, start, this.#chars + at);
      found++;
    }
    if (found !== lines) throw new RangeError(`expected ${lines} lines, found ${found}`);
    this.#parts.push(text.slice(0, text.length - 1));
    this.#chars += text.length;
  }

  #addLine(part: number, startInPart: number, lineBreak: number): void {
    const line = this.#lines;
    if (line === this.#breaks.length) {
      this.#breaks = grown(this.#breaks, line + 1);
      this.#partOf = grown(this.#partOf, line + 1);
      this.#startInPart = grown(this.#startInPart, line + 1);
      this.#lineRuns = grown(this.#lineRuns, line + 1);
    }
    this.#breaks[line] = lineBreak;
    this.#partOf[line] = part;
    this.#startInPart[line] = startInPart;
    this.#lineRuns[line] = this.#values / 4;
    this.#lines++;
  }

  #copyRuns(runs: ArrayLike<number>, from: number, to: number): void {
    if (this.#values + to - from > this.#runs.length) this.#runs = grown(this.#runs, this.#values + to - from);
    const values = this.#runs;
    let at = this.#values;
    for (let i = from; i < to; i++) values[at++] = runs[i]!;
    this.#values = at;
  }

  /** Removes the `count` newest lines (at most all) and returns them, oldest first. */
  take(count: number): StyledLine[] {
    if (this.#raw) throw new Error('lines kept as written are taken from pages, cooked');
    const taken: StyledLine[] = [];
    const first = this.#lines - count;
    for (let j = first; j < this.#lines; j++) {
      const start = this.#startInPart[j]!;
      let text = this.#parts[this.#partOf[j]!]!.slice(start, start + this.#breaks[j]! - (j === 0 ? 0 : this.#breaks[j - 1]! + 1));
      // A plain line pushed with its \r\n (a row's text never holds a \r).
      if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
      const from = this.#lineRuns[j]!;
      const to = j + 1 < this.#lines ? this.#lineRuns[j + 1]! : this.#values / 4;
      if (from === to) {
        taken.push({ text, runs: null, links: null });
        continue;
      }
      const links = this.#links?.slice(from, to) ?? [];
      taken.push({ text, runs: this.#runs.slice(from * 4, to * 4), links: links.some((link) => link !== '') ? links : null });
    }
    if (first < this.#lines) {
      // The pieces from the first line taken go; a batch's piece it starts inside keeps the lines before it.
      const part = this.#partOf[first]!;
      const start = this.#startInPart[first]!;
      if (start > 0) this.#parts[part] = this.#parts[part]!.slice(0, start - 1);
      this.#parts.length = start > 0 ? part + 1 : part;
      const runsLeft = this.#lineRuns[first]!;
      this.#chars = first === 0 ? 0 : this.#breaks[first - 1]! + 1;
      this.#lines = first;
      this.#values = runsLeft * 4;
      if (this.#links !== null && this.#links.length > runsLeft) this.#links.length = runsLeft;
    }
    return taken;
  }

  flushIfFull(): void {
    if (this.#chars >= OPEN_PAGE_CHARS) this.flush();
  }

  /**
   * Flushes before `chars` more would take the page past OPEN_PAGE_CHARS: a page
   * not much larger than that is never copied to let go of its trimmed head (see
   * PagedLines' DEAD_PREFIX_LIMIT_CHARS), which for lines kept as written means
   * working out the styles of the whole page first.
   */
  #makeRoom(chars: number): void {
    if (this.#chars > 0 && this.#chars + chars > OPEN_PAGE_CHARS) this.flush();
  }

  /** Appends the lines to the pages as one page and empties the open page. */
  flush(): void {
    const count = this.#lines;
    if (count === 0) return;
    let styles: LineStyles | null = null;
    if (this.#values > 0) {
      const lineRuns = new Int32Array(count + 1);
      lineRuns.set(this.#lineRuns.subarray(0, count));
      lineRuns[count] = this.#values / 4;
      const links = this.#links;
      if (links !== null) while (links.length < this.#values / 4) links.push('');
      styles = { lineRuns, runs: this.#runs.slice(0, this.#values), links };
    }
    // Joined by \n, an empty piece last for the last one: a string of its own.
    this.#parts.push('');
    this.#pages.append(this.#parts.join('\n'), this.#breaks.slice(0, count), styles);
    this.clear();
  }

  /** Forgets the lines (and the room a large batch made). */
  clear(): void {
    this.#parts = [];
    this.#chars = 0;
    this.#lines = 0;
    this.#values = 0;
    this.#links = null;
    this.#raw = false;
    if (this.#runs.length > KEPT_ROOM) this.#runs = new Int32Array(KEPT_ROOM);
    if (this.#breaks.length > KEPT_ROOM) {
      this.#breaks = new Int32Array(KEPT_ROOM);
      this.#partOf = new Int32Array(KEPT_ROOM);
      this.#startInPart = new Int32Array(KEPT_ROOM);
      this.#lineRuns = new Int32Array(KEPT_ROOM);
    }
  }
}

/** A copy of `array` with room for at least `length` values. */
function grown(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(Math.max(length, array.length * 2));
  copy.set(array);
  return copy;
}
