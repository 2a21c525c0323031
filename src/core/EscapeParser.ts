import { codePointWidth, NOT_KNOWN_ONE_COLUMN_ABOVE_C1 } from './charWidth.js';
import { controlIndexIn } from './ingest/controls.js';

/** What the parser reports; the terminal model implements it. */
export interface EscapeHandler {
  /**
   * Printable text `text[start, end)`: no C0, DEL or C1 characters, never ends inside a
   * surrogate pair. `oneColumn`: true when every character is known to take one column
   * and one UTF-16 unit (found while scanning for the text's end), false when not,
   * undefined when not looked at.
   */
  print(text: string, start: number, end: number, oneColumn?: boolean): void;
  /** A C0 control other than ESC, CAN and SUB (`\n`, `\r`, `\b`, `\t`, BEL, …). */
  execute(code: number): void;
  /**
   * A complete CSI sequence. `params` holds `count` values, -1 where omitted;
   * bit i of `subParams` is set when value i followed a `:` (ISO 8613-6 sub-parameter).
   * `prefix` is the private marker (`?`, `>`, `<`, `=`) or 0; `intermediates` the
   * intermediate bytes packed one per 8 bits, or 0.
   */
  csi(final: number, params: Int32Array, count: number, subParams: number, prefix: number, intermediates: number): void;
  /** A complete OSC string (without its introducer and terminator). */
  osc(payload: string): void;
  /** An escape sequence that is not CSI nor a string: ESC, `intermediates` packed as for csi(), then `final` (ESC 7, ESC ( B, …). */
  esc(final: number, intermediates: number): void;
}

const enum State {
  Ground,
  Escape,
  EscapeIntermediate,
  CsiParam,
  CsiIntermediate,
  CsiIgnore,
  OscString,
  /** DCS, SOS, PM and APC strings: consumed until ST, never dispatched. */
  IgnoredString,
  /** A string past MAX_STRING_LENGTH: discarded, unstored, until its terminator or a line feed. */
  AbandonedString,
}

const ESC = 0x1b;
const CAN = 0x18;
const SUB = 0x1a;
const BEL = 0x07;
const DEL = 0x7f;
const MAX_PARAMS = 32;
/** Parameter values are clamped here: large enough for any real use, far from overflow. */
const MAX_PARAM_VALUE = 1_000_000_000;

/**
 * Longest string sequence (OSC, DCS, SOS, PM, APC) kept. Past it the sequence is
 * abandoned: the rest of it is discarded without being stored, up to its terminator
 * or the next line feed, after which text shows again. So an introducer that is
 * never terminated can neither grow memory nor swallow the rest of the output.
 */
export const MAX_STRING_LENGTH = 65_536;

/** Finds the next character that is not plain printable text. */
const SPECIAL = /[\x00-\x1f\x7f-\x9f]/g;
/** SPECIAL but DEL, for controlIndexIn. */
const C0_C1 = /[\x00-\x1f\x80-\x9f]/;
/** Text from which specialFrom looks for controls the way controlIndexIn does: slices and a second search cost more than they save in short text. */
const LONG_SEARCH = 4096;
/** What ends an abandoned string: a terminator, a cancel, or a line feed. */
const ABANDONED_END = /[\x07\x0a\x18\x1a\x1b]/g;

/**
 * A resumable VT500-style escape sequence parser (after Paul Williams' state
 * diagram, as terminals implement it). State survives between `parse()` calls,
 * so a sequence or a surrogate pair split across writes is handled the same as
 * one written whole. C1 controls (U+0080–U+009F) and DEL are consumed and not
 * interpreted: in UTF-8 text they are almost always mojibake, not controls.
 */
export class EscapeParser {
  #state = State.Ground;
  readonly #params = new Int32Array(MAX_PARAMS);
  #paramCount = 0;
  /** All MAX_PARAMS parameters are taken: the rest of the sequence's parameters, digits too, are ignored (as xterm does). */
  #paramsFull = false;
  #subParams = 0;
  #prefix = 0;
  #intermediates = 0;
  /** String payload pieces and their total length, for OSC (and counted for ignored strings). */
  #stringParts: string[] = [];
  #stringLength = 0;
  /** ESC seen inside a string: the next character decides between ST and a new escape. */
  #stringEscape = false;
  /** A high surrogate that ended the previous input, waiting for its low half. */
  #pendingHighSurrogate = '';
  /** Set by pause(): parse() stops at the next point between reports. */
  #paused = false;

  /** Whether the parser is between sequences (not inside an escape, CSI or string). */
  get inGround(): boolean {
    return this.#state === State.Ground && this.#pendingHighSurrogate === '';
  }

  /** An independent parser in the same state, for a dry run over text. */
  clone(): EscapeParser {
    const copy = new EscapeParser();
    copy.#state = this.#state;
    copy.#params.set(this.#params);
    copy.#paramCount = this.#paramCount;
    copy.#paramsFull = this.#paramsFull;
    copy.#subParams = this.#subParams;
    copy.#prefix = this.#prefix;
    copy.#intermediates = this.#intermediates;
    copy.#stringParts = [...this.#stringParts];
    copy.#stringLength = this.#stringLength;
    copy.#stringEscape = this.#stringEscape;
    copy.#pendingHighSurrogate = this.#pendingHighSurrogate;
    return copy;
  }

  /** Whether a sequence (escape, CSI or string) is under way. */
  get inSequence(): boolean {
    return this.#state !== State.Ground;
  }

  /** Forgets a held high surrogate: the text it began was skipped, not printed. */
  discardPendingText(): void {
    this.#pendingHighSurrogate = '';
  }

  /**
   * Parses `text[start, end)`, reporting to `handler`. Returns `end`, or where it
   * stopped if the handler called {@link pause}: right after the text it printed.
   */
  parse(text: string, handler: EscapeHandler, start = 0, end = text.length): number {
    let at = start;
    this.#paused = false;
    if (this.#pendingHighSurrogate !== '' && at < end) at = this.#completeSurrogate(text, at, handler);
    while (at < end && !this.#paused) {
      if (this.#state === State.Ground) at = this.#ground(text, at, end, handler);
      else if (this.#state === State.AbandonedString) at = this.#abandoned(text, at, end);
      else if (this.#state === State.OscString || this.#state === State.IgnoredString) at = this.#string(text, at, end, handler);
      else this.#sequenceChar(text.charCodeAt(at++), handler);
    }
    this.#paused = false;
    return at;
  }

  /**
   * Called by a handler from print(): parse() returns once the text printed is
   * handled, so the caller can cross what follows another way (see Screen.write).
   */
  pause(): void {
    this.#paused = true;
  }

  /**
   * Parses from `start` until the parser is back in ground state (the end of the
   * escape sequence under way) or `end`; returns where it stopped. Lets a caller skim
   * plain text with indexOf and hand only escape sequences to the parser.
   */
  parseSequence(text: string, handler: EscapeHandler, start: number, end: number): number {
    let at = start;
    while (at < end && this.#state !== State.Ground) {
      if (this.#state === State.AbandonedString) at = this.#abandoned(text, at, end);
      else if (this.#state === State.OscString || this.#state === State.IgnoredString) at = this.#string(text, at, end, handler);
      else this.#sequenceChar(text.charCodeAt(at++), handler);
    }
    return at;
  }

  #ground(text: string, start: number, end: number, handler: EscapeHandler): number {
    // Text, controls and CSI sequences read in one pass follow one another here, until anything else.
    let at = start;
    while (at < end) {
      let code = text.charCodeAt(at);
      let stop = at;
      // An escape right after another (top's fields are each preceded by four) needs no search for text before it.
      if (code !== ESC) {
        stop = specialFrom(text, at, end);
        const oneColumn = scannedOneColumn;
        if (stop > at) {
          let printEnd = stop;
          // Never hand out half a surrogate pair: keep a trailing high surrogate for the next input.
          if (stop === end && isHighSurrogate(text.charCodeAt(stop - 1))) {
            printEnd--;
            this.#pendingHighSurrogate = text[printEnd]!;
          }
          if (printEnd > at) handler.print(text, at, printEnd, printEnd === stop ? oneColumn : undefined);
          if (this.#paused) return printEnd === stop ? stop : end;
        }
        if (stop === end) return end;
        code = text.charCodeAt(stop);
      }
      if (code === ESC) {
        if (stop + 1 >= end || text.charCodeAt(stop + 1) !== 0x5b) {
          // An escape and its final, or one intermediate and a final (ESC 7, ESC ( B, which top writes before every field), all of it here:
          // dispatched at once, as the states would once they reached its final (a function of its own for this was slower, in a page probe).
          const next = stop + 1 < end ? text.charCodeAt(stop + 1) : -1;
          if (next >= 0x30 && next <= 0x7e && next !== 0x5d && next !== 0x50 && next !== 0x58 && next !== 0x5e && next !== 0x5f) {
            handler.esc(next, 0);
            at = stop + 2;
            if (this.#paused) return at;
            continue;
          }
          const final = next >= 0x20 && next <= 0x2f && stop + 2 < end ? text.charCodeAt(stop + 2) : -1;
          if (final >= 0x30 && final <= 0x7e) {
            handler.esc(final, next);
            at = stop + 3;
            if (this.#paused) return at;
            continue;
          }
          this.#enterEscape();
          return stop + 1;
        }
        at = this.#csi(text, stop + 2, end, handler);
        if (this.#state !== State.Ground) return at;
      } else {
        if (code < 0x20 && code !== CAN && code !== SUB) handler.execute(code);
        // DEL, C1, CAN and SUB are consumed in ground state.
        at = stop + 1;
      }
      if (this.#paused) return at;
    }
    return at;
  }

  /**
   * A CSI sequence from its parameters at `start`, in one tight loop: the common
   * shape (a private marker, digits, `;` and `:`, then a final) is dispatched at once.
   * At anything else, or the end of the text, it stops with the parser in the state
   * the characters it took would have left one by one, and the caller goes on.
   */
  #csi(text: string, start: number, end: number, handler: EscapeHandler): number {
    // Kept in locals and dispatched from them; the fields get them only if the sequence goes on another way.
    const params = this.#params;
    let prefix = 0;
    let subParams = 0;
    let at = start;
    if (at < end) {
      const first = text.charCodeAt(at);
      if (first >= 0x3c && first <= 0x3f) {
        prefix = first;
        at++;
      }
    }
    let index = 0;
    let value = -1;
    for (; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code >= 0x30 && code <= 0x39) {
        value = (value < 0 ? 0 : value * 10) + (code - 0x30);
        if (value > MAX_PARAM_VALUE) value = MAX_PARAM_VALUE;
      } else if ((code === 0x3b || code === 0x3a) && index + 1 < MAX_PARAMS) {
        params[index] = value;
        index++;
        value = -1;
        if (code === 0x3a) subParams |= 1 << index;
      } else {
        break;
      }
    }
    params[index] = value;
    if (at < end) {
      const code = text.charCodeAt(at);
      if (code >= 0x40 && code <= 0x7e) {
        handler.csi(code, params, index + 1, subParams, prefix, 0);
        return at + 1;
      }
    }
    this.#state = State.CsiParam;
    this.#paramCount = index;
    this.#paramsFull = false;
    this.#subParams = subParams;
    this.#prefix = prefix;
    this.#intermediates = 0;
    return at;
  }

  #completeSurrogate(text: string, at: number, handler: EscapeHandler): number {
    const high = this.#pendingHighSurrogate;
    this.#pendingHighSurrogate = '';
    if (isLowSurrogate(text.charCodeAt(at))) {
      handler.print(high + text[at]!, 0, 2);
      return at + 1;
    }
    // A lone high surrogate is shown as it is, as it would be unsplit.
    handler.print(high, 0, 1);
    return at;
  }

  #enterEscape(): void {
    this.#state = State.Escape;
    this.#intermediates = 0;
  }

  #enterCsi(): void {
    this.#state = State.CsiParam;
    this.#params[0] = -1;
    this.#paramCount = 0;
    this.#paramsFull = false;
    this.#subParams = 0;
    this.#prefix = 0;
    this.#intermediates = 0;
  }

  #enterString(state: State.OscString | State.IgnoredString): void {
    this.#state = state;
    this.#stringEscape = false;
    this.#stringParts = [];
    this.#stringLength = 0;
  }

  /** One character of an escape or CSI sequence. */
  #sequenceChar(code: number, handler: EscapeHandler): void {
    if (code === CAN || code === SUB) {
      this.#state = State.Ground;
      return;
    }
    if (code === ESC) {
      this.#enterEscape();
      return;
    }
    if (code < 0x20) {
      // C0 controls inside a sequence act at once, as in real terminals.
      handler.execute(code);
      return;
    }
    if (code === DEL || (code >= 0x80 && code <= 0x9f)) return;
    switch (this.#state) {
      case State.Escape:
        if (code === 0x5b) this.#enterCsi();
        else if (code === 0x5d) this.#enterString(State.OscString);
        else if (code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f) this.#enterString(State.IgnoredString);
        else if (code >= 0x20 && code <= 0x2f) {
          this.#intermediates = code;
          this.#state = State.EscapeIntermediate;
        } else {
          this.#state = State.Ground;
          handler.esc(code, 0);
        }
        return;
      case State.EscapeIntermediate:
        if (code >= 0x20 && code <= 0x2f) this.#intermediates = ((this.#intermediates << 8) | code) >>> 0;
        else {
          this.#state = State.Ground;
          handler.esc(code, this.#intermediates);
        }
        return;
      case State.CsiParam:
        this.#csiParamChar(code, handler);
        return;
      case State.CsiIntermediate:
        if (code >= 0x20 && code <= 0x2f) this.#intermediates = ((this.#intermediates << 8) | code) >>> 0;
        else if (code >= 0x40 && code <= 0x7e) this.#dispatchCsi(code, handler);
        else this.#state = State.CsiIgnore;
        return;
      case State.CsiIgnore:
        if (code >= 0x40 && code <= 0x7e) this.#state = State.Ground;
        return;
      default:
        this.#state = State.Ground;
    }
  }

  #csiParamChar(code: number, handler: EscapeHandler): void {
    const index = this.#paramCount;
    if (code >= 0x30 && code <= 0x39) {
      if (this.#paramsFull) return;
      const current = this.#params[index]!;
      this.#params[index] = Math.min(MAX_PARAM_VALUE, (current < 0 ? 0 : current * 10) + (code - 0x30));
    } else if (code === 0x3b || code === 0x3a) {
      // Past the last parameter kept, the sequence still takes effect with the first ones.
      if (index + 1 >= MAX_PARAMS) {
        this.#paramsFull = true;
        return;
      }
      this.#paramCount = index + 1;
      this.#params[index + 1] = -1;
      if (code === 0x3a) this.#subParams |= 1 << (index + 1);
    } else if (code >= 0x3c && code <= 0x3f) {
      // A private marker is valid only first.
      if (index === 0 && this.#params[0] === -1 && this.#prefix === 0) this.#prefix = code;
      else this.#state = State.CsiIgnore;
    } else if (code >= 0x20 && code <= 0x2f) {
      this.#intermediates = code;
      this.#state = State.CsiIntermediate;
    } else if (code >= 0x40 && code <= 0x7e) {
      this.#dispatchCsi(code, handler);
    } else {
      this.#state = State.CsiIgnore;
    }
  }

  #dispatchCsi(final: number, handler: EscapeHandler): void {
    this.#state = State.Ground;
    handler.csi(final, this.#params, this.#paramCount + 1, this.#subParams, this.#prefix, this.#intermediates);
  }

  /** Consumes string payload up to its terminator (BEL for OSC, ST, CAN/SUB) or the length bound. */
  #string(text: string, start: number, end: number, handler: EscapeHandler): number {
    const isOsc = this.#state === State.OscString;
    if (this.#stringEscape) {
      // ESC \ is ST; ESC followed by anything else ends the string and starts an escape.
      this.#stringEscape = false;
      this.#finishString(isOsc, handler);
      this.#enterEscape();
      if (text.charCodeAt(start) !== 0x5c) return start;
      this.#state = State.Ground;
      return start + 1;
    }
    for (let at = start; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code === ESC) {
        this.#keepString(isOsc, text, start, at);
        this.#stringEscape = true;
        return at + 1;
      }
      if (code === CAN || code === SUB || (code === BEL && isOsc) || this.#stringLength + (at - start) >= MAX_STRING_LENGTH) {
        if (code === BEL && isOsc) {
          this.#keepString(isOsc, text, start, at);
          this.#finishString(isOsc, handler);
          this.#state = State.Ground;
          return at + 1;
        }
        this.#stringParts = [];
        this.#stringLength = 0;
        if (code === CAN || code === SUB) {
          this.#state = State.Ground;
          return at + 1;
        }
        this.#state = State.AbandonedString;
        return at;
      }
    }
    this.#keepString(isOsc, text, start, end);
    return end;
  }

  /** Skips an abandoned string's rest; a line feed ends it and is then handled as text would be. */
  #abandoned(text: string, start: number, end: number): number {
    ABANDONED_END.lastIndex = start;
    const match = ABANDONED_END.exec(text);
    if (match === null || match.index >= end) return end;
    const code = text.charCodeAt(match.index);
    if (code === 0x0a) {
      this.#state = State.Ground;
      return match.index;
    }
    if (code === ESC) this.#enterEscape(); // ESC \ ends it as ST; ESC anything else starts a new sequence.
    else this.#state = State.Ground;
    return match.index + 1;
  }

  #keepString(isOsc: boolean, text: string, start: number, end: number): void {
    if (end <= start) return;
    this.#stringLength += end - start;
    if (isOsc) this.#stringParts.push(text.slice(start, end));
  }

  #finishString(isOsc: boolean, handler: EscapeHandler): void {
    const payload = this.#stringParts.join('');
    this.#stringParts = [];
    this.#stringLength = 0;
    if (isOsc) handler.osc(payload);
  }
}

/**
 * Up to this many characters are checked one by one, widths too: text between escapes
 * is mostly short (a word between colour changes), and a regex call costs as much as
 * looking at a few characters. Past it, regex searches take over: V8 runs them some
 * times faster than a loop of charCodeAt, in two-byte text too. (8 rather than 16:
 * alternated in page probes of the captured programs, tqdm's and apt's bars ran
 * 10-20% faster, and about as fast elsewhere.)
 */
const SHORT_RUN = 8;
/** A control, or a character not known to take one column and one UTF-16 unit (see KNOWN_ONE_COLUMN). */
const SPECIAL_OR_OTHER_WIDTH = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f${NOT_KNOWN_ONE_COLUMN_ABOVE_C1}]`, 'g');
/** Whether the text specialFrom() crossed takes one column a unit (undefined: not looked at). */
let scannedOneColumn: boolean | undefined;

/**
 * The offset of the first C0, DEL or C1 control in text[start, end), or `end`; leaves in
 * scannedOneColumn whether the text before it is one column a unit, as far as it found out.
 */
function specialFrom(text: string, start: number, end: number): number {
  const stop = Math.min(end, start + SHORT_RUN);
  let oneColumn = true;
  for (let at = start; at < stop; at++) {
    const code = text.charCodeAt(at);
    if (code < 0xa0) {
      if (code < 0x20 || code >= 0x7f) {
        scannedOneColumn = oneColumn;
        return at;
      }
    } else if (oneColumn && ((code & 0xf800) === 0xd800 || codePointWidth(code) !== 1)) oneColumn = false;
  }
  scannedOneColumn = oneColumn;
  if (stop === end) return end;
  let from = stop;
  if (oneColumn) {
    // Characters known to be one column a unit, up to a control or another character.
    const found = searchUpTo(text, stop, end, SPECIAL_OR_OTHER_WIDTH);
    if (found >= end) return end;
    const code = text.charCodeAt(found);
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return found;
    from = found;
  }
  // From a character whose width was not looked at, or one that is not one column, only controls are looked for.
  scannedOneColumn = oneColumn ? undefined : false;
  if (end - from >= LONG_SEARCH) {
    // DEL apart (see controlIndex): in two-byte text the class with it scans 6 times slower.
    // In windows, so that a line with a DEL every few characters is not searched to its end each time.
    const found = controlIndexIn(text, from, end, C0_C1);
    return found < 0 ? end : found;
  }
  return searchUpTo(text, from, end, SPECIAL);
}

/**
 * The offset of the first match of `pattern` (global, one character) in text[from, end),
 * or `end`. Where much text follows `end` (a huge write given to the parser a slice at a
 * time) the search runs in a slice, so that it stops at `end`: from `from` it would run
 * on to the next match, to the end of a line of hundreds of MiB for each slice.
 */
function searchUpTo(text: string, from: number, end: number, pattern: RegExp): number {
  if (text.length - end < LONG_SEARCH) {
    pattern.lastIndex = from;
    return pattern.test(text) ? Math.min(end, pattern.lastIndex - 1) : end;
  }
  pattern.lastIndex = 0;
  return pattern.test(text.slice(from, end)) ? from + pattern.lastIndex - 1 : end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
