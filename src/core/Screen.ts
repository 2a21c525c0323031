import { detachString, joinDetached } from './detachString.js';
import type { EscapeHandler } from './EscapeParser.js';
import { OpenPage } from './OpenPage.js';
import { PagedLines, type PageVisitor, type StyledLine } from './PagedLines.js';
import { codePointWidth, oneColumnUntil } from './charWidth.js';
import { countCodePoints, int32Array, numbers, Row, textWidthUpTo } from './Row.js';
import { RowCounter } from './RowCounter.js';
import { walkForward } from './newlines.js';
import { countCrossed, crossedPart, sgrFinal, skimOverflow } from './overflow.js';
import {
  ALT_SCREEN_MODES,
  ColumnEffect,
  CSI_ERASE_DISPLAY,
  CSI_RESTORE_CURSOR,
  CSI_ROW_MOVES,
  CSI_SAVE_CURSOR,
  CSI_SCROLL_REGION,
  ESC_RESTORE_CURSOR,
  ESC_SAVE_CURSOR,
  SAVE_CURSOR_MODE,
  type RowMove,
} from './sequences.js';
import { TerminalState, type SavedCursor } from './TerminalState.js';
import { applySgr, applySgrRange, Attr, type PenStyle } from './style.js';

/**
 * Complete plain lines for {@link Screen.appendPlainLines}: text, how many lines, and
 * whether it is the writer's string. Where the lines end is found where they go.
 */
export interface PlainPage {
  readonly text: string;
  readonly lines: number;
  readonly shared: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const ESC = 0x1b;
const BS = 0x08;
const HT = 0x09;
const TAB_WIDTH = 8;
/**
 * Where text stops having the simple shape (characters one column wide, \n or \r\n,
 * plain SGR sequences, and `CSI K` or `CSI 0 K`, which erase nothing at the end of
 * the row in the default background: grep colours with them): an escape that does
 * not start one, another control, a
 * \r not before \n, or a character that is not one column and one UTF-16 unit (see
 * oneColumnUntil). The controls as a positive class, which V8 scans an order of
 * magnitude faster in one-byte text than a negated one.
 */
const NOT_SIMPLE_ESCAPE = /\x1b(?!\[(?:[0-9;:]*m|0?K))/g;
const CONTROL_BUT_LINE_END_ESC = /[\x00-\x09\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/;
const LONE_CR = /\r(?!\n)/;
/** Rows created one by one up to this many; beyond, empty rows go straight into pages. */
const MAX_ROWS_CREATED_ONE_BY_ONE = 64;
/**
 * Editable rows kept while text is written, at most: past it, those more than
 * EDITABLE_ROWS_ABOVE_CURSOR above the cursor are frozen into pages, as settle()
 * does after each batch, and thawed again if the cursor goes back up to them. So a
 * batch of thousands of lines that moves the cursor up now and then (a progress
 * display) does not keep a row object per line, each trim from their front costing
 * as many as there are.
 */
const MAX_EDITABLE_ROWS = 1024;
const EDITABLE_ROWS_ABOVE_CURSOR = 256;

/**
 * The console as a terminal sees it, for a terminal with no fixed width: rows,
 * a cursor, a pen (the style new text gets) and the escape parser, all resumable
 * across writes. Rows above the cursor are frozen into compact pages; rows from
 * the cursor's down stay editable, and a cursor moving up thaws rows back.
 *
 * Rows between `counter.firstRetained` and the first stored row are "phantoms":
 * rows a clipped batch skipped, which the capacity will drop before anyone reads
 * them. The cursor may visit them; what is printed there is discarded.
 */
export class Screen implements EscapeHandler {
  readonly lines = new PagedLines();
  /** The cursor's row and the rows that exist, the pen, the parser and the erased background below. */
  state: TerminalState;
  col = 0;
  maxLineLength: number;
  /** Editable rows, for row numbers activeStart and up to counter.lastRow. */
  #rows: Row[] = [new Row()];
  #activeStart = 0;
  /** Complete lines on their way into `lines`, gathered over batches (see OpenPage). */
  readonly #open = new OpenPage(this.lines);
  /** Lowest row number whose text changed since the last takeChangedFrom(). */
  changedFrom = 0;
  /** Characters dropped past maxLineLength since the last clear, but those in #uncounted. */
  #truncated = 0;
  /**
   * Long text crossed past maxLineLength whose dropped characters are still to count
   * (see COUNT_LATER_UNITS): ranges of one written string, so that they keep no other
   * alive. Counted by countTruncated(), a budget a frame, or all at once when read.
   */
  #uncounted: { text: string; start: number; end: number; codePoints: boolean }[] = [];
  /** While the alternate screen shows: the normal screen's rows and state, to restore on leaving it. */
  #alt: AltStash | null = null;
  /** The alternate screen's saved cursor, its row counted from the screen's top, kept between its uses (as xterm keeps it per buffer). */
  #altSaved: SavedCursor | null = null;
  constructor(maxLines: number, maxLineLength: number) {
    this.state = new TerminalState(new RowCounter(maxLines));
    this.maxLineLength = maxLineLength;
  }

  get lineCount(): number {
    return this.state.counter.lineCount;
  }

  /** Whether the alternate screen shows. */
  get inAltScreen(): boolean {
    return this.#alt !== null;
  }

  /**
   * Makes the screen the last `rows` rows (Infinity: every retained line). As a
   * terminal resized, the scroll region is reset.
   */
  setRows(rows: number): void {
    const counter = this.state.counter;
    counter.rows = rows;
    counter.top = rows === Infinity ? 0 : Math.max(0, counter.lastRow - rows + 1);
    if (counter.row < counter.screenTop) counter.row = counter.screenTop;
    counter.region = null;
  }

  /** Whether lines may be appended as plain text: the cursor at the end of a plain last row, default pen. */
  get atPlainEnd(): boolean {
    return this.#atAppendEnd() && this.state.pen.attrs === 0 && this.state.pen.fg === 0 && this.state.pen.bg === 0 && !this.#rows[this.#rows.length - 1]!.hasRuns;
  }

  /** Text of the last row (the current line). */
  get currentText(): string {
    return this.#rows[this.#rows.length - 1]!.toStyled().text;
  }

  /**
   * The plain fast path: appends complete lines, page after page (each page's text
   * ends with the `\n` at breaks[last]; the first line includes the current row's
   * text) and makes `tail` the new current row. `skipped` lines came before them
   * and were never stored.
   */
  appendPlainLines(pages: readonly PlainPage[], tail: string, skipped: number): void {
    this.#freezeAboveCursor();
    const counter = this.state.counter;
    const firstNew = counter.lastRow;
    this.changedFrom = Math.min(this.changedFrom, firstNew);
    if (skipped > 0) {
      this.#resetStored(firstNew + skipped);
      counter.firstRetained = firstNew + skipped;
    }
    let added = 0;
    for (const page of pages) {
      // A small page (one apply's, when output is applied a write at a time) joins the open page: a page of its own cost a merge and typed arrays per apply.
      if (!page.shared) {
        this.#open.pushPlainLines(page.text, page.lines, page.text.includes('\x1b'));
        this.#open.flushIfFull();
      } else {
        this.#flushOpen();
        this.lines.append(page.text, page.lines, null, page.shared);
      }
      added += page.lines;
    }
    counter.lastRow = firstNew + skipped + added;
    counter.row = counter.lastRow;
    counter.lastRowPrinted = false;
    counter.followCursor();
    this.#rows = [new Row()];
    this.#activeStart = counter.lastRow;
    this.col = 0;
    counter.trim();
    this.#dropStored();
    if (tail !== '') this.print(tail, 0, tail.length);
  }

  /** Starts over after a clipped prefix in `state` (which the screen takes): every row so far is gone, the cursor is at column 0 of a fresh row. */
  restartAt(state: TerminalState): void {
    this.state = state;
    const counter = state.counter;
    this.col = 0;
    // A row the skimmed line feeds scrolled in has the pen's background, as #madeRows makes it.
    this.#rows = [new Row(counter.lastRowScrolledIn ? state.pen.bg : state.belowBg)];
    this.#activeStart = counter.lastRow;
    this.#resetStored(counter.lastRow);
    this.changedFrom = Math.min(this.changedFrom, counter.firstRetained);
  }

  /**
   * The fast path for the common shape of coloured output: printable ASCII, SGR
   * sequences and line feeds, written at the end of the last row. Lines are built
   * straight into one page, without row objects or per-character dispatch. Stops
   * at anything else (or when the state does not allow it) and returns where, for
   * the parser to go on from. `sgrOnly`: every escape in the text is known to start
   * a whole SGR sequence with plain parameters, so only characters are checked.
   */
  appendSimple(text: string, start: number, end: number, stderr: boolean, sgrOnly = false): number {
    const counter = this.state.counter;
    const pen = this.state.pen;
    if (stderr) pen.attrs |= Attr.Stderr;
    else pen.attrs &= ~Attr.Stderr;
    if (!this.#atAppendEnd() || pen.attrs & Attr.Link) return start;
    // A first line too long for the row is left to the parser before the scan below crosses all the text for nothing.
    if (!fitsRow(text, start, end, this.maxLineLength - this.#rows[this.#rows.length - 1]!.width)) return start;
    // How far the text's characters keep the simple shape (its escapes are looked at as they are crossed).
    let limit = simpleUntil(text, start, end, sgrOnly);
    if (limit === start) return start;
    // A short piece of the current line before what the parser must take (a shell's prompt before its line edits): printed by it, cheaper than building a page.
    if (limit < end && limit - start <= SHORT_FRAGMENT && !holdsNewline(text, start, limit)) return start;
    // Fewer lines than the editable rows above the cursor (a full-screen program's, see settle), before what the parser must take, are left to it:
    // freezing those rows costs more, and its next cursor move up would make them again (htop's first line before the alternate screen).
    const above = this.#rows.length - 1;
    if (above > 0 && limit < end && walkForward(text, above - 1, start, limit) < 0) return start;
    this.#freezeAboveCursor();

    const row = this.#rows[0]!;
    // The current line's text and runs are only looked at if a newline ends it: a long line written in many calls costs what each adds.
    const rowLength = row.textLength;
    const rowFg = row.lastFg;
    const rowBg = row.lastBg;
    const rowAttrs = row.lastAttrs;
    const breaks: number[] = [];
    const lineRuns: number[] = [];
    // Runs of the text added; the first line's offsets count from the current line's start.
    const runs: number[] = [];
    // The text added: the input's pieces between escapes.
    const parts: string[] = [];
    let pieceStart = start; // where the input's piece in progress starts
    let offset = rowLength; // in the page text being built, the current line's text first
    let lineStart = 0;
    // Columns minus characters of the current line: non-zero only for a first line holding wide characters.
    let extraWidth = row.width - rowLength;
    let lineRunStart = 0;
    // The \r of each \r\n crossed, left out of the text built: lines read the same, and pages without one are faster to read.
    let returns = 0;
    let printed = counter.lastRowPrinted;
    // At each line start: where it is in the input, the text built and the pen, to stop there if a line is too long.
    let lineInput = start;
    let lineParts = 0;
    let linePieceStart = start;
    let lineFg = pen.fg;
    let lineBg = pen.bg;
    let lineAttrs = pen.attrs;
    let at = start;
    let escape = indexOrEnd(text, '\x1b', at, limit);
    let newline = indexOrEnd(text, '\n', at, limit);
    while (at < limit) {
      const stop = escape < newline ? escape : newline;
      // The \r of a \r\n starts no run.
      const shown = stop === newline && stop > at && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
      if (stop > at) {
        if (offset - lineStart + extraWidth + (stop - at) > this.maxLineLength) break;
        if (shown > at) {
          const n = runs.length;
          const open = n > lineRunStart * 4;
          // Before a run of its own, the first line goes on in the current line's last style.
          const first = !open && breaks.length === 0;
          const fg = open ? runs[n - 3] : first ? rowFg : 0;
          const bg = open ? runs[n - 2] : first ? rowBg : 0;
          const attrs = open ? runs[n - 1] : first ? rowAttrs : 0;
          if (pen.fg !== fg || pen.bg !== bg || pen.attrs !== attrs) {
            if (open && runs[n - 4] === offset - lineStart) runs.length = n - 4;
            runs.push(offset - lineStart, pen.fg, pen.bg, pen.attrs);
          }
          if (!printed) {
            counter.printed();
            printed = true;
          }
        }
        offset += stop - at;
        at = stop;
      }
      if (at >= limit) break;
      // A line feed scrolling a screen of fixed height brings in a row in the pen's background: the full path makes it.
      if (at === newline && pen.bg !== 0 && counter.rows !== Infinity) break;
      if (at === newline) {
        if (at > pieceStart && text.charCodeAt(at - 1) === CR) {
          if (at - 1 > pieceStart) parts.push(text.slice(pieceStart, at - 1));
          pieceStart = at;
          returns++;
        }
        breaks.push(offset - returns);
        lineRuns.push(lineRunStart);
        offset++;
        lineStart = offset;
        lineRunStart = runs.length / 4;
        extraWidth = 0;
        counter.down(1);
        printed = false;
        at++;
        lineInput = at;
        lineParts = parts.length;
        linePieceStart = pieceStart;
        lineFg = pen.fg;
        lineBg = pen.bg;
        lineAttrs = pen.attrs;
        newline = indexOrEnd(text, '\n', at, limit);
      } else {
        const length = simpleEscapeLength(text, at);
        const erase = length > 0 && text.charCodeAt(at + length - 1) === 0x4b;
        // Another escape ends the simple shape; so does an erase to the end in a background other than the default, which colours the rest (in the default it changes nothing at the end of the row).
        if (length === 0 || (erase && pen.bg !== 0)) {
          limit = at;
          break;
        }
        if (!erase) applySgrRange(pen, text, at + 2, at + length - 1);
        if (at > pieceStart) parts.push(text.slice(pieceStart, at));
        at += length;
        pieceStart = at;
        escape = indexOrEnd(text, '\x1b', at, limit);
      }
    }
    if (at < limit && at !== lineInput) {
      // A line too long for the fast path: stop where it began.
      at = lineInput;
      pen.fg = lineFg;
      pen.bg = lineBg;
      pen.attrs = lineAttrs;
      runs.length = lineRunStart * 4;
      offset = lineStart;
      parts.length = lineParts;
      pieceStart = linePieceStart;
    }
    if (at === start) return start;
    this.changedFrom = Math.min(this.changedFrom, this.#activeStart);
    if (at > pieceStart) parts.push(text.slice(pieceStart, at));
    if (breaks.length === 0) {
      // Still on the current line: added to its row as it is.
      row.appendStyled(joinDetached(parts), runs);
      this.col = row.width;
      this.#dropStored();
      return at;
    }
    // The first line ended: the page text starts with the current line's, and its runs with that line's.
    const current = row.toStyled();
    const currentRuns = current.runs === null ? [] : numbers(current.runs);
    // A run of the current line left empty gives way to the first one added to it.
    const firstLineRuns = lineRuns.length > 1 ? lineRuns[1]! : lineRunStart;
    if (firstLineRuns > 0 && currentRuns.length > 0 && currentRuns[currentRuns.length - 4] === runs[0]) currentRuns.length -= 4;
    const shift = currentRuns.length / 4;
    const allRuns = shift === 0 ? runs : currentRuns.concat(runs);
    for (let l = 1; l < lineRuns.length; l++) lineRuns[l]! += shift;
    lineRunStart += shift;
    parts.unshift(current.text);
    const built = joinDetached(parts);
    lineRuns.push(lineRunStart);
    this.#open.pushLines(built, breaks, allRuns, lineRuns);
    this.#activeStart += breaks.length;
    this.#open.flushIfFull();
    const tailRuns = allRuns.length > lineRunStart * 4 ? int32Array(allRuns, lineRunStart * 4, allRuns.length) : null;
    const tailText = built.slice(lineStart - returns);
    this.#rows = [Row.fromStyled({ text: tailText, runs: tailRuns, links: null })];
    this.col = tailText.length + extraWidth;
    this.#dropStored();
    return at;
  }

  /**
   * The cursor at the end of the last row, which holds text (not cells), out of any
   * sequence. Rows above it may still be editable (see settle): the fast paths that
   * take this freeze them first (#freezeAboveCursor), when they append.
   */
  #atAppendEnd(): boolean {
    const row = this.#rows[this.#rows.length - 1]!;
    return (
      this.state.counter.row === this.state.counter.lastRow &&
      this.state.parser.inGround &&
      row.appendable &&
      this.col === row.width &&
      this.state.belowBg === 0 &&
      this.state.counter.region === null &&
      this.#alt === null
    );
  }

  /**
   * Processes text written to `stream`. Where printing fills a row to maxLineLength,
   * the parser pauses and what follows on that row is crossed by skimOverflow.
   */
  write(text: string, start: number, end: number, stderr: boolean): void {
    if (stderr) this.state.pen.attrs |= Attr.Stderr;
    else this.state.pen.attrs &= ~Attr.Stderr;
    for (let at = start; at < end; ) {
      at = this.state.parser.parse(text, this, at, end);
      if (at < end) at = this.#skimOverflow(text, at, end);
    }
  }

  /** Crosses text past maxLineLength on a full row kept as text (see skimOverflow), where the parser paused. */
  #skimOverflow(text: string, start: number, end: number): number {
    const row = this.#cursorRow();
    if (row === undefined || !this.#atFullRow(row) || !this.state.parser.inGround) return start;
    const skim = skimOverflow(text, start, end, this.state.pen, !row.isText);
    if (skim.dropped >= 0) {
      row.countDropped(skim.dropped);
      this.#truncated += skim.dropped;
    } else {
      // The row needs only whether it dropped any, for its mark.
      row.countDropped(skim.dropsAny ? 1 : 0);
      this.#countLater(text, start, skim.end, false);
    }
    return skim.end;
  }

  /** Leaves text[start, end) to countTruncated: its code points (`codePoints`), or what crossNarrow would drop of it. */
  #countLater(text: string, start: number, end: number, codePoints: boolean): void {
    if (this.#uncounted.length > 0 && this.#uncounted[0]!.text !== text) this.countTruncated();
    if (end > start) this.#uncounted.push({ text, start, end, codePoints });
  }

  /** Characters dropped past maxLineLength since the last clear: counts what is left to count first. */
  get truncatedChars(): number {
    this.countTruncated();
    return this.#truncated;
  }

  /**
   * Counts the characters dropped in long text crossed past maxLineLength and not yet
   * counted, about `maxUnits` UTF-16 units of it at most. Returns the units still to count.
   */
  countTruncated(maxUnits = Infinity): number {
    const uncounted = this.#uncounted;
    let budget = maxUnits;
    while (uncounted.length > 0 && budget > 0) {
      const range = uncounted[0]!;
      let end: number;
      if (range.codePoints) {
        end = Math.min(range.end, range.start + Math.max(2, budget));
        // A pair is counted whole, in one part.
        if (end < range.end && (range.text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
        this.#truncated += countCodePoints(range.text, range.start, end);
      } else {
        end = crossedPart(range.text, range.start, range.end, budget);
        this.#truncated += countCrossed(range.text, range.start, end);
      }
      budget -= end - range.start;
      range.start = end;
      if (end === range.end) uncounted.shift();
    }
    let left = 0;
    for (const range of uncounted) left += range.end - range.start;
    return left;
  }

  /**
   * Whether printing on `row`, the cursor's, only counts dropped characters (see
   * skimOverflow): the cursor is at maxLineLength, at the end of a row kept as
   * text, or on a row of cells.
   */
  #atFullRow(row: Row): boolean {
    return this.col === this.maxLineLength && this.col > 0 && (!row.isText || row.width === this.col);
  }

  /**
   * Freezes the rows the cursor is not on into pages, so only the rows it can still
   * edit stay as objects: those above it on a screen without a height (it is every
   * line), those above the screen on one with a height. A full-screen program's rows
   * stay editable from one apply to the next: apt's progress, set up again for each
   * write of its capture, made 23 rows thawed and frozen again a write, a sixth of it.
   */
  settle(): void {
    const counter = this.state.counter;
    this.#freezeBelow(counter.rows === Infinity ? counter.row : counter.screenTop);
    this.#dropStored();
  }

  /** Freezes the rows above the cursor's, the last: the fast paths append with only it editable. */
  #freezeAboveCursor(): void {
    this.#freeze(this.#rows.length - 1);
  }

  /** Line `seq` (firstRetained ≤ seq ≤ lastRow) with its styles. */
  /** Visits the stored pages of lines `from` to `to` (see PagedLines.visitPages); the editable rows are not in pages. */
  visitPages(from: number, to: number, visit: PageVisitor): number {
    if (from >= this.#activeStart) return from;
    this.#flushOpen();
    return this.lines.visitPages(from, Math.min(to, this.#activeStart), visit);
  }

  styledLine(seq: number): StyledLine {
    if (seq >= this.#activeStart) return this.#rows[seq - this.#activeStart]!.toStyled();
    if (seq >= this.lines.endSeq) this.#flushOpen();
    if (seq >= this.lines.firstSeq) return this.lines.styledLine(seq);
    return EMPTY_LINE; // a phantom row
  }

  /** The retained lines, each followed by `\n`, then the current line. */
  text(): string {
    const out: string[] = [];
    const counter = this.state.counter;
    this.#flushOpen();
    this.lines.collectText(out);
    for (let i = 0; i < this.#rows.length; i++) {
      const seq = this.#activeStart + i;
      if (seq < counter.firstRetained) continue;
      const last = seq === counter.lastRow;
      if (last && !counter.lastRowPrinted) break;
      out.push(this.#rows[i]!.toStyled().text);
      if (!last) out.push('\n');
    }
    return out.join('');
  }

  // EscapeHandler

  print(text: string, start: number, end: number, oneColumn?: boolean): void {
    const counter = this.state.counter;
    if (counter.row < this.#activeStart) {
      // A phantom row: its text is discarded, but the cursor moves as it would.
      this.col = Math.min(this.maxLineLength, this.col + textWidthUpTo(text, start, end, this.maxLineLength - this.col));
      return;
    }
    const row = this.#rows[counter.row - this.#activeStart]!;
    const truncatedBefore = row.truncated;
    this.col = row.print(text, start, end, this.col, this.state.pen, this.maxLineLength, oneColumn);
    this.#truncated += row.truncated - truncatedBefore;
    if (row.uncounted !== null) {
      this.#countLater(row.uncounted.text, row.uncounted.start, row.uncounted.end, true);
      row.uncounted = null;
    }
    this.changedFrom = Math.min(this.changedFrom, counter.row);
    const firstRetained = counter.firstRetained;
    counter.printed();
    // Printing on the last row makes it a line, which may push the oldest out.
    if (counter.firstRetained !== firstRetained) this.#dropStored();
    if (this.#atFullRow(row)) this.state.parser.pause();
  }

  execute(code: number): void {
    if (code === LF) {
      this.col = 0;
      this.#lineFeed();
    } else if (code === CR) {
      this.col = 0;
    } else if (code === BS) {
      this.col = Math.max(0, this.col - 1);
    } else if (code === HT) {
      this.col = Math.min(this.maxLineLength, (Math.floor(this.col / TAB_WIDTH) + 1) * TAB_WIDTH);
    }
    // BEL and the other C0 controls do nothing visible.
  }

  csi(final: number, params: Int32Array, count: number, subParams: number, prefix: number, intermediates: number): void {
    // SGR first, in a function small enough for the parser's loop to take in: most sequences are.
    if (final === 0x6d && prefix === 0 && intermediates === 0) applySgr(this.state.pen, params, count, subParams);
    else this.#otherCsi(final, params, count, prefix, intermediates);
  }

  #otherCsi(final: number, params: Int32Array, count: number, prefix: number, intermediates: number): void {
    if (intermediates !== 0) return;
    if (prefix === 0x3f && (final === 0x68 || final === 0x6c)) {
      for (let i = 0; i < count; i++) this.#setPrivateMode(params[i]!, final === 0x68);
      return;
    }
    if (prefix !== 0 || final === 0x6d) return;
    const first = params[0]!;
    const n = Math.max(1, first);
    const state = this.state;
    const rowMove = ROW_MOVES_BY_FINAL[final];
    if (rowMove !== undefined) {
      if (rowMove.column === ColumnEffect.Zero) this.col = 0;
      else if (rowMove.column === ColumnEffect.Second) this.col = Math.min(this.maxLineLength, Math.max(1, count > 1 ? params[1]! : 0) - 1);
      this.#moveCursor(rowMove, n);
      return;
    }
    switch (final) {
      case 0x43: // C: CUF, forward
      case 0x61: // a: HPR, the same
        this.col = Math.min(this.maxLineLength, this.col + n);
        return;
      case 0x44: // D: CUB, back
        this.col = Math.max(0, this.col - n);
        return;
      case 0x47: // G: CHA, to column
      case 0x60: // `: HPA, the same
        this.col = Math.min(this.maxLineLength, n - 1);
        return;
      case 0x4b: // K: EL, erase in line
        this.#eraseInLine(first < 0 ? 0 : first);
        return;
      case CSI_ERASE_DISPLAY: // J: ED, erase in display
        this.#eraseInDisplay(first < 0 ? 0 : first);
        return;
      case 0x40: // @: ICH, insert blanks
      {
        const row = this.#editableCursorRow();
        if (row === undefined) return;
        const truncatedBefore = row.truncated;
        row.insertBlanks(this.col, n, state.pen, this.maxLineLength);
        this.#truncated += row.truncated - truncatedBefore;
        return;
      }
      case 0x50: // P: DCH, delete characters
        this.#editableCursorRow()?.deleteCells(this.col, n, state.pen);
        return;
      case 0x58: // X: ECH, erase characters
        // Cells past the limit are never kept: a count of a billion erases up to it.
        if (this.col < this.maxLineLength) this.#editableCursorRow()?.erase(this.col, Math.min(this.maxLineLength, this.col + n), state.pen);
        return;
      case CSI_SAVE_CURSOR: // s: SCOSC
        state.saveCursor(this.col);
        return;
      case CSI_RESTORE_CURSOR: // u: SCORC
        this.#restoreCursor();
        return;
      case CSI_SCROLL_REGION: // r: DECSTBM
        this.#setScrollRegion(n, count > 1 ? params[1]! : -1);
        return;
      default:
      // Any other CSI is consumed and shows nothing.
    }
  }

  esc(final: number, intermediates: number): void {
    if (intermediates !== 0) return;
    if (final === ESC_SAVE_CURSOR) this.state.saveCursor(this.col);
    else if (final === ESC_RESTORE_CURSOR) this.#restoreCursor();
    // Other escapes (charsets, keypad modes, …) show nothing.
  }

  osc(payload: string): void {
    applyOsc(this.state.pen, payload);
  }

  /**
   * Moves the cursor as `move` (a row move of the sequence table, with its count `n`;
   * null: restores the saved cursor) does to the counter, thawing rows it goes back up
   * to and making the rows it goes down to. Returns the restored column, or -1.
   */
  #moveCursor(move: RowMove | null, n: number): number {
    const counter = this.state.counter;
    const lastBefore = counter.lastRow;
    const rowBefore = counter.row;
    const bottomBefore = counter.screenBottom;
    let col = -1;
    if (move === null) col = this.state.restoreCursor();
    else move.move(counter, n);
    if (counter.lastRow > lastBefore) this.#madeRows(lastBefore, bottomBefore);
    else if (counter.row <= rowBefore && counter.row < this.#activeStart) this.#thawFrom(counter.row);
    return col;
  }

  #restoreCursor(): void {
    this.col = Math.min(this.maxLineLength, this.#moveCursor(null, 0));
  }

  /** A line feed: down one row, scrolling the screen or the scroll region at its bottom. */
  #lineFeed(): void {
    const counter = this.state.counter;
    if (counter.region === null && this.#alt === null) {
      this.#down(1);
      return;
    }
    const top = counter.screenTop + (counter.region?.top ?? 0);
    const bottom = counter.region === null ? counter.screenBottom : counter.screenTop + counter.region.bottom;
    if (counter.row === bottom) this.#scrollUp(top, bottom);
    else if (counter.row < counter.screenBottom) this.#down(1);
    // At the screen's last row, below the scroll region: the cursor stays.
  }

  /**
   * Scrolls rows [top, bottom] up one row, a blank row in the pen's background coming
   * in at the bottom. A region starting at the screen's top (outside the alternate
   * screen, which keeps no scrollback) scrolls its top row into the scrollback, as
   * xterm does: the row stays and the screen moves down one row past it.
   */
  #scrollUp(top: number, bottom: number): void {
    const counter = this.state.counter;
    const blank = new Row(this.state.pen.bg);
    if (top === counter.screenTop && this.#alt === null) {
      const wasLast = counter.row === counter.lastRow;
      counter.lastRow++;
      counter.row++;
      counter.top = counter.screenTop + 1;
      if (wasLast) counter.lastRowPrinted = false;
      const index = counter.row - this.#activeStart;
      if (index >= 0) this.#rows.splice(index, 0, blank);
      this.changedFrom = Math.min(this.changedFrom, counter.row);
      counter.trim();
      if (counter.row < counter.firstRetained) counter.row = counter.firstRetained;
      this.#dropStored();
      return;
    }
    this.#thawFrom(top);
    const from = top - this.#activeStart;
    if (from >= 0) {
      this.#rows.splice(from, 1);
      this.#rows.splice(bottom - this.#activeStart, 0, blank);
    }
    this.changedFrom = Math.min(this.changedFrom, top);
  }

  #setScrollRegion(first: number, last: number): void {
    const counter = this.state.counter;
    const rows = counter.rows;
    const bottom = last <= 0 || last > rows ? rows : last;
    if (bottom <= first) return;
    counter.region = first === 1 && bottom === rows ? null : { top: first - 1, bottom: bottom - 1 };
    this.col = 0;
    this.#moveCursor(TO_SCREEN_TOP, 1);
  }

  #setPrivateMode(mode: number, set: boolean): void {
    if (mode === SAVE_CURSOR_MODE) {
      if (set) this.state.saveCursor(this.col);
      else this.#restoreCursor();
      return;
    }
    if (!ALT_SCREEN_MODES.has(mode)) return;
    if (set) {
      if (mode === 1049) this.state.saveCursor(this.col);
      this.#enterAltScreen();
    } else {
      this.#leaveAltScreen();
      if (mode === 1049) this.#restoreCursor();
    }
  }

  /**
   * Shows the alternate screen in place of the screen's rows: blank rows (in the pen's background),
   * the cursor where it was on the screen. The rows it replaces, the scroll region
   * and the saved cursor are kept aside until it is left. The lines above the screen
   * stay.
   */
  #enterAltScreen(): void {
    if (this.#alt !== null) return;
    const bg = this.state.pen.bg;
    const counter = this.state.counter;
    const top = counter.screenTop;
    this.#thawFrom(top);
    const start = Math.max(top, this.#activeStart);
    this.#alt = {
      start,
      rows: this.#rows.splice(start - this.#activeStart),
      lastRow: counter.lastRow,
      lastRowPrinted: counter.lastRowPrinted,
      region: counter.region,
      saved: this.state.saved,
      belowBg: this.state.belowBg,
    };
    // Rows the alternate screen makes below are blank in the same background as those it starts with.
    this.state.belowBg = bg;
    const last = Math.max(counter.row, start);
    for (let seq = start; seq <= last; seq++) this.#rows.push(new Row(bg));
    counter.lastRow = last;
    counter.lastRowPrinted = false;
    counter.region = null;
    const altSaved = this.#altSaved;
    this.state.saved = altSaved === null ? null : { ...altSaved, row: altSaved.row + top };
    this.changedFrom = Math.min(this.changedFrom, start);
  }

  /** Discards the alternate screen and brings the screen's rows back; the cursor keeps its place on the screen. */
  #leaveAltScreen(): void {
    const alt = this.#alt;
    if (alt === null) return;
    this.#alt = null;
    const counter = this.state.counter;
    const screenRow = counter.row - counter.screenTop;
    this.#thawFrom(alt.start);
    this.#rows.splice(Math.max(0, alt.start - this.#activeStart));
    for (const row of alt.rows) this.#rows.push(row);
    if (this.#rows.length === 0) this.#rows.push(new Row());
    counter.lastRow = this.#activeStart + this.#rows.length - 1;
    counter.lastRowPrinted = alt.lastRowPrinted;
    counter.region = alt.region;
    const altSaved = this.state.saved;
    this.#altSaved = altSaved === null ? null : { ...altSaved, row: altSaved.row - counter.screenTop };
    this.state.saved = alt.saved;
    this.state.belowBg = alt.belowBg;
    this.changedFrom = Math.min(this.changedFrom, alt.start);
    counter.row = Math.min(counter.lastRow, counter.screenTop + screenRow);
    counter.trim();
    this.#dropStored();
    const target = counter.screenTop + screenRow;
    if (target > counter.row) this.#down(target - counter.row);
  }

  #down(count: number): void {
    const lastBefore = this.state.counter.lastRow;
    const bottomBefore = this.state.counter.screenBottom;
    if (this.state.counter.down(count) > 0) this.#madeRows(lastBefore, bottomBefore);
    this.#dropStored();
  }

  /**
   * Makes the rows the counter created below `lastBefore`, the last row before, when
   * the screen's last row was `bottomBefore`: rows on the screen have the background
   * an erase left below, rows scrolled in the pen's (as xterm makes them).
   */
  #madeRows(lastBefore: number, bottomBefore: number): void {
    const counter = this.state.counter;
    const created = counter.lastRow - lastBefore;
    this.changedFrom = Math.min(this.changedFrom, lastBefore + 1);
    if (created <= MAX_ROWS_CREATED_ONE_BY_ONE) {
      for (let seq = lastBefore + 1; seq <= counter.lastRow; seq++) this.#rows.push(new Row(seq > bottomBefore ? this.state.pen.bg : this.state.belowBg));
      if (this.#rows.length > MAX_EDITABLE_ROWS) this.#freezeBelow(counter.row - EDITABLE_ROWS_ABOVE_CURSOR);
    } else {
      // Far down: freeze what exists and store the empty rows compactly.
      this.#freeze(this.#rows.length);
      this.#flushOpen();
      const gapFirst = Math.max(lastBefore + 1, counter.firstRetained);
      if (gapFirst > this.lines.endSeq) this.lines.reset(gapFirst);
      this.lines.appendEmpty(counter.lastRow - gapFirst);
      this.#rows = [new Row(this.state.belowBg)];
      this.#activeStart = counter.lastRow;
    }
    this.#dropStored();
  }

  #eraseInLine(mode: number): void {
    const row = this.#cursorRow();
    if (row === undefined) return;
    if (mode === 0) row.erase(this.col, Infinity, this.state.pen);
    else if (mode === 1) row.erase(0, this.col + 1, this.state.pen);
    else if (mode === 2) row.erase(0, Infinity, this.state.pen);
    else return;
    this.changedFrom = Math.min(this.changedFrom, this.state.counter.row);
  }

  /** ED: 0 erases below the cursor, 1 above it, 2 the whole screen, 3 the scrollback (the lines above the screen, which are dropped). */
  #eraseInDisplay(mode: number): void {
    const counter = this.state.counter;
    const pen = this.state.pen;
    if (mode === 0) {
      this.#cursorRow()?.erase(this.col, Infinity, pen);
      const from = Math.max(counter.row, this.#activeStart);
      for (let seq = from + 1; seq <= counter.lastRow; seq++) this.#rows[seq - this.#activeStart]!.erase(0, Infinity, pen);
      this.state.belowBg = pen.bg;
      this.changedFrom = Math.min(this.changedFrom, counter.row);
    } else if (mode === 1 || mode === 2) {
      const top = counter.screenTop;
      this.#thawFrom(top);
      const from = Math.max(top, this.#activeStart);
      const last = mode === 1 ? counter.row - 1 : counter.lastRow;
      for (let seq = from; seq <= last; seq++) this.#rows[seq - this.#activeStart] = new Row(pen.bg);
      if (mode === 1) this.#cursorRow()?.erase(0, this.col + 1, pen);
      else this.state.belowBg = pen.bg;
      this.changedFrom = Math.min(this.changedFrom, from);
    } else if (mode === 3 && this.#alt === null) {
      // (The alternate screen has no scrollback to erase.)
      const removed = counter.top - counter.firstRetained;
      if (removed <= 0) return;
      counter.firstRetained = counter.top;
      // xterm keeps the saved row as an index into its lines, which now start `removed` rows later.
      const saved = this.state.saved;
      if (saved !== null) this.state.saved = { ...saved, row: saved.row + removed };
      this.#dropStored();
    }
  }

  /** The cursor's row, marked changed, for an edit (none if it is a phantom). */
  #editableCursorRow(): Row | undefined {
    const row = this.#cursorRow();
    if (row !== undefined) this.changedFrom = Math.min(this.changedFrom, this.state.counter.row);
    return row;
  }

  #cursorRow(): Row | undefined {
    const index = this.state.counter.row - this.#activeStart;
    return index >= 0 ? this.#rows[index] : undefined;
  }

  /** Makes rows from `seq` on editable again (those still stored). */
  #thawFrom(seq: number): void {
    const from = Math.max(seq, this.lines.firstSeq);
    if (from >= this.#activeStart) return;
    const count = this.#activeStart - from;
    // Lines kept as written are cooked by the pages they go into.
    if (this.#open.raw) this.#flushOpen();
    const fromOpen = Math.min(count, this.#open.count);
    // The open page's texts are its own; those of pages may be slices of written strings (a plain flood's).
    const stored = this.lines.takeNewest(count - fromOpen).map((line) => Row.fromStyled(line));
    const open = this.#open.take(fromOpen).map((line) => Row.fromStyled(line, true));
    this.#rows = stored.concat(open, this.#rows);
    this.#activeStart = from;
    if (this.lines.length === 0 && this.#open.count === 0) this.lines.reset(from);
  }

  /** Moves the editable rows numbered below `seq` into pages; the last row stays editable. */
  #freezeBelow(seq: number): void {
    this.#freeze(Math.min(seq - this.#activeStart, this.#rows.length - 1));
  }

  /**
   * Moves the first `count` editable rows into pages (by way of the open page).
   * Invariant: the stored lines, then those of the open page, end where the editable
   * rows start (lines.endSeq + open.count === activeStart).
   */
  #freeze(count: number): void {
    if (count <= 0) return;
    const frozen = this.#rows.splice(0, count);
    const firstSeq = this.#activeStart;
    this.#activeStart += count;
    // Rows the capacity already dropped (phantoms among them) are not stored.
    const skip = Math.max(0, this.state.counter.firstRetained - firstSeq);
    if (skip > 0) this.#resetStored(Math.min(this.#activeStart, firstSeq + skip));
    for (let i = skip; i < frozen.length; i++) {
      const line = frozen[i]!.forStorage();
      // A row's text may be a slice of a written string: then copied, so the open page keeps nothing else alive.
      this.#open.push(frozen[i]!.ownsText ? line.text : detachString(line.text), line.runs, 0, line.runs === null ? 0 : line.runs.length, line.links);
    }
    this.#open.flushIfFull();
  }

  /** Forgets stored and editable rows the counter has dropped. */
  #dropStored(): void {
    const first = this.state.counter.firstRetained;
    // Lines the capacity drops from the open page are dropped from pages: rare with any real capacity.
    if (first > this.lines.endSeq) this.#open.flush();
    if (this.lines.length > 0 && first > this.lines.firstSeq) this.lines.dropOldest(first - this.lines.firstSeq);
    if (first > this.#activeStart) {
      const drop = Math.min(first - this.#activeStart, this.#rows.length - 1);
      this.#rows.splice(0, drop);
      this.#activeStart += drop;
      this.lines.reset(this.#activeStart);
    }
  }

  /** Forgets every stored line, the open page's too; numbering restarts at `firstSeq`. */
  #resetStored(firstSeq: number): void {
    this.#open.clear();
    this.lines.reset(firstSeq);
  }

  /** Moves the open page's lines into pages, before pages are read or appended to in another way. */
  #flushOpen(): void {
    this.#open.flush();
  }
}

const EMPTY_LINE: StyledLine = { text: '', runs: null, links: null };

/** CSI_ROW_MOVES by final byte (below 0x80, as every final is), as an array: a lookup per sequence. */
const ROW_MOVES_BY_FINAL = new Array<RowMove | undefined>(128).fill(undefined);
for (const [final, move] of CSI_ROW_MOVES) ROW_MOVES_BY_FINAL[final] = move;

/** CUP with no parameters: the screen's top row. */
const TO_SCREEN_TOP = CSI_ROW_MOVES.get(0x48)!;

/** The normal screen's rows (from row `start`) and state, kept aside while the alternate screen shows. */
interface AltStash {
  readonly start: number;
  readonly rows: Row[];
  readonly lastRow: number;
  readonly lastRowPrinted: boolean;
  readonly region: RowCounter['region'];
  readonly saved: SavedCursor | null;
  readonly belowBg: number;
}

/**
 * Where the characters of text[start, end) stop having the simple shape (see
 * NOT_SIMPLE_ESCAPE), or `end`; a text is cut at its first escape of another kind too,
 * so as not to search further (the caller checks each escape it crosses again).
 * `sgrOnly`: every escape in it is known to start a plain SGR sequence.
 */
function simpleUntil(text: string, start: number, end: number, sgrOnly: boolean): number {
  if (end - start <= SHORT_TEXT) return simpleUntilShort(text, start, end, sgrOnly);
  let limit = end;
  if (!sgrOnly) {
    NOT_SIMPLE_ESCAPE.lastIndex = start;
    const escape = NOT_SIMPLE_ESCAPE.exec(text);
    if (escape !== null && escape.index < limit) limit = escape.index;
  }
  let range = start === 0 && limit === text.length ? text : text.slice(start, limit);
  const control = range.search(CONTROL_BUT_LINE_END_ESC);
  if (control >= 0) range = range.slice(0, control);
  const lone = range.search(LONE_CR);
  if (lone >= 0) range = range.slice(0, lone);
  return start + oneColumnUntil(range, 0, range.length);
}

/** A piece of the current line this short, followed by what only the parser takes, is left to it (see appendSimple). */
const SHORT_FRAGMENT = 64;

/** Whether text[start, end) holds a `\n`, looked at character by character (for a short range). */
function holdsNewline(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (text.charCodeAt(at) === LF) return true;
  return false;
}

/** Up to this many characters, simpleUntil makes one search, then looks at characters one by one: cheaper than its searches and their slices. */
const SHORT_TEXT = 2048;
/** Characters other than printable ASCII, `\n` and ESC (a positive class: V8 scans it fast in one-byte text). */
const NOT_ASCII_LINES = /[\x00-\x09\x0b-\x1a\x1c-\x1f\x7f-\uffff]/g;

/** The characters of text[start, end) checked for the simple shape: one search for anything but ASCII, then each character from there (escapes too, unless `sgrOnly`). */
function simpleUntilShort(text: string, start: number, end: number, sgrOnly: boolean): number {
  NOT_ASCII_LINES.lastIndex = start;
  if (!NOT_ASCII_LINES.test(text)) return end;
  for (let at = NOT_ASCII_LINES.lastIndex - 1; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code >= 0xa0) {
      if ((code & 0xf800) === 0xd800 || codePointWidth(code) !== 1) return at;
    } else if (code === CR) {
      if (at + 1 < end && text.charCodeAt(at + 1) === LF) continue;
      return at;
    } else if (code === ESC) {
      // Crossed whole if simple, else the end: the caller stops there anyway (a full-screen program's first cursor move, before a screenful of coloured text).
      // Text known to hold only plain SGR sequences is not looked at twice.
      if (sgrOnly) continue;
      const length = simpleEscapeLength(text, at);
      if (length === 0) return at;
      at += length - 1;
    } else if (code !== LF) {
      return at;
    }
  }
  return end;
}

/** The length of the SGR sequence (plain parameters) or `CSI K` or `CSI 0 K` at `escape` (an ESC), or 0 if none is there; may look past the range, as NOT_SIMPLE_ESCAPE does. */
function simpleEscapeLength(text: string, escape: number): number {
  if (text.charCodeAt(escape + 1) !== 0x5b) return 0;
  const erase = eraseToEndLength(text, escape);
  if (erase > 0) return erase;
  for (let at = escape + 2; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x6d) return at + 1 - escape;
    if (!((code >= 0x30 && code <= 0x39) || code === 0x3b || code === 0x3a)) return 0;
  }
  return 0;
}

/**
 * Whether the printed columns of text[start, end) up to its first `\n` (ESC, `[`,
 * digits, `;`, `:` and `m` taking none, every other unit one) are at most `room`, or
 * it holds an escape of another kind first (where the fast path stops anyway). Crosses
 * at most `room` columns.
 */
function fitsRow(text: string, start: number, end: number, room: number): boolean {
  const newline = indexOrEnd(text, '\n', start, end);
  let columns = 0;
  for (let at = start; ; ) {
    const escape = indexOrEnd(text, '\x1b', at, newline);
    columns += escape - at;
    if (columns > room) return false;
    if (escape === newline) return true;
    const final = sgrFinal(text, escape, newline);
    if (final < 0) return true;
    at = final + 1;
  }
}

/** The length of `CSI K` or `CSI 0 K` at `escape` (an ESC), or 0 if neither is there. */
function eraseToEndLength(text: string, escape: number): number {
  if (text.charCodeAt(escape + 1) !== 0x5b) return 0;
  const code = text.charCodeAt(escape + 2);
  if (code === 0x4b) return 3;
  return code === 0x30 && text.charCodeAt(escape + 3) === 0x4b ? 4 : 0;
}

/** Index of `search` in `text` from `from`, or `end` if it is not found before it. */
function indexOrEnd(text: string, search: string, from: number, end: number): number {
  const at = text.indexOf(search, from);
  return at < 0 || at > end ? end : at;
}

/** OSC 8 opens (`8;params;url`) and closes (`8;;`) hyperlinks; other OSC strings show nothing. */
export function applyOsc(pen: PenStyle, payload: string): void {
  if (!payload.startsWith('8;')) return;
  const url = payload.slice(payload.indexOf(';', 2) + 1);
  if (payload.indexOf(';', 2) < 0 || url === '') {
    pen.attrs &= ~Attr.Link;
    pen.link = '';
  } else {
    pen.attrs |= Attr.Link;
    pen.link = url;
  }
}
