import { codePointWidth, KNOWN_ONE_COLUMN } from '../charWidth.js';

/**
 * Anything in a line's redraws but `\r`, printable ASCII and characters known to be one
 * column and one UTF-16 unit (see charWidth's NOT_KNOWN_ONE_COLUMN): one regex pass
 * over the redraws, and a closer look only from the first such character.
 */
const NOT_PLAIN_REDRAW = new RegExp(`[^\\r\\x20-\\x7e${KNOWN_ONE_COLUMN}]`);

/** Whether every character of `redraws` from `from` on is `\r` or takes one column and one UTF-16 unit. */
function foldableFrom(redraws: string, from: number): boolean {
  for (let at = from; at < redraws.length; at++) {
    const code = redraws.charCodeAt(at);
    if (code < 0xa0) {
      if (code !== 0x0d && (code < 0x20 || code > 0x7e)) return false;
    } else if ((code & 0xf800) === 0xd800 || codePointWidth(code) !== 1) return false;
  }
  return true;
}

/**
 * A line redrawn after `\r` again and again (a progress bar) ends up showing, in
 * each column, what the last redraw reaching that column wrote. For text without
 * escapes, folds each line's redraws of characters one column wide (ASCII, and the
 * bar and box characters progress bars draw with) into one, so a flood of redraws
 * costs a scan instead of interpreting every one. Lines whose redraws hold anything
 * else, or one longer than `maxLineLength` (each redraw's columns past it count in
 * truncatedChars), are left as they are.
 */
export function foldRedraws(text: string, maxLineLength: number): string {
  let returnAt = text.indexOf('\r');
  if (returnAt < 0) return text;
  const out: string[] = [];
  let copied = 0;
  while (returnAt >= 0) {
    // A `\r` ending its line (`\r\n`) redraws nothing: lines ended so are skipped with one search each.
    if (text.charCodeAt(returnAt + 1) === 0x0a) {
      returnAt = text.indexOf('\r', returnAt + 2);
      continue;
    }
    const lineStart = text.lastIndexOf('\n', returnAt) + 1;
    let lineEnd = text.indexOf('\n', returnAt);
    if (lineEnd < 0) lineEnd = text.length;
    const folded = foldLine(text, lineStart, returnAt, lineEnd, maxLineLength);
    if (folded !== null) {
      out.push(text.slice(copied, lineStart), folded);
      copied = lineEnd;
    }
    returnAt = text.indexOf('\r', lineEnd);
  }
  if (out.length === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** The line text[start, end) whose first `\r` is at `firstReturn`, folded; null if it cannot be. */
function foldLine(text: string, start: number, firstReturn: number, end: number, longest: number): string | null {
  // A single redraw leaves nothing to fold: checked first (forwards: indexOf is the fast scan), since a long line makes the scans below dear.
  const second = text.indexOf('\r', firstReturn + 1);
  if (second < 0 || second >= end) return null;
  const redraws = text.slice(firstReturn, end);
  // Columns are counted as UTF-16 units below: only characters one column wide (ASCII, and the bar and box characters of progress bars) fold.
  const unusual = redraws.search(NOT_PLAIN_REDRAW);
  if (unusual >= 0 && !foldableFrom(redraws, unusual)) return null;
  // The redraws that show in the end are those longer than every later one: kept on
  // a stack (their start and length), each redraw popping the shorter ones before it.
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let redrawAt = firstReturn; redrawAt < end; ) {
    let next = text.indexOf('\r', redrawAt + 1);
    if (next < 0 || next > end) next = end;
    const length = next - redrawAt - 1;
    if (length > longest) return null;
    while (lengths.length > 0 && lengths[lengths.length - 1]! <= length) {
      starts.pop();
      lengths.pop();
    }
    starts.push(redrawAt + 1);
    lengths.push(length);
    redrawAt = next;
  }
  // Each column shows what the last redraw reaching it wrote: the last redraw, then the rest of each longer one before it.
  const top = lengths.length - 1;
  const parts = [text.slice(starts[top]!, starts[top]! + lengths[top]!)];
  for (let i = top - 1; i >= 0; i--) parts.push(text.slice(starts[i]! + lengths[i + 1]!, starts[i]! + lengths[i]!));
  const shown = parts.join('');
  // The cursor must end where the last redraw left it: write that one again over its own text.
  return text.slice(start, firstReturn) + '\r' + shown + (top > 0 ? '\r' + parts[0] : '');
}
