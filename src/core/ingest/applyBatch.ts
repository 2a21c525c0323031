import { detachString, forgetLastMatch } from '../detachString.js';
import { oneColumnUntil } from '../charWidth.js';
import { countNewlines } from '../newlines.js';
import type { PlainPage, Screen } from '../Screen.js';
import { ROW_AFFECTING, SKIM_CANNOT_FOLLOW } from '../sequences.js';
import { Skim } from '../Skim.js';
import { applySgrRange, defaultPen, type PenStyle } from '../style.js';
import { controlIndex } from './controls.js';
import { openSgrStart, type Batch } from './PendingQueue.js';
import { foldErasedRedraws } from './foldErased.js';
import { foldLineEdits, MAX_FOLDED_BATCH_CHARS } from './foldEdits.js';
import { foldRedraws } from './foldRedraws.js';
import {
  applySgrs,
  currentLine,
  findLastNewline,
  findNewline,
  MAX_SGRS_BACK,
  plainPages,
  prefixMatches,
  RESET_FIRST,
  SIMPLE_SGR,
  suffixMatches,
  wholePiecePage,
  type NewlineAt,
} from './pieces.js';

/** Controls that need the terminal model, `\r` aside: all C0 but `\n`, and C1 (DEL too, see controlIndex). */
const CONTROL_BUT_LINE_ENDS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x80-\x9f]/;
/** A complete CSI sequence, or ESC and a final that does not introduce a CSI or a string. */
const CLOSED_SEQUENCE = /\x1b(?:\[[\x20-\x3f]*[\x40-\x7e]|[\x20-\x2f]*[\x30-\x4f\x51-\x57\x59\x5a\x5c\x60-\x7e])/y;
/** How many escape sequences of any kind the arithmetic skim looks back before it looks for any SGR sequence at all in the rest. */
const MAX_ESCAPES_BACK = 1024;
/**
 * Anything the parser could take for an SGR sequence, generously: CSI, then
 * parameters, intermediates or controls, then `m`. Text with none leaves the pen alone.
 */
const SGR_LIKE = /\x1b\[[\x00-\x3f\x7f-\x9f]*m/;

/**
 * What lines kept as written may not hold (DEL aside, see controlIndex): controls
 * but line ends (`\r` is looked at apart), and escapes that do not start an SGR
 * sequence with plain parameters, at most 31 characters of them (see PendingQueue's
 * NOT_SIMPLE_SGR). One pass for both: a quarter faster than two.
 */
const NOT_KEPT_AS_WRITTEN = /[\x00-\x09\x0b\x0c\x0e-\x1a\x1c-\x1f\x80-\x9f]|\x1b(?!\[[0-9;:]{0,31}m)/;

/** Whether `text` needs the terminal model: a match of `controls` (controls other than line ends), a DEL, or a `\r` not before `\n`. */
function needsTerminal(text: string, controls = CONTROL_BUT_LINE_ENDS): boolean {
  if (controlIndex(text, controls) >= 0) return true;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 0x0a) return true;
  }
  return false;
}

/**
 * When an apply must stop: text interpreted one sequence at a time (cursor moves,
 * links, erases) ran at 30-100 MB/s in a Node probe, so 4 Mi characters of it take 40-140 ms. With a
 * deadline the parser is given the text a slice at a time, and the clock is read
 * after each; `stop` is where it stopped, past the deadline, for the caller to keep.
 */
export interface ApplyTimer {
  readonly deadline: number;
  readonly now: () => number;
  /** Characters given to the parser between reads of the clock: MIN_SLICE_CHARS at first, doubled while a slice takes under SLICE_MS. */
  slice: number;
  stop: PieceAt | null;
}

/** The first slice, doubled while it takes under SLICE_MS: small, since one sequence can be dear (entering the alternate screen of a console without rows makes a row of each retained line). */
export const MIN_SLICE_CHARS = 1024;
/** The longest slice: text can turn dear at once (wide characters and combining marks past max-line-length cost 400 ns each, 65 times what the text before them did), so a slice costs at most about 13 ms of the dearest text. */
const MAX_SLICE_CHARS = 32 * 1024;
const SLICE_MS = 0.5;

/**
 * Applies a batch to the screen. Applying clips before it splits: of a batch
 * holding more lines than fit, only the last `maxLines` lines are ever built; the
 * text before them is only scanned (escape sequences followed, newlines counted).
 * With a `timer`, the text interpreted in full stops at the first slice past its
 * deadline (at least one slice is interpreted) and `timer.stop` says where: the rest
 * of the batch, from there, is to be applied next, before anything written after it.
 */
export function applyBatch(screen: Screen, batch: Batch, timer: ApplyTimer | null = null): void {
  const { pieces, stderr } = batch;
  const maxLines = screen.state.counter.maxLines;
  // Only whole SGR sequences: nothing moves rows or hides newlines, which spares the checks for it. Found out when needed.
  const inSequence = screen.state.parser.inSequence;
  const sgrOnly = () => !inSequence && !batch.complexEscapes();
  if (batch.clippedRows !== null) restartAfterClip(screen, batch.clippedRows, batch.clippedPen!);
  // Pieces wholly before the last maxLines lines are dropped by either path: only
  // their newlines count, so they are not folded.
  const firstKept = batch.total > maxLines ? findNewline(pieces, batch.counts, batch.total - maxLines - 1).piece : 0;
  // A small batch's line edits (a shell's prompt and command) are worked out first: what is left is often plain.
  const plainFolded = batch.total > 0 && batch.total <= maxLines && mayHoldLineEdits(batch) ? foldLineEdits(screen, pieces) : 0;
  let escapes = false;
  for (let i = 0; i < pieces.length; i++) {
    // write() already looked for escapes: pieces are searched again only when some hold one.
    if (batch.escapes && pieces[i]!.includes('\x1b')) escapes = true;
    else if (i >= firstKept && i >= batch.folded) pieces[i] = foldRedraws(pieces[i]!, screen.maxLineLength);
  }
  if (escapes) foldErasedRedraws(screen, pieces);
  // Folding redraws rewrites text within lines: the newline counts still hold.
  // A current line only (no newline) is printed by the plain path in one call, which a deadline cannot stop: a long one is left to the terminal path's slices.
  const plain = screen.atPlainEnd && (timer === null || batch.total > 0 || totalChars(pieces) <= MIN_SLICE_CHARS);
  const applied = !stderr.includes(true) && (escapes ? applySgrLines(screen, batch, sgrOnly, timer) : plain && applyPlain(screen, batch, plainFolded));
  if (!applied) applyTerminal(screen, batch, sgrOnly, timer);
  screen.settle();
  forgetLastMatch();
}

/** Whether `batch` is small and holds an escape or a backspace, which foldLineEdits may work out. */
function mayHoldLineEdits({ pieces, escapes }: Batch): boolean {
  let chars = 0;
  let backspace = false;
  for (const piece of pieces) {
    chars += piece.length;
    if (chars > MAX_FOLDED_BATCH_CHARS) return false;
    if (!escapes && !backspace) backspace = piece.includes('\b');
  }
  return escapes || backspace;
}

function totalChars(pieces: readonly string[]): number {
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  return chars;
}

/**
 * Gives the screen the effect of `rows` newlines that were clipped from the queue,
 * after which the pen was `pen`: the current row ends and `rows` rows pass, all
 * beyond the capacity, since the queue holds at least `maxLines` more lines.
 * Their text never mattered.
 */
function restartAfterClip(screen: Screen, rows: number, pen: PenStyle): void {
  const state = screen.state.clone();
  state.pen = { ...pen };
  state.parser.discardPendingText();
  state.counter.down(rows);
  screen.restartAt(state);
}

/**
 * The fast path for text without escapes: lines are cut out of the batch as one
 * page, without looking at each. Returns false, having changed nothing, when the
 * kept text holds controls that need the terminal model.
 */
function applyPlain(screen: Screen, { pieces, counts, total }: Batch, plainFolded = 0): boolean {
  const maxLines = screen.state.counter.maxLines;
  if (total === 0) {
    const text = currentLine(pieces, 0, 0);
    if (needsTerminal(text)) return false;
    screen.print(text, 0, text.length);
    return true;
  }
  const end = pieces[pieces.length - 1]!.length;
  if (pieces.length === 1 && total < maxLines && pieces[0]!.charCodeAt(end - 1) === 0x0a && screen.currentText === '') {
    // One piece of complete lines that all fit, on an empty row: one page of it, as below.
    const text = pieces[0]!;
    // A piece whose every line a fold left holds no control (see foldLineEdits) is not looked at again.
    if (plainFolded === 0 && needsTerminal(text)) return false;
    // A piece the fold rewrote is its own string (see foldLineEdits): not copied again.
    const page = wholePiecePage(text, total, screen.maxLineLength / 2, plainFolded > 0);
    if (page === null) return false;
    screen.appendPlainLines([page], '', 0);
    return true;
  }
  // Text that needs the terminal model is handed over before anything is cut: cutting copies short lines, for nothing then (a line edited with \b).
  // A batch of fewer lines than fit is kept whole, so all of it is looked at first, where it lies (a row's text holds no control).
  // (A \r\n split between pieces is taken whole: see rangeNeedsTerminal.)
  const whole = total < maxLines;
  if (whole && rangeNeedsTerminal(pieces, { piece: 0, at: 0 }, pieces.length - 1, end, CONTROL_BUT_LINE_ENDS)) return false;
  const last = findLastNewline(pieces, counts);
  const tail = currentLine(pieces, last.piece, last.at + 1);
  const keep = Math.min(total, maxLines - (tail === '' ? 0 : 1));
  // Dropped: the current row and the new lines up to the one the cut newline ends.
  const skipped = total - keep;
  const cut = skipped > 0 ? findNewline(pieces, counts, skipped - 1) : null;
  // A line that may be wider than maxLineLength (2 columns a character at most) needs the terminal model to cut it.
  const longest = screen.maxLineLength / 2;
  // Otherwise only what is kept is looked at: the text from the cut on.
  const from = cut !== null ? { piece: cut.piece, at: cut.at + 1 } : { piece: 0, at: 0 };
  if (!whole && rangeNeedsTerminal(pieces, from, pieces.length - 1, end, CONTROL_BUT_LINE_ENDS)) return false;
  const pages = plainPages(pieces, counts, from.piece, from.at, last.piece, last.at + 1, cut !== null ? '' : screen.currentText, longest);
  if (pages === null) return false;
  screen.appendPlainLines(pages, tail, skipped);
  return true;
}

/**
 * The fast path for coloured lines: complete lines whose only escapes are SGR
 * sequences are stored as written, as plain lines are, their styles worked out only
 * if they are read (see sgrPages). A line begun before the batch (a stream cut
 * anywhere) is ended the general way first, and so is the current line after them.
 * Taken for a batch that fits (the general path's cut drops lines unbuilt better)
 * on a screen as tall as its lines (on one of fixed height a line feed may bring
 * in a coloured row), where each page ends in the default pen. Returns false,
 * having changed nothing, when it applies no line so.
 */
function applySgrLines(screen: Screen, batch: Batch, sgrOnly: () => boolean, timer: ApplyTimer | null): boolean {
  const { pieces, counts, total } = batch;
  const counter = screen.state.counter;
  // A clipped batch starts with the newline that ends the row the clip restarted at, then holds maxLines lines: it fits.
  const fits = counter.maxLines + (batch.clippedRows !== null ? 1 : 0);
  if (total === 0 || total > fits || counter.rows !== Infinity) return false;
  const end = { piece: pieces.length - 1, at: pieces.at(-1)!.length };
  let from = { piece: 0, at: 0 };
  const known = batch.escapesChecked && sgrOnly();
  if (!screen.atPlainEnd) {
    if (total === 1) return false;
    const first = findNewline(pieces, counts, 0);
    from = { piece: first.piece, at: first.at + 1 };
    writeRange(screen, batch, { piece: 0, at: 0 }, from, known, timer);
    if (timer?.stop) return true;
    screen.settle();
  }
  const last = findLastNewline(pieces, counts);
  // Lines written longer than half maxLineLength (with their sequences) are left to the terminal model, as plain ones are.
  // Their text is looked at first, where it lies: cutting pages copies lines, for nothing when one holds what may not be kept as written.
  const mayKeep = screen.atPlainEnd && !rangeNeedsTerminal(pieces, from, last.piece, last.at + 1);
  const pages = mayKeep ? plainPages(pieces, counts, from.piece, from.at, last.piece, last.at + 1, screen.currentText, screen.maxLineLength / 2) : null;
  if (pages !== null && pages.every(keptAsWritten)) {
    screen.appendPlainLines(pages.flatMap(splitKeptPage), '', 0);
    from = { piece: last.piece, at: last.at + 1 };
  } else if (from.piece === 0 && from.at === 0) {
    return false;
  }
  // The pages were checked, not what is left.
  writeRange(screen, batch, from, end, known, timer);
  return true;
}

/**
 * Whether the text of `pieces` from `from` up to (lastPiece, end) needs the terminal
 * model (`controls`: by default what lines kept as written may not hold, see
 * NOT_KEPT_AS_WRITTEN), a piece at a time. A stream is cut anywhere: an SGR sequence
 * or a `\r\n` cut between two pieces is taken whole (reads of 4 KiB cut one in
 * several of a coloured stream's, and each sent all its batch to the terminal model).
 */
function rangeNeedsTerminal(pieces: readonly string[], from: PieceAt, lastPiece: number, end: number, controls = NOT_KEPT_AS_WRITTEN): boolean {
  for (let i = from.piece; i <= lastPiece; i++) {
    const text = pieces[i]!;
    const start = i === from.piece ? from.at : 0;
    const stop = i === lastPiece ? end : text.length;
    const range = start === 0 && stop === text.length ? text : text.slice(start, stop);
    if (needsTerminal(range, controls) && (i === lastPiece || !cutBeforeNext(range, pieces[i + 1]!, controls))) return true;
  }
  return false;
}

/** Characters an SGR sequence with plain parameters (see NOT_KEPT_AS_WRITTEN) may have: CSI, 31 parameters, the final. */
const SIMPLE_SGR_CHARS = 34;
const WHOLE_SIMPLE_SGR = /^\x1b\[[0-9;:]{0,31}m/;

/**
 * Whether `text`, which needs the terminal model taken alone, would not with `next`
 * after it: all it needs is the end of the SGR sequence or of the `\r\n` it ends with,
 * which `next` starts with.
 */
function cutBeforeNext(text: string, next: string, controls: RegExp): boolean {
  let end: number;
  if (text.charCodeAt(text.length - 1) === 0x0d && next.charCodeAt(0) === 0x0a) {
    end = text.length - 1;
  } else {
    end = text.lastIndexOf('\x1b');
    if (end < 0 || end < text.length - SIMPLE_SGR_CHARS || !WHOLE_SIMPLE_SGR.test(text.slice(end) + next.slice(0, SIMPLE_SGR_CHARS))) return false;
  }
  return !needsTerminal(text.slice(0, end), controls);
}

/**
 * Whether a page of complete lines, starting in the default pen, cut from text that
 * holds no escape but SGR sequences with plain parameters and no control but line
 * ends (see rangeNeedsTerminal), can be kept as written: it holds only characters one
 * column wide, and ends in the default pen.
 */
function keptAsWritten({ text }: PlainPage): boolean {
  // Its controls and escapes were looked at in the pieces it was cut from (rangeNeedsTerminal).
  if (oneColumnUntil(text, 0, text.length) < text.length) return false;
  return !text.includes('\x1b') || endsInDefaultPen(text, 0, text.length);
}

/** Pages kept as written are cut about this long, where the pen is the default, so reading a line works out the styles of at most about this much. */
const KEPT_PAGE_CHARS = 64 * 1024;
/** Lines looked at past each cut for one where the pen is the default. */
const KEPT_PAGE_CUT_TRIES = 64;

/**
 * A page kept as written (see keptAsWritten), cut into pages of about
 * KEPT_PAGE_CHARS at line ends where the pen is the default: the first read of a
 * line then costs what its page holds, not what one huge write held. The cuts are
 * found from the text, not from the page's line breaks, which are found only if a
 * line is read (see PagedLines).
 */
function splitKeptPage(page: PlainPage): PlainPage[] {
  const { text } = page;
  if (text.length <= 2 * KEPT_PAGE_CHARS || !text.includes('\x1b')) return [page];
  const pages: PlainPage[] = [];
  // The last line end is the page's: a cut is made before it.
  const lastBreak = text.length - 1;
  let from = 0; // where the next page starts
  let counted = 0; // lines of the pages cut so far
  let cut = text.indexOf('\n', from + KEPT_PAGE_CHARS);
  while (cut >= 0 && cut < lastBreak) {
    // A line end where the pen is the default, a few lines on at most; none found, the page goes on.
    let tries = 0;
    while (cut < lastBreak && tries <= KEPT_PAGE_CUT_TRIES && !endsInDefaultPen(text, from, cut + 1)) {
      cut = text.indexOf('\n', cut + 1);
      tries++;
    }
    if (cut >= lastBreak || tries > KEPT_PAGE_CUT_TRIES) continue;
    const slice = keptSlice(page, from, cut + 1);
    pages.push(slice);
    counted += slice.lines;
    from = cut + 1;
    cut = text.indexOf('\n', from + KEPT_PAGE_CHARS);
  }
  // The last page's lines are what the others leave: not counted again.
  pages.push(keptSlice(page, from, text.length, page.lines - counted));
  return pages;
}

/** The lines of text[from, to) of a page kept as written (`lines` of them, counted if not given). */
function keptSlice({ text, shared }: PlainPage, from: number, to: number, lines?: number): PlainPage {
  const slice = text.slice(from, to);
  // A part of the writer's string stays shared (compact() copies it), a part of a copy is copied again.
  return { text: shared ? slice : detachString(slice), lines: lines ?? countNewlines(slice), shared };
}

/**
 * Whether text[start, end), lines kept as written (every escape a whole SGR sequence
 * with plain parameters) begun in the default pen, leaves the default pen. Its
 * sequences are applied forwards from the last plain reset (`CSI 0 m` or `CSI m`), or
 * from its start: found with indexOf, a page of colours reset only in part (node's
 * `util.inspect`) costs half what walking back over every sequence did in Chromium.
 * The searches back are made in a slice of the range, not the whole text, which
 * splitKeptPage asks this of at every cut of a huge page, and one is not made for a
 * reset the range may not hold: searching back for `CSI m` in a page of lines each
 * reset by `CSI 0 m` read the whole page (a quarter of a coloured flood's time at
 * 100,000 lines, which ran at two thirds of its earlier speed).
 */
function endsInDefaultPen(text: string, start: number, end: number): boolean {
  const range = start === 0 && end === text.length ? text : text.slice(start, end);
  // A search back for a reset the range does not hold reads all of it, and V8 searches back a character at a time:
  // `CSI m` is searched back for only if the range holds none of `CSI 0 m` or holds one after the last.
  const zero = range.lastIndexOf('\x1b[0m');
  const from = zero >= 0 && range.indexOf('\x1b[m', zero) < 0 ? zero : Math.max(0, zero, range.lastIndexOf('\x1b[m'));
  const pen = defaultPen();
  for (let escape = range.indexOf('\x1b', from); escape >= 0; escape = range.indexOf('\x1b', escape + 1)) {
    const final = range.indexOf('m', escape);
    applySgrRange(pen, range, escape + 2, final);
    escape = final;
  }
  return pen.fg === 0 && pen.bg === 0 && pen.attrs === 0;
}

/**
 * The general path. If the batch holds more lines than fit, the text before a cut
 * (see exactCut) is skimmed and only the rest is interpreted in full.
 */
function applyTerminal(screen: Screen, batch: Batch, sgrOnly: () => boolean, timer: ApplyTimer | null): void {
  let from = { piece: 0, at: 0 };
  const clipping = batch.total > screen.state.counter.maxLines;
  if (clipping) {
    const cut = exactCut(screen, batch, sgrOnly());
    if (cut !== null) {
      screen.restartAt(cut.skim.state);
      from = { piece: cut.piece, at: cut.at + 1 };
    }
  }
  // appendSimple looks for escapes of other kinds itself (only as far as lines fit) unless told there are none.
  const end = { piece: batch.pieces.length - 1, at: batch.pieces.at(-1)!.length };
  writeRange(screen, batch, from, end, (clipping || batch.escapesChecked) && sgrOnly(), timer);
}

/**
 * Interprets the batch from `from` up to `to`; `sgrOnly`: its escapes are known to be
 * whole SGR sequences. With a timer, stops past its deadline (see ApplyTimer).
 */
function writeRange(screen: Screen, { pieces, stderr }: Batch, from: PieceAt, to: PieceAt, sgrOnly: boolean, timer: ApplyTimer | null): void {
  for (let i = from.piece; i <= to.piece; i++) {
    if (timer !== null && i > from.piece && timer.now() >= timer.deadline) {
      timer.stop = { piece: i, at: 0 };
      return;
    }
    const text = pieces[i]!;
    const end = i === to.piece ? to.at : text.length;
    let start = i === from.piece ? from.at : 0;
    if (sgrOnly && screen.state.parser.inSequence) {
      // The end of an SGR sequence split between pieces goes to the parser, as its start did; the fast path takes what follows.
      const final = text.indexOf('m', start);
      if (final >= 0 && final < end) {
        screen.write(text, start, final + 1, stderr[i]!);
        start = final + 1;
      }
    }
    if (timer === null) {
      // A sequence the piece ends with, cut short, is left to the parser: the fast path takes whole ones.
      start = screen.appendSimple(text, start, sgrOnly ? openSgrStart(text, end) : end, stderr[i]!, sgrOnly);
      if (start < end) screen.write(text, start, end, stderr[i]!);
      continue;
    }
    for (let sliced = timer.now(); start < end; ) {
      const full = start + timer.slice <= end;
      let stop = Math.min(end, start + timer.slice);
      // Not between the halves of a pair: the part left is queued again, and the queue's checks look at each part.
      if (stop < end && (text.charCodeAt(stop - 1) & 0xfc00) === 0xd800) stop++;
      // Nor inside an SGR sequence: the fast path takes whole ones, and reads one to its end past the range it is given.
      if (stop < end) stop = Math.max(Math.min(stop, start + 1), openSgrStart(text, stop));
      const simple = screen.appendSimple(text, start, stop, stderr[i]!, sgrOnly);
      if (simple < stop) screen.write(text, simple, stop, stderr[i]!);
      start = Math.max(stop, simple);
      const now = timer.now();
      if (start < end && now >= timer.deadline) {
        timer.stop = { piece: i, at: start };
        return;
      }
      // Cheap text is given in longer slices, so that reading the clock costs next to nothing.
      if (full && now - sliced < SLICE_MS && timer.slice < MAX_SLICE_CHARS) timer.slice *= 2;
      sliced = now;
    }
  }
}

/** A place in a batch's pieces. */
export interface PieceAt {
  readonly piece: number;
  readonly at: number;
}

/**
 * Where a batch holding more than maxLines lines can start over, and the state the
 * text before leaves: the newline before its last maxLines lines, skimmed up to. A
 * cut is taken only where exact: at a line feed that made a new row, out of any
 * escape sequence, with no later cursor move reaching back above it. Where cursor
 * moves up make the last lines fewer rows than lines (a progress display redrawn
 * in place), a cut before twice as many lines, or four times, … can still be
 * exact, and the text before it is still only skimmed, in one pass for all of
 * them. Returns null where none is.
 */
function exactCut(screen: Screen, { pieces, counts, total }: Batch, sgrOnly: boolean): { skim: Skim; piece: number; at: number } | null {
  const maxLines = screen.state.counter.maxLines;
  // Scrolling inside a region or the alternate screen moves rows' content, which the skim does not know.
  if (screen.inAltScreen || screen.state.counter.region !== null) return null;
  if (!sgrOnly && prefixMatches(pieces, pieces.length - 1, pieces[pieces.length - 1]!.length, SKIM_CANNOT_FOLLOW)) return null;
  // The candidates, latest first: each keeps twice the lines of the one before. Found as needed: most often the first is exact.
  const cuts: NewlineAt[] = [];
  const cutAt = (i: number): NewlineAt => (cuts[i] ??= findNewline(pieces, counts, total - maxLines * 2 ** i - 1));
  const candidates = Math.ceil(Math.log2(total / maxLines));
  let skimmed: Skim[] | null = null;
  // Whether the text before the cut holds no sequence that moves rows or hides newlines (then neither does the text before an earlier one).
  let clean = sgrOnly;
  for (let i = 0; i < candidates; i++) {
    const cut = cutAt(i);
    clean ||= !prefixMatches(pieces, cut.piece, cut.at + 1, ROW_AFFECTING);
    // The cut ends newline number `total - kept`.
    let skim = clean ? countRows(screen, pieces, cut.piece, cut.at, total - maxLines * 2 ** i) : null;
    if (skim === null) {
      if (skimmed === null) {
        for (let j = i + 1; j < candidates; j++) cutAt(j);
        skimmed = skimTo(screen, pieces, cuts.slice(i), i);
      }
      skim = skimmed[i]!;
    }
    if (isExactCut(skim, pieces, cut, sgrOnly)) return { skim, piece: cut.piece, at: cut.at };
  }
  return null;
}

/**
 * Skims the batch from its start, taking the skim's state at each cut (given latest
 * first), in one pass. The states are indexed as the cuts, from `first`.
 */
function skimTo(screen: Screen, pieces: readonly string[], cuts: readonly NewlineAt[], first: number): Skim[] {
  const skim = new Skim(screen.state);
  const states: Skim[] = [];
  let piece = 0;
  let at = 0;
  for (let i = cuts.length - 1; i >= 0; i--) {
    const cut = cuts[i]!;
    for (; piece < cut.piece; piece++, at = 0) skim.write(pieces[piece]!, at, pieces[piece]!.length);
    skim.write(pieces[piece]!, at, cut.at + 1);
    at = cut.at + 1;
    states[first + i] = skim.clone();
  }
  return states;
}

/**
 * The skim done by arithmetic, for a dropped prefix (up to the newline at
 * `cutAt`, the prefix's `newlines`th) that the caller found free of sequences
 * that move rows or hide newlines: every newline makes a row, so the scan's count
 * is the rows, and the pen is found by applying the SGR sequences after the last
 * reset. Returns null where that does not apply.
 */
function countRows(screen: Screen, pieces: readonly string[], cutPiece: number, cutAt: number, newlines: number): Skim | null {
  const { counter, parser, pen } = screen.state;
  if (parser.inSequence || counter.row !== counter.lastRow) return null;
  // SGR sequences back to the last one that starts with a reset.
  const sgrs: string[] = [];
  let piece = cutPiece;
  let from = cutAt;
  for (let escapes = 0; piece >= 0; escapes++) {
    if (escapes === MAX_ESCAPES_BACK) {
      // Many other sequences (erasing a line, say) and no reset: if the text before
      // them holds no SGR sequence at all, the pen is what it was before the batch.
      if (prefixMatches(pieces, piece, from + 1, SGR_LIKE)) return null;
      break;
    }
    const text = pieces[piece]!;
    const escape = from < 0 ? -1 : text.lastIndexOf('\x1b', from);
    if (escape < 0) {
      piece--;
      from = piece >= 0 ? pieces[piece]!.length - 1 : -1;
      continue;
    }
    // Every sequence passed must be whole within its piece (one split across
    // pieces is left to the full skim), and the last one must end before the cut.
    CLOSED_SEQUENCE.lastIndex = escape;
    const closed = CLOSED_SEQUENCE.exec(text);
    if (closed === null || (piece === cutPiece && escape + closed[0].length > cutAt + 1)) return null;
    SIMPLE_SGR.lastIndex = escape;
    const sgr = SIMPLE_SGR.exec(text);
    if (sgr !== null) {
      // A sequence that may hold more than 32 parameters (the parser keeps the first 32) is left to the full skim.
      if (sgr[1]!.length > 31) return null;
      sgrs.push(sgr[1]!);
      if (RESET_FIRST.test(sgr[1]!)) break;
      if (sgrs.length > MAX_SGRS_BACK) return null;
    }
    from = escape - 1;
  }
  const skim = new Skim(screen.state);
  skim.state.pen = applySgrs({ ...pen }, sgrs);
  skim.state.parser.discardPendingText();
  skim.state.counter.down(newlines);
  skim.freshRow = true;
  return skim;
}

/**
 * Whether the batch can start over after the newline at `cut` with the state `skim`
 * (skimmed up to it): the newline made a new row, out of any sequence, and no cursor
 * move after it reaches back above that row (tried on a copy where one could).
 */
function isExactCut(skim: Skim, pieces: readonly string[], cut: NewlineAt, sgrOnly: boolean): boolean {
  if (!skim.freshRow || skim.state.parser.inSequence) return false;
  if (sgrOnly || !suffixMatches(pieces, cut.piece, cut.at + 1, ROW_AFFECTING)) return true;
  const restart = skim.state.counter.lastRow;
  const dry = skim.clone();
  dry.write(pieces[cut.piece]!, cut.at + 1, pieces[cut.piece]!.length);
  for (let i = cut.piece + 1; i < pieces.length; i++) dry.write(pieces[i]!, 0, pieces[i]!.length);
  return dry.state.counter.firstRetained >= restart;
}
