import { compileQuery, type FindMatch, type FindOptions } from './findQuery.js';
import { comparePositions, type LineSource, type Position } from './positions.js';

/** Lines scanned as one unit: small enough that a block is a fraction of a millisecond at 80 characters a line. */
export const FIND_BLOCK_LINES = 2048;

/** Matches of one block of lines, in text order. */
interface Block {
  readonly seqs: number[];
  readonly cols: number[];
  readonly lengths: number[];
  /** Lines of the block scanned so far: from its start up to this sequence number. */
  scannedTo: number;
}

/**
 * Finds every match of a query in the retained lines of a LineSource, a block of
 * lines at a time, so the work can be spread over slices that each stay short.
 * Blocks near a given line are scanned first, so the match nearest the reader is
 * known long before the last block is scanned. Matches never span lines; empty
 * matches are not counted.
 *
 * It follows the source as it changes: matches in lines trimmed away are dropped
 * (trim is read from the source at every call), and `invalidate(seq)` (lines from
 * `seq` on were appended or redrawn) scans those lines again.
 */
export class Finder {
  readonly pattern: RegExp;
  readonly #source: LineSource;
  /** Plain, case-sensitive text is found with indexOf; anything else with the pattern. */
  readonly #literal: string | null;
  /** Whether the query can run over pages of lines joined by `\n`: plain text without line ends (a regular expression could see across lines). */
  readonly #bulk: boolean;
  /** Blocks by block number (seq / FIND_BLOCK_LINES); a missing one is unscanned. */
  readonly #blocks = new Map<number, Block>();
  #count = 0;

  constructor(source: LineSource, query: string, options: FindOptions = {}) {
    this.pattern = compileQuery(query, options);
    this.#source = source;
    this.#literal = !options.regex && options.caseSensitive && !options.wholeWord ? query : null;
    this.#bulk = !options.regex && !/[\n\r]/.test(query);
  }

  /** Matches found so far in the retained lines (all of them once `complete`). */
  get count(): number {
    this.#trim();
    return this.#count;
  }

  /** Whether every retained line has been scanned. */
  get complete(): boolean {
    this.#trim();
    const { first, end } = this.#extent();
    for (let no = blockOf(first); no * FIND_BLOCK_LINES < end; no++) {
      const block = this.#blocks.get(no);
      if (block === undefined || block.scannedTo < Math.min(end, (no + 1) * FIND_BLOCK_LINES)) return false;
    }
    return true;
  }

  /** Lines from `seq` on changed (appended to, redrawn, or new): they are scanned again. */
  invalidate(seq: number): void {
    if (!(seq < Infinity)) return;
    for (const [no, block] of this.#blocks) {
      if ((no + 1) * FIND_BLOCK_LINES <= seq) continue;
      if (no * FIND_BLOCK_LINES >= seq) {
        this.#count -= block.seqs.length;
        this.#blocks.delete(no);
        continue;
      }
      // The block's earlier lines stand; its matches from `seq` on go.
      let keep = block.seqs.length;
      while (keep > 0 && block.seqs[keep - 1]! >= seq) keep--;
      this.#count -= block.seqs.length - keep;
      block.seqs.length = keep;
      block.cols.length = keep;
      block.lengths.length = keep;
      block.scannedTo = Math.min(block.scannedTo, seq);
    }
  }

  /**
   * Scans unscanned lines, the blocks nearest `nearSeq` first, until all are
   * scanned or `shouldStop()` (asked after each block) says the slice is over.
   * Returns whether every retained line is scanned.
   */
  scan(shouldStop: () => boolean, nearSeq = 0): boolean {
    this.#trim();
    const { first, end } = this.#extent();
    if (end <= first) return true;
    const firstBlock = blockOf(first);
    const lastBlock = blockOf(end - 1);
    const center = Math.min(Math.max(blockOf(nearSeq), firstBlock), lastBlock);
    for (let distance = 0; center - distance >= firstBlock || center + distance <= lastBlock; distance++) {
      for (const no of distance === 0 ? [center] : [center - distance, center + distance]) {
        if (no < firstBlock || no > lastBlock) continue;
        if (this.#scanBlock(no, first, end) && shouldStop()) return this.complete;
      }
    }
    return true;
  }

  /** The `index`-th match in text order (0 is the oldest), once the blocks before it are scanned. */
  match(index: number): FindMatch {
    this.#trim();
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) throw new RangeError(`match index must be an integer from 0 to ${this.#count - 1}, got ${index}`);
    let rest = index;
    for (const no of this.#sortedBlocks()) {
      const block = this.#blocks.get(no)!;
      if (rest < block.seqs.length) return { seq: block.seqs[rest]!, col: block.cols[rest]!, length: block.lengths[rest]! };
      rest -= block.seqs.length;
    }
    throw new RangeError(`match index ${index} is past the matches found`);
  }

  /** How many matches come before `position` (so its index, when it is a match). */
  indexOf(position: Position): number {
    this.#trim();
    let index = 0;
    for (const no of this.#sortedBlocks()) {
      const block = this.#blocks.get(no)!;
      if ((no + 1) * FIND_BLOCK_LINES <= position.seq) {
        index += block.seqs.length;
        continue;
      }
      for (let i = 0; i < block.seqs.length; i++) {
        if (comparePositions({ seq: block.seqs[i]!, col: block.cols[i]! }, position) >= 0) return index + i;
      }
      index += block.seqs.length;
    }
    return index;
  }

  /** Matches whose lines are from `fromSeq` up to `toSeq` (not included), in text order. */
  matchesIn(fromSeq: number, toSeq: number): FindMatch[] {
    this.#trim();
    const found: FindMatch[] = [];
    for (let no = blockOf(fromSeq); no * FIND_BLOCK_LINES < toSeq; no++) {
      const block = this.#blocks.get(no);
      if (block === undefined) continue;
      for (let i = 0; i < block.seqs.length; i++) {
        const seq = block.seqs[i]!;
        if (seq >= fromSeq && seq < toSeq) found.push({ seq, col: block.cols[i]!, length: block.lengths[i]! });
      }
    }
    return found;
  }

  /**
   * The match a find should start at for a reader whose view starts at `position`:
   * the first at or after it, or else the last before it. Undefined while the lines
   * that decide it are not all scanned yet; null when there is no match at all.
   */
  nearest(position: Position): FindMatch | null | undefined {
    this.#trim();
    const { first, end } = this.#extent();
    if (end <= first) return null;
    const start = Math.min(Math.max(blockOf(position.seq), blockOf(first)), blockOf(end - 1));
    for (let no = start; no * FIND_BLOCK_LINES < end; no++) {
      const block = this.#blocks.get(no);
      if (block === undefined || block.scannedTo < Math.min(end, (no + 1) * FIND_BLOCK_LINES)) return undefined;
      for (let i = 0; i < block.seqs.length; i++) {
        const match = { seq: block.seqs[i]!, col: block.cols[i]!, length: block.lengths[i]! };
        if (comparePositions(match, position) >= 0) return match;
      }
    }
    for (let no = start; no >= blockOf(first); no--) {
      const block = this.#blocks.get(no);
      if (block === undefined || block.scannedTo < Math.min(end, (no + 1) * FIND_BLOCK_LINES)) return undefined;
      for (let i = block.seqs.length - 1; i >= 0; i--) {
        const match = { seq: block.seqs[i]!, col: block.cols[i]!, length: block.lengths[i]! };
        if (comparePositions(match, position) < 0) return match;
      }
    }
    return null;
  }

  /** Scans what is unscanned of block `no`. Returns whether there was anything to scan. */
  #scanBlock(no: number, first: number, end: number): boolean {
    const blockEnd = Math.min(end, (no + 1) * FIND_BLOCK_LINES);
    let block = this.#blocks.get(no);
    if (block === undefined) {
      block = { seqs: [], cols: [], lengths: [], scannedTo: Math.max(first, no * FIND_BLOCK_LINES) };
      this.#blocks.set(no, block);
    }
    block.scannedTo = Math.max(block.scannedTo, first);
    if (block.scannedTo >= blockEnd) return false;
    const before = block.seqs.length;
    let seq = block.scannedTo;
    // Plain queries run over whole pages of text: no string is made per line.
    if (this.#bulk && this.#source.visitPages !== undefined) {
      seq = this.#source.visitPages(seq, blockEnd, (text, breaks, pageFirst, from, to) => this.#searchPage(block, text, breaks, pageFirst, from, to));
    }
    for (; seq < blockEnd; seq++) this.#searchLine(block, seq, this.#source.styledLine(seq - first).text);
    block.scannedTo = blockEnd;
    this.#count += block.seqs.length - before;
    return true;
  }

  /** Finds the matches in lines `from` to `to` of a page's text (lines joined by `\n`, which no plain query matches). */
  #searchPage(block: Block, text: string, breaks: Int32Array, pageFirst: number, from: number, to: number): void {
    let j = from - pageFirst;
    const lastJ = to - pageFirst - 1;
    const start = j === 0 ? 0 : breaks[j - 1]! + 1;
    const end = breaks[lastJ]!;
    const found = (at: number, length: number) => {
      while (breaks[j]! < at) j++;
      block.seqs.push(pageFirst + j);
      block.cols.push(at - (j === 0 ? 0 : breaks[j - 1]! + 1));
      block.lengths.push(length);
    };
    // Only the wanted lines are searched: a page can be one huge write, and a search must not run on past them.
    const region = text.slice(start, end);
    const literal = this.#literal;
    if (literal !== null) {
      for (let at = region.indexOf(literal); at !== -1; at = region.indexOf(literal, at + literal.length)) found(start + at, literal.length);
      return;
    }
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(region); match !== null; match = pattern.exec(region)) found(start + match.index, match[0].length);
  }

  #searchLine(block: Block, seq: number, text: string): void {
    const literal = this.#literal;
    if (literal !== null) {
      for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + literal.length)) {
        block.seqs.push(seq);
        block.cols.push(at);
        block.lengths.push(literal.length);
      }
      return;
    }
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const length = match[0].length;
      if (length === 0) {
        // An empty match is not a find result; step past it (a whole code point).
        const code = text.codePointAt(pattern.lastIndex);
        pattern.lastIndex += code !== undefined && code > 0xffff ? 2 : 1;
        if (pattern.lastIndex > text.length) break;
        continue;
      }
      block.seqs.push(seq);
      block.cols.push(match.index);
      block.lengths.push(length);
    }
  }

  #extent(): { first: number; end: number } {
    const first = this.#source.droppedLines;
    return { first, end: first + this.#source.lineCount };
  }

  /** Drops the matches of lines trimmed away, and forgets lines past the end (after a clear, say). */
  #trim(): void {
    const { first, end } = this.#extent();
    for (const [no, block] of this.#blocks) {
      if ((no + 1) * FIND_BLOCK_LINES <= first) {
        this.#count -= block.seqs.length;
        this.#blocks.delete(no);
      } else if (block.seqs.length > 0 && block.seqs[0]! < first) {
        let drop = 0;
        while (drop < block.seqs.length && block.seqs[drop]! < first) drop++;
        block.seqs.splice(0, drop);
        block.cols.splice(0, drop);
        block.lengths.splice(0, drop);
        this.#count -= drop;
      }
    }
    // Fewer lines than were scanned: the source started over; what is past its end goes.
    this.invalidate(end);
  }

  #sortedBlocks(): number[] {
    return [...this.#blocks.keys()].sort((a, b) => a - b);
  }
}

function blockOf(seq: number): number {
  return Math.floor(seq / FIND_BLOCK_LINES);
}
