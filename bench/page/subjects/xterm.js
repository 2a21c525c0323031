// Subject: xterm.js with its default DOM renderer.
import { Terminal } from '@xterm/xterm';
import { frameWork } from '../measure.js';

export const id = 'xterm';
export const label = 'xterm.js (DOM renderer)';
/** About 1 kB per retained line (12 bytes per cell): a million lines is a gigabyte. */
export const maxCapacity = 100_000;

/** xterm's flow-control advice: pause the producer while this much is written but not yet parsed. */
const HIGH_WATER = 1024 * 1024;
/** Ask for a parse callback this often, not on every write (each callback has a cost). */
const CALLBACK_EVERY = 64 * 1024;

/**
 * A terminal with `scrollback` = capacity (it keeps rows + scrollback lines), in
 * `host`. `append` queues like write(); `settle` waits for the parse callback,
 * then for the frame in which xterm renders, and forces the layout in that frame.
 */
export function create(capacity, host) {
  return createTerminal(capacity, host);
}

/** The adapter above around a terminal opened in `host`, after `setup(term)` (which loads a renderer addon) if given. */
export async function createTerminal(capacity, host, setup) {
  const term = new Terminal({ scrollback: capacity, cols: 80, rows: 24, convertEol: true, fontSize: 13 });
  term.open(host);
  try {
    await setup?.(term);
  } catch (error) {
    term.dispose();
    throw error;
  }
  let written = 0;
  let parsed = 0;
  let lastCallbackAt = 0;
  let drained = null;

  const onParsed = (upTo) => () => {
    parsed = upTo;
    if (drained !== null && written - parsed <= HIGH_WATER) {
      drained.resolve();
      drained = null;
    }
  };

  return {
    element: host,
    append(text) {
      written += text.length;
      if (written - lastCallbackAt >= CALLBACK_EVERY) {
        lastCallbackAt = written;
        term.write(text, onParsed(written));
      } else {
        term.write(text);
      }
    },
    /** The producer waits on this while more than HIGH_WATER characters are unparsed. */
    backpressure() {
      if (written - parsed <= HIGH_WATER) return undefined;
      drained ??= Promise.withResolvers();
      return drained.promise;
    },
    clear() {
      term.clear();
    },
    /**
     * Resolves with the milliseconds spent idle waiting for the frame (between the
     * parse finishing and the frame's first callback), which callers leave out:
     * it depends on when vsync falls, not on the widget.
     */
    async settle() {
      await new Promise((resolve) => term.write('', resolve));
      parsed = written;
      const parsedAt = performance.now();
      // Requested after xterm's render callback, so it runs after it in the same frame.
      const frame = await new Promise((resolve) => requestAnimationFrame(resolve));
      void host.offsetHeight;
      return Math.max(0, frameWork.firstStart.get(frame) - parsedAt);
    },
    full: () => term.buffer.active.length >= term.rows + capacity,
    destroy() {
      term.dispose();
    },
  };
}
