import { detachString } from '../detachString.js';
import { countNewlines } from '../newlines.js';
import type { PenStyle } from '../style.js';
import { foldRedraws } from './foldRedraws.js';
import { findNewline, isSgrParamChar, penAfter } from './pieces.js';

/** Writes shorter than this are appended to the previous pending piece… */
export const SMALL_WRITE = 1024;
/** …while it is shorter than this. */
const COALESCED_PIECE = 64 * 1024;
/**
 * An escape that does not start a whole SGR sequence with plain parameters. (One of
 * more than 31 parameter characters, rare, is left to the parser, which keeps its
 * first 32 parameters: the pen walk-back of the clip does not take one, and lines are
 * not kept as written with one, see applyBatch. Bounding the parameters here made the
 * scan of a flood a fifth slower.)
 */
const NOT_SIMPLE_SGR = /\x1b(?!\[[0-9;:]*m)/g;
/** Such a sequence cut short by the end of its piece (a stream cut anywhere), of at most 31 parameter characters so far: the next piece may complete it. */
const OPEN_SGR = /^\x1b(?:\[[0-9;:]{0,31})?$/;
/** The longest such sequence: ESC, `[` and 31 parameter characters. */
const MAX_OPEN_SGR = 33;
const WHOLE_SGR = /^\x1b\[[0-9;:]{0,31}m/;

/** What a queue held when it was taken: the pieces and what was learnt of them as they were written. */
export interface Batch {
  readonly pieces: string[];
  /** Whether each piece was written to stderr. */
  readonly stderr: readonly boolean[];
  /** Newlines in each piece. */
  readonly counts: readonly number[];
  /** Newlines in all. */
  readonly total: number;
  /** Whether a piece holds an escape. */
  readonly escapes: boolean;
  /**
   * Whether a piece holds an escape other than a whole SGR sequence with plain
   * parameters (one split between two pieces is whole, one cut short at the end
   * still to come): found out by a scan on the first call, unless `escapesChecked`.
   */
  complexEscapes(): boolean;
  /** Whether complexEscapes() is known already, so calling it costs nothing. */
  readonly escapesChecked: boolean;
  /** Pieces before this one have had their redraws folded. */
  readonly folded: number;
  /**
   * Set when the queue was clipped (see PendingQueue.clip): the batch then starts
   * with the `\n` of the last dropped line, and this many more newlines were dropped
   * before it, after which the pen was `clippedPen`.
   */
  readonly clippedRows: number | null;
  readonly clippedPen: PenStyle | null;
}

/**
 * Input written and not yet applied: the pieces (small writes joined), the stream of
 * each, their newlines (counted as they are queued, one forward indexOf pass, so
 * clipping and applying find their cut by arithmetic and never scan dropped text
 * again), whether they hold escapes, and what clipping dropped from their front.
 */
export class PendingQueue {
  #pieces: string[] = [];
  #stderr: boolean[] = [];
  #counts: number[] = [];
  #total = 0;
  #chars = 0;
  #escapes = false;
  /** Whether the pieces hold a complex escape (see Batch.complexEscapes), as far as they were checked. */
  #complexEscapes = false;
  /** How far the pieces were checked for complex escapes: pieces before #checkedPiece, and that one up to #checkedAt. */
  #checkedPiece = 0;
  #checkedAt = 0;
  #clippedRows: number | null = null;
  #clippedPen: PenStyle | null = null;
  #folded = 0;
  /** Whether the last piece was joined from small writes. */
  #lastCoalesced = false;

  get isEmpty(): boolean {
    return this.#pieces.length === 0;
  }

  get chars(): number {
    return this.#chars;
  }

  get pieceCount(): number {
    return this.#pieces.length;
  }

  get newlines(): number {
    return this.#total;
  }

  get clipped(): boolean {
    return this.#clippedRows !== null;
  }

  /** Queues `text` (not empty); `maxLineLength` bounds the redraws folded. */
  push(text: string, stderr: boolean, maxLineLength: number): void {
    const pieces = this.#pieces;
    const last = pieces.length - 1;
    const newlines = countNewlines(text);
    if (last >= 0 && text.length < SMALL_WRITE && pieces[last]!.length < COALESCED_PIECE && this.#stderr[last] === stderr) {
      // One line per write: join small writes (V8 makes this a rope, flattened once
      // when scanned), so the queue holds few pieces and applying walks few of them.
      pieces[last] += text;
      this.#counts[last]! += newlines;
      this.#lastCoalesced = true;
    } else {
      // A piece of many small writes is folded once complete, while it is written:
      // a flood of progress redraws then reaches apply (and the frame) mostly folded.
      if (this.#lastCoalesced && !pieces[last]!.includes('\x1b')) {
        pieces[last] = foldRedraws(pieces[last]!, maxLineLength);
        this.#folded = last + 1;
      }
      this.#lastCoalesced = false;
      pieces.push(text);
      this.#stderr.push(stderr);
      this.#counts.push(newlines);
    }
    this.#total += newlines;
    this.#chars += text.length;
    // Looked at closer only when clipping or applying needs to know (see #checkEscapes): a huge write often never does.
    if (!this.#escapes && text.includes('\x1b')) this.#escapes = true;
  }

  /** Whether the pieces hold a complex escape: checks the text written since the last call. */
  #checkEscapes(): boolean {
    const pieces = this.#pieces;
    if (this.#complexEscapes || !this.#escapes || pieces.length === 0) return this.#complexEscapes;
    const checked = checkEscapes(pieces, this.#checkedPiece, this.#checkedAt);
    this.#complexEscapes = checked < 0;
    this.#checkedPiece = pieces.length - 1;
    this.#checkedAt = checked;
    return this.#complexEscapes;
  }

  /** Everything queued, as a batch; the queue is empty afterwards, or holds only an SGR sequence cut short (see #holdOpenSgr). */
  take(): Batch {
    const held = this.#holdOpenSgr();
    const pieces = this.#pieces;
    const known = this.#complexEscapes;
    const escapesChecked = known || !this.#escapes || (this.#checkedPiece === pieces.length - 1 && this.#checkedAt === pieces.at(-1)!.length);
    const [piece, at] = [this.#checkedPiece, this.#checkedAt];
    let answer: boolean | null = escapesChecked ? known : null;
    const batch: Batch = {
      pieces,
      stderr: this.#stderr,
      counts: this.#counts,
      total: this.#total,
      escapes: this.#escapes,
      complexEscapes: () => (answer ??= checkEscapes(pieces, piece, at) < 0),
      escapesChecked,
      folded: this.#folded,
      clippedRows: this.#clippedRows,
      clippedPen: this.#clippedPen,
    };
    this.clear();
    if (held !== null) this.push(held.text, held.stderr, Infinity);
    return batch;
  }

  /** Everything queued, as the pieces and the stream of each, nothing held back; the queue is empty afterwards. */
  drain(): { text: string; stderr: boolean }[] {
    const pieces = this.#pieces.map((text, i) => ({ text, stderr: this.#stderr[i]! }));
    this.clear();
    return pieces;
  }

  /**
   * Takes an SGR sequence the queue ends with, cut short (a stream cut anywhere), out
   * of it, unless it is all the queue holds: applied, it would leave the parser inside
   * it, and then the next queue could not be clipped. Until its end is written it
   * shows nothing, so it is applied with what follows it instead.
   */
  #holdOpenSgr(): { text: string; stderr: boolean } | null {
    const pieces = this.#pieces;
    const last = pieces.length - 1;
    const text = pieces[last]!;
    const open = this.#escapes ? openSgrStart(text, text.length) : text.length;
    if (open === text.length || (open === 0 && last === 0)) return null;
    const held = { text: text.slice(open), stderr: this.#stderr[last]! };
    if (open > 0) {
      pieces[last] = text.slice(0, open);
    } else {
      pieces.pop();
      this.#stderr.pop();
      this.#counts.pop();
    }
    return held;
  }

  clear(): void {
    this.#pieces = [];
    this.#stderr = [];
    this.#counts = [];
    this.#total = 0;
    this.#chars = 0;
    this.#escapes = false;
    this.#complexEscapes = false;
    this.#checkedPiece = 0;
    this.#checkedAt = 0;
    this.#clippedRows = null;
    this.#clippedPen = null;
    this.#folded = 0;
    this.#lastCoalesced = false;
  }

  /**
   * Whether the queue can be clipped at all: its escapes are all whole SGR sequences
   * with plain parameters (so each newline makes one row and nothing kept can reach
   * back above the cut) and it holds more than `maxLines` newlines.
   */
  canClip(maxLines: number): boolean {
    return this.#total > maxLines && !this.#checkEscapes();
  }

  /**
   * Whether the queue could be clipped once more lines come: its escapes allow it (see
   * canClip), and its lines are short enough that `maxLines` of them, as long as those
   * so far, would fit in `maxKeptChars` (see clip).
   */
  mayClip(maxLines: number, maxKeptChars: number): boolean {
    return (this.#chars / (this.#total + 1)) * maxLines <= maxKeptChars && !this.#checkEscapes();
  }

  /**
   * Drops the text before the last `maxLines` lines, counting only its newlines;
   * `pen` is the pen before the queue. The caller checked canClip() and that the
   * cursor is on the last row, out of any sequence. Returns false, having changed
   * nothing, when what would be kept is over `maxKeptChars`, or the pen at the cut
   * cannot be found.
   */
  clip(maxLines: number, pen: Readonly<PenStyle>, maxKeptChars: number): boolean {
    const pieces = this.#pieces;
    const counts = this.#counts;
    // Newline number `dropped` is the cut: it ends the last dropped line and stays, as
    // the first character of the queue; the `dropped` newlines before it go.
    const dropped = this.#total - maxLines - 1;
    const cut = findNewline(pieces, counts, dropped);
    if (this.#chars - cut.offset > maxKeptChars) return false;
    const before = this.#clippedPen ?? pen;
    const penAtCut = this.#escapes ? penAfter(before, pieces, cut.piece, cut.at) : { ...before };
    if (penAtCut === null) return false;
    this.#clippedPen = penAtCut;
    this.#clippedRows = (this.#clippedRows ?? 0) + dropped;
    // Pages may keep a piece as it is (see plainPages): a small slice of a large piece is copied, so it holds no more than itself.
    const cutPiece = pieces[cut.piece]!;
    const head = cutPiece.slice(cut.at);
    this.#pieces = [head.length * 2 >= cutPiece.length ? head : detachString(head), ...pieces.slice(cut.piece + 1)];
    this.#stderr = this.#stderr.slice(cut.piece);
    this.#counts = [counts[cut.piece]! - cut.before, ...counts.slice(cut.piece + 1)];
    this.#folded = Math.max(0, this.#folded - cut.piece);
    // canClip() checked every piece, the last up to #checkedAt: a sequence it ends with, still to come, is checked again.
    if (this.#pieces.length === 1) this.#checkedAt = Math.max(0, this.#checkedAt - cut.at);
    this.#checkedPiece = this.#pieces.length - 1;
    this.#total -= dropped;
    this.#chars -= cut.offset;
    return true;
  }
}

/**
 * Checks the pieces from (piece, at) on for an escape that does not start a whole SGR
 * sequence with plain parameters (a sequence split between two pieces is whole).
 * Returns -1 if there is one, else where the check of the last piece ended: its
 * length, or where a sequence it ends with began, whose end is still to come.
 */
function checkEscapes(pieces: readonly string[], piece: number, at: number): number {
  for (let i = piece, from = at; i < pieces.length; i++) {
    const text = pieces[i]!;
    NOT_SIMPLE_SGR.lastIndex = from;
    const match = NOT_SIMPLE_SGR.exec(text);
    from = 0;
    if (match === null) continue;
    const escape = match.index;
    const rest = text.length - escape;
    if (rest > MAX_OPEN_SGR || !OPEN_SGR.test(text.slice(escape))) return -1;
    if (i === pieces.length - 1) return escape;
    // Cut short: the next piece must end it (one too short for that counts as complex), and is checked from past its end.
    const whole = WHOLE_SGR.exec(text.slice(escape) + pieces[i + 1]!.slice(0, MAX_OPEN_SGR + 1));
    if (whole === null) return -1;
    from = whole[0].length - rest;
  }
  return pieces.at(-1)!.length;
}

/** Where an SGR sequence with plain parameters that text[…, end) ends with, cut short, begins, or `end`. */
export function openSgrStart(text: string, end: number): number {
  // Only the end is looked at, a character at a time back over parameters to `CSI` or a lone ESC (no slice, no regex: called twice an apply).
  const from = Math.max(0, end - MAX_OPEN_SGR);
  for (let at = end - 1; at >= from; at--) {
    const code = text.charCodeAt(at);
    if (code === 0x1b) return at === end - 1 ? at : end;
    if (code === 0x5b) return at > from && text.charCodeAt(at - 1) === 0x1b ? at - 1 : end;
    if (!isSgrParamChar(code)) return end;
  }
  return end;
}
