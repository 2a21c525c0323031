import { codePointWidth } from './charWidth.js';
import { applySgrRange, type PenStyle } from './style.js';

/**
 * Controls that end the overflow skim: all C0 but `\t` and ESC, DEL and C1. Of
 * them only `\n`, `\r` and `\b` change what a row keeps; the others are left to the
 * parser so the skim needs no count of them (they are rare). A bare class: V8
 * scans it fast in one-byte text.
 */
const CONTROL_BUT_TAB_ESC = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f]/;
/** Longest SGR sequence the skim takes (the parser ignores one of 32 parameters or more; this one has at most 24): longer ones end it. */
const MAX_SGR_CHARS = 48;
const HT = 0x09;
const HIGH_SURROGATE = /[\ud800-\udbff]/;
const NOT_NARROW_ASCII = /[\xa0-\uffff]/;
/** Every character codePointWidth takes for 0 columns, and a few more (it takes those below U+0300 for 1, and wide ones for 2). */
const MAY_JOIN = /[\p{Mn}\p{Me}\p{Cf}\u{1160}-\u{11ff}]/u;

/** What {@link skimOverflow} found: where it stopped, and the code points it crossed that a row would have counted as dropped. */
export interface OverflowSkim {
  end: number;
  dropped: number;
}

/**
 * Crosses text written where a row is full: the cursor at maxLineLength, at the end
 * of a row kept as text or on a row of cells (`cells`). There every printed
 * character is dropped and only counted, a tab leaves the cursor at the limit, and
 * an SGR sequence only changes the pen. So from `start`
 * up to the first `\n`, `\r`, `\b`, other control, escape that is not a plain SGR
 * sequence, or character that would join the last kept one (on a row of text, a
 * combining mark starting printed text; on a row of cells, one anywhere), the text is crossed with indexOf: SGR sequences and tabs
 * are found to be left out of the count, and the SGR sequences after the last
 * reset are applied to `pen`. Returns where it stopped (`start` when nothing could
 * be crossed) for the parser to go on from, and the characters dropped.
 */
export function skimOverflow(text: string, start: number, end: number, pen: PenStyle, cells: boolean): OverflowSkim {
  const result: OverflowSkim = { end: start, dropped: 0 };
  // Bounded by the line first: each search then costs what the line does, however many long lines follow.
  const newline = text.indexOf('\n', start);
  const lineEnd = newline < 0 || newline > end ? end : newline;
  const line = text.slice(start, lineEnd);
  const control = line.search(CONTROL_BUT_TAB_ESC);
  let stop = control < 0 ? line.length : control;
  if (cells && stop > 0) {
    // On a row of cells any character that joins the one before joins the last kept cell, wherever it is.
    const range = stop === line.length ? line : line.slice(0, stop);
    if (NOT_NARROW_ASCII.test(range)) {
      const joining = range.search(MAY_JOIN);
      if (joining >= 0) stop = joining;
    }
  }
  // A high surrogate ending the input waits for its other half: the parser holds it.
  if (stop === line.length && lineEnd === end && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) stop--;
  let left = 0; // units not printed: SGR sequences and tabs
  let applyFrom = 0; // where the SGR sequences that matter start: the last reset, or the start
  let at = 0;
  let escape = line.indexOf('\x1b');
  let tab = line.indexOf('\t');
  for (;;) {
    // `at` starts printed text (or a control, or the stop): it must not begin with a character that joins the one before.
    if (at < stop && line.charCodeAt(at) >= 0x300 && codePointWidth(line.codePointAt(at)!) === 0) break;
    if (escape >= 0 && escape < at) escape = line.indexOf('\x1b', at);
    if (tab >= 0 && tab < at) tab = line.indexOf('\t', at);
    const next = escape < 0 ? tab : tab < 0 ? escape : Math.min(escape, tab);
    if (next < 0 || next >= stop) {
      at = stop;
      break;
    }
    if (line.charCodeAt(next) === HT) {
      left++;
      at = next + 1;
      continue;
    }
    const final = sgrFinal(line, next, stop);
    if (final < 0) {
      at = next;
      break;
    }
    if (startsWithReset(line, next + 2)) applyFrom = next;
    left += final + 1 - next;
    at = final + 1;
  }
  if (at === 0) return result;
  for (let sgr = line.indexOf('\x1b', applyFrom); sgr >= 0 && sgr < at; sgr = line.indexOf('\x1b', sgr + 1)) {
    const final = line.indexOf('m', sgr);
    applySgrRange(pen, line, sgr + 2, final);
    sgr = final;
  }
  result.end = start + at;
  result.dropped = codePoints(line, at) - left;
  return result;
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

/** Whether SGR parameters at `at` start with a reset (empty, or 0, then a separator or the end), after which the pen before no longer matters. */
function startsWithReset(text: string, at: number): boolean {
  let code = text.charCodeAt(at);
  if (code === 0x30) code = text.charCodeAt(at + 1);
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
