import { joinDetached } from './detachString.js';
import { PagedLines } from './PagedLines.js';

export type StreamName = 'stdout' | 'stderr';

export interface ConsoleBufferOptions {
  /** Most lines kept; see {@link ConsoleBuffer.maxLines}. Default 5000. */
  readonly maxLines?: number;
  /**
   * Pending input is applied inside `write()` once it holds this many characters,
   * so a producer that never yields to a frame still runs in bounded memory.
   * Default 4 Mi characters.
   */
  readonly maxPendingChars?: number;
  /** Called when input is queued and none was pending: the owner schedules a frame. */
  readonly onPending?: () => void;
}

export const DEFAULT_MAX_LINES = 5000;
export const MAX_LINES_LIMIT = 100_000_000;
const DEFAULT_MAX_PENDING_CHARS = 4 * 1024 * 1024;
/** Bounds the queue of tiny writes too (one line per write), not only their characters. */
const MAX_PENDING_PIECES = 65_536;

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
 * A line is text ended by `\n` (a `\r` right before it is dropped); text after the
 * last `\n` is the current line and counts as a line once it is not empty.
 * Queued input is applied by {@link apply} (once per frame, by the owner's
 * scheduler) or by any read. Applying clips before it splits: of a batch holding
 * more lines than fit, only the last `maxLines` lines are ever copied; the rest is
 * only scanned, to count exactly how many lines were dropped.
 */
export class ConsoleBuffer {
  readonly #lines = new PagedLines();
  #current = '';
  #maxLines: number;
  #pending: string[] = [];
  #pendingChars = 0;
  readonly #maxPendingChars: number;
  readonly #onPending: (() => void) | undefined;
  readonly #decoders = new Map<StreamName, TextDecoder>();
  /** Lowest sequence number whose text changed since the last takeChangedFrom(). */
  #changedFrom = 0;
  /** Newline positions found by the backward scan in apply(), reused between batches. */
  #positions = new Int32Array(1024);

  constructor(options: ConsoleBufferOptions = {}) {
    this.#maxLines = checkMaxLines(options.maxLines ?? DEFAULT_MAX_LINES);
    this.#maxPendingChars = options.maxPendingChars ?? DEFAULT_MAX_PENDING_CHARS;
    this.#onPending = options.onPending;
  }

  /** Most lines kept (Qt's maximumBlockCount). Lowering it drops the oldest lines at once. */
  get maxLines(): number {
    return this.#maxLines;
  }

  set maxLines(value: number) {
    checkMaxLines(value);
    this.apply();
    this.#maxLines = value;
    this.#trimToCapacity();
  }

  /** Retained lines, the non-empty current line included. Applies pending input. */
  get lineCount(): number {
    this.apply();
    return this.#storedLineCount();
  }

  /** Lines discarded by the bound since the last clear(). Applies pending input. */
  get droppedLines(): number {
    this.apply();
    return this.#lines.firstSeq;
  }

  /** The retained lines, each followed by `\n`, then the current line. Applies pending input. */
  get text(): string {
    this.apply();
    const out: string[] = [];
    this.#lines.collectText(out);
    out.push(this.#current);
    return out.join('');
  }

  /** Characters queued and not yet applied. */
  get pendingChars(): number {
    return this.#pendingChars;
  }

  /**
   * Queues text (or UTF-8 bytes, decoded across calls per stream). O(1) for strings,
   * except that every `maxPendingChars` characters the queue is applied.
   */
  write(chunk: string | Uint8Array, stream: StreamName = 'stdout'): void {
    if (stream !== 'stdout' && stream !== 'stderr') {
      throw new TypeError(`stream must be 'stdout' or 'stderr', got ${describe(stream)}`);
    }
    if (typeof chunk === 'string') this.#queue(chunk);
    else if (chunk instanceof Uint8Array) this.#queue(this.#decoder(stream).decode(chunk, { stream: true }));
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
    this.#queue(decoder.decode());
  }

  /** Forgets all text, pending input, partial UTF-8 sequences and the dropped count. */
  clear(): void {
    this.#pending = [];
    this.#pendingChars = 0;
    this.#decoders.clear();
    this.#lines.reset(0);
    this.#current = '';
    this.#changedFrom = 0;
  }

  /** Text of retained line `index` (0 is the oldest), without its line end. */
  line(index: number): string {
    this.apply();
    const stored = this.#lines.length;
    if (index === stored && this.#current !== '') return this.#current;
    if (!Number.isInteger(index) || index < 0 || index >= stored) {
      throw new RangeError(`line index must be an integer from 0 to ${this.#storedLineCount() - 1}, got ${index}`);
    }
    return this.#lines.line(this.#lines.firstSeq + index);
  }

  /**
   * Returns the lowest line sequence number (droppedLines + index) whose text
   * changed since the previous call, or Infinity, and starts tracking anew.
   * A renderer re-reads rows at or after it. Applies pending input.
   */
  takeChangedFrom(): number {
    this.apply();
    const changed = this.#changedFrom;
    this.#changedFrom = Infinity;
    return changed;
  }

  /** Applies all queued input. Returns whether anything was queued. */
  apply(): boolean {
    const pieces = this.#pending;
    if (pieces.length === 0) return false;
    this.#pending = [];
    this.#pendingChars = 0;

    let lastPiece = pieces.length - 1;
    let lastNewline = -1;
    for (; lastPiece >= 0; lastPiece--) {
      lastNewline = pieces[lastPiece]!.lastIndexOf('\n');
      if (lastNewline >= 0) break;
    }
    if (lastPiece < 0) {
      this.#setCurrent(joinDetached([this.#current, ...pieces]));
      return true;
    }

    const tail = joinDetached([pieces[lastPiece]!.slice(lastNewline + 1), ...pieces.slice(lastPiece + 1)]);
    const keep = this.#maxLines - (tail === '' ? 0 : 1);
    const starts = pieceStarts(pieces, lastPiece);

    // Walk back from the last newline, recording the ends of the `keep` lines that
    // stay; a newline found beyond them ends the last line that is dropped.
    let found = 0;
    let cutPiece = -1;
    let cutAt = -1;
    scan: for (let i = lastPiece; i >= 0; i--) {
      const piece = pieces[i]!;
      let from = i === lastPiece ? lastNewline : piece.length - 1;
      while (from >= 0) {
        const at = piece.lastIndexOf('\n', from);
        if (at < 0) break;
        if (found === keep) {
          cutPiece = i;
          cutAt = at;
          break scan;
        }
        this.#recordPosition(found++, starts[i]! + at);
        from = at - 1;
      }
    }

    const lines = this.#lines;
    const firstNewSeq = lines.endSeq;
    this.#changedFrom = Math.min(this.#changedFrom, firstNewSeq);
    let kept: string;
    let offset: number;
    if (cutPiece >= 0) {
      // Everything before the cut goes: the old lines, the old current line and the
      // new lines up to and including the one the cut newline ends.
      let droppedNew = countNewlines(pieces[cutPiece]!, 0, cutAt + 1);
      for (let i = 0; i < cutPiece; i++) droppedNew += countNewlines(pieces[i]!, 0, pieces[i]!.length);
      lines.reset(firstNewSeq + droppedNew);
      kept = joinDetached(slicePieces(pieces, cutPiece, cutAt + 1, lastPiece, lastNewline + 1));
      offset = starts[cutPiece]! + cutAt + 1;
    } else {
      kept = joinDetached([this.#current, ...slicePieces(pieces, 0, 0, lastPiece, lastNewline + 1)]);
      offset = -this.#current.length;
    }
    const breaks = new Int32Array(found);
    for (let i = 0; i < found; i++) breaks[i] = this.#positions[found - 1 - i]! - offset;
    lines.append(kept, breaks);
    this.#current = tail;
    this.#trimToCapacity();
    return true;
  }

  #storedLineCount(): number {
    return this.#lines.length + (this.#current === '' ? 0 : 1);
  }

  #queue(text: string): void {
    if (text === '') return;
    const wasEmpty = this.#pending.length === 0;
    this.#pending.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= this.#maxPendingChars || this.#pending.length >= MAX_PENDING_PIECES) this.apply();
    if (wasEmpty) this.#onPending?.();
  }

  #setCurrent(text: string): void {
    this.#current = text;
    this.#changedFrom = Math.min(this.#changedFrom, this.#lines.endSeq);
    this.#trimToCapacity();
  }

  #trimToCapacity(): void {
    const excess = this.#storedLineCount() - this.#maxLines;
    if (excess > 0) this.#lines.dropOldest(excess);
  }

  #recordPosition(index: number, position: number): void {
    if (index === this.#positions.length) {
      const grown = new Int32Array(this.#positions.length * 2);
      grown.set(this.#positions);
      this.#positions = grown;
    }
    this.#positions[index] = position;
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

/** Offset of each piece, up to and including `last`, in the pieces' concatenation. */
function pieceStarts(pieces: readonly string[], last: number): Float64Array {
  const starts = new Float64Array(last + 1);
  for (let i = 1; i <= last; i++) starts[i] = starts[i - 1]! + pieces[i - 1]!.length;
  return starts;
}

/** The text from (firstPiece, from) to (lastPiece, to), as slices of the pieces. */
function slicePieces(pieces: readonly string[], firstPiece: number, from: number, lastPiece: number, to: number): string[] {
  if (firstPiece === lastPiece) return [pieces[firstPiece]!.slice(from, to)];
  const out = [pieces[firstPiece]!.slice(from)];
  for (let i = firstPiece + 1; i < lastPiece; i++) out.push(pieces[i]!);
  out.push(pieces[lastPiece]!.slice(0, to));
  return out;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}
