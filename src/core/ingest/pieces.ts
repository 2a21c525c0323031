import { detachString, joinDetached } from '../detachString.js';
import { countNewlines, linesFit, nthNewline, nthNewlineFromEnd } from '../newlines.js';
import { LONG_TEXT_CHARS } from '../Row.js';
import type { PlainPage } from '../Screen.js';
import { applySgrRange, applySgrText, type PenStyle } from '../style.js';

/**
 * Helpers over a batch's pieces (the strings written, in order, with their newline
 * counts): finding the n-th newline by arithmetic, cutting plain pages, matching a
 * pattern before or after a point across piece boundaries, and the SGR walk-back
 * that finds the pen at a point.
 */

/**
 * Plain lines are kept as slices of the strings written, uncopied, from this length
 * (see plainPages); shorter runs are copied at once, which costs less than copying
 * them later (PagedLines.compact).
 */
const SHARED_PAGE_MIN_CHARS = 16 * 1024;
/** An SGR sequence with plain parameters. */
export const SIMPLE_SGR = /\x1b\[([0-9;:]*)m/y;
const SIMPLE_SGR_START = /^\x1b\[([0-9;:]*)m/;
/**
 * Parameter characters of the longest SGR sequence penAfter takes. A longer one may
 * hold more than 32 parameters, of which the parser keeps the first 32: rare, so it
 * is left to the parser rather than cut the same way here.
 */
const MAX_SGR_PARAM_CHARS = 31;
/** SGR parameters that start with a reset: what came before no longer matters. */
export const RESET_FIRST = /^(?:0?(?:[;:]|$))/;
/** How many SGR sequences the arithmetic skim looks back for a reset before giving up. */
export const MAX_SGRS_BACK = 256;

/** A newline in the pieces: its piece, offset in it, newlines before it in that piece, and offset in their concatenation. */
export interface NewlineAt {
  readonly piece: number;
  readonly at: number;
  readonly before: number;
  readonly offset: number;
}

/**
 * Newline number `index` (0 is the first) of `pieces`, which hold counts[i] newlines
 * each: its piece found by arithmetic, then in that piece from whichever end is
 * nearer (the cut before the last maxLines lines is near the end of a flood).
 */
export function findNewline(pieces: readonly string[], counts: readonly number[], index: number): NewlineAt {
  let newlines = 0;
  let offset = 0;
  for (let piece = 0; piece < pieces.length; piece++) {
    const text = pieces[piece]!;
    const count = counts[piece]!;
    if (index < newlines + count) {
      const before = index - newlines;
      const at = before <= (count - 1) / 2 ? nthNewline(text, before) : nthNewlineFromEnd(text, count - 1 - before);
      return { piece, at, before, offset: offset + at };
    }
    newlines += counts[piece]!;
    offset += text.length;
  }
  throw new RangeError(`newline ${index} is past the last of ${newlines}`);
}

/** The last newline of `pieces` (which must hold one). */
export function findLastNewline(pieces: readonly string[], counts: readonly number[]): { piece: number; at: number } {
  let piece = pieces.length - 1;
  while (counts[piece] === 0) piece--;
  return { piece, at: pieces[piece]!.lastIndexOf('\n') };
}

/**
 * The text of `pieces` from (piece, from) on, which holds no newline: the current
 * line. Joined into a string of its own, so what the line keeps holds no written
 * string alive, unless it is one long run of one piece: the row keeps at most
 * maxLineLength columns of it and copies those (see Row), so copying it all first
 * would be a waste.
 */
export function currentLine(pieces: readonly string[], piece: number, from: number): string {
  const text = pieces[piece]!;
  if (piece === pieces.length - 1 && text.length - from >= LONG_TEXT_CHARS) return from === 0 ? text : text.slice(from);
  return joinDetached([text.slice(from), ...pieces.slice(piece + 1)]);
}

/**
 * The complete lines from (firstPiece, from) to (lastPiece, to), `to` just past a
 * newline, continuing the row whose text is `current`, as pages for
 * Screen.appendPlainLines. Lines within one piece stay a slice of it, with no copy,
 * when the slice is at least SHARED_PAGE_MIN_CHARS long and half the piece (so it
 * keeps at most twice its size alive); other slices, and lines that span pieces,
 * are copied. `counts` holds each piece's newlines. Returns null if a line is
 * longer than `longest` characters.
 */
export function plainPages(
  pieces: readonly string[],
  counts: readonly number[],
  firstPiece: number,
  from: number,
  lastPiece: number,
  to: number,
  current: string,
  longest: number,
): PlainPage[] | null {
  const pages: PlainPage[] = [];
  /** A line begun in earlier pieces (or the current row), not yet ended. */
  let open: string[] = current === '' ? [] : [current];
  let openLength = current.length;
  for (let i = firstPiece; i <= lastPiece; i++) {
    const piece = pieces[i]!;
    let start = i === firstPiece ? from : 0;
    const end = i === lastPiece ? to : piece.length;
    const first = counts[i] === 0 ? -1 : piece.indexOf('\n', start);
    if (first < 0 || first >= end) {
      open.push(piece.slice(start, end));
      openLength += end - start;
      if (openLength > longest) return null;
      continue;
    }
    if (open.length > 0) {
      open.push(piece.slice(start, first + 1));
      const text = joinDetached(open);
      if (text.length - 1 > longest) return null;
      pages.push({ text, lines: 1, shared: false });
      open = [];
      openLength = 0;
      start = first + 1;
    }
    const stop = piece.lastIndexOf('\n', end - 1) + 1;
    if (stop > start) {
      const slice = start === 0 && stop === piece.length ? piece : piece.slice(start, stop);
      const shared = stop - start >= SHARED_PAGE_MIN_CHARS && (stop - start) * 2 >= piece.length;
      // Line breaks are found where the page goes: a flood replaces shared pages unread (see PagedLines).
      if (!linesFit(piece, start, stop, longest)) return null;
      pages.push(pageOf(slice, linesIn(piece, counts[i]!, start, stop), shared));
    }
    if (stop < end) {
      open.push(piece.slice(stop, end));
      openLength = end - stop;
      if (openLength > longest) return null;
    }
  }
  return pages;
}

/**
 * The page of one piece that is all complete lines, `lines` of them, none longer than
 * `longest`, as plainPages would make it; null if a line is longer. The plain path of
 * a small apply (a write and an apply at a time) takes it without plainPages' walk
 * over pieces and a current line, which was a tenth of a one-line apply. `owned`: the
 * piece is a string the core built (see foldLineEdits), not one written: it is kept
 * without a copy.
 */
export function wholePiecePage(piece: string, lines: number, longest: number, owned = false): PlainPage | null {
  if (!linesFit(piece, 0, piece.length, longest)) return null;
  if (owned) return { text: piece, lines, shared: false };
  return pageOf(piece, lines, piece.length >= SHARED_PAGE_MIN_CHARS);
}

function pageOf(slice: string, lines: number, shared: boolean): PlainPage {
  return { text: shared ? slice : detachString(slice), lines, shared };
}

/** Line feeds in text[start, end) of a piece holding `total`: counted in that range, or in what is outside it if that is shorter. */
function linesIn(text: string, total: number, start: number, end: number): number {
  if (start === 0 && end === text.length) return total;
  if (end - start <= text.length / 2) return countNewlines(text, start, end);
  return total - countNewlines(text, 0, start) - countNewlines(text, end, text.length);
}

/** Longest span checked across a piece boundary: far longer than any sequence the patterns match. */
const BOUNDARY_WINDOW = 512;

/** Whether the text from the start to (piece, end) matches `pattern`, also across piece boundaries. */
export function prefixMatches(pieces: readonly string[], lastPiece: number, end: number, pattern: RegExp): boolean {
  for (let i = 0; i <= lastPiece; i++) {
    const text = i === lastPiece ? pieces[i]!.slice(0, end) : pieces[i]!;
    if (pattern.test(text)) return true;
    if (i > 0) {
      const before = pieces[i - 1]!;
      if (pattern.test(before.slice(before.length - BOUNDARY_WINDOW) + text.slice(0, BOUNDARY_WINDOW))) return true;
    }
  }
  return false;
}

/** Whether the text from (piece, at) to the end matches `pattern`, also across piece boundaries. */
export function suffixMatches(pieces: readonly string[], piece: number, at: number, pattern: RegExp): boolean {
  if (pattern.test(pieces[piece]!.slice(at))) return true;
  for (let i = piece + 1; i < pieces.length; i++) {
    const before = pieces[i - 1]!;
    const boundary = before.slice(Math.max(at, before.length - BOUNDARY_WINDOW)) + pieces[i]!.slice(0, BOUNDARY_WINDOW);
    if (pattern.test(pieces[i]!) || pattern.test(boundary)) return true;
    at = 0;
  }
  return false;
}

/**
 * The pen after `pen` meets the text of `pieces` up to (piece, at), whose every
 * escape is a whole SGR sequence with plain parameters (perhaps split between two
 * pieces): the sequences after the last one that starts with a reset, applied in
 * order. Null if there are more than MAX_SGRS_BACK of them, or one may be of more
 * than 32 parameters.
 */
export function penAfter(pen: PenStyle, pieces: readonly string[], piece: number, at: number): PenStyle | null {
  // The sequences found, newest first: where their parameters are in their piece, or (split between two pieces) as a string.
  let found = 0;
  const split: string[] = [];
  for (let from = at - 1; piece >= 0; piece--, from = piece >= 0 ? pieces[piece]!.length - 1 : -1) {
    const text = pieces[piece]!;
    let escape = from < 0 ? -1 : text.lastIndexOf('\x1b', from);
    for (; escape >= 0; escape = escape === 0 ? -1 : text.lastIndexOf('\x1b', escape - 1)) {
      // Read by hand, not by a regex: a page of coloured lines is looked at here once per apply.
      let end = escape + 2;
      const introduced = text.charCodeAt(escape + 1) === 0x5b;
      if (introduced) while (end < text.length && end - escape - 2 <= MAX_SGR_PARAM_CHARS && isSgrParamChar(text.charCodeAt(end))) end++;
      const start = escape + 2;
      if (introduced && end < text.length && text.charCodeAt(end) === 0x6d && end - start <= MAX_SGR_PARAM_CHARS) {
        sgrPiece[found] = piece;
        sgrStart[found] = start;
        sgrEnd[found++] = end;
        if (startsWithReset(text, start, end)) break;
        if (found > MAX_SGRS_BACK) return null;
        continue;
      }
      // A sequence split between this piece and the next is read across them.
      if (end < text.length || piece + 1 >= pieces.length) return null;
      const params = SIMPLE_SGR_START.exec(text.slice(escape) + pieces[piece + 1]!.slice(0, MAX_SGR_PARAM_CHARS + 3))?.[1];
      if (params === undefined || params.length > MAX_SGR_PARAM_CHARS) return null;
      sgrPiece[found] = -1 - split.length;
      split.push(params);
      found++;
      if (RESET_FIRST.test(params)) break;
      if (found > MAX_SGRS_BACK) return null;
    }
    if (escape >= 0) break;
  }
  const after = { ...pen };
  for (let i = found - 1; i >= 0; i--) {
    const where = sgrPiece[i]!;
    if (where < 0) applySgrText(after, split[-1 - where]!);
    else applySgrRange(after, pieces[where]!, sgrStart[i]!, sgrEnd[i]!);
  }
  return after;
}

/** Where penAfter found each sequence: reused, so a walk back allocates nothing. */
const sgrPiece = new Int32Array(MAX_SGRS_BACK + 1);
const sgrStart = new Int32Array(MAX_SGRS_BACK + 1);
const sgrEnd = new Int32Array(MAX_SGRS_BACK + 1);

/** Whether `code` may be in an SGR sequence's plain parameters: a digit, `;` or `:`. */
export function isSgrParamChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x3b || code === 0x3a;
}

/** RESET_FIRST, on text[start, end): whether SGR parameters written there start with a reset. */
export function startsWithReset(text: string, start: number, end: number): boolean {
  let at = start;
  if (at < end && text.charCodeAt(at) === 0x30) at++;
  return at === end || text.charCodeAt(at) === 0x3b || text.charCodeAt(at) === 0x3a;
}

/** Applies SGR parameter strings, given newest first, to `pen`. */
export function applySgrs(pen: PenStyle, newestFirst: readonly string[]): PenStyle {
  for (let i = newestFirst.length - 1; i >= 0; i--) applySgrText(pen, newestFirst[i]!);
  return pen;
}
