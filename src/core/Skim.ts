import type { EscapeHandler } from './EscapeParser.js';
import { countNewlines } from './newlines.js';
import { applyOsc } from './Screen.js';
import { CSI_ERASE_DISPLAY, CSI_ROW_MOVES } from './sequences.js';
import { applySgr } from './style.js';
import type { TerminalState } from './TerminalState.js';

const LF = 0x0a;
const CR = 0x0d;
/** Any character that prints something (not a C0, DEL or C1 control). */
const PRINTABLE = /[^\x00-\x1f\x7f-\x9f]/g;

/**
 * A pass over text whose lines will all be dropped: it follows escape sequences
 * (for the pen and the parser state at the end) and counts rows the way the
 * screen would, but keeps no text. Plain text between escapes is crossed with
 * indexOf, not character by character, and its line feeds are only counted.
 */
export class Skim implements EscapeHandler {
  /** A copy of the state it started from, brought up to date with the text skimmed. */
  readonly state: TerminalState;
  /** Whether the last thing seen was a line feed that created the row the cursor is on. */
  freshRow = false;

  constructor(state: TerminalState) {
    this.state = state.clone();
  }

  clone(): Skim {
    const copy = new Skim(this.state);
    copy.freshRow = this.freshRow;
    return copy;
  }

  write(text: string, start: number, end: number): void {
    const { counter, parser } = this.state;
    let at = start;
    while (at < end) {
      if (parser.inSequence) {
        at = parser.parseSequence(text, this, at, end);
        continue;
      }
      parser.discardPendingText();
      let escape = text.indexOf('\x1b', at);
      if (escape < 0 || escape > end) escape = end;
      const lastNewline = escape > at ? text.lastIndexOf('\n', escape - 1) : -1;
      if (lastNewline >= at) {
        // What plain text before a line feed does (mark the last row printed, clear
        // freshRow) the line feed undoes: one that creates a row starts it unprinted,
        // and one that does not leaves the cursor above the last row, where nothing
        // is marked. So only the count of the line feeds matters, and the text after
        // the last one. (Trimming only ever follows the largest row count, the last.)
        this.freshRow = counter.down(countNewlines(text, at, lastNewline + 1)) > 0;
        at = lastNewline + 1;
      }
      this.#segment(text, at, escape);
      if (escape < end) {
        parser.parse(text, this, escape, escape + 1);
        this.freshRow = false;
      }
      at = escape + 1;
    }
  }

  print(): void {
    this.state.counter.printed();
    this.freshRow = false;
  }

  execute(code: number): void {
    if (code === LF) this.freshRow = this.state.counter.down(1) > 0;
    else if (code !== CR) this.freshRow = false;
  }

  csi(final: number, params: Int32Array, count: number, subParams: number, prefix: number, intermediates: number): void {
    this.freshRow = false;
    // Sequences it cannot follow never reach it (see SKIM_CANNOT_FOLLOW).
    if (prefix !== 0 || intermediates !== 0) return;
    const state = this.state;
    const first = params[0]!;
    const rowMove = CSI_ROW_MOVES.get(final);
    if (rowMove !== undefined) rowMove.move(state.counter, Math.max(1, first));
    else if (final === 0x6d) applySgr(state.pen, params, count, subParams);
    else if (final === CSI_ERASE_DISPLAY && (first <= 0 || first === 2)) state.belowBg = state.pen.bg;
  }

  esc(): void {
    this.freshRow = false;
  }

  osc(payload: string): void {
    applyOsc(this.state.pen, payload);
  }

  /** Plain text between controls: it matters only as the first print on the last row. */
  #segment(text: string, start: number, end: number): void {
    if (end <= start) return;
    const counter = this.state.counter;
    if (counter.row === counter.lastRow && !counter.lastRowPrinted) {
      PRINTABLE.lastIndex = start;
      const match = PRINTABLE.exec(text);
      if (match !== null && match.index < end) counter.printed();
    }
    // \r keeps the row fresh; anything else on it does not.
    if (this.freshRow) {
      for (let at = start; at < end; at++) {
        if (text.charCodeAt(at) !== CR) {
          this.freshRow = false;
          break;
        }
      }
    }
  }
}
