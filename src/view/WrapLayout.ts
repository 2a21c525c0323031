import { codePointWidth, isOneColumnEach } from '../core/charWidth.js';

/** Lines a block of the layout covers: the unit measured at once and summed. */
const BLOCK_LINES = 1024;
/** Most rows one line is given; a longer line shows its first MAX_ROWS_PER_LINE rows. */
export const MAX_ROWS_PER_LINE = 1 << 20;

/**
 * Where each row of a line starts: UTF-16 offsets into its text, the first 0. A row
 * holds at most `columns` columns; a wide character that would not fit moves to the
 * next row, and zero-width marks stay with the character before them.
 */
export function rowStarts(text: string, columns: number): number[] {
  const starts = [0];
  if (text.length <= columns && isOneColumnEach(text, 0, text.length)) return starts;
  if (isOneColumnEach(text, 0, text.length)) {
    for (let at = columns; at < text.length && starts.length < MAX_ROWS_PER_LINE; at += columns) starts.push(at);
    return starts;
  }
  let used = 0;
  for (let at = 0; at < text.length; ) {
    const code = text.codePointAt(at)!;
    const size = code > 0xffff ? 2 : 1;
    const width = codePointWidth(code);
    if (used + width > columns && used > 0) {
      if (starts.length >= MAX_ROWS_PER_LINE) break;
      starts.push(at);
      used = 0;
    }
    used += width;
    at += size;
  }
  return starts;
}

/** Rows a line takes at `columns` columns (at least 1). */
export function rowsOf(text: string, columns: number): number {
  if (text.length <= columns && isOneColumnEach(text, 0, text.length)) return 1;
  if (isOneColumnEach(text, 0, text.length)) return Math.min(MAX_ROWS_PER_LINE, Math.max(1, Math.ceil(text.length / columns)));
  return rowStarts(text, columns).length;
}

interface Block {
  /** Extra rows of the block's lines beyond one each, per line index in the block (absent: none). */
  readonly extra: Map<number, number>;
  /** Sum of `extra`. */
  sum: number;
}

/** The lines a layout lays out: sequence numbers from `droppedLines`, `lineCount` of them. */
export interface LayoutSource {
  readonly droppedLines: number;
  readonly lineCount: number;
  lineText(seq: number): string;
}

/**
 * Soft wrap as pure geometry: how many rows each retained line takes at a width in
 * columns, and the mapping between rows and (line, row within it). Every line is
 * one row plus its extra rows; extras are kept per block of BLOCK_LINES lines, only
 * for lines that wrap, so a million short lines cost one empty map per block.
 * Lines are measured when first needed or changed (`invalidate`); the console's
 * monospace columns mean no DOM is read to know a line's rows.
 */
export class WrapLayout {
  readonly #source: LayoutSource;
  #columns = 80;
  /** Blocks by number (seq / BLOCK_LINES), measured. */
  readonly #blocks = new Map<number, Block>();
  /** Extra rows before each block, from the first retained block; rebuilt when lines or measures change. */
  #prefix: { first: number; count: number; version: number; firstBlock: number; sums: number[]; estimated: boolean } | null = null;
  /** Bumped whenever a block is measured or forgotten. */
  #version = 0;
  /** Blocks that may still be measured in this frame; the rest count as one row a line until a later frame. */
  #budget = Infinity;
  #unmeasured = false;

  constructor(source: LayoutSource) {
    this.#source = source;
  }

  get columns(): number {
    return this.#columns;
  }

  /**
   * Starts a frame's layout: at most `blocks` blocks are measured for sums (those
   * the view shows always are). Returns whether the last frame left blocks unmeasured.
   */
  beginFrame(blocks: number): boolean {
    const unmeasured = this.#unmeasured;
    this.#budget = blocks;
    this.#unmeasured = false;
    return unmeasured;
  }

  /** Whether every retained line was measured in the last sums (the total is exact). */
  get complete(): boolean {
    return !this.#unmeasured;
  }

  /** Lays out again at a new width. */
  setColumns(columns: number): void {
    const next = Math.max(1, Math.floor(columns));
    if (next === this.#columns) return;
    this.#columns = next;
    this.#blocks.clear();
    this.#version++;
  }

  /** Lines from `seq` on changed or are new: they are measured again. */
  invalidate(seq: number): void {
    if (!(seq < Infinity)) return;
    const from = Math.floor(seq / BLOCK_LINES);
    for (const no of [...this.#blocks.keys()]) if (no >= from) this.#blocks.delete(no);
    this.#version++;
  }

  /** Rows of every retained line. Measures every block not yet measured. */
  get totalRows(): number {
    const { first, count } = this.#extent();
    if (count === 0) return 0;
    return count + this.#extraBefore(first + count);
  }

  /** The first row of line `seq` (0 is the oldest retained line's first row). */
  rowOfLine(seq: number): number {
    const { first } = this.#extent();
    return seq - first + this.#extraBefore(seq);
  }

  /** Rows line `seq` takes. */
  rowsOfLine(seq: number): number {
    const block = this.#block(Math.floor(seq / BLOCK_LINES))!;
    return 1 + (block.extra.get(seq % BLOCK_LINES) ?? 0);
  }

  /** The line at row `row` (clamped to the rows there are), and which of its rows it is. */
  lineAtRow(row: number): { seq: number; part: number } {
    const { first, count } = this.#extent();
    if (count === 0) return { seq: first, part: 0 };
    const prefix = this.#prefixSums();
    const target = Math.max(0, Math.floor(row));
    const firstBlock = prefix.firstBlock;
    // The last block starting at or before the row.
    let low = 0;
    let high = prefix.sums.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      const blockStartSeq = Math.max(first, (firstBlock + mid) * BLOCK_LINES);
      if (blockStartSeq - first + prefix.sums[mid]! <= target) low = mid;
      else high = mid - 1;
    }
    const no = firstBlock + low;
    let seq = Math.max(first, no * BLOCK_LINES);
    let at = seq - first + prefix.sums[low]!;
    const end = Math.min(first + count, (no + 1) * BLOCK_LINES);
    const block = this.#block(no)!;
    for (; seq < end; seq++) {
      const rows = 1 + (block.extra.get(seq % BLOCK_LINES) ?? 0);
      if (target < at + rows) return { seq, part: target - at };
      at += rows;
    }
    const last = first + count - 1;
    return { seq: last, part: this.rowsOfLine(last) - 1 };
  }

  #extent(): { first: number; count: number } {
    return { first: this.#source.droppedLines, count: this.#source.lineCount };
  }

  /** Extra rows of the retained lines before `seq`. */
  #extraBefore(seq: number): number {
    const prefix = this.#prefixSums();
    const no = Math.floor(seq / BLOCK_LINES);
    const index = no - prefix.firstBlock;
    if (index < 0) return 0;
    if (index >= prefix.sums.length) return prefix.sums[prefix.sums.length - 1]! + this.#blockSum(prefix.firstBlock + prefix.sums.length - 1, false);
    let extra = prefix.sums[index]!;
    const first = this.#source.droppedLines;
    for (const [line, rows] of this.#block(no)!.extra) {
      const lineSeq = no * BLOCK_LINES + line;
      if (lineSeq >= first && lineSeq < seq) extra += rows;
    }
    return extra;
  }

  /** Extra rows of block `no`'s retained lines; 0 for a block left unmeasured (no budget left, not forced). */
  #blockSum(no: number, force: boolean): number {
    const first = this.#source.droppedLines;
    const block = this.#block(no, force);
    if (block === null) return 0;
    if (no * BLOCK_LINES >= first) return block.sum;
    let sum = 0;
    for (const [line, rows] of block.extra) if (no * BLOCK_LINES + line >= first) sum += rows;
    return sum;
  }

  #prefixSums(): { firstBlock: number; sums: number[] } {
    const { first, count } = this.#extent();
    const cached = this.#prefix;
    // Sums that counted unmeasured blocks are made again once there is budget to measure them.
    if (cached !== null && cached.first === first && cached.count === count && cached.version === this.#version && !(cached.estimated && this.#budget > 0)) return cached;
    const firstBlock = Math.floor(first / BLOCK_LINES);
    const lastBlock = Math.floor((first + Math.max(0, count - 1)) / BLOCK_LINES);
    // Blocks trimmed away go.
    for (const no of [...this.#blocks.keys()]) if (no < firstBlock) this.#blocks.delete(no);
    const sums: number[] = [];
    let total = 0;
    let estimated = false;
    for (let no = firstBlock; no <= lastBlock; no++) {
      sums.push(total);
      if (!this.#blocks.has(no) && this.#budget <= 0) estimated = true;
      total += this.#blockSum(no, false);
    }
    this.#prefix = { first, count, version: this.#version, firstBlock, sums, estimated };
    return this.#prefix;
  }

  /** Block `no`, measured now if it was not (when `force`, or while the frame's budget lasts); else null. */
  #block(no: number, force = true): Block | null {
    let block = this.#blocks.get(no);
    if (block !== undefined) return block;
    if (!force && this.#budget <= 0) {
      this.#unmeasured = true;
      return null;
    }
    this.#budget--;
    this.#version++;
    block = { extra: new Map(), sum: 0 };
    const { first, count } = this.#extent();
    const end = Math.min(first + count, (no + 1) * BLOCK_LINES);
    const columns = this.#columns;
    for (let seq = Math.max(first, no * BLOCK_LINES); seq < end; seq++) {
      const rows = rowsOf(this.#source.lineText(seq), columns);
      if (rows > 1) {
        block.extra.set(seq % BLOCK_LINES, rows - 1);
        block.sum += rows - 1;
      }
    }
    this.#blocks.set(no, block);
    // The last block may still grow: measured again when lines are added (invalidate).
    return block;
  }
}
