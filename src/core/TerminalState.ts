import { EscapeParser } from './EscapeParser.js';
import { RowCounter } from './RowCounter.js';
import { Attr, defaultPen, type PenStyle } from './style.js';

/** A cursor saved by ESC 7 or CSI s: its row (the row number, not the screen's row, as xterm keeps it), its column and the pen's colours and attributes. */
export interface SavedCursor {
  readonly row: number;
  readonly col: number;
  readonly pen: Readonly<PenStyle>;
}

/**
 * What the stream's past leaves for its future, text aside: where the cursor is and
 * which rows exist (the counter, with the screen and its scroll region), the pen, the
 * parser's state inside a sequence, the background an erase-below left for rows made
 * later and the saved cursor. The screen holds one; the skim over text that will be
 * dropped works on a copy, and a batch cut short starts over from the copy's state.
 */
export class TerminalState {
  saved: SavedCursor | null = null;

  constructor(
    readonly counter: RowCounter,
    public pen: PenStyle = defaultPen(),
    public parser: EscapeParser = new EscapeParser(),
    public belowBg = 0,
  ) {}

  /** An independent copy, for a skim or a dry run. */
  clone(): TerminalState {
    const counter = new RowCounter(this.counter.maxLines);
    counter.copyFrom(this.counter);
    const copy = new TerminalState(counter, { ...this.pen }, this.parser.clone(), this.belowBg);
    copy.saved = this.saved;
    return copy;
  }

  /** Saves the cursor, at column `col`, and the pen (ESC 7, CSI s). */
  saveCursor(col: number): void {
    this.saved = { row: this.counter.row, col, pen: { ...this.pen } };
  }

  /**
   * Moves the cursor back where it was saved (kept on the screen) and restores the
   * pen's colours and attributes (the stream being written and the hyperlink stay),
   * or to the screen's top left in the default pen if none was saved, as xterm does.
   * Returns the column.
   */
  restoreCursor(): number {
    const saved = this.saved ?? { row: 0, col: 0, pen: defaultPen() };
    this.counter.moveToRow(saved.row);
    const kept = Attr.Stderr | Attr.Link;
    this.pen.fg = saved.pen.fg;
    this.pen.bg = saved.pen.bg;
    this.pen.attrs = (saved.pen.attrs & ~kept) | (this.pen.attrs & kept);
    return saved.col;
  }
}
