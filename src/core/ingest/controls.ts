/**
 * Finding control characters in long text. A class of C0, DEL and C1 controls is
 * what the parser needs, but V8 scans such a class slowly: its fast scan takes
 * classes whose characters fall in at most 32 of 128 buckets (the low seven bits),
 * and C0 and C1 share 32 of them, DEL adding a 33rd. So DEL is found apart, by
 * indexOf, which with the class costs half as much in one-byte text and a tenth in
 * two-byte text (CJK: 5 ms instead of 30 for 22 M characters, in Chromium 156).
 */

const DEL = '\x7f';

/**
 * The offset of the first DEL in `text` or match of `controls` (a pattern of C0 and
 * C1 controls, neither global nor sticky, which may match an escape sequence too), or -1.
 */
export function controlIndex(text: string, controls: RegExp): number {
  const first = text.search(controls);
  // DEL need only be looked for before what was found.
  const del = (first < 0 ? text : text.slice(0, first)).indexOf(DEL);
  return del >= 0 ? del : first;
}

/** Characters a control pattern may need to see past a match's start (an escape sequence it checks): windows overlap by this much. */
const WINDOW_OVERLAP = 48;
const FIRST_WINDOW = 256;

/**
 * controlIndex over text[from, end) (DEL only if `del`), returning an offset in `text` (or -1), in windows
 * that grow 16-fold from 256 characters: each call costs in proportion to how far it
 * looks, not to how much text follows. A caller that resumes after each control it
 * stops at (the parser, the overflow skim) would otherwise search the rest of a long
 * line once per control: DEL every 11 characters of a 512 KiB line took 5.4 s, the
 * class search finding nothing each time before indexOf found the next DEL.
 */
export function controlIndexIn(text: string, from: number, end: number, controls: RegExp, del = true): number {
  for (let at = from, size = FIRST_WINDOW; at < end; size *= 16) {
    const to = end - at <= size + WINDOW_OVERLAP ? end : at + size;
    const part = text.slice(at, to);
    const first = part.search(controls);
    const delAt = del ? (first < 0 ? part : part.slice(0, first)).indexOf(DEL) : -1;
    if (delAt >= 0) return at + delAt;
    // A match near a window's end may be one only for want of what follows: looked at again from there.
    if (first >= 0 && (to === end || first < part.length - WINDOW_OVERLAP)) return at + first;
    at = first >= 0 ? at + first : to;
    if (first >= 0) size = FIRST_WINDOW / 16;
  }
  return -1;
}
