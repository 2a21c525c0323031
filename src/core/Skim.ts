import type { EscapeHandler, EscapeParser } from './EscapeParser.js';
import { countNewlines } from './newlines.js';
import { RowCounter } from './RowCounter.js';
import { applyOsc } from './Screen.js';
import { applySgr, type PenStyle } from './style.js';

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
  readonly counter: RowCounter;
  readonly pen: PenStyle;
  readonly parser: EscapeParser;
  /** Whether the last thing seen was a line feed that created the row the cursor is on. */
  freshRow = false;
  /** Background an erase-below leaves for rows created later (see Screen). */
  belowBg: number;

  constructor(counter: RowCounter, pen: PenStyle, parser: EscapeParser, belowBg: number) {
    this.belowBg = belowBg;
    this.counter = new RowCounter(counter.maxLines);
    this.counter.copyFrom(counter);
    this.pen = { ...pen };
    this.parser = parser.clone();
  }

  clone(): Skim {
    const copy = new Skim(this.counter, this.pen, this.parser, this.belowBg);
    copy.freshRow = this.freshRow;
    return copy;
  }

  write(text: string, start: number, end: number): void {
    let at = start;
    while (at < end) {
      if (this.parser.inSequence) {
        at = this.parser.parseSequence(text, this, at, end);
        continue;
      }
      this.parser.discardPendingText();
      let escape = text.indexOf('\x1b', at);
      if (escape < 0 || escape > end) escape = end;
      const lastNewline = escape > at ? text.lastIndexOf('\n', escape - 1) : -1;
      if (lastNewline >= at) {
        // What plain text before a line feed does (mark the last row printed, clear
        // freshRow) the line feed undoes: one that creates a row starts it unprinted,
        // and one that does not leaves the cursor above the last row, where nothing
        // is marked. So only the count of the line feeds matters, and the text after
        // the last one. (Trimming only ever follows the largest row count, the last.)
        this.freshRow = this.counter.down(countNewlines(text, at, lastNewline + 1)) > 0;
        at = lastNewline + 1;
      }
      this.#segment(text, at, escape);
      if (escape < end) {
        this.parser.parse(text, this, escape, escape + 1);
        this.freshRow = false;
      }
      at = escape + 1;
    }
  }

  print(): void {
    this.counter.printed();
    this.freshRow = false;
  }

  execute(code: number): void {
    if (code === LF) this.freshRow = this.counter.down(1) > 0;
    else if (code !== CR) this.freshRow = false;
  }

  csi(final: number, params: Int32Array, count: number, subParams: number, prefix: number, intermediates: number): void {
    if (prefix !== 0 || intermediates !== 0) return;
    const n = Math.max(1, params[0]!);
    if (final === 0x6d) applySgr(this.pen, params, count, subParams);
    else if (final === 0x41 || final === 0x46) this.counter.up(n);
    else if (final === 0x42 || final === 0x45) this.counter.down(n);
    else if (final === 0x4a && params[0]! <= 0) this.belowBg = this.pen.bg;
    this.freshRow = false;
  }

  osc(payload: string): void {
    applyOsc(this.pen, payload);
  }

  /** Plain text between controls: it matters only as the first print on the last row. */
  #segment(text: string, start: number, end: number): void {
    if (end <= start) return;
    const counter = this.counter;
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
