/**
 * One forward pass over a batch of pieces: counts their newlines and keeps the
 * offsets of the last `keep` of them, which is all a clip needs (the cut, the
 * kept line ends and how many lines were dropped). V8's indexOf finds a character
 * several times faster than lastIndexOf does, so a batch is scanned once, forward,
 * rather than walked back from its end and then counted.
 *
 * Offsets are in the concatenation of the pieces. The scan keeps no reference to
 * the pieces themselves, so it pins none of their text.
 */
export class NewlineScan {
  /** Offsets of the newlines, newline i at i % #wrap once the ring has wrapped. */
  #ring = new Float64Array(1024);
  #wrap = 0;
  /** Offset of each piece in the concatenation, and its length at #starts[count]. */
  #starts = new Float64Array(64);
  #pieceCount = 0;
  /** Newlines found by the last scan. */
  count = 0;

  /** Scans `pieces`, keeping the offsets of the last `keep` newlines. Returns the count. */
  scan(pieces: readonly string[], keep: number): number {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a positive integer, got ${keep}`);
    if (this.#starts.length < pieces.length + 1) this.#starts = new Float64Array(2 * (pieces.length + 1));
    const starts = this.#starts;
    let ring = this.#ring;
    let limit = Math.min(ring.length, keep);
    let count = 0;
    let slot = 0;
    let base = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      starts[i] = base;
      for (let at = piece.indexOf('\n'); at >= 0; at = piece.indexOf('\n', at + 1)) {
        if (slot === limit) {
          if (limit < keep) {
            const grown = new Float64Array(Math.min(keep, 2 * ring.length));
            grown.set(ring);
            ring = grown;
            limit = grown.length;
          } else {
            slot = 0;
          }
        }
        ring[slot++] = base + at;
        count++;
      }
      base += piece.length;
    }
    starts[pieces.length] = base;
    this.#ring = ring;
    this.#wrap = limit;
    this.#pieceCount = pieces.length;
    this.count = count;
    return count;
  }

  /** Offset of newline `index` (0 is the first found); only the last `keep` are known. */
  offset(index: number): number {
    if (!(index >= Math.max(0, this.count - this.#wrap) && index < this.count)) {
      throw new RangeError(`newline ${index} is not among the ${Math.min(this.count, this.#wrap)} kept of ${this.count}`);
    }
    return this.#ring[index % this.#wrap]!;
  }

  /** Offset of piece `piece` in the concatenation (the total length for the piece count). */
  start(piece: number): number {
    return this.#starts[piece]!;
  }

  /** The piece holding offset `offset` (which must be inside one) and the offset within it. */
  locate(offset: number): { piece: number; at: number } {
    const starts = this.#starts;
    let low = 0;
    let high = this.#pieceCount - 1;
    // The last piece starting at or before `offset`; empty pieces start where the next does.
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { piece: low, at: offset - starts[low]! };
  }
}
