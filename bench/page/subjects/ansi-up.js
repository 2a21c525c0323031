// Subject: ansi_up into a <pre>, the classic notebook's approach to stream output:
// each write is converted to HTML by ansi_up (which escapes the text) and appended
// to one <pre>. Like the classic notebook it never trims: the <pre> holds
// everything written, whatever the capacity, so its DOM and heap grow with the run.
// (The classic notebook re-renders the whole stream text on each message, which
// costs more the longer the output; appending only the new HTML is the kinder
// version of the same idea.) A `\r` is not interpreted: the HTML parser turns it
// into a line end, as it did in the classic notebook's <pre> before fixConsole.
import { AnsiUp } from 'ansi_up';
import { followEnd } from './dom-log.js';

export const id = 'ansi-up';
export const label = 'ansi_up into a <pre> (untrimmed)';
export const maxCapacity = Infinity;
/** It keeps every line, so the full-buffer cases of the append and pacing suites do not apply. */
export const suites = ['flood'];

export function create(_capacity, host) {
  const box = document.createElement('div');
  box.style.cssText = 'height:100%;overflow-y:auto';
  const pre = document.createElement('pre');
  pre.style.cssText = 'margin:0;font:13px/1.4 monospace';
  box.append(pre);
  host.append(box);
  const converter = new AnsiUp();
  let lines = 0;
  /** Like the DOM log, it follows the newest line once per frame, not once per write. */
  const follower = followEnd(box);
  return {
    element: box,
    append(text) {
      pre.insertAdjacentHTML('beforeend', converter.ansi_to_html(text));
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
      follower.request();
    },
    clear() {
      pre.replaceChildren();
      lines = 0;
    },
    async settle() {
      follower.now();
      return 0;
    },
    full: () => true,
    describe: () => ({ linesKept: lines, trimmed: false }),
    destroy() {
      follower.cancel();
      box.remove();
    },
  };
}
