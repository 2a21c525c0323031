import { applySgrRange, defaultPen } from '../style.js';

/**
 * Lines kept as written, SGR sequences and all: a flood of coloured lines is stored
 * as its written strings are, the way plain lines are (see plainPages), and its
 * styles are worked out only for pages that are read. Most pages of a flood are
 * dropped unread; a renderer reads the last few.
 *
 * Such a page holds complete lines whose only escapes are whole SGR sequences with
 * plain parameters, its only controls `\n` and `\r` before `\n`, its characters one
 * column and one UTF-16 unit each, and it starts and ends in the default pen. The
 * styles then depend on its text alone, and are those the terminal path gives (see
 * Screen.appendSimple, which this follows run for run).
 */

const CR = 0x0d;

/** Lines kept as written, made plain: the text without its SGR sequences, the offsets of its `\n`, and the style runs of each line. */
export interface CookedPage {
  readonly text: string;
  readonly breaks: Int32Array;
  /** As LineStyles' (see PagedLines): null when every line is in the default style. */
  readonly lineRuns: Int32Array | null;
  readonly runs: Int32Array;
}

/** Works out the text and styles of `text`, lines kept as written (see above), whose lines end at `breaks`. */
export function cookSgrPage(text: string, breaks: Int32Array): CookedPage {
  const parts: string[] = [];
  const newBreaks = new Int32Array(breaks.length);
  const lineRuns = new Int32Array(breaks.length + 1);
  const runs: number[] = [];
  const pen = defaultPen();
  let removed = 0; // units of SGR sequences before `at`
  let at = 0;
  let escape = text.indexOf('\x1b');
  for (let line = 0; line < breaks.length; line++) {
    const end = breaks[line]!;
    const lineStart = at - removed; // in the cooked text
    const firstRun = runs.length / 4;
    lineRuns[line] = firstRun;
    while (at <= end) {
      const stop = escape >= 0 && escape < end ? escape : end;
      // The \r of a \r\n stays in the text (a line drops it when read) but starts no run.
      const shown = stop === end && stop > at && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
      if (shown > at) {
        const n = runs.length;
        const open = n > firstRun * 4;
        // (Each run starts printed text, so no two start at one offset.)
        if (pen.fg !== (open ? runs[n - 3] : 0) || pen.bg !== (open ? runs[n - 2] : 0) || pen.attrs !== (open ? runs[n - 1] : 0)) {
          runs.push(at - removed - lineStart, pen.fg, pen.bg, pen.attrs);
        }
      }
      if (stop > at) parts.push(text.slice(at, stop));
      at = stop;
      if (stop === end) break;
      // An SGR sequence: ESC [ parameters m.
      const final = text.indexOf('m', escape);
      applySgrRange(pen, text, escape + 2, final);
      removed += final + 1 - escape;
      at = final + 1;
      escape = text.indexOf('\x1b', at);
    }
    parts.push('\n');
    newBreaks[line] = end - removed;
    at = end + 1;
  }
  lineRuns[breaks.length] = runs.length / 4;
  const styled = runs.length > 0;
  return { text: parts.join(''), breaks: newBreaks, lineRuns: styled ? lineRuns : null, runs: Int32Array.from(runs) };
}
