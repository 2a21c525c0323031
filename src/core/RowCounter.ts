/**
 * Where the cursor is and which rows exist, without their content: the arithmetic
 * that decides how many lines a stream makes and which are dropped. The screen
 * model and the skim over clipped text share it, so both count lines the same way.
 *
 * Rows are numbered from 0 since the last clear. Rows `firstRetained` to `lastRow`
 * exist; the last row counts as a line once something was printed on it (the
 * unterminated current line), every other row counts always. Whenever the count
 * exceeds `maxLines`, the oldest rows are dropped.
 *
 * The screen is the `rows` rows from `top` (xterm's ybase): absolute cursor moves,
 * erases of the display, scroll regions and the alternate screen act on it, and a
 * line feed on its last row scrolls it down one row. With `rows` Infinity (the
 * default) the screen is every retained line, starting at the first.
 */
export class RowCounter {
  row = 0;
  lastRow = 0;
  firstRetained = 0;
  lastRowPrinted = false;
  /** Whether down() made the last row past the screen's bottom (scrolled in): such a row takes the pen's background, as xterm makes it. */
  lastRowScrolledIn = false;
  maxLines: number;
  /** Height of the screen. */
  rows = Infinity;
  /** The screen's first row, unless it was dropped (see screenTop). */
  top = 0;
  /** The scroll region's first and last rows, counted from the screen's top; null for the whole screen. */
  region: { readonly top: number; readonly bottom: number } | null = null;

  constructor(maxLines: number) {
    this.maxLines = maxLines;
  }

  copyFrom(other: RowCounter): void {
    this.row = other.row;
    this.lastRow = other.lastRow;
    this.firstRetained = other.firstRetained;
    this.lastRowPrinted = other.lastRowPrinted;
    this.lastRowScrolledIn = other.lastRowScrolledIn;
    this.maxLines = other.maxLines;
    this.rows = other.rows;
    this.top = other.top;
    this.region = other.region;
  }

  get lineCount(): number {
    return this.lastRow - this.firstRetained + (this.lastRowPrinted ? 1 : 0);
  }

  /** The first row of the screen that still exists. */
  get screenTop(): number {
    return Math.max(this.top, this.firstRetained);
  }

  /** The screen's last row (Infinity for an unbounded screen). */
  get screenBottom(): number {
    return this.top + this.rows - 1;
  }

  /** Something was printed on the cursor's row. */
  printed(): void {
    if (this.row === this.lastRow && !this.lastRowPrinted) {
      this.lastRowPrinted = true;
      this.trim();
    }
  }

  /** Moves the cursor down, creating rows past the last one (the screen following it). Returns how many were created. */
  down(count: number): number {
    const bottom = this.screenBottom;
    this.row += count;
    if (this.row <= this.lastRow) return 0;
    const created = this.row - this.lastRow;
    this.lastRow = this.row;
    this.lastRowScrolledIn = this.lastRow > bottom;
    this.lastRowPrinted = false;
    this.followCursor();
    this.trim();
    return created;
  }

  /** Moves the screen down so that it holds the cursor. */
  followCursor(): void {
    if (this.row > this.screenBottom) this.top = this.row - this.rows + 1;
  }

  /** Moves the cursor up, stopping at the scroll region's top if it starts inside it, else at the screen's top. */
  up(count: number): void {
    const regionTop = this.region === null ? -1 : this.screenTop + this.region.top;
    const limit = this.row >= regionTop && regionTop >= 0 ? regionTop : this.screenTop;
    this.row = Math.max(limit, this.row - count);
  }

  /** Moves the cursor down without scrolling: it stops at the scroll region's bottom if it starts inside it, else at the screen's bottom. */
  downWithin(count: number): number {
    const regionBottom = this.region === null ? -1 : this.screenTop + this.region.bottom;
    const limit = this.row <= regionBottom ? regionBottom : this.screenBottom;
    return this.down(Math.max(0, Math.min(this.row + count, limit) - this.row));
  }

  /** Moves the cursor to row `screenRow` of the screen (0 is its top), clamped to the screen. */
  moveTo(screenRow: number): number {
    return this.moveToRow(this.screenTop + Math.max(0, Math.min(screenRow, this.rows - 1)));
  }

  /** Moves the cursor to row number `row`, clamped to the screen. */
  moveToRow(row: number): number {
    const target = Math.min(Math.max(row, this.screenTop), this.screenBottom);
    if (target >= this.row) return this.down(target - this.row);
    this.row = target;
    return 0;
  }

  /** Drops the oldest rows while there are more lines than maxLines. */
  trim(): void {
    const excess = this.lineCount - this.maxLines;
    if (excess > 0) this.firstRetained += excess;
  }
}
