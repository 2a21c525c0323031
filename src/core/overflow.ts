import { codePointWidth } from './charWidth.js';
import { controlIndexIn } from './ingest/controls.js';
import { countUnits } from './newlines.js';
import { applySgrRange, type PenStyle } from './style.js';

/**
 * Controls that end the overflow skim in text that is not narrow: all C0 but `\t` and
 * ESC, and C1 (DEL too, see controlIndex). Of them only `\n`, `\r` and `\b` change what
 * a row keeps; narrow text crosses the others (NARROW_STOP), here they are left to the
 * parser so that this walk needs no count of them.
 */
const CONTROL_BUT_TAB_ESC = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x80-\x9f]/;
/** Longest SGR sequence the skim takes (at most 24 parameters; the parser keeps the first 32 of a longer one): longer ones end it, for the parser. */
const MAX_SGR_CHARS = 48;
const HIGH_SURROGATE = /[\ud800-\udbff]/;
const NOT_NARROW_ASCII = /[\xa0-\uffff]/;
/** Characters from U+0300, the first that can take no column (in one-byte text V8 finds none at once). */
const FROM_COMBINING = /[\u0300-\uffff]/;
/** Every character codePointWidth takes for 0 columns, and a few more (it takes those below U+0300 for 1, and wide ones for 2). */
const MAY_JOIN = /[\p{Mn}\p{Me}\p{Cf}\u{1160}-\u{11ff}]/u;

/** The first escape that does not start a plain SGR sequence the skim takes (as the walk in skimOverflow checks one). */
const NOT_PLAIN_SGR = /\x1b(?!\[[0-9:;]{0,45}m)/;
/**
 * Where narrow text ends for crossNarrow: `\b`, `\n`, `\r` (the controls that change
 * what a full row keeps), NOT_PLAIN_SGR, or a character from U+0300 (FROM_COMBINING).
 * In one-byte text the last part costs nothing.
 */
const NARROW_STOP = /[\x08\x0a\x0d\u0300-\uffff]|\x1b(?!\[[0-9:;]{0,45}m)/;
/**
 * What crossNarrow crosses but does not count, SGR sequences, tabs and DEL aside:
 * controls that do nothing on a full row (all C0 but `\b`, `\t`, `\n`, `\r` and ESC;
 * C1 and DEL, which the parser consumes; DEL is counted apart, see controlIndex).
 */
const INERT_CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x80-\x9f]/;
const INERT_CONTROLS_ALL = new RegExp(INERT_CONTROLS.source, 'g');
/** Sequences looked at from the end of a crossing for the last reset; without one that near, the walk forwards applies them. */
const RESET_LOOKBACK = 64;
/**
 * Text crossed of at least this many units has its dropped characters counted later
 * ({@link countCrossed}), not before the skim returns: counting visits every escape,
 * about 1 ns a character in text laced with colours, so one huge line would block the
 * write for that long when only its pen and its end are needed at once.
 */
export const COUNT_LATER_UNITS = 1 << 20;
/** Text counted in one match() call: its array of matches stays small. */
const COUNT_CHUNK = 1 << 16;
/** Leading SGR sequences, tabs and inert controls: what crossed text can start with and still drop nothing. */
const UNPRINTED = /(?:\x1b\[[0-9:;]*m|[\x00-\x07\x09\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f])*/y;

/** What {@link skimOverflow} found: where it stopped, and the code points it crossed that a row would have counted as dropped. */
export interface OverflowSkim {
  end: number;
  /** Code points dropped, or -1 when the text crossed is long and they are left to countCrossed. */
  dropped: number;
  /** Whether any is dropped, known when the count is left for later too. */
  dropsAny: boolean;
}

/**
 * Crosses text written where a row is full: the cursor at maxLineLength, at the end
 * of a row kept as text or on a row of cells (`cells`). There every printed
 * character is dropped and only counted, a tab leaves the cursor at the limit, and
 * an SGR sequence only changes the pen. So from `start` up to the first `\n`, `\r`,
 * `\b`, other control, escape that is not a plain SGR sequence, or character that
 * would join the last kept one (on a row of text, a combining mark starting printed
 * text; on a row of cells, one anywhere), the text is only searched: each escape is
 * found by indexOf to take its sequence out of the count, tabs are counted in bulk,
 * and the SGR sequences after the last reset are applied to `pen`. Returns where it
 * stopped (`start` when nothing could be crossed) for the parser to go on from, and
 * the characters dropped.
 */
export function skimOverflow(text: string, start: number, end: number, pen: PenStyle, cells: boolean): OverflowSkim {
  const result: OverflowSkim = { end: start, dropped: 0, dropsAny: false };
  // What ends a crossing most often comes first (the parser resumes at each sequence it
  // takes): answered without a search, as the search below would answer it.
  const first = text.charCodeAt(start);
  if (first === 0x1b ? sgrFinal(text, start, end) < 0 : first === 0x08 || first === 0x0a || first === 0x0d) return result;
  // Every search is bounded by what it finds (see controlIndexIn), so each costs what the
  // line crossed does, however much text follows and however often the parser resumes.
  // First narrow text, up to what ends the crossing or a character from U+0300, in one
  // pass. (Every printed character below U+0300 takes one column, the soft hyphen too:
  // none joins the one before, on a row of cells either.)
  const narrowStop = controlIndexIn(text, start, end, NARROW_STOP, false);
  if (narrowStop !== start) {
    const line = text.slice(start, narrowStop < 0 ? end : narrowStop);
    if (crossNarrow(text, start, line, true, pen, result)) return result;
  } else if (first < 0x300) {
    return result; // a control or an escape, for the parser
  }
  const control = controlIndexIn(text, start, end, CONTROL_BUT_TAB_ESC);
  const rest = text.slice(start, control < 0 ? end : control);
  let line = joinStop(rest, cells);
  // A high surrogate ending the input waits for its other half: the parser holds it.
  if (control < 0 && line.length === rest.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) line = line.slice(0, -1);
  const stop = line.length;
  // Offsets below are in `text`: indexOf costs more per call in a slice. It is called only
  // up to the last escape (or tab) before the stop, found once, so no search runs past the
  // line into the text after it. Where no character could take no column, no printed text
  // can join the kept one, and tabs need not be visited.
  const limit = start + stop;
  const mayJoin = line.search(FROM_COMBINING) >= 0;
  if (!mayJoin && crossNarrow(text, start, line, false, pen, result)) return result;
  const lastEscape = start + lastIndexBefore(line, '\x1b');
  const lastTab = mayJoin ? start + lastIndexBefore(line, '\t') : start - 1;
  let sgrUnits = 0; // units of the SGR sequences crossed: not printed
  let tabs = 0; // tabs visited (only where mayJoin): not printed
  let applyFrom = start; // where the SGR sequences that matter start: the last reset, or the start
  let at = start;
  let escape = start <= lastEscape ? text.indexOf('\x1b', start) : limit;
  let tab = start <= lastTab ? text.indexOf('\t', start) : limit;
  for (;;) {
    // `at` starts printed text (or a control, or the stop): it must not begin with a character that joins the one before.
    if (mayJoin && at < limit && text.charCodeAt(at) >= 0x300 && codePointWidth(text.codePointAt(at)!) === 0) break;
    if (tab < at) tab = at <= lastTab ? text.indexOf('\t', at) : limit;
    if (tab < escape) {
      tabs++;
      at = tab + 1;
      continue;
    }
    if (escape === limit) {
      at = limit;
      break;
    }
    // The hot loop of a line laced with colours: the sequence checked in line, as sgrFinal does.
    if (text.charCodeAt(escape + 1) !== 0x5b) {
      at = escape;
      break;
    }
    let final = escape + 2;
    const last = Math.min(limit, escape + MAX_SGR_CHARS);
    let code = text.charCodeAt(final);
    while (final < last && code >= 0x30 && code <= 0x3b) code = text.charCodeAt(++final); // digits, `:` and `;`
    if (code !== 0x6d || final >= last) {
      at = escape;
      break;
    }
    if (startsWithReset(text, escape)) applyFrom = escape;
    sgrUnits += final + 1 - escape;
    at = final + 1;
    escape = at <= lastEscape ? text.indexOf('\x1b', at) : limit;
  }
  if (at === start) return result;
  // (No escape crossed: the first was at or past the stop, and nothing is applied.)
  for (let sgr = sgrUnits === 0 ? at : text.indexOf('\x1b', applyFrom); sgr < at; ) {
    const final = text.indexOf('m', sgr);
    applySgrRange(pen, text, sgr + 2, final);
    sgr = final < lastEscape ? text.indexOf('\x1b', final + 1) : at;
  }
  if (!mayJoin) tabs = countUnits(text, '\t', start, at);
  result.end = at;
  result.dropped = codePoints(line, at - start) - sgrUnits - tabs;
  result.dropsAny = result.dropped > 0;
  return result;
}

/**
 * skimOverflow for text where no character could take no column (none from U+0300:
 * one-byte text, so no surrogates either), with native searches instead of a walk over
 * every escape: one regex finds the first escape that is not a plain SGR sequence,
 * where the crossing stops (`checked`: the caller's search found it already); the last
 * reset is looked for backwards from there, and only the sequences from it on set the pen. The count is the walk's, done at once for
 * short text and left to {@link countCrossed} for long. Returns false, having done
 * nothing, when no reset is among the last RESET_LOOKBACK sequences: the walk then
 * finds where the ones that matter start.
 */
function crossNarrow(text: string, start: number, line: string, checked: boolean, pen: PenStyle, result: OverflowSkim): boolean {
  const bad = checked ? -1 : line.search(NOT_PLAIN_SGR);
  const length = bad < 0 ? line.length : bad;
  if (length === 0) return true;
  const crossed = length === line.length ? line : line.slice(0, length);
  // Every escape in `crossed` starts a plain SGR sequence that ends in it.
  let from = lastIndexBefore(crossed, '\x1b');
  for (let looked = 0; from >= 0; looked++) {
    if (looked === RESET_LOOKBACK) return false;
    if (startsWithReset(crossed, from)) break;
    const before = from > 0 ? crossed.lastIndexOf('\x1b', from - 1) : -1;
    if (before < 0) break; // no reset: every sequence from the first applies
    from = before;
  }
  for (let sgr = from; sgr >= 0; ) {
    const final = crossed.indexOf('m', sgr);
    applySgrRange(pen, crossed, sgr + 2, final);
    sgr = crossed.indexOf('\x1b', final + 1);
  }
  result.end = start + length;
  if (length < COUNT_LATER_UNITS) {
    result.dropped = countCrossed(text, start, start + length);
    result.dropsAny = result.dropped > 0;
  } else {
    result.dropped = -1;
    UNPRINTED.lastIndex = start;
    UNPRINTED.test(text);
    result.dropsAny = UNPRINTED.lastIndex < start + length;
  }
  return true;
}

/**
 * The characters a row drops for text crossed by crossNarrow: all but its SGR
 * sequences, tabs and inert controls. The range must be one it crossed, or a part of one that does
 * not cut a sequence (see {@link crossedPart}).
 */
export function countCrossed(text: string, start: number, end: number): number {
  const part = text.slice(start, end);
  let units = 0;
  for (let escape = part.indexOf('\x1b'); escape >= 0; ) {
    const final = part.indexOf('m', escape);
    units += final + 1 - escape;
    escape = part.indexOf('\x1b', final + 1);
  }
  let unprinted = countUnits(part, '\t') + countUnits(part, '\x7f');
  // Other inert controls are rare: looked for once, and only then counted.
  if (INERT_CONTROLS.test(part)) {
    for (let at = 0; at < part.length; at += COUNT_CHUNK) unprinted += part.slice(at, at + COUNT_CHUNK).match(INERT_CONTROLS_ALL)?.length ?? 0;
  }
  return part.length - units - unprinted;
}

/** Where a part of crossed text from `start` of at most `units` ends without cutting an SGR sequence. */
export function crossedPart(text: string, start: number, end: number, units: number): number {
  if (end - start <= units) return end;
  const cut = start + Math.max(MAX_SGR_CHARS, units);
  // A sequence is at most MAX_SGR_CHARS long: only its escape, that far back, can be cut off from its end.
  const near = text.slice(cut - MAX_SGR_CHARS, cut);
  const escape = near.lastIndexOf('\x1b');
  return escape >= 0 && near.indexOf('m', escape) < 0 ? cut - MAX_SGR_CHARS + escape : cut;
}

/** `line` up to what would join the last kept cell on a row of cells (`cells`), where any character that joins the one before does, wherever it is. */
function joinStop(line: string, cells: boolean): string {
  if (!cells || line.length === 0 || !NOT_NARROW_ASCII.test(line)) return line;
  const joining = line.search(MAY_JOIN);
  return joining >= 0 ? line.slice(0, joining) : line;
}

/** The last `search` in `text`, or -1: looked for forwards first, since lastIndexOf scans several times slower. */
function lastIndexBefore(text: string, search: string): number {
  return text.indexOf(search) < 0 ? -1 : text.lastIndexOf(search);
}

/** The offset of the `m` ending a plain SGR sequence at `escape` (ESC `[`, digits, `;` and `:`), or -1 if there is none before `stop`. */
export function sgrFinal(text: string, escape: number, stop: number): number {
  if (text.charCodeAt(escape + 1) !== 0x5b) return -1;
  const last = Math.min(stop, escape + MAX_SGR_CHARS);
  for (let at = escape + 2; at < last; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x6d) return at;
    if (!((code >= 0x30 && code <= 0x39) || code === 0x3b || code === 0x3a)) return -1;
  }
  return -1;
}

/** Whether the SGR sequence at `escape` starts with a reset: no parameter, or 0, then a separator or the end. */
function startsWithReset(text: string, escape: number): boolean {
  const first = text.charCodeAt(escape + 2);
  return first === 0x6d || first === 0x3b || first === 0x3a || (first === 0x30 && isSeparatorOrEnd(text.charCodeAt(escape + 3)));
}

function isSeparatorOrEnd(code: number): boolean {
  return code === 0x6d || code === 0x3b || code === 0x3a;
}

/** Code points of text[0, end), a pair split by a sequence counting as two, as the row counts it. */
function codePoints(text: string, end: number): number {
  const high = (end === text.length ? text : text.slice(0, end)).search(HIGH_SURROGATE);
  if (high < 0) return end;
  let count = high;
  for (let at = high; at < end; count++) at += (text.codePointAt(at)! > 0xffff && at + 1 < end) ? 2 : 1;
  return count;
}
