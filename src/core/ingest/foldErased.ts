import type { Screen } from '../Screen.js';
import { SKIM_CANNOT_FOLLOW } from '../sequences.js';
import { startsWithReset } from './pieces.js';

/**
 * Redraws erased before they show, taken out before they are interpreted.
 *
 * Progress displays (rich, and pip's, which is rich) redraw their k + 1 lines by erasing
 * them from the last up, `\r CSI 2K`, then `CSI 1A CSI 2K` k times, and writing them
 * again, many times a batch. Between two such erases, the lines written start at
 * column 0 of the row the first left the cursor on, and the second erases every one
 * of them before anything can show them: all that is left of them is the pen their
 * SGR sequences set, and that their rows were printed on (a printed last row counts as
 * a line). So where that text holds only printable characters, SGR sequences with
 * plain parameters and at most k line feeds, each line of it is replaced by its first
 * character and its SGR sequences from the last one that starts with a reset: rows,
 * cursor, pen and line count come out the same, for a fraction of the interpretation.
 *
 * Row arithmetic is not changed by folding (the line feeds and erases stay), so the
 * only condition is that the cursor moves up reach the rows written: they do unless the
 * screen is shorter than those rows (a fixed `rows`), or a scroll region or the
 * alternate screen is in play, when nothing is folded. A line wider than half of
 * `maxLineLength` (characters take at most two columns) is left alone: the columns it
 * prints past it count in truncatedChars.
 */

/** The last row's erase that starts a chain: to column 0, then EL 2. */
const ERASE = '\r\x1b[2K';
/** Each row above: CUU 1, then EL 2 (as rich writes it, and with the 1 left out). */
const ERASE_ABOVE = '\x1b[1A\x1b[2K';
const ERASE_ABOVE_SHORT = '\x1b[A\x1b[2K';
/** Printable characters, line feeds and SGR sequences with plain parameters (at most 31 characters of them, as penAfter takes). */
const FOLDABLE = /(?:[^\x00-\x1f\x7f-\x9f]+|\n|\x1b\[[0-9;:]{0,31}m)*/y;

/** Folds the erased redraws of `pieces`, the batch the screen is about to apply, in place (see above). */
export function foldErasedRedraws(screen: Screen, pieces: string[]): void {
  const { parser, counter } = screen.state;
  if (!parser.inGround || counter.region !== null || screen.inAltScreen) return;
  // Only text between two erases folds: a batch with fewer is left alone before anything is scanned.
  let lastWithErase = -1;
  let erases = 0;
  for (let i = 0; i < pieces.length; i++) {
    const first = pieces[i]!.indexOf(ERASE);
    if (first < 0) continue;
    lastWithErase = i;
    erases += pieces[i]!.includes(ERASE, first + 1) ? 2 : 1;
  }
  if (erases < 2) return;
  const widest = screen.maxLineLength / 2;
  for (let i = 0; i <= lastWithErase; i++) {
    const text = pieces[i]!;
    let erase = text.indexOf(ERASE);
    // Text not folded may set a scroll region or switch to the alternate screen, which move rows another way:
    // looked at before the first erase (and after the last, if more pieces are to be folded), if it is short.
    if (!followed(erase < 0 ? text : text.slice(0, erase))) return;
    if (erase < 0) continue;
    const parts: string[] = [];
    let copied = 0;
    /** Where the last chain of erases ended: the cursor at column 0 of the first row it erased. */
    let rowStart = -1;
    let stopped = false;
    while (erase >= 0) {
      let end = erase + ERASE.length;
      let above = 0;
      for (;;) {
        if (text.startsWith(ERASE_ABOVE, end)) end += ERASE_ABOVE.length;
        else if (text.startsWith(ERASE_ABOVE_SHORT, end)) end += ERASE_ABOVE_SHORT.length;
        else break;
        above++;
      }
      if (rowStart >= 0 && erase > rowStart) {
        // Lines the erases do not all reach (output between redraws, say), or text that is not foldable, end the folding: it may hold anything.
        const lines = lineStarts(text, rowStart, erase, above + 1);
        if (lines === null || lines.length > counter.rows || !foldable(text, rowStart, erase)) {
          stopped = true;
          break;
        }
        if (erase - rowStart > 1) {
          parts.push(text.slice(copied, rowStart));
          for (let l = 0; l < lines.length; l++) {
            const start = lines[l]!;
            const stop = l + 1 < lines.length ? lines[l + 1]! - 1 : erase;
            parts.push(stop - start > 1 && stop - start <= widest ? kept(text, start, stop) : text.slice(start, stop));
            if (l + 1 < lines.length) parts.push('\n');
          }
          copied = erase;
        }
      }
      rowStart = end;
      erase = text.indexOf(ERASE, end);
    }
    if (parts.length > 0) {
      parts.push(text.slice(copied));
      pieces[i] = parts.join('');
    }
    if (stopped || (i < lastWithErase && !followed(text.slice(rowStart)))) return;
  }
}

/** Text longer than this between erases is not looked at, and nothing after it is folded: a coloured flood with an erase in it does not pay a scan for a redraw. */
const MAX_UNFOLDED_CHARS = 64 * 1024;

/** Whether text not folded leaves the rows to the arithmetic folding assumes: short, with no scroll region, alternate screen or restored cursor. */
function followed(text: string): boolean {
  return text.length <= MAX_UNFOLDED_CHARS && !SKIM_CANNOT_FOLLOW.test(text);
}

function foldable(text: string, start: number, end: number): boolean {
  FOLDABLE.lastIndex = start;
  FOLDABLE.test(text);
  return FOLDABLE.lastIndex >= end;
}

/** Offsets where the lines of text[start, end) start, or null if there are more than `most` of them. */
function lineStarts(text: string, start: number, end: number, most: number): number[] | null {
  const starts = [start];
  for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
    if (starts.length === most) return null;
    starts.push(at + 1);
  }
  return starts;
}

/** What is left of text[start, end), one line of a foldable stretch: its first character, and its SGR sequences from the last one that starts with a reset. */
function kept(text: string, start: number, end: number): string {
  // The sequences from the last one that starts with a reset (a line's last, often), found from the end, then taken in order.
  let from = -1;
  for (let escape = text.lastIndexOf('\x1b', end - 1); escape >= start; escape = escape === 0 ? -1 : text.lastIndexOf('\x1b', escape - 1)) {
    from = escape;
    if (startsWithReset(text, escape + 2, text.indexOf('m', escape))) break;
  }
  let sequences = '';
  for (let escape = from; escape >= 0 && escape < end; escape = text.indexOf('\x1b', escape + 1)) {
    const final = text.indexOf('m', escape);
    sequences += text.slice(escape, final + 1);
    escape = final;
  }
  // Its first character prints as it did (the row counts as printed on), in whatever pen: the erase blanks it.
  let first = start;
  while (first < end && text.charCodeAt(first) === 0x1b) first = text.indexOf('m', first) + 1;
  if (first >= end) return sequences;
  const code = text.charCodeAt(first);
  const pair = code >= 0xd800 && code <= 0xdbff && first + 1 < end && (text.charCodeAt(first + 1) & 0xfc00) === 0xdc00;
  return text.slice(first, first + (pair ? 2 : 1)) + sequences;
}
