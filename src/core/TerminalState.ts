import { EscapeParser } from './EscapeParser.js';
import { RowCounter } from './RowCounter.js';
import { defaultPen, type PenStyle } from './style.js';

/**
 * What the stream's past leaves for its future, text aside: where the cursor is and
 * which rows exist (the counter), the pen, the parser's state inside a sequence and
 * the background an erase-below left for rows made later. The screen holds one; the
 * skim over text that will be dropped works on a copy, and a batch cut short starts
 * over from the copy's state.
 */
export class TerminalState {
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
    return new TerminalState(counter, { ...this.pen }, this.parser.clone(), this.belowBg);
  }
}
