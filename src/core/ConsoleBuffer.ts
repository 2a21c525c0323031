import { forgetLastMatch } from './detachString.js';
import { applyBatch, MIN_SLICE_CHARS, type ApplyTimer, type PieceAt } from './ingest/applyBatch.js';
import { PendingQueue, SMALL_WRITE, type Batch } from './ingest/PendingQueue.js';
import type { PageVisitor, StyledLine } from './PagedLines.js';
import { Screen } from './Screen.js';

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
  /** Height of the screen in rows; see {@link ConsoleBuffer.rows}. Default null: every retained line. */
  readonly rows?: number | null;
  /**
   * The clock, in milliseconds, that bounds how long one write() of a huge string and
   * one {@link ConsoleBuffer.applyFor} interpret. Default `performance.now`; a test can
   * give one it controls.
   */
  readonly now?: () => number;
}

/** Applied lines read without applying what is pending (see ConsoleBuffer.applied). */
export interface AppliedText {
  readonly lineCount: number;
  readonly droppedLines: number;
  /** Whether the text ends with a line break (the last retained line is complete, no current line begun). */
  readonly endsWithLineBreak: boolean;
  styledLine(index: number): StyledLine;
  /** Hands lines `from` to `to` (sequence numbers) to `visit` a page of text at a time, as far as they are in pages; returns where it stopped. */
  visitPages(from: number, to: number, visit: PageVisitor): number;
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
/** A queue this large is clipped to its last maxLines lines, where it can be, before it is applied. */
const CLIP_BEFORE_APPLY_CHARS = 64 * 1024;
/** Bounds the queue of pieces too, not only their characters. */
const MAX_PENDING_PIECES = 65_536;
/** The smallest part of a huge write's rest queued at once. */
const MIN_REST_PART = 64 * 1024;
/** The first, before what the text costs is known: 2 to 9 ms of the dearest text (cursor moves, links, SGR sequences and nothing else). */
const FIRST_REST_PART = 256 * 1024;
/**
 * Time one write() of a string longer than maxPendingChars gives to interpreting the
 * first part of it that cannot be clipped; the rest is left to applyFor(). With a frame
 * after it, the longest task stays within the N/2 ms of N MiB asked in issue #9 from 16 MiB.
 */
const WRITE_PART_MS = 8;

/** Throws a RangeError unless `value` is a valid screen height: null (unbounded) or an integer from 1. */
export function checkRows(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LINES_LIMIT) {
    throw new RangeError(`rows must be null or an integer from 1 to ${MAX_LINES_LIMIT}, got ${String(value)}`);
  }
  return value;
}

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
  readonly #queue = new PendingQueue();
  readonly #maxPendingChars: number;
  readonly #onPending: (() => void) | undefined;
  readonly #decoders = new Map<StreamName, StreamDecoder>();
  #rows: number | null;
  /**
   * The rest of one huge write, not queued yet, and what was written after it: the
   * strings as written (not copied), where each one's rest starts, its stream. write()
   * queues (and so clips) the first maxPendingChars of a longer string and interprets
   * about WRITE_PART_MS of it, whatever its length; applyFor() takes the rest over
   * frames, and apply() (and every getter) all of it. Writes after it wait
   * behind it, in order; one more huge string, or more than maxPendingChars of them,
   * has it all queued first, so that it keeps at most one large string alive.
   */
  readonly #rest: { text: string; at: number; stream: StreamName }[] = [];
  #restChars = 0;
  /** Characters written behind the rest since it was last empty (a bound, not an exact count). */
  #waitingChars = 0;
  /**
   * How much of the rest is queued at once while a deadline bounds it: FIRST_REST_PART
   * at first, doubled (up to maxPendingChars) each time a part is clipped, may yet be,
   * or is applied in time, and fitted to what the text let through when a deadline
   * stopped a part.
   */
  #partChars: number;
  /** Whether the last apply with a deadline stopped at it, leaving the rest of its batch. */
  #stopped = false;
  readonly #now: () => number;

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
        return screen().state.counter.firstRetained;
      },
      get endsWithLineBreak() {
        return screen().lineCount > 0 && !screen().state.counter.lastRowPrinted;
      },
      styledLine: (index) => screen().styledLine(screen().state.counter.firstRetained + index),
      visitPages: (from, to, visit) => screen().visitPages(from, to, visit),
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
    this.#rows = checkRows(options.rows);
    this.#screen.setRows(this.#rows ?? Infinity);
    this.#maxPendingChars = options.maxPendingChars ?? DEFAULT_MAX_PENDING_CHARS;
    this.#partChars = Math.min(this.#maxPendingChars, FIRST_REST_PART);
    this.#onPending = options.onPending;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Most lines kept (Qt's maximumBlockCount). Lowering it drops the oldest lines at once. */
  get maxLines(): number {
    return this.#screen.state.counter.maxLines;
  }

  set maxLines(value: number) {
    checkMaxLines(value);
    this.apply();
    this.#screen.state.counter.maxLines = value;
    this.#screen.state.counter.trim();
    this.#screen.settle();
  }

  /**
   * Height of the screen: how many of the last rows absolute cursor moves (`CSI H`,
   * `CSI d`), erasing the display (`CSI 2J`, `CSI 3J`), scroll regions (`CSI r`) and
   * the alternate screen (`?1049h`) act on, as a terminal's rows. A line feed on the
   * screen's last row scrolls it down, the rows above staying as lines. Null (the
   * default): the screen is every retained line, its top the oldest, and it grows
   * without scrolling, as a terminal as tall as the console's capacity. Changing it
   * applies pending input first and resets the scroll region, as resizing a terminal does.
   */
  get rows(): number | null {
    return this.#rows;
  }

  set rows(value: number | null) {
    const rows = checkRows(value);
    this.apply();
    this.#rows = rows;
    this.#screen.setRows(rows ?? Infinity);
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
    return this.#screen.state.counter.firstRetained;
  }

  /** Characters dropped past maxLineLength since the last clear(). Applies pending input, and counts what {@link countTruncated} has not. */
  get truncatedChars(): number {
    this.apply();
    return this.#screen.truncatedChars;
  }

  /**
   * Counts characters dropped past maxLineLength in long stretches of text crossed
   * there (a MiB or more of one line, laced with colours, say), about `maxChars` of
   * that text at most (all by default), and returns how much is left to count. Such a
   * stretch is only searched when it is applied, for where it ends and the pen it
   * leaves, so that one huge write does not block; what it drops is counted here, or
   * when {@link truncatedChars} is read. Until then it keeps the string it came from
   * alive (one string at most: text crossed in another write counts what is left first).
   * `<bounded-console>` calls it, a budget per frame.
   */
  countTruncated(maxChars = Infinity): number {
    if (!(maxChars >= 0)) throw new RangeError(`maxChars must be a number from 0, got ${String(maxChars)}`);
    return this.#screen.countTruncated(maxChars);
  }

  /** The retained lines, each followed by `\n`, then the current line. Applies pending input. */
  get text(): string {
    this.apply();
    return this.#screen.text();
  }

  /** Characters queued and not yet applied, the rest of a huge write among them. */
  get pendingChars(): number {
    return this.#queue.chars + this.restChars;
  }

  /**
   * Characters not yet queued: the rest of a huge write, what waits behind it, and
   * what an applyFor() (or a huge write) had no time for. applyFor() takes them in
   * order; apply() and every getter take them all.
   */
  get restChars(): number {
    return this.#restChars;
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
    return this.#queue.clipped;
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
    if (typeof chunk === 'string') this.#push(chunk, stream);
    else if (chunk instanceof Uint8Array) this.#push(this.#decode(chunk, stream), stream);
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
    this.#push(decoder.streaming.decode(), stream);
  }

  /** Forgets all text, pending input, partial UTF-8 sequences, styles and the dropped count. */
  clear(): void {
    this.#queue.clear();
    this.#rest.length = 0;
    this.#restChars = 0;
    this.#waitingChars = 0;
    this.#decoders.clear();
    this.#screen = new Screen(this.#screen.state.counter.maxLines, this.#screen.maxLineLength);
    this.#screen.setRows(this.#rows ?? Infinity);
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
    return this.#screen.styledLine(this.#screen.state.counter.firstRetained + index);
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

  /**
   * Applies all queued input (but an SGR sequence it ends with, cut short, while
   * anything comes before it: see PendingQueue.take). Returns whether anything was queued.
   */
  apply(): boolean {
    const rest = this.#restChars > 0;
    this.#queueRest(Infinity, Infinity);
    return this.#applyQueue(Infinity) || rest;
  }

  /**
   * Applies pending input, in order, for about `ms` milliseconds: what is queued, and
   * parts of the rest of a huge write (see {@link restChars}). Text interpreted in
   * full (cursor moves, links, erases: 30-100 MB/s in a Node probe) stops at the first slice past the
   * deadline, at least one slice done, and what is left stays pending, ahead of
   * anything written later; text that is clipped costs a scan and is not cut. The
   * queue, clipped to its last `maxLines` lines, is applied once the rest is all
   * queued. Returns the characters still pending. `<bounded-console>` calls it once a
   * frame while anything is pending.
   */
  applyFor(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`ms must be a number from 0, got ${String(ms)}`);
    const deadline = this.#now() + ms;
    this.#queueRest(Infinity, deadline);
    // While parts are clipped (cheap), the last maxLines lines are applied only once the
    // rest is all queued: applying them each time would cost more than the parts.
    if (this.#restChars === 0) this.#applyQueue(deadline);
    return this.pendingChars;
  }

  /**
   * Applies what is queued (not the rest of a huge write), with a `deadline` (see
   * applyFor): what it had no time for goes back to the front of the rest.
   */
  #applyQueue(deadline: number): boolean {
    if (this.#queue.isEmpty) return false;
    // More lines than fit in a large queue that allows it: cut to the last maxLines first,
    // so coloured lines are kept as written (applySgrLines takes a batch that fits) instead
    // of the general path cutting them and interpreting every kept one (3.1 against 1.0 ms
    // for 10,000 kept in a page probe). A small queue keeps the general path's exact cut.
    if (this.#queue.chars >= CLIP_BEFORE_APPLY_CHARS) this.#clipPending();
    const chars = this.#queue.chars;
    const batch = this.#queue.take();
    const timer: ApplyTimer | null = deadline === Infinity ? null : { deadline, now: this.#now, slice: MIN_SLICE_CHARS, stop: null };
    const started = timer === null ? 0 : this.#now();
    applyBatch(this.#screen, batch, timer);
    this.#stopped = timer?.stop != null;
    if (timer !== null) {
      const done = timer.stop === null ? chars : this.#keepUnapplied(batch, timer.stop);
      // The next parts are what this text lets through in the time given (the part's scans and skims included), twice the last at most.
      const fit = (done * Math.max(deadline - started, 1)) / Math.max(this.#now() - started, 0.001);
      const next = timer.stop === null ? Math.min(2 * this.#partChars, fit) : fit;
      this.#partChars = Math.min(this.#maxPendingChars, Math.max(MIN_REST_PART, Math.round(next)));
    }
    // What was held back is applied by the next frame, if nothing comes to end it first.
    if (!this.#queue.isEmpty || this.#restChars > 0) this.#onPending?.();
    return true;
  }

  /**
   * Puts what a batch had no time for (from `stop`) back at the front of the rest, and
   * after it what take() held back. Returns the characters of the batch it had applied.
   */
  #keepUnapplied({ pieces, stderr }: Batch, stop: PieceAt): number {
    const entries: { text: string; at: number; stream: StreamName }[] = [];
    let done = stop.at;
    for (let i = 0; i < stop.piece; i++) done += pieces[i]!.length;
    for (let i = stop.piece; i < pieces.length; i++) {
      const at = i === stop.piece ? stop.at : 0;
      if (at < pieces[i]!.length) entries.push({ text: pieces[i]!, at, stream: stderr[i] ? 'stderr' : 'stdout' });
    }
    for (const held of this.#queue.drain()) entries.push({ text: held.text, at: 0, stream: held.stderr ? 'stderr' : 'stdout' });
    for (const { text, at } of entries) this.#restChars += text.length - at;
    this.#rest.unshift(...entries);
    return done;
  }

  /**
   * Clips the queue while it is written to, without applying it: once the queue
   * holds more than `maxLines` lines, the text before the last `maxLines` of them
   * is dropped and only its newlines are counted. A producer outrunning the frames
   * then costs a scan of what it writes, and the lines it keeps are built once, by
   * the next apply, not once per `maxPendingChars`. Done only where counting
   * newlines is exact (see PendingQueue.canClip) and the cursor is on the last
   * row, out of any sequence. Returns false, having changed nothing, otherwise, or
   * when what would be kept is over half of `maxPendingChars`.
   */
  #clipPending(): boolean {
    if (!this.#screenAllowsClip() || !this.#queue.canClip(this.maxLines)) return false;
    return this.#queue.clip(this.maxLines, this.#screen.state.pen, this.#maxPendingChars / 2);
  }

  /** Whether the queue may still be clipped (see #clipPending) once more of the rest is queued. */
  #mayClip(): boolean {
    return this.#screenAllowsClip() && this.#queue.mayClip(this.maxLines, this.#maxPendingChars / 2);
  }

  /** Whether the screen's state lets the queue be clipped: the cursor on the last row, out of any sequence, no region or alternate screen. */
  #screenAllowsClip(): boolean {
    const { counter, parser } = this.#screen.state;
    return !parser.inSequence && counter.row === counter.lastRow && counter.region === null && !this.#screen.inAltScreen;
  }

  /**
   * How many characters the queue holds before write() clips or applies it:
   * maxPendingChars, or a quarter of it when the queue's lines are so long that
   * maxLines of them would not fit in half of it, so clipping could never succeed.
   * The queue is then applied in smaller parts, each a shorter task for the writer.
   */
  #pendingLimit(): number {
    const lines = this.#queue.newlines;
    const hopeless = lines > 0 && (this.#queue.chars / lines) * this.maxLines > this.#maxPendingChars / 2;
    return hopeless ? this.#maxPendingChars / 4 : this.#maxPendingChars;
  }

  /**
   * Queues parts of the rest of the last huge write and what waits behind it, about
   * `maxChars` of them, until `deadline`. With a deadline, a part that cannot be
   * clipped (lines too long for maxLines of them to fit, or escapes that move the
   * cursor) is applied at once, until the deadline, rather than queued to be scanned again.
   */
  #queueRest(maxChars: number, deadline: number): void {
    // With a budget of characters (a huge write's call), the deadline bounds only what is interpreted: the scans of parts queued to be clipped go on to the budget.
    let budget = maxChars;
    const rest = this.#rest;
    const timed = deadline !== Infinity;
    const size = timed ? this.#partChars : this.#maxPendingChars;
    while (rest.length > 0 && budget > 0) {
      const part = rest[0]!;
      const { text, at } = part;
      let end = Math.min(text.length, at + Math.min(size, Math.max(MIN_REST_PART, budget)));
      // Not between the halves of a pair (the parser would hold the first, but the queue's checks look at each part).
      if (end < text.length && end - 1 > at && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      if (end === text.length) rest.shift();
      else part.at = end;
      this.#restChars -= end - at;
      if (rest.length === 0) this.#waitingChars = 0;
      budget -= end - at;
      this.#stopped = false;
      this.#queuePart(at === 0 && end === text.length ? text : text.slice(at, end), part.stream, deadline);
      if (!timed) continue;
      const queue = this.#queue;
      // Text that can be clipped is queued in parts growing to maxPendingChars, so that clipping pays.
      if (queue.isEmpty || queue.clipped || this.#mayClip()) {
        if (!this.#stopped) this.#partChars = Math.min(this.#maxPendingChars, this.#partChars * 2);
      } else {
        this.#applyQueue(deadline);
      }
      if (this.#stopped || (maxChars === Infinity && this.#now() >= deadline)) break;
    }
  }

  #push(text: string, stream: StreamName): void {
    if (text === '') return;
    const huge = text.length > this.#maxPendingChars;
    if (this.#restChars > 0) {
      if (!huge && this.#waitingChars + text.length <= this.#maxPendingChars) {
        // Behind the rest, in order.
        this.#rest.push({ text, at: 0, stream });
        this.#restChars += text.length;
        this.#waitingChars += text.length;
        return;
      }
      this.#queueRest(Infinity, Infinity);
    }
    if (huge) {
      const wasEmpty = this.#queue.isEmpty;
      this.#rest.push({ text, at: 0, stream });
      this.#restChars += text.length;
      this.#queueRest(this.#maxPendingChars, this.#now() + WRITE_PART_MS);
      if (text.length >= SMALL_WRITE) forgetLastMatch();
      if (wasEmpty || this.#restChars > 0) this.#onPending?.();
      return;
    }
    this.#queuePart(text, stream);
  }

  #queuePart(text: string, stream: StreamName, deadline = Infinity): void {
    const queue = this.#queue;
    const wasEmpty = queue.isEmpty;
    queue.push(text, stream === 'stderr', this.maxLineLength);
    // The limit is never below a quarter of maxPendingChars: below that, nothing to work out.
    const due = queue.chars >= this.#maxPendingChars / 4 && queue.chars >= this.#pendingLimit();
    if ((due || queue.pieceCount >= MAX_PENDING_PIECES) && !this.#clipPending()) this.#applyQueue(deadline);
    // Newlines in large writes are counted by regex (see countNewlines), which would keep the written text alive.
    if (text.length >= SMALL_WRITE) forgetLastMatch();
    if (wasEmpty) this.#onPending?.();
  }

  /**
   * Decodes a chunk of a byte stream. Once the stream has begun (its byte order mark,
   * if any, taken off), a chunk that ends in ASCII, after one that did too, leaves
   * nothing for a decoder to hold: if the stream's last chunk was all ASCII, it is
   * decoded whole by a second decoder that keeps byte order marks, a sixth cheaper in
   * Chromium than a streaming call and four times cheaper in Node 20 (for a small
   * write, decoding was a sixth of its apply). Text past ASCII costs the whole decoder
   * more than the streaming one, in both (a tqdm capture, 4 KB with block characters:
   * 8.6 against 5.4 µs in Chromium 156, 12.4 against 6.8 µs in Node 20), so a stream
   * whose last chunk was not all ASCII goes to the streaming decoder, which holds the
   * stream's state and takes every other chunk; a chunk is all ASCII when it decodes
   * to as many characters as it has bytes (a malformed byte, one U+FFFD, passes for
   * ASCII: it only picks the decoder, either of which decodes it alike).
   */
  #decode(chunk: Uint8Array, stream: StreamName): string {
    const decoding = this.#decoder(stream);
    const holds = chunk.length > 0 && chunk[chunk.length - 1]! >= 0x80;
    let text: string;
    if (decoding.begun && !decoding.holds && !holds && decoding.ascii) text = (decoding.whole ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(chunk);
    else {
      decoding.holds = holds;
      if (chunk.length > 0) decoding.begun = true;
      text = decoding.streaming.decode(chunk, STREAMING);
    }
    decoding.ascii = text.length === chunk.length;
    return text;
  }

  #decoder(stream: StreamName): StreamDecoder {
    let decoder = this.#decoders.get(stream);
    if (decoder === undefined) {
      decoder = { streaming: new TextDecoder('utf-8'), whole: null, begun: false, holds: false, ascii: true };
      this.#decoders.set(stream, decoder);
    }
    return decoder;
  }
}

/** A byte stream's decoding (see ConsoleBuffer#decode). */
interface StreamDecoder {
  readonly streaming: TextDecoder;
  whole: TextDecoder | null;
  /** Whether the streaming decoder has been given a byte: a byte order mark after it is text. */
  begun: boolean;
  /** Whether the last chunk ended in a byte the streaming decoder may hold. */
  holds: boolean;
  /** Whether the last chunk decoded to as many characters as it had bytes: it was ASCII. */
  ascii: boolean;
}

const STREAMING = { stream: true } as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}
