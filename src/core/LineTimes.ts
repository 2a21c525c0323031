/**
 * When each line arrived, stored as runs: consecutive lines that first appeared in
 * the same batch share one entry (their first sequence number and the time, 16
 * bytes), so a flood costs 16 bytes per batch, not per line; at most 16 bytes per
 * line, when every batch brings one line. Trimmed with the lines.
 */
export class LineTimes {
  /** First sequence number of each run, ascending. */
  #seqs = new Float64Array(64);
  /** Milliseconds since the epoch of each run. */
  #times = new Float64Array(64);
  #start = 0;
  #end = 0;
  /** Sequence number one past the last line stamped. */
  #next = 0;

  /** Runs kept. */
  get runs(): number {
    return this.#end - this.#start;
  }

  /** Bytes of the arrays holding the runs (capacity included). */
  get bytes(): number {
    return this.#seqs.byteLength + this.#times.byteLength;
  }

  /** Lines up to sequence number `end` (exclusive) not stamped yet arrived at `time`. */
  stamp(end: number, time: number): void {
    if (end <= this.#next) return;
    if (this.#end === this.#seqs.length) this.#grow();
    this.#seqs[this.#end] = this.#next;
    this.#times[this.#end] = time;
    this.#end++;
    this.#next = end;
  }

  /** Forgets runs wholly before sequence number `firstKept`. */
  trim(firstKept: number): void {
    while (this.#end - this.#start > 1 && this.#seqs[this.#start + 1]! <= firstKept) this.#start++;
  }

  /** Forgets everything; lines from `next` on are stamped (0 after clear(): numbering starts again). */
  reset(next = 0): void {
    this.#start = this.#end = 0;
    this.#next = next;
  }

  /** Arrival time of line `seq`, or NaN for one not stamped. */
  timeOf(seq: number): number {
    if (seq < 0 || seq >= this.#next || this.#end === this.#start) return Number.NaN;
    let low = this.#start;
    let high = this.#end - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#seqs[middle]! <= seq) low = middle;
      else high = middle - 1;
    }
    return this.#seqs[low]! <= seq ? this.#times[low]! : Number.NaN;
  }

  #grow(): void {
    const count = this.#end - this.#start;
    // Compact first; grow only when at least half the arrays are live.
    const size = count * 2 > this.#seqs.length ? this.#seqs.length * 2 : this.#seqs.length;
    const seqs = new Float64Array(size);
    const times = new Float64Array(size);
    seqs.set(this.#seqs.subarray(this.#start, this.#end));
    times.set(this.#times.subarray(this.#start, this.#end));
    this.#seqs = seqs;
    this.#times = times;
    this.#start = 0;
    this.#end = count;
  }
}
