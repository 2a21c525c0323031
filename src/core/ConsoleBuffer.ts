import { detachString, forgetLastMatch, joinDetached } from './detachString.js';
import { countNewlines, nthNewline, nthNewlineFromEnd } from './newlines.js';
import type { StyledLine } from './PagedLines.js';
import { LONG_TEXT_CHARS } from './Row.js';
import { Screen, type PlainPage } from './Screen.js';
import { Skim } from './Skim.js';
import { applySgrText, type PenStyle } from './style.js';

export type StreamName = 'stdout' | 'stderr';

export interface ConsoleBufferOptions {
  /** Most lines kept; see {@link ConsoleBuffer.maxLines}. Default 5000. */
  readonly maxLines?: number;
  /** Most columns kept of one line; see {@link ConsoleBuffer.maxLineLength}. Default 100,000. */
  readonly maxLineLength?: number;
  /**
   * Pending input is clipped (or applied) inside `write()` once it holds this many
   * characters, so a producer that never yields to a frame still runs in bounded
   * memory. Default 4 Mi characters.
   */
  readonly maxPendingChars?: number;
  /** Called when input is queued and none was pending: the owner schedules a frame. */
  readonly onPending?: () => void;
}

/** Applied lines read without applying what is pending (see ConsoleBuffer.applied). */
export interface AppliedText {
  readonly lineCount: number;
  readonly droppedLines: number;
  styledLine(index: number): StyledLine;
  takeChangedFrom(): number;
}

export const DEFAULT_MAX_LINES = 5000;
export const MAX_LINES_LIMIT = 100_000_000;
export const DEFAULT_MAX_LINE_LENGTH = 100_000;
/**
 * Applied inside write() past this: large enough that clipping pays (a batch far
 * larger than what is kept), small enough that one apply stays a few milliseconds.
 */
const DEFAULT_MAX_PENDING_CHARS = 4 * 1024 * 1024;
/** Bounds the queue of pieces too, not only their characters. */
const MAX_PENDING_PIECES = 65_536;
/**
 * Plain lines are kept as slices of the strings written, uncopied, from this length
 * (see plainPages); shorter runs are copied at once, which costs less than copying
 * them later (PagedLines.compact).
 */
const SHARED_PAGE_MIN_CHARS = 16 * 1024;
/** Writes shorter than this are appended to the previous pending piece… */
const SMALL_WRITE = 1024;
/** …while it is shorter than this. */
const COALESCED_PIECE = 64 * 1024;

/** Controls that need the terminal model, `\r` aside: all C0 but `\n`, DEL and C1 (a bare class: V8 scans it fast). */
const CONTROL_BUT_LINE_ENDS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** Whether `text` needs the terminal model: a control other than `\n`, or a `\r` not before `\n`. */
function needsTerminal(text: string): boolean {
  if (CONTROL_BUT_LINE_ENDS.test(text)) return true;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 0x0a) return true;
  }
  return false;
}
/** A complete CSI sequence, or ESC and a final that does not introduce a CSI or a string. */
const CLOSED_SEQUENCE = /\x1b(?:\[[\x20-\x3f]*[\x40-\x7e]|[\x20-\x2f]*[\x30-\x4f\x51-\x57\x59\x5a\x5c\x60-\x7e])/y;
/** An SGR sequence with plain parameters. */
const SIMPLE_SGR = /\x1b\[([0-9;:]*)m/y;
/** An escape that does not start a whole SGR sequence with plain parameters. */
const NOT_SIMPLE_SGR = /\x1b(?!\[[0-9;:]*m)/;
/** SGR parameters that start with a reset: what came before no longer matters. */
const RESET_FIRST = /^(?:0?(?:[;:]|$))/;
/** How many SGR sequences the arithmetic skim looks back for a reset before giving up. */
const MAX_SGRS_BACK = 256;
/** How many escape sequences of any kind it looks back before it looks for any SGR sequence at all in the rest. */
const MAX_ESCAPES_BACK = 1024;
/**
 * Anything the parser could take for an SGR sequence, generously: CSI, then
 * parameters, intermediates or controls, then `m`. Text with none leaves the pen alone.
 */
const SGR_LIKE = /\x1b\[[\x00-\x3f\x7f-\x9f]*m/;
/** Escapes that move rows or hide newlines in strings: a clipped suffix holding one is checked by a dry run. */
const ROW_AFFECTING = /\x1b(?:\[[\x30-\x3f]*[ABEFJ]|[\]P^_X])/;

/** Throws a RangeError unless `value` is a valid line length limit. */
export function checkMaxLineLength(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LINES_LIMIT) {
    throw new RangeError(`maxLineLength must be an integer from 1 to ${MAX_LINES_LIMIT}, got ${String(value)}`);
  }
  return value;
}

/** Throws a RangeError unless `value` is a valid line capacity. */
export function checkMaxLines(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LINES_LIMIT) {
    throw new RangeError(`maxLines must be an integer from 1 to ${MAX_LINES_LIMIT}, got ${String(value)}`);
  }
  return value;
}

/**
 * The console's text: at most `maxLines` lines, fed by writes that only queue.
 *
 * Text is interpreted as a terminal without a fixed width would: `\n` ends a
 * line, `\r` returns and overwrites, `\b`, `\t`, cursor moves, erases and SGR
 * styles (see Screen). Text after the last line end is the current line and
 * counts as a line once something was printed on it.
 *
 * Queued input is applied by {@link apply} (once per frame, by the owner's
 * scheduler) or by any read. Applying clips before it splits: of a batch holding
 * more lines than fit, only the last `maxLines` lines are ever built; the text
 * before them is only scanned (escape sequences followed, newlines counted), so
 * dropped lines are counted exactly and cost no allocation.
 */
export class ConsoleBuffer {
  #screen: Screen;
  #pending: string[] = [];
  /** Bit i set: pending piece i was written to stderr. */
  #pendingStderr: boolean[] = [];
  #pendingChars = 0;
  readonly #maxPendingChars: number;
  readonly #onPending: (() => void) | undefined;
  readonly #decoders = new Map<StreamName, TextDecoder>();
  /**
   * Newlines in each pending piece, and in all: counted as pieces are queued (one
   * forward indexOf pass, the fastest way V8 has to find them), so clipping and
   * applying find their cut by arithmetic and never scan the dropped text again.
   */
  #pendingNewlines: number[] = [];
  #newlineCount = 0;
  /** Whether a pending piece holds an escape, and one other than a whole SGR sequence with plain parameters. */
  #pendingEscapes = false;
  #pendingComplexEscapes = false;
  /**
   * Set when the queue was clipped (see #clipPending): the queue then starts with the
   * `\n` of the last dropped line, and this many more newlines were dropped before it.
   */
  #clippedRows: number | null = null;
  /** The pen after the clipped text, when the queue was clipped. */
  #clippedPen: PenStyle | null = null;
  /** Pending pieces before this one have had their redraws folded (see foldRedraws). */
  #foldedPieces = 0;
  /** Whether the last pending piece was joined from small writes. */
  #lastCoalesced = false;

  /**
   * The text as applied so far, for a renderer: unlike the getters below, reading it
   * never applies pending input, so a frame can render without paying for a flood.
   */
  readonly applied: AppliedText;

  constructor(options: ConsoleBufferOptions = {}) {
    const screen = () => this.#screen;
    this.applied = {
      get lineCount() {
        return screen().lineCount;
      },
      get droppedLines() {
        return screen().counter.firstRetained;
      },
      styledLine: (index) => screen().styledLine(screen().counter.firstRetained + index),
      takeChangedFrom: () => {
        const changed = screen().changedFrom;
        screen().changedFrom = Infinity;
        return changed;
      },
    };
    this.#screen = new Screen(
      checkMaxLines(options.maxLines ?? DEFAULT_MAX_LINES),
      checkMaxLineLength(options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH),
    );
    this.#maxPendingChars = options.maxPendingChars ?? DEFAULT_MAX_PENDING_CHARS;
    this.#onPending = options.onPending;
  }

  /** Most lines kept (Qt's maximumBlockCount). Lowering it drops the oldest lines at once. */
  get maxLines(): number {
    return this.#screen.counter.maxLines;
  }

  set maxLines(value: number) {
    checkMaxLines(value);
    this.apply();
    this.#screen.counter.maxLines = value;
    this.#screen.counter.trim();
    this.#screen.settle();
  }

  /**
   * Most columns kept of one line: what is printed past it is dropped and counted
   * in {@link truncatedChars}, so one line that never ends cannot exhaust memory.
   */
  get maxLineLength(): number {
    return this.#screen.maxLineLength;
  }

  set maxLineLength(value: number) {
    checkMaxLineLength(value);
    this.apply();
    this.#screen.maxLineLength = value;
  }

  /** Retained lines, the current line included once something was printed on it. Applies pending input. */
  get lineCount(): number {
    this.apply();
    return this.#screen.lineCount;
  }

  /** Lines discarded by the bound since the last clear(). Applies pending input. */
  get droppedLines(): number {
    this.apply();
    return this.#screen.counter.firstRetained;
  }

  /** Characters dropped past maxLineLength since the last clear(). Applies pending input. */
  get truncatedChars(): number {
    this.apply();
    return this.#screen.truncatedChars;
  }

  /** The retained lines, each followed by `\n`, then the current line. Applies pending input. */
  get text(): string {
    this.apply();
    return this.#screen.text();
  }

  /** Characters queued and not yet applied. */
  get pendingChars(): number {
    return this.#pendingChars;
  }

  /**
   * Characters of retained text still kept as the very strings write() was given.
   * Plain text is stored without a copy, since a flood replaces most of it before
   * anyone reads it; a string that is a slice of a larger one keeps that one alive
   * until {@link compact} copies it out.
   */
  get sharedChars(): number {
    return this.#screen.lines.sharedChars;
  }

  /**
   * Copies retained text still kept as written strings into strings of its own,
   * oldest first, about `maxChars` characters at most (all by default). Afterwards
   * retained text keeps nothing else alive. Returns the characters still shared.
   * `<bounded-console>` calls it, a budget per frame, once output pauses.
   */
  compact(maxChars = Infinity): number {
    if (!(maxChars >= 0)) throw new RangeError(`maxChars must be a number from 0, got ${String(maxChars)}`);
    return this.#screen.lines.compact(maxChars);
  }

  /**
   * Whether the queue was clipped to its last `maxLines` lines since the last apply:
   * applying it then costs a scan of the queue and at most `maxLines` lines.
   */
  get pendingClipped(): boolean {
    return this.#clippedRows !== null;
  }

  /**
   * Queues text (or UTF-8 bytes, decoded across calls per stream), counting its
   * newlines. Every `maxPendingChars` characters the queue is clipped to its last
   * `maxLines` lines where that is exact, and applied where it is not.
   */
  write(chunk: string | Uint8Array, stream: StreamName = 'stdout'): void {
    if (stream !== 'stdout' && stream !== 'stderr') {
      throw new TypeError(`stream must be 'stdout' or 'stderr', got ${describe(stream)}`);
    }
    if (typeof chunk === 'string') this.#queue(chunk, stream);
    else if (chunk instanceof Uint8Array) this.#queue(this.#decoder(stream).decode(chunk, { stream: true }), stream);
    else throw new TypeError(`write() takes a string or a Uint8Array, got ${describe(chunk)}`);
  }

  /**
   * Ends a byte stream: an incomplete UTF-8 sequence left at its end is written
   * as U+FFFD instead of waiting for bytes that will not come.
   */
  endBytes(stream: StreamName = 'stdout'): void {
    const decoder = this.#decoders.get(stream);
    if (decoder === undefined) return;
    this.#decoders.delete(stream);
    this.#queue(decoder.decode(), stream);
  }

  /** Forgets all text, pending input, partial UTF-8 sequences, styles and the dropped count. */
  clear(): void {
    this.#pending = [];
    this.#pendingStderr = [];
    this.#pendingChars = 0;
    this.#pendingNewlines = [];
    this.#newlineCount = 0;
    this.#pendingEscapes = false;
    this.#pendingComplexEscapes = false;
    this.#clippedRows = null;
    this.#clippedPen = null;
    this.#foldedPieces = 0;
    this.#lastCoalesced = false;
    this.#decoders.clear();
    this.#screen = new Screen(this.#screen.counter.maxLines, this.#screen.maxLineLength);
  }

  /** Text of retained line `index` (0 is the oldest), without its line end. */
  line(index: number): string {
    return this.styledLine(index).text;
  }

  /** Retained line `index` with its style runs. */
  styledLine(index: number): StyledLine {
    this.apply();
    const count = this.#screen.lineCount;
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`line index must be an integer from 0 to ${count - 1}, got ${index}`);
    }
    return this.#screen.styledLine(this.#screen.counter.firstRetained + index);
  }

  /**
   * Returns the lowest line sequence number (droppedLines + index) whose text
   * changed since the previous call, or Infinity, and starts tracking anew.
   * A renderer re-reads rows at or after it. Applies pending input.
   */
  takeChangedFrom(): number {
    this.apply();
    return this.applied.takeChangedFrom();
  }

  /** Applies all queued input. Returns whether anything was queued. */
  apply(): boolean {
    const pieces = this.#pending;
    if (pieces.length === 0) return false;
    const stderr = this.#pendingStderr;
    const newlines = { counts: this.#pendingNewlines, total: this.#newlineCount };
    this.#pending = [];
    this.#pendingStderr = [];
    this.#pendingNewlines = [];
    this.#newlineCount = 0;
    this.#pendingChars = 0;
    // Only whole SGR sequences: nothing moves rows or hides newlines, which spares the checks for it.
    const sgrOnly = !this.#pendingComplexEscapes && !this.#screen.parser.inSequence;
    // write() already looked for escapes: pieces are searched again only when some hold one.
    const anyEscapes = this.#pendingEscapes;
    const folded = this.#foldedPieces;
    this.#foldedPieces = 0;
    this.#lastCoalesced = false;
    this.#pendingEscapes = false;
    this.#pendingComplexEscapes = false;
    if (this.#clippedRows !== null) {
      this.#restartAfterClip(this.#clippedRows, this.#clippedPen!);
      this.#clippedRows = null;
      this.#clippedPen = null;
    }
    // Pieces wholly before the last maxLines lines are dropped by either path: only
    // their newlines count, so they are not folded.
    const firstKept = newlines.total > this.maxLines ? findNewline(pieces, newlines.counts, newlines.total - this.maxLines - 1).piece : 0;
    let escapes = false;
    for (let i = 0; i < pieces.length; i++) {
      if (anyEscapes && pieces[i]!.includes('\x1b')) escapes = true;
      else if (i >= firstKept && i >= folded) pieces[i] = foldRedraws(pieces[i]!, this.maxLineLength);
    }
    const plain = this.#screen.atPlainEnd && !stderr.includes(true) && !escapes;
    // Folding redraws rewrites text within lines: the newline counts still hold.
    if (!(plain && this.#applyPlain(pieces, newlines))) this.#applyTerminal(pieces, stderr, newlines, sgrOnly);
    this.#screen.settle();
    forgetLastMatch();
    return true;
  }

  /**
   * Clips the queue while it is written to, without applying it: once the queue
   * holds more than `maxLines` lines, the text before the last `maxLines` of them
   * is dropped and only its newlines are counted. A producer outrunning the frames
   * then costs a scan of what it writes, and the lines it keeps are built once, by
   * the next apply, not once per `maxPendingChars`. Done only where counting
   * newlines is exact: no escape in the queue but whole SGR sequences (so each
   * newline makes one row and nothing kept can reach back above the cut; the pen
   * at the cut is found from the SGR sequences before it) and the cursor on the
   * last row, out of any sequence. Returns false, having changed nothing, otherwise,
   * or when what would be kept is over half of `maxPendingChars`.
   */
  #clipPending(): boolean {
    const screen = this.#screen;
    if (this.#pendingComplexEscapes || screen.parser.inSequence || screen.counter.row !== screen.counter.lastRow) return false;
    const pieces = this.#pending;
    const counts = this.#pendingNewlines;
    if (this.#newlineCount <= this.maxLines) return false;
    // Newline number `dropped` is the cut: it ends the last dropped line and stays, as
    // the first character of the queue; the `dropped` newlines before it go.
    const dropped = this.#newlineCount - this.maxLines - 1;
    const cut = findNewline(pieces, counts, dropped);
    if (this.#pendingChars - cut.offset > this.#maxPendingChars / 2) return false;
    const before = this.#clippedPen ?? screen.pen;
    const pen = this.#pendingEscapes ? penAfter(before, pieces, cut.piece, cut.at) : { ...before };
    if (pen === null) return false;
    this.#clippedPen = pen;
    this.#clippedRows = (this.#clippedRows ?? 0) + dropped;
    // Pages may keep a piece as it is (see plainPages): a small slice of a large piece is copied, so it holds no more than itself.
    const cutPiece = pieces[cut.piece]!;
    const head = cutPiece.slice(cut.at);
    this.#pending = [head.length * 2 >= cutPiece.length ? head : detachString(head), ...pieces.slice(cut.piece + 1)];
    this.#pendingStderr = this.#pendingStderr.slice(cut.piece);
    this.#pendingNewlines = [counts[cut.piece]! - cut.before, ...counts.slice(cut.piece + 1)];
    this.#foldedPieces = Math.max(0, this.#foldedPieces - cut.piece);
    this.#newlineCount -= dropped;
    this.#pendingChars -= cut.offset;
    return true;
  }

  /**
   * How many characters the queue holds before write() clips or applies it:
   * maxPendingChars, or a quarter of it when the queue's lines are so long that
   * maxLines of them would not fit in half of it, so clipping could never succeed.
   * The queue is then applied in smaller parts, each a shorter task for the writer.
   */
  #pendingLimit(): number {
    const lines = this.#newlineCount;
    const hopeless = lines > 0 && (this.#pendingChars / lines) * this.maxLines > this.#maxPendingChars / 2;
    return hopeless ? this.#maxPendingChars / 4 : this.#maxPendingChars;
  }

  /**
   * Gives the screen the effect of `rows` newlines that were clipped from the queue,
   * after which the pen was `pen`: the current row ends and `rows` rows pass, all
   * beyond the capacity, since the queue holds at least `maxLines` more lines.
   * Their text never mattered.
   */
  #restartAfterClip(rows: number, pen: PenStyle): void {
    const screen = this.#screen;
    const skim = new Skim(screen.counter, pen, screen.parser, screen.belowBg);
    skim.parser.discardPendingText();
    skim.counter.down(rows);
    screen.restartAt(skim.counter, skim.pen, skim.parser, skim.belowBg);
  }

  /**
   * The fast path for text without escapes: lines are cut out of the batch as one
   * page, without looking at each. Returns false, having changed nothing, when the
   * kept text holds controls that need the terminal model.
   */
  #applyPlain(pieces: string[], { counts, total }: Newlines): boolean {
    const screen = this.#screen;
    if (total === 0) {
      const text = currentLine(pieces, 0, 0);
      if (needsTerminal(text)) return false;
      screen.print(text, 0, text.length);
      return true;
    }
    const last = findLastNewline(pieces, counts);
    const tail = currentLine(pieces, last.piece, last.at + 1);
    const keep = Math.min(total, this.maxLines - (tail === '' ? 0 : 1));
    // Dropped: the current row and the new lines up to the one the cut newline ends.
    const skipped = total - keep;
    const cut = skipped > 0 ? findNewline(pieces, counts, skipped - 1) : null;
    // A line that may be wider than maxLineLength (2 columns a character at most) needs the terminal model to cut it.
    const longest = this.maxLineLength / 2;
    const pages =
      cut !== null
        ? plainPages(pieces, counts, cut.piece, cut.at + 1, last.piece, last.at + 1, '', longest)
        : plainPages(pieces, counts, 0, 0, last.piece, last.at + 1, screen.currentText, longest);
    // Text that needs the terminal model is handed over; the pages are mostly slices, so little was copied for nothing.
    // (A \r\n split between pieces is taken for a bare \r: the terminal path handles it the same way, a little slower.)
    if (pages === null || needsTerminal(tail) || pages.some((page) => needsTerminal(page.text))) return false;
    screen.appendPlainLines(pages, tail, skipped);
    return true;
  }

  /**
   * The general path. If the batch holds more lines than fit, the text before a cut
   * (see #exactCut) is skimmed and only the rest is interpreted in full.
   */
  #applyTerminal(pieces: string[], stderr: boolean[], { counts, total }: Newlines, sgrOnly: boolean): void {
    const screen = this.#screen;
    let from = { piece: 0, at: 0 };
    if (total > this.maxLines) {
      const cut = this.#exactCut(pieces, counts, total, sgrOnly);
      if (cut !== null) {
        screen.restartAt(cut.skim.counter, cut.skim.pen, cut.skim.parser, cut.skim.belowBg);
        from = { piece: cut.piece, at: cut.at + 1 };
      }
    }
    for (let i = from.piece; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const start = screen.appendSimple(piece, i === from.piece ? from.at : 0, piece.length, stderr[i]!, sgrOnly);
      if (start < piece.length) screen.write(piece, start, piece.length, stderr[i]!);
    }
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
  #exactCut(pieces: readonly string[], counts: readonly number[], total: number, sgrOnly: boolean): { skim: Skim; piece: number; at: number } | null {
    // The candidates, latest first: each keeps twice the lines of the one before. Found as needed: most often the first is exact.
    const cuts: NewlineAt[] = [];
    const cutAt = (i: number): NewlineAt => (cuts[i] ??= findNewline(pieces, counts, total - this.maxLines * 2 ** i - 1));
    const candidates = Math.ceil(Math.log2(total / this.maxLines));
    let skimmed: Skim[] | null = null;
    // Whether the text before the cut holds no sequence that moves rows or hides newlines (then neither does the text before an earlier one).
    let clean = sgrOnly;
    for (let i = 0; i < candidates; i++) {
      const cut = cutAt(i);
      clean ||= !prefixMatches(pieces, cut.piece, cut.at + 1, ROW_AFFECTING);
      // The cut ends newline number `total - kept`.
      let skim = clean ? this.#countRows(pieces, cut.piece, cut.at, total - this.maxLines * 2 ** i) : null;
      if (skim === null) {
        if (skimmed === null) {
          for (let j = i + 1; j < candidates; j++) cutAt(j);
          skimmed = this.#skimTo(pieces, cuts.slice(i), i);
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
  #skimTo(pieces: readonly string[], cuts: readonly NewlineAt[], first: number): Skim[] {
    const screen = this.#screen;
    const skim = new Skim(screen.counter, screen.pen, screen.parser, screen.belowBg);
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
  #countRows(pieces: readonly string[], cutPiece: number, cutAt: number, newlines: number): Skim | null {
    const screen = this.#screen;
    const { counter } = screen;
    if (screen.parser.inSequence || counter.row !== counter.lastRow) return null;
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
        sgrs.push(sgr[1]!);
        if (RESET_FIRST.test(sgr[1]!)) break;
        if (sgrs.length > MAX_SGRS_BACK) return null;
      }
      from = escape - 1;
    }
    const skim = new Skim(counter, applySgrs({ ...screen.pen }, sgrs), screen.parser, screen.belowBg);
    skim.parser.discardPendingText();
    skim.counter.down(newlines);
    skim.freshRow = true;
    return skim;
  }

  #queue(text: string, stream: StreamName): void {
    if (text === '') return;
    const pending = this.#pending;
    const wasEmpty = pending.length === 0;
    const last = pending.length - 1;
    const stderr = stream === 'stderr';
    const newlines = countNewlines(text);
    if (last >= 0 && text.length < SMALL_WRITE && pending[last]!.length < COALESCED_PIECE && this.#pendingStderr[last] === stderr) {
      // One line per write: join small writes (V8 makes this a rope, flattened once
      // when scanned), so the queue holds few pieces and applying walks few of them.
      pending[last] += text;
      this.#pendingNewlines[last]! += newlines;
      this.#lastCoalesced = true;
    } else {
      // A piece of many small writes is folded once complete, while it is written:
      // a flood of progress redraws then reaches apply (and the frame) mostly folded.
      if (this.#lastCoalesced && !pending[last]!.includes('\x1b')) {
        pending[last] = foldRedraws(pending[last]!, this.maxLineLength);
        this.#foldedPieces = last + 1;
      }
      this.#lastCoalesced = false;
      pending.push(text);
      this.#pendingStderr.push(stderr);
      this.#pendingNewlines.push(newlines);
    }
    this.#newlineCount += newlines;
    this.#pendingChars += text.length;
    if (!this.#pendingComplexEscapes && text.includes('\x1b')) {
      this.#pendingEscapes = true;
      if (NOT_SIMPLE_SGR.test(text)) this.#pendingComplexEscapes = true;
    }
    if ((this.#pendingChars >= this.#pendingLimit() || this.#pending.length >= MAX_PENDING_PIECES) && !this.#clipPending()) this.apply();
    // Newlines in large writes are counted by regex (see countNewlines), which would keep the written text alive.
    if (text.length >= SMALL_WRITE) forgetLastMatch();
    if (wasEmpty) this.#onPending?.();
  }

  #decoder(stream: StreamName): TextDecoder {
    let decoder = this.#decoders.get(stream);
    if (decoder === undefined) {
      decoder = new TextDecoder('utf-8');
      this.#decoders.set(stream, decoder);
    }
    return decoder;
  }
}

/**
 * Anything in a line's redraws other than printable ASCII and `\r` (then it is not
 * folded), as two classes V8 scans far faster than the one negated class would be.
 */
const NOT_REDRAW_CONTROL = /[\x00-\x0c\x0e-\x1f\x7f-\x9f]/;
const NOT_REDRAW_WIDE = /[\xa0-\uffff]/;

/**
 * A line redrawn after `\r` again and again (a progress bar) ends up showing, in
 * each column, what the last redraw reaching that column wrote. For text without
 * escapes, folds each line's redraws of printable ASCII into one, so a flood of
 * redraws costs a scan instead of interpreting every one. Lines whose redraws hold
 * anything else, or one longer than `maxLineLength` (each redraw's columns past it
 * count in truncatedChars), are left as they are.
 */
export function foldRedraws(text: string, maxLineLength: number): string {
  let returnAt = text.indexOf('\r');
  if (returnAt < 0) return text;
  const out: string[] = [];
  let copied = 0;
  while (returnAt >= 0) {
    const lineStart = text.lastIndexOf('\n', returnAt) + 1;
    let lineEnd = text.indexOf('\n', returnAt);
    if (lineEnd < 0) lineEnd = text.length;
    const folded = foldLine(text, lineStart, returnAt, lineEnd, maxLineLength);
    if (folded !== null) {
      out.push(text.slice(copied, lineStart), folded);
      copied = lineEnd;
    }
    returnAt = text.indexOf('\r', lineEnd);
  }
  if (out.length === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** The line text[start, end) whose first `\r` is at `firstReturn`, folded; null if it cannot be. */
function foldLine(text: string, start: number, firstReturn: number, end: number, longest: number): string | null {
  // A single redraw leaves nothing to fold: checked first (forwards: indexOf is the fast scan), since a long line makes the scans below dear.
  const second = text.indexOf('\r', firstReturn + 1);
  if (second < 0 || second >= end) return null;
  const redraws = text.slice(firstReturn, end);
  if (NOT_REDRAW_CONTROL.test(redraws) || NOT_REDRAW_WIDE.test(redraws)) return null;
  // The redraws that show in the end are those longer than every later one: kept on
  // a stack (their start and length), each redraw popping the shorter ones before it.
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let redrawAt = firstReturn; redrawAt < end; ) {
    let next = text.indexOf('\r', redrawAt + 1);
    if (next < 0 || next > end) next = end;
    const length = next - redrawAt - 1;
    if (length > longest) return null;
    while (lengths.length > 0 && lengths[lengths.length - 1]! <= length) {
      starts.pop();
      lengths.pop();
    }
    starts.push(redrawAt + 1);
    lengths.push(length);
    redrawAt = next;
  }
  // Each column shows what the last redraw reaching it wrote: the last redraw, then the rest of each longer one before it.
  const top = lengths.length - 1;
  const parts = [text.slice(starts[top]!, starts[top]! + lengths[top]!)];
  for (let i = top - 1; i >= 0; i--) parts.push(text.slice(starts[i]! + lengths[i + 1]!, starts[i]! + lengths[i]!));
  const shown = parts.join('');
  // The cursor must end where the last redraw left it: write that one again over its own text.
  return text.slice(start, firstReturn) + '\r' + shown + (top > 0 ? '\r' + parts[0] : '');
}

/**
 * The pen after `pen` meets the text of `pieces` up to (piece, at), whose every
 * escape is a whole SGR sequence with plain parameters: the sequences after the
 * last one that starts with a reset, applied in order. Null if there are more
 * than MAX_SGRS_BACK of them.
 */
function penAfter(pen: PenStyle, pieces: readonly string[], piece: number, at: number): PenStyle | null {
  const sgrs: string[] = [];
  for (let from = at - 1; piece >= 0; piece--, from = piece >= 0 ? pieces[piece]!.length - 1 : -1) {
    const text = pieces[piece]!;
    let escape = from < 0 ? -1 : text.lastIndexOf('\x1b', from);
    for (; escape >= 0; escape = escape === 0 ? -1 : text.lastIndexOf('\x1b', escape - 1)) {
      SIMPLE_SGR.lastIndex = escape;
      const params = SIMPLE_SGR.exec(text)![1]!;
      sgrs.push(params);
      if (RESET_FIRST.test(params)) return applySgrs({ ...pen }, sgrs);
      if (sgrs.length > MAX_SGRS_BACK) return null;
    }
  }
  return applySgrs({ ...pen }, sgrs);
}

/** Applies SGR parameter strings, given newest first, to `pen`. */
function applySgrs(pen: PenStyle, newestFirst: readonly string[]): PenStyle {
  for (let i = newestFirst.length - 1; i >= 0; i--) applySgrText(pen, newestFirst[i]!);
  return pen;
}

/** The pending pieces' newline counts, each and in all. */
interface Newlines {
  readonly counts: readonly number[];
  readonly total: number;
}

/** A newline in the pieces: its piece, offset in it, newlines before it in that piece, and offset in their concatenation. */
interface NewlineAt {
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
function findNewline(pieces: readonly string[], counts: readonly number[], index: number): NewlineAt {
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

/**
 * The text of `pieces` from (piece, from) on, which holds no newline: the current
 * line. Joined into a string of its own, so what the line keeps holds no written
 * string alive, unless it is one long run of one piece: the row keeps at most
 * maxLineLength columns of it and copies those (see Row), so copying it all first
 * would be a waste.
 */
function currentLine(pieces: readonly string[], piece: number, from: number): string {
  const text = pieces[piece]!;
  if (piece === pieces.length - 1 && text.length - from >= LONG_TEXT_CHARS) return from === 0 ? text : text.slice(from);
  return joinDetached([text.slice(from), ...pieces.slice(piece + 1)]);
}

/** The last newline of `pieces` (which must hold one). */
function findLastNewline(pieces: readonly string[], counts: readonly number[]): { piece: number; at: number } {
  let piece = pieces.length - 1;
  while (counts[piece] === 0) piece--;
  return { piece, at: pieces[piece]!.lastIndexOf('\n') };
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
function plainPages(
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
      pages.push({ text, breaks: Int32Array.of(text.length - 1), shared: false });
      open = [];
      openLength = 0;
      start = first + 1;
    }
    const stop = piece.lastIndexOf('\n', end - 1) + 1;
    if (stop > start) {
      const found = new Int32Array(counts[i]!);
      const { count, longest: widest } = pageBreaks(piece, start, stop, found);
      if (widest > longest) return null;
      const breaks = count === found.length ? found : found.slice(0, count);
      const slice = start === 0 && stop === piece.length ? piece : piece.slice(start, stop);
      const shared = stop - start >= SHARED_PAGE_MIN_CHARS && (stop - start) * 2 >= piece.length;
      pages.push({ text: shared ? slice : detachString(slice), breaks, shared });
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
 * Fills `breaks` with the offsets, from `start`, of the newlines in text[start, end)
 * (which starts a line); returns how many and the length of the longest line they end.
 */
function pageBreaks(text: string, start: number, end: number, breaks: Int32Array): { count: number; longest: number } {
  let count = 0;
  let lineStart = start;
  let longest = 0;
  for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
    if (at - lineStart > longest) longest = at - lineStart;
    breaks[count++] = at - start;
    lineStart = at + 1;
  }
  return { count, longest };
}

/**
 * Whether the batch can start over after the newline at `cut` with the state `skim`
 * (skimmed up to it): the newline made a new row, out of any sequence, and no cursor
 * move after it reaches back above that row (tried on a copy where one could).
 */
function isExactCut(skim: Skim, pieces: readonly string[], cut: NewlineAt, sgrOnly: boolean): boolean {
  if (!skim.freshRow || skim.parser.inSequence) return false;
  if (sgrOnly || !suffixMatches(pieces, cut.piece, cut.at + 1, ROW_AFFECTING)) return true;
  const restart = skim.counter.lastRow;
  const dry = skim.clone();
  dry.write(pieces[cut.piece]!, cut.at + 1, pieces[cut.piece]!.length);
  for (let i = cut.piece + 1; i < pieces.length; i++) dry.write(pieces[i]!, 0, pieces[i]!.length);
  return dry.counter.firstRetained >= restart;
}

/** Whether the text from the start to (piece, end) matches `pattern`, also across piece boundaries. */
function prefixMatches(pieces: readonly string[], lastPiece: number, end: number, pattern: RegExp): boolean {
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

/** Longest span checked across a piece boundary: far longer than any sequence the pattern matches. */
const BOUNDARY_WINDOW = 512;

/** Whether the text from (piece, at) to the end matches `pattern`, also across piece boundaries. */
function suffixMatches(pieces: readonly string[], piece: number, at: number, pattern: RegExp): boolean {
  if (pattern.test(pieces[piece]!.slice(at))) return true;
  for (let i = piece + 1; i < pieces.length; i++) {
    const before = pieces[i - 1]!;
    const boundary = before.slice(Math.max(at, before.length - BOUNDARY_WINDOW)) + pieces[i]!.slice(0, BOUNDARY_WINDOW);
    if (pattern.test(pieces[i]!) || pattern.test(boundary)) return true;
    at = 0;
  }
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}
