/**
 * Where the cursor is and which rows exist, without their content: the arithmetic
 * that decides how many lines a stream makes and which are dropped. The screen
 * model and the skim over clipped text share it, so both count lines the same way.
 *
 * Rows are numbered from 0 since the last clear. Rows `firstRetained` to `lastRow`
 * exist; the last row counts as a line once something was printed on it (the
 * unterminated current line), every other row counts always. Whenever the count
 * exceeds `maxLines`, the oldest rows are dropped.
 */
export class RowCounter {
  row = 0;
  lastRow = 0;
  firstRetained = 0;
  lastRowPrinted = false;
  maxLines: number;

  constructor(maxLines: number) {
    this.maxLines = maxLines;
  }

  copyFrom(other: RowCounter): void {
    this.row = other.row;
    this.lastRow = other.lastRow;
    this.firstRetained = other.firstRetained;
    this.lastRowPrinted = other.lastRowPrinted;
    this.maxLines = other.maxLines;
  }

  get lineCount(): number {
    return this.lastRow - this.firstRetained + (this.lastRowPrinted ? 1 : 0);
  }

  /** Something was printed on the cursor's row. */
  printed(): void {
    if (this.row === this.lastRow && !this.lastRowPrinted) {
      this.lastRowPrinted = true;
      this.trim();
    }
  }

  /** Moves the cursor down, creating rows past the last one. Returns how many were created. */
  down(count: number): number {
    this.row += count;
    if (this.row <= this.lastRow) return 0;
    const created = this.row - this.lastRow;
    this.lastRow = this.row;
    this.lastRowPrinted = false;
    this.trim();
    return created;
  }

  /** Moves the cursor up, stopping at the first retained row. */
  up(count: number): void {
    this.row = Math.max(this.firstRetained, this.row - count);
  }

  /** Drops the oldest rows while there are more lines than maxLines. */
  trim(): void {
    const excess = this.lineCount - this.maxLines;
    if (excess > 0) this.firstRetained += excess;
  }
}
