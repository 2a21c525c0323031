import { codePointWidth, isOneColumnEach } from './charWidth.js';
import { detachString } from './detachString.js';
import { COUNT_LATER_UNITS } from './overflow.js';
import type { StyledLine } from './PagedLines.js';
import { Attr, DEFAULT_COLOR, type PenStyle } from './style.js';

/** What a row needs to know about the pen when text is printed or erased. */
type Pen = Readonly<PenStyle>;

/**
 * Printed text at least this long, of which a row keeps less than half, is copied
 * as it is kept: a row never holds alive a huge written string it shows a little of
 * (the rest past maxLineLength). Shorter text is kept as a slice, as written.
 */
export const LONG_TEXT_CHARS = 1024 * 1024;
/** Rows up to this long are spliced as one string, longer ones as slices of their pieces (see Row#splice). */
const SHORT_SPLICE_CHARS = 256;
/** A high surrogate: where code points and UTF-16 units start to differ. */
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/**
 * One editable line. While text is only ever added at its end (the common case,
 * coloured output included) it is kept as text pieces plus style runs; the first
 * edit elsewhere (`\r` then overwrite, `\b`, erase, cursor moves) turns it into
 * one cell per column.
 */
export class Row {
  // Append mode. The arrays start as the shared empty ones and are made on the first
  // push: rows are made by the screenful (a line feed, the alternate screen) and many stay blank.
  #parts: string[] = NO_STRINGS;
  #length = 0;
  #width = 0;
  /** Quads [offset, fg, bg, attrs], as in LineStyles. */
  #runs: number[] = NO_NUMBERS;
  #runLinks: string[] = NO_STRINGS;
  // Cell mode, once entered: a cell is its text, '' for the right half of a wide
  // character, or undefined when blank (never written, or erased). The per-cell
  // arrays are made on entering it: most rows never do.
  #cells: (string | undefined)[] | null = null;
  #fg: number[] = NO_NUMBERS;
  #bg: number[] = NO_NUMBERS;
  #attrs: number[] = NO_NUMBERS;
  #links: string[] = NO_STRINGS;
  /** Background of the blank cells past the last cell (set by erasing to the end of the line). */
  #tailBg = DEFAULT_COLOR;
  /** Characters dropped past the line length limit (at least 1 when uncounted was set). */
  truncated = 0;
  /** Whether the last character printed on the row was dropped past the limit: marks of no column that follow it are its own. */
  #dropping = false;
  /**
   * The last long text printed past the limit whose code points, but its first, are
   * still to count: the screen takes it after each print and counts it later, as it
   * does for long text it crosses (see COUNT_LATER_UNITS).
   */
  uncounted: { text: string; start: number; end: number } | null = null;
  #cache: StyledLine | null = null;
  /** In append mode: whether the text toStyled() gives shares no storage with a written string (see ownsText). */
  #ownsText = true;
  /** In append mode: whether every character of the text takes one column and one UTF-16 unit. */
  #oneColumn = true;
  /** In append mode: whether a run may carry a link (set when one does; only clearing the row resets it). */
  #linked = false;

  /** `tailBg`: the background of its blank cells (rows below an erase-below have it). */
  constructor(tailBg = DEFAULT_COLOR) {
    this.#tailBg = tailBg;
  }

  /** A row holding `line`; `ownsText`: its text shares no storage with a written string. */
  static fromStyled(line: StyledLine, ownsText = false): Row {
    const row = new Row();
    if (line.text !== '') {
      row.#parts = [line.text];
      row.#ownsText = ownsText;
      row.#length = line.text.length;
      row.#oneColumn = isOneColumnEach(line.text, 0, line.text.length);
      row.#width = row.#oneColumn ? line.text.length : textWidth(line.text, 0, line.text.length);
    }
    if (line.runs !== null) {
      let runs = line.runs;
      let tailStart = runs.length;
      while (tailStart >= 4 && runs[tailStart - 1]! & Attr.TailBackground) tailStart -= 4;
      const tail = runs.subarray(tailStart);
      runs = runs.subarray(0, tailStart);
      row.#runs = numbers(runs);
      row.#runLinks = line.links === null ? new Array<string>(runs.length / 4).fill('') : line.links.slice(0, runs.length / 4);
      row.#linked = line.links !== null;
      if (tail.length > 0) row.#restoreTail(tail, line.text.length);
    }
    row.#cache = line;
    return row;
  }

  /**
   * Whether the text of toStyled() is known to share no storage with a written string
   * (joined from pieces or cells, or given so), so that storing it needs no copy.
   */
  get ownsText(): boolean {
    return this.#cells !== null || this.#ownsText;
  }

  /** Whether the row is kept as text (not yet one cell per column). */
  get isText(): boolean {
    return this.#cells === null;
  }

  /** Columns up to the last written cell. */
  get width(): number {
    return this.#cells === null ? this.#width : this.#cells.length;
  }

  /**
   * Whether text can be added at the end without a look at what the row holds: kept
   * as text, nothing dropped, no link and no erased tail, so that its line is its
   * text and its runs, in the style of the last run from there on.
   */
  get appendable(): boolean {
    return this.#cells === null && this.truncated === 0 && !this.#linked && this.#tailBg === DEFAULT_COLOR;
  }

  /** In an appendable row: the UTF-16 length of its text. */
  get textLength(): number {
    return this.#length;
  }

  /** In an appendable row: whether any of its text is styled (its line has runs). */
  get hasRuns(): boolean {
    return this.#runs.length > 0;
  }

  /** In an appendable row: the foreground, background and attributes of its last run, those of the default pen if none. */
  get lastFg(): number {
    return this.#runs.length === 0 ? DEFAULT_COLOR : this.#runs[this.#runs.length - 3]!;
  }

  get lastBg(): number {
    return this.#runs.length === 0 ? DEFAULT_COLOR : this.#runs[this.#runs.length - 2]!;
  }

  get lastAttrs(): number {
    return this.#runs.length === 0 ? 0 : this.#runs[this.#runs.length - 1]!;
  }

  /**
   * Adds `text` at the end of an appendable row, each character of one column, in the
   * styles of `runs` (quads [offset, fg, bg, attrs], offsets from the row's start, none
   * before its end); text before the first run keeps the last run's style. Costs what
   * is added, not what the row holds.
   */
  appendStyled(text: string, runs: readonly number[]): void {
    this.#cache = null;
    const base = this.#length;
    let at = 0;
    for (let r = 0; r < runs.length / 4; r++) {
      const offset = runs[r * 4]! - base;
      if (offset > at) this.#push(text.slice(at, offset));
      at = Math.max(at, offset);
      this.#startRun(runs[r * 4 + 1]!, runs[r * 4 + 2]!, runs[r * 4 + 3]!, '');
    }
    if (at < text.length) this.#push(at === 0 ? text : text.slice(at));
  }

  /**
   * Prints `text[start, end)` (printed text: no C0, DEL or C1 controls) at column
   * `col` in `pen`, up to `limit` columns; returns the column after it. Characters
   * past the limit are counted in `truncated`. `oneColumn`: whether every character is
   * known to take one column and one UTF-16 unit, if the caller found out.
   */
  print(text: string, start: number, end: number, col: number, pen: Pen, limit: number, oneColumn?: boolean): number {
    if (oneColumn === true && col === this.#width && col > 0 && this.#cells === null && end - start <= limit - col) {
      // The common case, kept small enough for callers to take in: narrow text appended to a row kept as text.
      this.#cache = null;
      this.#append(keptSlice(text, start, end), end - start, pen);
      this.#dropping = false;
      return col + end - start;
    }
    if (this.#dropping && col >= limit) {
      // Marks after a character dropped past the limit are its own: dropped with it, as when written with it.
      const kept = this.#dropMarks(text, start, end);
      if (kept === end) return col;
      start = kept;
    }
    const truncated = this.truncated;
    const next = this.#print(text, start, end, col, pen, limit, oneColumn);
    // Once one is dropped, so is all that follows in the call: the row ends dropping.
    this.#dropping = this.truncated > truncated;
    return next;
  }

  /** Counts as dropped the characters of no column at the start of text[start, end); returns where the first other one is. */
  #dropMarks(text: string, start: number, end: number): number {
    let at = start;
    while (at < end) {
      const cp = text.codePointAt(at)!;
      if (codePointWidth(cp) !== 0) break;
      at += cp > 0xffff ? 2 : 1;
    }
    if (at > start) {
      this.#cache = null;
      this.truncated += countCodePoints(text, start, at);
    }
    return at;
  }

  #print(text: string, start: number, end: number, col: number, pen: Pen, limit: number, oneColumn?: boolean): number {
    this.#cache = null;
    const room = Math.max(0, limit - col);
    if (end - start > room && this.#cells === null && col === this.#width && (col > 0 || this.#length === 0) && (oneColumn ?? isOneColumnEach(text, start, start + room + 1))) {
      // Appending past the limit, the columns up to it filled by narrow characters and
      // the first character past it narrow too: both ways below keep just those
      // columns and count every code point after them, so the rest is only counted,
      // never scanned character by character. (At column 0 the row must be empty:
      // text printed there would first clear it.)
      if (room > 0) this.#append(keptSlice(text, start, start + room), room, pen);
      this.#countPast(text, start + room, end);
      return limit;
    }
    const narrow = oneColumn ?? isOneColumnEach(text, start, end);
    if (col === 0 && narrow && end - start >= this.width) {
      // A redraw from column 0 that covers every cell (a progress bar after \r):
      // the row is just the new text, kept as text, whatever it held before.
      this.#clear();
    } else if (col === 0 && !narrow && codePointWidth(text.codePointAt(start)!) > 0) {
      // The same for other characters, measured once for both the check and the append
      // (the first must take a column of its own: a combining mark there would join nothing).
      const fit = fitColumns(text, start, end, 0, limit);
      if (fittedWidth >= this.width) {
        this.#clear();
        return this.#appendFitted(text, start, end, fit, fittedWidth, pen, limit);
      }
    }
    if (this.#cells === null && narrow && this.#oneColumn && col < this.#width && end - start <= limit - col) {
      // Overwriting text with text, one column a unit (a status line redrawn in place): spliced, no cells;
      // over all the rest of it, cut there and appended to, which spares rebuilding the string and the runs.
      if (col + end - start >= this.#length) {
        this.#cutTo(col);
        this.#append(keptSlice(text, start, end), end - start, pen);
      } else {
        this.#splice(col, col + end - start, text.slice(start, end), pen.fg, pen.bg, pen.attrs, pen.attrs & Attr.Link ? pen.link : '');
      }
      return col + end - start;
    }
    if (this.#cells === null && col === this.#width) {
      if (narrow) {
        const fit = Math.min(end - start, Math.max(0, limit - col));
        this.truncated += end - start - fit;
        if (fit > 0) this.#append(keptSlice(text, start, start + fit), fit, pen);
        return Math.min(limit, col + end - start);
      }
      return this.#appendWide(text, start, end, pen, limit);
    }
    this.#toCells();
    return this.#printCells(text, start, end, col, pen, limit, narrow);
  }

  /** Counts `count` more characters dropped past the limit, printed where nothing more fits (see skimOverflow). */
  countDropped(count: number): void {
    if (count === 0) return;
    this.#dropping = true;
    this.#cache = null;
    this.truncated += count;
  }

  /**
   * Blanks columns [from, to) with the pen's background, as terminals erase;
   * `to` may be Infinity (to the end of the line, however far the cursor goes).
   */
  erase(from: number, to: number, pen: Pen): void {
    this.#cache = null;
    if (to === Infinity && this.#cells === null && (from === 0 || from === this.#width)) {
      // The whole row, or from its end (a redraw erasing its line first, or what follows it): no cells needed.
      if (from === 0) this.#clear();
      this.#tailBg = pen.bg;
      return;
    }
    this.#toCells();
    const cells = this.#cells!;
    if (to === Infinity) {
      // Cells past the last one keep the erased background, for text printed beyond.
      this.#pad(from);
      if (from > 0 && cells[from] === '') this.#setCell(from - 1, undefined, DEFAULT_COLOR, pen.bg, 0, '');
      cells.length = from;
      this.#tailBg = pen.bg;
      return;
    }
    this.#pad(to);
    // Erasing half of a wide character blanks the other half too.
    if (from > 0 && cells[from] === '') this.#setCell(from - 1, undefined, DEFAULT_COLOR, pen.bg, 0, '');
    if (cells[to] === '') this.#setCell(to, undefined, DEFAULT_COLOR, pen.bg, 0, '');
    for (let c = from; c < to; c++) this.#setCell(c, undefined, DEFAULT_COLOR, pen.bg, 0, '');
  }

  /**
   * Inserts `count` blank cells in the pen's background at column `col` (ICH),
   * shifting the cells from it right; cells shifted past `limit` are dropped, as a
   * terminal drops them past its right margin, and the characters among them count
   * in `truncated`. Inserting at the right half of a wide character blanks its left
   * half and leaves the right half a blank, as xterm does.
   */
  insertBlanks(col: number, count: number, pen: Pen, limit: number): void {
    count = Math.min(count, limit - col);
    if (count <= 0) return;
    this.#cache = null;
    if (this.#cells === null && this.#oneColumn && col < this.#length && this.#length + count <= limit) {
      // Blank cells inside the text show as spaces flagged Blank, as a row's cells come out.
      this.#splice(col, col, ' '.repeat(count), DEFAULT_COLOR, pen.bg, Attr.Blank, '');
      return;
    }
    this.#toCells();
    const cells = this.#cells!;
    // Past the last cell too: the blanks keep the background for text printed beyond them.
    this.#pad(col);
    if (col > 0 && cells[col] === '') {
      this.#setCell(col - 1, undefined, DEFAULT_COLOR, pen.bg, 0, '');
      cells[col] = undefined;
    }
    // Shifted a cell at a time, not spliced with spread arguments, which a count of a hundred thousand overflows the stack with.
    const end = Math.min(limit, cells.length + count);
    for (let c = end; c < cells.length + count; c++) {
      const cell = cells[c - count];
      if (cell !== undefined && cell !== '') this.truncated += countCodePoints(cell, 0, cell.length);
    }
    // A wide character whose right half would fall past the limit is dropped whole.
    const lastKept = end - 1 - count;
    if (end === limit && lastKept >= col && cells[lastKept + 1] === '') {
      this.truncated++;
      this.#setCell(lastKept, undefined, DEFAULT_COLOR, this.#bg[lastKept]!, 0, '');
    }
    const fg = this.#fg;
    const bg = this.#bg;
    const attrs = this.#attrs;
    const links = this.#links;
    for (let c = end - 1; c >= col + count; c--) {
      cells[c] = cells[c - count];
      fg[c] = fg[c - count]!;
      bg[c] = bg[c - count]!;
      attrs[c] = attrs[c - count]!;
      links[c] = links[c - count]!;
    }
    cells.length = fg.length = bg.length = attrs.length = links.length = end;
    for (let c = col; c < col + count; c++) {
      cells[c] = undefined;
      fg[c] = DEFAULT_COLOR;
      bg[c] = pen.bg;
      attrs[c] = 0;
      links[c] = '';
    }
  }

  /**
   * Deletes `count` cells from column `col` (DCH), shifting the cells after them
   * left. A wide character cut in two by it is blanked, as xterm does.
   */
  deleteCells(col: number, count: number, pen: Pen): void {
    this.#cache = null;
    // As text unless blank cells could end up last (a row's text never ends in blanks: they are trimmed).
    if (this.#cells === null && this.#oneColumn && !this.#runs.some((value, i) => i % 4 === 3 && (value & Attr.Blank) !== 0)) {
      if (col < this.#length) this.#splice(col, Math.min(this.#length, col + count), '', 0, 0, 0, '');
      return;
    }
    this.#toCells();
    const cells = this.#cells!;
    if (col >= cells.length) return;
    if (col > 0 && cells[col] === '') this.#setCell(col - 1, undefined, DEFAULT_COLOR, pen.bg, 0, '');
    cells.splice(col, count);
    this.#fg.splice(col, count);
    this.#bg.splice(col, count);
    this.#attrs.splice(col, count);
    this.#links.splice(col, count);
    if (cells[col] === '') this.#setCell(col, undefined, DEFAULT_COLOR, pen.bg, 0, '');
  }

  /** Makes cells up to column `end` exist, blank in the background they have. */
  #pad(end: number): void {
    for (let c = this.#cells!.length; c < end; c++) this.#setCell(c, undefined, DEFAULT_COLOR, this.#tailBg, 0, '');
  }

  /**
   * The row as a line for storage, when it is frozen and let go: as toStyled() gives
   * it, but a row kept as text hands over its own runs (and its links only if a run
   * may carry one) instead of copies made into a line kept for reading again.
   */
  forStorage(): { readonly text: string; readonly runs: ArrayLike<number> | null; readonly links: readonly string[] | null } {
    if (this.#cache !== null || this.#cells !== null || this.#tailBg !== DEFAULT_COLOR || this.truncated > 0) return this.toStyled();
    return { text: this.#joinedText(), runs: this.#runs.length === 0 ? null : this.#runs, links: this.#linked ? this.#runLinks : null };
  }

  /** The row as a line: text with blanks as spaces and trailing blanks dropped, and its style runs. */
  toStyled(): StyledLine {
    if (this.#cache !== null) return this.#cache;
    this.#cache = this.#cells === null ? this.#appendModeLine() : this.#cellModeLine();
    return this.#cache;
  }

  /** Empties the row back to text mode (its erased-tail background stays). */
  #clear(): void {
    this.#oneColumn = true;
    this.#linked = false;
    this.#ownsText = true;
    this.#parts = NO_STRINGS;
    this.#length = 0;
    this.#width = 0;
    this.#runs = NO_NUMBERS;
    this.#runLinks = NO_STRINGS;
    this.#cells = null;
    this.#fg = NO_NUMBERS;
    this.#bg = NO_NUMBERS;
    this.#attrs = NO_NUMBERS;
    this.#links = NO_STRINGS;
  }

  #append(piece: string, columns: number, pen: Pen): void {
    this.#startRun(pen.fg, pen.bg, pen.attrs, pen.attrs & Attr.Link ? pen.link : '');
    this.#push(piece, columns);
  }

  /** Adds a piece in the last run's style; `columns`: what it takes, one a character if not given. */
  #push(piece: string, columns = piece.length): void {
    this.#ownsText = false;
    if (this.#parts.length === 0) this.#parts = [piece];
    else this.#parts.push(piece);
    this.#length += piece.length;
    this.#width += columns;
  }

  /** Makes what is added next take this style, with a run of its own unless the last run has it. */
  #startRun(fg: number, bg: number, attrs: number, link: string): void {
    const runs = this.#runs;
    const n = runs.length;
    const same =
      n === 0
        ? fg === DEFAULT_COLOR && bg === DEFAULT_COLOR && attrs === 0
        : runs[n - 3] === fg && runs[n - 2] === bg && runs[n - 1] === attrs && this.#runLinks[n / 4 - 1] === link;
    if (same) return;
    if (link !== '') this.#linked = true;
    if (n > 0 && runs[n - 4] === this.#length) {
      // The previous run is empty: restyle it instead of adding one.
      runs[n - 3] = fg;
      runs[n - 2] = bg;
      runs[n - 1] = attrs;
      this.#runLinks[n / 4 - 1] = link;
      return;
    }
    if (n === 0) {
      this.#runs = [this.#length, fg, bg, attrs];
      this.#runLinks = [link];
      return;
    }
    runs.push(this.#length, fg, bg, attrs);
    this.#runLinks.push(link);
  }

  #appendWide(text: string, start: number, end: number, pen: Pen, limit: number): number {
    const at = fitColumns(text, start, end, this.#width, limit);
    return this.#appendFitted(text, start, end, at, fittedWidth, pen, limit);
  }

  /**
   * In a row kept as text, one column a unit: replaces columns [from, to) with
   * `inserted`, in one style (`fg`, `bg`, `attrs`, `link`). The runs are cut at both
   * ends and those after shifted, the style after the replaced columns carried on
   * where it was. Overwriting, inserting blanks and deleting characters are all this.
   */
  #splice(from: number, to: number, inserted: string, fg: number, bg: number, attrs: number, link: string): void {
    const oldLength = this.#length;
    if (oldLength + inserted.length <= SHORT_SPLICE_CHARS) {
      // A short row (a shell's command line) is spliced as one string: cheaper than arrays of slices.
      const text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
      const spliced = text.slice(0, from) + inserted + text.slice(to);
      this.#parts = spliced === '' ? NO_STRINGS : [spliced];
    } else {
      // A longer row's text kept as pieces (slices): toStyled() joins them once, instead of a string built per edit.
      const parts = this.#partsBetween(0, from);
      if (inserted !== '') parts.push(inserted);
      if (to < oldLength) for (const part of this.#partsBetween(to, oldLength)) parts.push(part);
      this.#setParts(parts);
    }
    this.#cache = null;
    this.#ownsText = false;
    this.#length = oldLength - (to - from) + inserted.length;
    this.#width = this.#length;
    // Unstyled text edited in the default style (a shell's line editor) stays without runs.
    if (this.#runs.length === 0 && fg === DEFAULT_COLOR && bg === DEFAULT_COLOR && attrs === 0) return;
    const shift = inserted.length - (to - from);
    if (shift === 0 && to < oldLength && this.#runs.length > 0) {
      // Runs of their own (never the shared empty array, which is not written to) edited in place.
      this.#overwriteRuns(from, to, fg, bg, attrs, link);
      return;
    }
    const runs = this.#runs;
    const links = this.#runLinks;
    const newRuns: number[] = [];
    const newLinks: string[] = [];
    const count = runs.length / 4;
    // The style in effect at `to`, before the splice: the last run starting at or before it.
    let after = -1;
    for (let r = 0; r < count && runs[r * 4]! <= to; r++) after = r;
    for (let r = 0; r < count && runs[r * 4]! < from; r++) pushRun(newRuns, newLinks, runs[r * 4]!, runs[r * 4 + 1]!, runs[r * 4 + 2]!, runs[r * 4 + 3]!, links[r]!);
    if (inserted !== '') pushRun(newRuns, newLinks, from, fg, bg, attrs, link);
    if (to < oldLength) {
      if (after < 0) pushRun(newRuns, newLinks, from + inserted.length, DEFAULT_COLOR, DEFAULT_COLOR, 0, '');
      else pushRun(newRuns, newLinks, from + inserted.length, runs[after * 4 + 1]!, runs[after * 4 + 2]!, runs[after * 4 + 3]!, links[after]!);
      for (let r = after + 1; r < count; r++) pushRun(newRuns, newLinks, runs[r * 4]! + shift, runs[r * 4 + 1]!, runs[r * 4 + 2]!, runs[r * 4 + 3]!, links[r]!);
    }
    this.#runs = newRuns;
    this.#runLinks = newLinks;
  }

  /**
   * The runs after text[from, to) was written over in this style, nothing moved (a
   * field of a row redrawn in place: top's): the runs inside are replaced where they
   * are, as the rebuild in #splice would leave them (pushRun's merges included), not
   * rebuilt whole.
   */
  #overwriteRuns(from: number, to: number, fg: number, bg: number, attrs: number, link: string): void {
    const runs = this.#runs;
    const links = this.#runLinks;
    const count = runs.length / 4;
    let first = 0; // the first run at or after `from`
    while (first < count && runs[first * 4]! < from) first++;
    let next = first; // the first run after `to`
    while (next < count && runs[next * 4]! <= to) next++;
    // The style at `to` before the write: the last run starting at or before it.
    const after = next - 1;
    const toFg = after >= 0 ? runs[after * 4 + 1]! : DEFAULT_COLOR;
    const toBg = after >= 0 ? runs[after * 4 + 2]! : DEFAULT_COLOR;
    const toAttrs = after >= 0 ? runs[after * 4 + 3]! : 0;
    const toLink = after >= 0 ? links[after]! : '';
    // The style in effect before `from`: the last run before it, the default at the row's start.
    let lastFg = first > 0 ? runs[first * 4 - 3]! : DEFAULT_COLOR;
    let lastBg = first > 0 ? runs[first * 4 - 2]! : DEFAULT_COLOR;
    let lastAttrs = first > 0 ? runs[first * 4 - 1]! : 0;
    let lastLink = first > 0 ? links[first - 1]! : '';
    const atFrom = fg !== lastFg || bg !== lastBg || attrs !== lastAttrs || link !== lastLink;
    if (atFrom) {
      lastFg = fg;
      lastBg = bg;
      lastAttrs = attrs;
      lastLink = link;
    }
    const atTo = toFg !== lastFg || toBg !== lastBg || toAttrs !== lastAttrs || toLink !== lastLink;
    // The runs first..next-1 give way to these (none, one or two), the ones after moved up or down: no arrays made.
    const added = (atFrom ? 1 : 0) + (atTo ? 1 : 0);
    const shift = added - (next - first);
    if (shift !== 0) {
      if (shift < 0) {
        for (let r = next; r < count; r++) {
          for (let k = 0; k < 4; k++) runs[(r + shift) * 4 + k] = runs[r * 4 + k]!;
          links[r + shift] = links[r]!;
        }
        runs.length = (count + shift) * 4;
        links.length = count + shift;
      } else {
        for (let r = count - 1; r >= next; r--) {
          for (let k = 0; k < 4; k++) runs[(r + shift) * 4 + k] = runs[r * 4 + k]!;
          links[r + shift] = links[r]!;
        }
      }
    }
    let at = first;
    if (atFrom) {
      runs[at * 4] = from;
      runs[at * 4 + 1] = fg;
      runs[at * 4 + 2] = bg;
      runs[at * 4 + 3] = attrs;
      links[at++] = link;
    }
    if (atTo) {
      runs[at * 4] = to;
      runs[at * 4 + 1] = toFg;
      runs[at * 4 + 2] = toBg;
      runs[at * 4 + 3] = toAttrs;
      links[at] = toLink;
    }
  }

  /** The text's units [from, to) as slices of its pieces. */
  #partsBetween(from: number, to: number): string[] {
    const out: string[] = [];
    let offset = 0;
    for (const part of this.#parts) {
      const end = offset + part.length;
      if (end > from && offset < to) out.push(offset >= from && end <= to ? part : part.slice(Math.max(0, from - offset), Math.min(part.length, to - offset)));
      offset = end;
      if (offset >= to) break;
    }
    return out;
  }

  /** Keeps `parts` as the text's pieces, joined into one once they are many. */
  #setParts(parts: string[]): void {
    if (parts.length === 0) this.#parts = NO_STRINGS;
    else if (parts.length > MAX_PARTS_EDITED) this.#parts = [parts.join('')];
    else this.#parts = parts;
  }

  /** In a row kept as text, one column a unit: drops the text and the runs from column `col` on. */
  #cutTo(col: number): void {
    // (Slices of the pieces share storage with what they did, no more: ownsText holds.)
    this.#setParts(this.#partsBetween(0, col));
    this.#length = col;
    this.#width = col;
    let n = this.#runs.length;
    while (n > 0 && this.#runs[n - 4]! >= col) n -= 4;
    if (n < this.#runs.length) {
      this.#runs.length = n;
      this.#runLinks.length = n / 4;
    }
  }

  /** Appends text[start, at), which ends at column `width` (see fitColumns); what follows up to `end` is past the limit. */
  #appendFitted(text: string, start: number, end: number, at: number, width: number, pen: Pen, limit: number): number {
    this.#oneColumn = false;
    if (at > start) this.#append(keptSlice(text, start, at), width - this.#width, pen);
    if (at < end) this.#countPast(text, at, end);
    return at < end ? limit : width;
  }

  /** Counts the code points of text[at, end), printed past the limit: a long one's first only, the rest left in `uncounted`. */
  #countPast(text: string, at: number, end: number): void {
    if (end - at < COUNT_LATER_UNITS) {
      this.truncated += countCodePoints(text, at, end);
      return;
    }
    this.truncated++;
    this.uncounted = { text, start: Math.min(end, at + (text.codePointAt(at)! > 0xffff ? 2 : 1)), end };
  }

  /** Prints in cell mode; `narrow`: whether each character of text[start, end) takes one column and one UTF-16 unit. */
  #printCells(text: string, start: number, end: number, col: number, pen: Pen, limit: number, narrow: boolean): number {
    const cells = this.#cells!;
    const link = pen.attrs & Attr.Link ? pen.link : '';
    if (narrow && col + (end - start) <= limit && cells[col] !== '' && cells[col + end - start] !== '') {
      // One column a character and no wide character cut in two: plain overwrites.
      this.#pad(col);
      for (let at = start; at < end; at++) this.#setCell(col++, text[at], pen.fg, pen.bg, pen.attrs, link);
      return col;
    }
    let dropped = false;
    for (let at = start; at < end; ) {
      if (narrow && col >= limit) {
        // Narrow characters past the limit, none of which can join the last cell: all dropped.
        this.truncated += end - at;
        return limit;
      }
      const cp = text.codePointAt(at)!;
      const units = cp > 0xffff ? 2 : 1;
      const char = text.slice(at, at + units);
      at += units;
      const w = codePointWidth(cp);
      if (w === 0 && dropped) {
        // A combining mark after a character dropped past the limit is dropped with it.
        this.truncated++;
        continue;
      }
      if (w === 0) {
        // A combining mark joins the character before it.
        let target = col - 1;
        if (target >= 0 && cells[target] === '') target--;
        if (target >= 0 && cells[target] !== undefined) {
          cells[target] += char;
          continue;
        }
      }
      const columns = Math.max(1, w);
      if (col + columns > limit) {
        this.truncated++;
        col = limit;
        dropped = true;
        continue;
      }
      // Overwriting half of a wide character blanks its other half, in the pen's style (as xterm does).
      if (cells[col] === '' && col > 0) this.#setCell(col - 1, undefined, pen.fg, pen.bg, pen.attrs, link);
      if (cells[col + columns] === '') this.#setCell(col + columns, undefined, pen.fg, pen.bg, pen.attrs, link);
      this.#pad(col);
      this.#setCell(col, char, pen.fg, pen.bg, pen.attrs, link);
      if (columns === 2) this.#setCell(col + 1, '', pen.fg, pen.bg, pen.attrs, link);
      col += columns;
    }
    return col;
  }

  #setCell(c: number, text: string | undefined, fg: number, bg: number, attrs: number, link: string): void {
    this.#cells![c] = text;
    this.#fg[c] = fg;
    this.#bg[c] = bg;
    this.#attrs[c] = attrs;
    this.#links[c] = link;
  }

  /** Switches to one cell per column. */
  #toCells(): void {
    if (this.#cells !== null) return;
    this.#cells = [];
    this.#fg = [];
    this.#bg = [];
    this.#attrs = [];
    this.#links = [];
    const text = this.#parts.join('');
    const runs = this.#runs;
    let run = -1;
    let col = 0;
    for (let at = 0; at < text.length; ) {
      while (run + 1 < runs.length / 4 && runs[(run + 1) * 4]! <= at) run++;
      const cp = text.codePointAt(at)!;
      const units = cp > 0xffff ? 2 : 1;
      const char = text.slice(at, at + units);
      at += units;
      const w = codePointWidth(cp);
      if (w === 0 && col > 0) {
        const target = this.#cells[col - 1] === '' ? col - 2 : col - 1;
        this.#cells[target] += char;
        continue;
      }
      const fg = run < 0 ? DEFAULT_COLOR : runs[run * 4 + 1]!;
      const bg = run < 0 ? DEFAULT_COLOR : runs[run * 4 + 2]!;
      const attrs = run < 0 ? 0 : runs[run * 4 + 3]!;
      const link = run < 0 ? '' : this.#runLinks[run]!;
      this.#setCell(col, attrs & Attr.Blank ? undefined : char, fg, bg, attrs & ~Attr.Blank, link);
      if (w === 2) this.#setCell(col + 1, '', fg, bg, attrs, link);
      col += Math.max(1, w);
    }
    this.#parts = [];
    this.#runs = [];
    this.#runLinks = [];
  }

  /** The text of a row kept as text, its pieces joined into one (kept as its only piece). */
  #joinedText(): string {
    const text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
    if (this.#parts.length > 1) {
      // Array#join of two or more non-empty pieces builds a string of its own.
      let nonEmpty = 0;
      for (const part of this.#parts) if (part !== '') nonEmpty++;
      if (nonEmpty > 1) this.#ownsText = true;
      this.#parts = [text];
    }
    return text;
  }

  #appendModeLine(): StyledLine {
    const text = this.#joinedText();
    const tail = this.#tailBg !== DEFAULT_COLOR || this.truncated > 0;
    const runs = tail ? [...this.#runs, text.length, DEFAULT_COLOR, this.#tailBg, this.#tailFlags()] : this.#runs;
    if (runs.length === 0) return { text, runs: null, links: null };
    const links = tail ? [...this.#runLinks, ''] : this.#runLinks;
    return { text, runs: int32Array(runs), links: links.some((link) => link !== '') ? [...links] : null };
  }

  /** Flags of a stored line's last (tail) run. */
  #tailFlags(): number {
    return Attr.TailBackground | (this.truncated > 0 ? Attr.Truncated : 0);
  }

  /**
   * Rebuilds blank cells past the text from the runs that describe them (offsets
   * past the text count columns); the last such run is the background beyond.
   */
  #restoreTail(tail: Int32Array, textLength: number): void {
    const count = tail.length / 4;
    this.#tailBg = tail[tail.length - 2]!;
    // Only the mark survives storage, not the count (that is in ConsoleBuffer.truncatedChars).
    if (tail[tail.length - 1]! & Attr.Truncated) this.truncated = Math.max(this.truncated, 1);
    if (count === 1) return;
    this.#toCells();
    const start = this.#cells!.length;
    for (let r = 0; r < count - 1; r++) {
      const from = start + tail[r * 4]! - textLength;
      const to = start + tail[(r + 1) * 4]! - textLength;
      const attrs = tail[r * 4 + 3]! & ~(Attr.TailBackground | Attr.Truncated);
      for (let c = from; c < to; c++) this.#setCell(c, undefined, tail[r * 4 + 1]!, tail[r * 4 + 2]!, attrs, '');
    }
  }

  #cellModeLine(): StyledLine {
    const cells = this.#cells!;
    const out: string[] = [];
    const runs: number[] = [];
    const links: string[] = [];
    let length = 0;
    let fg = DEFAULT_COLOR;
    let bg = DEFAULT_COLOR;
    let attrs = 0;
    let link = '';
    let end = cells.length;
    while (end > 0 && cells[end - 1] === undefined) end--;
    for (let c = 0; c < end; c++) {
      const cell = cells[c];
      if (cell === '') continue;
      const cellLink = this.#links[c] ?? '';
      const cellAttrs = cell === undefined ? this.#attrs[c]! | Attr.Blank : this.#attrs[c]!;
      if (this.#fg[c] !== fg || this.#bg[c] !== bg || cellAttrs !== attrs || cellLink !== link) {
        fg = this.#fg[c]!;
        bg = this.#bg[c]!;
        attrs = cellAttrs;
        link = cellLink;
        runs.push(length, fg, bg, attrs);
        links.push(link);
      }
      const shown = cell ?? ' ';
      out.push(shown);
      length += shown.length;
    }
    const text = out.join('');
    // Blank cells past the text keep their style (a blank half of a wide character has the
    // pen's) for text printed beyond them later: runs at offsets past the text describe
    // them, the last one the background of what lies beyond.
    if (end < cells.length || this.#tailBg !== DEFAULT_COLOR || this.truncated > 0) {
      let previous = -1;
      for (let c = end; c < cells.length; c++) {
        const n = runs.length;
        const attrs = Attr.TailBackground | (this.#attrs[c]! & ~Attr.Link);
        if (previous >= 0 && runs[n - 3] === this.#fg[c] && runs[n - 2] === this.#bg[c] && runs[n - 1] === attrs) continue;
        previous = c;
        runs.push(length + c - end, this.#fg[c]!, this.#bg[c]!, attrs);
        links.push('');
      }
      runs.push(length + cells.length - end, DEFAULT_COLOR, this.#tailBg, this.#tailFlags());
      links.push('');
    }
    if (runs.length === 0) return { text, runs: null, links: null };
    return { text, runs: int32Array(runs), links: links.some((l) => l !== '') ? links : null };
  }
}

/**
 * Adds a run (quads and links, as a row keeps them) at `offset`, replacing the previous
 * one if that would be empty, and none if the style is the one already in effect.
 */
function pushRun(runs: number[], links: string[], offset: number, fg: number, bg: number, attrs: number, link: string): void {
  let n = runs.length;
  if (n > 0 && runs[n - 4] === offset) {
    runs.length = n - 4;
    links.length--;
    n -= 4;
  }
  const same = n === 0 ? fg === DEFAULT_COLOR && bg === DEFAULT_COLOR && attrs === 0 : runs[n - 3] === fg && runs[n - 2] === bg && runs[n - 1] === attrs && links[n / 4 - 1] === link;
  if (same) return;
  runs.push(offset, fg, bg, attrs);
  links.push(link);
}

/** values[from, to) as an Int32Array, by a plain loop: V8 runs it faster than Int32Array.from's iteration. */
export function int32Array(values: readonly number[], from = 0, to = values.length): Int32Array {
  const array = new Int32Array(to - from);
  for (let i = from; i < to; i++) array[i - from] = values[i]!;
  return array;
}

/** `values` as an array of numbers, by a plain loop (see int32Array). */
export function numbers(values: Int32Array): number[] {
  const array: number[] = [];
  for (let i = 0; i < values.length; i++) array.push(values[i]!);
  return array;
}

/** Pieces an edited row's text is kept in, at most, before they are joined into one. */
const MAX_PARTS_EDITED = 8;

/** Shared empty arrays for rows not in cell mode; never written to. */
const NO_NUMBERS: number[] = [];
const NO_STRINGS: string[] = [];

/** Columns taken by `text[start, end)`, or `cap` if that is fewer: a long line is measured only as far as it can show. */
export function textWidthUpTo(text: string, start: number, end: number, cap: number): number {
  if (end - start >= cap && isOneColumnEach(text, start, start + Math.max(0, cap))) return cap;
  return Math.min(cap, textWidth(text, start, end));
}

/** Columns taken by `text[start, end)`. */
function textWidth(text: string, start: number, end: number): number {
  if (isOneColumnEach(text, start, end)) return end - start;
  let width = 0;
  for (let at = start; at < end; ) {
    const cp = text.codePointAt(at)!;
    at += cp > 0xffff ? 2 : 1;
    width += codePointWidth(cp);
  }
  return width;
}

/** The column fitColumns() stopped at (a module variable, so the hot loop allocates nothing). */
let fittedWidth = 0;

/**
 * How far text[start, end), printed from column `from`, fits within `limit` columns:
 * returns the index it stops at and leaves the column reached in fittedWidth.
 */
function fitColumns(text: string, start: number, end: number, from: number, limit: number): number {
  let at = start;
  let width = from;
  while (at < end) {
    const cp = text.codePointAt(at)!;
    const w = codePointWidth(cp);
    if (width + w > limit) break;
    width += w;
    at += cp > 0xffff ? 2 : 1;
  }
  fittedWidth = width;
  return at;
}

/** Up to this many characters, surrogates are looked for one by one: cheaper than a regex call. */
const FEW_CHARS = 16;

/** Code points in `text[start, end)`: its length, less one for each surrogate pair. */
export function countCodePoints(text: string, start: number, end: number): number {
  let high = -1;
  if (end - start <= FEW_CHARS) {
    for (let at = start; at < end && high < 0; at++) if ((text.charCodeAt(at) & 0xfc00) === 0xd800) high = at - start;
  } else {
    high = (start === 0 && end === text.length ? text : text.slice(start, end)).search(HIGH_SURROGATE);
  }
  if (high < 0) return end - start;
  let count = high;
  for (let at = start + high; at < end; count++) at += text.codePointAt(at)! > 0xffff ? 2 : 1;
  return count;
}

/** text[start, end) to keep in a row: a copy when it is a small part of a long text, so as not to hold that alive. */
function keptSlice(text: string, start: number, end: number): string {
  const slice = text.slice(start, end);
  return text.length >= LONG_TEXT_CHARS && (end - start) * 2 < text.length ? detachString(slice) : slice;
}
