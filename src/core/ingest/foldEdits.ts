import type { Screen } from '../Screen.js';
import { ALT_SCREEN_MODES, SAVE_CURSOR_MODE } from '../sequences.js';

/**
 * Lines edited in place, worked out before they are interpreted.
 *
 * A shell's line editor (bash's readline, Python's REPL, node's) echoes a command
 * and edits it where it stands: `\b` to go back, `CSI P` to delete characters,
 * `CSI @` to insert blanks, `CSI K` to erase to the end, then `\r\n`; it toggles
 * bracketed paste (`CSI ? 2004 h`/`l`) around each prompt. Interpreted, each such line
 * is a row turned into cells, edited and frozen again, which costs a small apply
 * several times what appending the finished line costs. A complete line (its `\n`
 * in the same piece) holding only one-column characters and those edits, on a row
 * that starts empty at column 0 with the default pen, shows exactly the cells a
 * simulation of the edits on an array of characters leaves: such a line is replaced
 * by that text and its `\n`, which the plain path appends like any other line.
 *
 * What is left alone: a line with anything else (other controls and sequences, wide
 * characters, surrogates, combining marks), a line whose edits leave a blank cell
 * (a row keeps blanks flagged, as spaces a reader can tell
 * apart, and blanks past its text keep runs of their own), and a line whose cursor or cells would reach `maxLineLength` or
 * MAX_FOLDED_COLUMNS. Folding stops at the first line left alone that holds an escape
 * or a C1 control, since it may change the pen or the rows the lines after it land
 * on; other lines left alone change neither (without an escape the cursor cannot
 * leave its row but by a line feed, onto a new empty row).
 */

/** Batches longer than this are not looked at: folding spares a small apply its fixed costs, which a large one spreads over many lines. */
export const MAX_FOLDED_BATCH_CHARS = 4096;
/** The widest line folded. */
const MAX_FOLDED_COLUMNS = 1024;
const BLANK = -1;

/**
 * The line's cells while it is simulated: where in the text each cell's character
 * is, BLANK for a blank cell. What a line shows is then cut out of the text in runs
 * (most edited lines are a few stretches of what was written), not built a
 * character at a time.
 */
const cells = new Int32Array(MAX_FOLDED_COLUMNS);

/**
 * Folds the line edits of `pieces`, the batch the screen is about to apply, in place
 * (see above). Returns how many pieces, from the first, are now only lines of
 * one-column characters, each ended by `\n` or `\r\n`, at least one of them folded
 * (0 if none was). Newline counts do not change. A piece it rewrites is a string of
 * its own once flattened: a concatenation of slices of the written one, which the
 * first search of it (V8 and SpiderMonkey flatten a concatenation they search) turns
 * into a copy, letting the written string go (test/core/ConsoleBuffer.memory).
 */
export function foldLineEdits(screen: Screen, pieces: string[]): number {
  const { parser, counter } = screen.state;
  // The first line of the batch continues the current row: folded only if that row is empty, at column 0, default pen.
  if (!screen.atPlainEnd || !parser.inGround || counter.region !== null || screen.inAltScreen) return 0;
  const limit = Math.min(MAX_FOLDED_COLUMNS, screen.maxLineLength);
  /** Whether the piece starts a row: the first, if the current row is empty; the others, if the piece before ended with its line. */
  let atRowStart = screen.col === 0 && screen.currentText === '';
  let changed = false;
  /** Pieces from the first whose every line was folded or shows as written: nothing else. */
  let plain = 0;
  for (let i = 0; i < pieces.length; i++) {
    const text = pieces[i]!;
    let lineStart = 0;
    let lineEnd = text.indexOf('\n');
    let folded = '';
    let copied = 0;
    let stop = false;
    let allFolded = plain === i;
    while (lineEnd >= 0) {
      const shown = lineStart === 0 && !atRowStart ? null : foldLine(text, lineStart, lineEnd, limit);
      if (shown === null) {
        allFolded = false;
        if (mayChangeWhatFollows(text, lineStart, lineEnd)) {
          stop = true;
          break;
        }
      } else if (shown !== undefined) {
        folded += text.slice(copied, lineStart) + shown;
        copied = lineEnd;
      }
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf('\n', lineStart);
    }
    if (copied > 0) {
      pieces[i] = folded + text.slice(copied);
      changed = true;
    }
    if (allFolded && lineStart === text.length) plain++;
    // The rest of the piece (no newline) continues into the next: a line split between pieces is not folded.
    if (stop || mayChangeWhatFollows(text, lineStart, text.length)) break;
    if (lineStart < text.length) atRowStart = false;
    else if (lineStart > 0) atRowStart = true;
  }
  return changed ? plain : 0;
}

/** Whether text[from, to) holds an escape or a C1 control (the parser takes some for CSI and others). */
function mayChangeWhatFollows(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x1b || (code >= 0x80 && code <= 0x9f)) return true;
  }
  return false;
}

/** Whether a character takes one column and one UTF-16 unit, as charWidth's KNOWN_ONE_COLUMN lists them. */
function isOneColumn(code: number): boolean {
  if (code < 0x7f) return code >= 0x20;
  if (code < 0x300) return code >= 0xa0 && code !== 0xad;
  return (
    (code >= 0x2010 && code <= 0x2027) ||
    (code >= 0x2030 && code <= 0x205e) ||
    (code >= 0x2190 && code <= 0x21ff) ||
    (code >= 0x2500 && code <= 0x259f)
  );
}

/**
 * What the line text[start, end) (up to its `\n`) shows when printed from column 0 of
 * an empty row with the default pen, as the screen would interpret it; undefined if
 * it holds no edit (it shows as written), null if it cannot be worked out here (see above).
 */
function foldLine(text: string, start: number, end: number, limit: number): string | null | undefined {
  let col = 0;
  /** Cells that exist: those past it are blank. */
  let length = 0;
  let edited = false;
  for (let at = start; at < end; at++) {
    let code = text.charCodeAt(at);
    if (col <= length && code >= 0x20 && code < 0x7f) {
      // Printable ASCII written at the row's end or over its cells (no blank between), the common case, in a loop of its own.
      const room = Math.min(end, at + limit - col);
      do {
        cells[col++] = at++;
        code = text.charCodeAt(at);
      } while (at < room && code >= 0x20 && code < 0x7f);
      if (col > length) length = col;
      if (at === end) break;
      if (at === room && code >= 0x20 && code < 0x7f) return null;
    }
    if (code === 0x08) {
      // Backspaces, often several in a row (a word rubbed out), in a loop of their own too.
      edited = true;
      do {
        if (col > 0) col--;
        code = text.charCodeAt(++at);
      } while (code === 0x08 && at < end);
      at--;
      continue;
    }
    if (isOneColumn(code)) {
      if (col >= limit) return null;
      if (col > length) cells.fill(BLANK, length, col);
      cells[col++] = at;
      if (col > length) length = col;
      continue;
    }
    // A `\r` ending the line changes nothing the line shows.
    if (code === 0x0d && at + 1 === end) break;
    edited = true;
    if (code === 0x0d) col = 0;
    else if (code !== 0x1b || text.charCodeAt(at + 1) !== 0x5b) return null;
    else {
      // A CSI sequence: an optional '?', then digits and ';', then its final.
      at += 2;
      const privateMode = text.charCodeAt(at) === 0x3f;
      if (privateMode) at++;
      let param = -1;
      let code2 = text.charCodeAt(at);
      for (; ; code2 = text.charCodeAt(++at)) {
        if (code2 >= 0x30 && code2 <= 0x39) {
          param = (param < 0 ? 0 : param) * 10 + (code2 - 0x30);
          if (param > 99999) return null;
        } else if (code2 === 0x3b && privateMode) {
          if (param === SAVE_CURSOR_MODE || ALT_SCREEN_MODES.has(param)) return null;
          param = -1;
        } else break;
      }
      if (at >= end) return null;
      if (privateMode) {
        // Private modes show nothing, but for the alternate screen and the saved cursor.
        if ((code2 !== 0x68 && code2 !== 0x6c) || param === SAVE_CURSOR_MODE || ALT_SCREEN_MODES.has(param)) return null;
        continue;
      }
      const n = param < 1 ? 1 : param;
      switch (code2) {
        case 0x40: // @: ICH, blanks inserted at the cursor (cells made up to it first), the cells from it shifted right
          if (Math.max(length, col) + n > limit) return null;
          if (col > length) cells.fill(BLANK, length, col);
          // Lines are short: a loop costs less than calls of copyWithin and fill.
          else for (let c = length - 1; c >= col; c--) cells[c + n] = cells[c]!;
          for (let c = col; c < col + n; c++) cells[c] = BLANK;
          length = Math.max(length, col) + n;
          break;
        case 0x50: // P: DCH, cells deleted at the cursor, those after it shifted left
          if (col < length) {
            const from = Math.min(length, col + n);
            for (let c = from; c < length; c++) cells[c - from + col] = cells[c]!;
            length -= from - col;
          }
          break;
        case 0x58: // X: ECH, cells blanked from the cursor (made up to its end)
          if (col + n > limit) return null;
          cells.fill(BLANK, col, col + n);
          if (col > length) cells.fill(BLANK, length, col);
          length = Math.max(length, col + n);
          break;
        case 0x4b: // K: EL, erase in line; the row's cells end at the cursor (0), blanked up to it (1), none (2)
          if (param <= 0) {
            if (col > length) cells.fill(BLANK, length, col);
            length = col;
          } else if (param === 1) {
            if (col + 1 > length) length = col + 1;
            cells.fill(BLANK, 0, col + 1);
          } else if (param === 2) length = 0;
          break;
        case 0x43: // C: CUF
          if (col + n >= limit) return null;
          col += n;
          break;
        case 0x44: // D: CUB
          col = Math.max(0, col - n);
          break;
        case 0x47: // G: CHA
          if (n - 1 >= limit) return null;
          col = n - 1;
          break;
        default:
          return null;
      }
    }
  }
  if (!edited) return undefined;
  // A blank cell anywhere, even past the text, is kept as such by a row (see Row#cellModeLine): such a line is left to it.
  let shown = '';
  for (let c = 0; c < length; ) {
    const from = cells[c]!;
    if (from === BLANK) return null;
    let to = from + 1;
    for (c++; c < length && cells[c] === to; c++) to++;
    shown += text.slice(from, to);
  }
  return shown;
}
