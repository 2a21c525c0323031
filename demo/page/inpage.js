// The in-page floods (no server): the page itself writes into a console as fast as
// it can, in slices of SLICE_MS with a turn for the browser after each.

/** Work per task before the browser gets a turn, like a stream of network messages. */
const SLICE_MS = 5;
const CHUNK_BYTES = 64 * 1024;
const LINE_LENGTH = 80;
/** A frame is due this long after the last one: the producer then waits for it. */
const FRAME_DUE_MS = 14;
const LINES_PER_CHUNK = Math.floor(CHUNK_BYTES / LINE_LENGTH);
/** One-line writes between clock reads: reading the clock per line would cost more than the write. */
const LINES_PER_CLOCK_READ = 256;
const PANGRAMS = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';
const FILLER = PANGRAMS.repeat(2);

/** An 80-character line, newline included; the text shifts with the number so scrolling is visible. */
function numberedLine(number) {
  const prefix = `line ${String(number).padStart(9, '0')} `;
  const offset = number % PANGRAMS.length;
  return `${prefix}${FILLER.slice(offset, offset + LINE_LENGTH - 1 - prefix.length)}\n`;
}

const KINDS = {
  chunks(write, state, sliceEnd) {
    do {
      let chunk = '';
      for (let i = 0; i < LINES_PER_CHUNK; i++) chunk += numberedLine(state.next++);
      write(chunk);
    } while (performance.now() < sliceEnd);
  },
  lines(write, state, sliceEnd) {
    do {
      for (let i = 0; i < LINES_PER_CLOCK_READ; i++) write(numberedLine(state.next++));
    } while (performance.now() < sliceEnd);
  },
};

/** Generators the page runs itself, listed with the server's. */
export const IN_PAGE = {
  'page-chunks': {
    title: 'In-page flood, 64 KB writes',
    about: 'this page writes 80-column lines into the console, 64 KB per write()',
    kind: 'chunks',
    params: [{ name: 'seconds', label: 'seconds', min: 1, max: 120, default: 5 }],
    template: 'in this page: write() 64 KB at a time, for {seconds} s',
  },
  'page-lines': {
    title: 'In-page flood, line writes',
    about: 'this page writes 80-column lines into the console, one write() per line',
    kind: 'lines',
    params: [{ name: 'seconds', label: 'seconds', min: 1, max: 120, default: 5 }],
    template: 'in this page: write() one line at a time, for {seconds} s',
  },
};

// A message is a task with no delay; setTimeout(0) is clamped to 4 ms once nested.
function nextTask() {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/**
 * Gives the browser a turn: the next task, or the next frame when one is due.
 * Firefox runs a stream of message tasks before its frames (12 fps in a flood of
 * them here), so the producer waits for a frame once one is late.
 */
async function yieldToBrowser(frames) {
  if (performance.now() - frames.last < FRAME_DUE_MS) return nextTask();
  frames.last = await new Promise((resolve) => requestAnimationFrame(resolve));
}

/**
 * Floods `write(text)` for `seconds`, or until `signal` aborts; `onBytes(n)` counts
 * what was written, once per slice. Resolves with { lines, bytes, seconds }.
 */
export async function floodInPage(name, { seconds }, write, { signal, onBytes }) {
  const fill = KINDS[IN_PAGE[name].kind];
  const state = { next: 1 };
  let bytes = 0;
  const counted = (text) => {
    write(text);
    bytes += text.length;
  };
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const frames = { last: start };
  for (let now = start; now < deadline && !signal.aborted; now = performance.now()) {
    fill(counted, state, Math.min(now + SLICE_MS, deadline));
    onBytes(bytes);
    bytes = 0;
    await yieldToBrowser(frames);
  }
  return { lines: state.next - 1, seconds: (performance.now() - start) / 1000, stopped: signal.aborted };
}
