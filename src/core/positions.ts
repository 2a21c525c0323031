import type { PageVisitor, StyledLine } from './PagedLines.js';

/**
 * A place in the retained text: a line's sequence number (droppedLines + index,
 * so it stays the same line while older lines are trimmed; it restarts at 0 after
 * clear()) and a UTF-16 offset into that line's text.
 */
export interface Position {
  readonly seq: number;
  readonly col: number;
}

/** The lines positions point into: ConsoleBuffer's `applied` fits. */
export interface LineSource {
  /** Sequence number of line 0. */
  readonly droppedLines: number;
  readonly lineCount: number;
  /** Whether the last line is complete, its line break written; then the position just past it, `{ seq: droppedLines + lineCount, col: 0 }`, comes after that break. */
  readonly endsWithLineBreak?: boolean;
  styledLine(index: number): StyledLine;
  /** Optional bulk access (ConsoleBuffer's `applied` has it): see PagedLines.visitPages. */
  visitPages?(from: number, to: number, visit: PageVisitor): number;
}

/** Negative when `a` comes before `b`, 0 when equal, positive after. */
export function comparePositions(a: Position, b: Position): number {
  return a.seq - b.seq || a.col - b.col;
}

/** The earlier and the later of two positions. */
export function ordered(a: Position, b: Position): [Position, Position] {
  return comparePositions(a, b) <= 0 ? [a, b] : [b, a];
}

/**
 * The text from `from` up to `to` (not included), lines joined by `\n`, in whichever
 * order the two are given. Positions outside the retained lines are clamped to
 * them (a line trimmed away contributes nothing); columns past a line's end are
 * clamped to it, and a column never splits a surrogate pair. A `to` past the last
 * line takes the text to its very end, the final line break included when there is one.
 */
export function textBetween(source: LineSource, a: Position, b: Position): string {
  const [from, to] = ordered(a, b);
  const first = source.droppedLines;
  const end = first + source.lineCount;
  if (source.lineCount === 0 || to.seq < first || from.seq >= end) return '';
  const start = from.seq < first ? { seq: first, col: 0 } : from;
  const last = to.seq >= end ? { seq: end - 1, col: Infinity } : to;
  const lineBreak = to.seq >= end && source.endsWithLineBreak === true ? '\n' : '';
  const lineText = (seq: number) => source.styledLine(seq - first).text;
  if (start.seq === last.seq) {
    const text = lineText(start.seq);
    return text.slice(clampCol(text, start.col), clampCol(text, last.col)) + lineBreak;
  }
  const head = lineText(start.seq);
  const parts: string[] = [head.slice(clampCol(head, start.col))];
  // The whole lines between: a slice of a page of text each (its lines are already joined by `\n`), else line by line.
  let seq = start.seq + 1;
  if (source.visitPages !== undefined) {
    seq = source.visitPages(seq, last.seq, (text, breaks, pageFirst, from, to) => {
      const j = from - pageFirst;
      parts.push(text.slice(j === 0 ? 0 : breaks[j - 1]! + 1, breaks[to - 1 - pageFirst]));
    });
  }
  for (; seq < last.seq; seq++) parts.push(lineText(seq));
  const tail = lineText(last.seq);
  parts.push(tail.slice(0, clampCol(tail, last.col)) + lineBreak);
  return parts.join('\n');
}

/** `col` within 0..text.length, moved back off the second half of a surrogate pair. */
export function clampCol(text: string, col: number): number {
  if (!(col > 0)) return 0;
  if (col >= text.length) return text.length;
  const at = Math.floor(col);
  const code = text.charCodeAt(at);
  // A low surrogate after a high one: the pair stays whole.
  if (code >= 0xdc00 && code <= 0xdfff && at > 0) {
    const before = text.charCodeAt(at - 1);
    if (before >= 0xd800 && before <= 0xdbff) return at - 1;
  }
  return at;
}

/**
 * A selected range over line sequence numbers: an anchor (where it started) and a
 * head (where it was extended to). Trimming shrinks it: lines trimmed away leave
 * the selection, which then starts at the oldest retained line; a selection whose
 * lines were all trimmed is empty.
 */
export class LineSelection {
  #anchor: Position | null = null;
  #head: Position | null = null;

  get anchor(): Position | null {
    return this.#anchor;
  }

  get head(): Position | null {
    return this.#head;
  }

  /** Whether anything is selected (an anchor and a head that differ). */
  get empty(): boolean {
    return this.#anchor === null || this.#head === null || comparePositions(this.#anchor, this.#head) === 0;
  }

  /** The selected range in text order, or null when empty. */
  get range(): { from: Position; to: Position } | null {
    if (this.empty) return null;
    const [from, to] = ordered(this.#anchor!, this.#head!);
    return { from, to };
  }

  set(anchor: Position, head: Position = anchor): void {
    this.#anchor = checkPosition(anchor, 'anchor');
    this.#head = checkPosition(head, 'head');
  }

  /** Moves the head, keeping the anchor (shift-click, a drag). */
  extend(head: Position): void {
    if (this.#anchor === null) this.#anchor = checkPosition(head, 'head');
    this.#head = checkPosition(head, 'head');
  }

  clear(): void {
    this.#anchor = null;
    this.#head = null;
  }

  /** Shrinks the selection to lines from `firstSeq` on. Returns whether it changed. */
  trim(firstSeq: number): boolean {
    const anchor = this.#anchor;
    const head = this.#head;
    if (anchor === null || head === null) return false;
    const [from, to] = ordered(anchor, head);
    if (from.seq >= firstSeq) return false;
    if (to.seq < firstSeq) {
      this.clear();
      return true;
    }
    const start = { seq: firstSeq, col: 0 };
    if (anchor === from) this.#anchor = start;
    else this.#head = start;
    return true;
  }
}

function checkPosition(position: Position, name: string): Position {
  if (position === null || typeof position !== 'object' || !Number.isInteger(position.seq) || position.seq < 0 || typeof position.col !== 'number' || !(position.col >= 0)) {
    throw new TypeError(`${name} must be a position { seq, col } with an integer seq ≥ 0 and a col ≥ 0, got ${JSON.stringify(position)}`);
  }
  return { seq: position.seq, col: position.col };
}
