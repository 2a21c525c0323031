// One pane of the comparison: runs a program on the demo server into one kind of
// console (?kind=console|xterm|divlog) when the page above says so, and reports
// its figures to that page. Text from the stream only ever becomes text nodes.
import { FrameMeter, Rate } from './meter.js';
import { runOnServer } from './wire.js';

const FIGURES_INTERVAL_MS = 250;
const kind = new URLSearchParams(location.search).get('kind');
const port = location.port ? `:${location.port}` : '';
/** The page this pane may take orders from, and report to. */
const PARENTS = [`http://127.0.0.1${port}`, `http://localhost${port}`];
const host = document.getElementById('host');
const hint = document.getElementById('hint');
const meter = new FrameMeter();
const bytes = new Rate();
let parentOrigin = null;
let controller = null;
let state = 'idle';
let text = '';

/** Each kind: make(maxLines) -> { sink: { writable, writeStderr }, lines() }. */
const KINDS = {
  async console() {
    await customElements.whenDefined('bounded-console');
    const el = document.createElement('bounded-console');
    el.label = 'bounded-console output';
    host.append(el);
    return {
      start(maxLines) {
        el.maxLines = maxLines;
        el.clear();
        return { writable: el.writable, writeStderr: (chunk) => el.write(chunk, 'stderr') };
      },
      lines: () => el.lineCount,
    };
  },

  async xterm() {
    const { Terminal } = await import('/vendor/xterm.mjs');
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const term = new Terminal({
      convertEol: true,
      fontSize: 13,
      theme: dark ? { background: '#1e1e1e', foreground: '#d4d4d4' } : { background: '#ffffff', foreground: '#1f1f1f', cursor: '#1f1f1f', selectionBackground: '#add6ff' },
      ...fitted(),
    });
    term.open(host);
    return {
      start(maxLines) {
        term.reset();
        term.options.scrollback = maxLines;
        return {
          // xterm's own flow control: the next chunk waits until it has parsed this one.
          writable: new WritableStream({ write: (chunk) => new Promise((resolve) => term.write(chunk, resolve)) }),
          writeStderr(chunk) {
            term.write('\x1b[31m');
            term.write(chunk);
            term.write('\x1b[39m');
          },
        };
      },
      lines: () => term.buffer.active.length,
    };
  },

  async divlog() {
    host.className = 'log';
    host.tabIndex = 0;
    host.setAttribute('role', 'log');
    let maxLines = 0;
    let open = null;
    let decoders = {};
    const append = (text, stream) => {
      const fragment = document.createDocumentFragment();
      const pieces = text.split('\n');
      pieces.forEach((piece, i) => {
        if (open === null || open.stream !== stream) {
          open = { stream, div: document.createElement('div') };
          if (stream === 'stderr') open.div.className = 'stderr';
          fragment.append(open.div);
        }
        if (piece) open.div.textContent += piece;
        if (i < pieces.length - 1) open = null;
      });
      host.append(fragment);
      while (host.childElementCount > maxLines) host.firstElementChild.remove();
      host.scrollTop = host.scrollHeight;
    };
    return {
      start(lines) {
        maxLines = lines;
        host.replaceChildren();
        open = null;
        decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
        return {
          writable: new WritableStream({ write: (chunk) => append(decoders.stdout.decode(chunk, { stream: true }), 'stdout') }),
          writeStderr: (chunk) => append(decoders.stderr.decode(chunk, { stream: true }), 'stderr'),
        };
      },
      lines: () => host.childElementCount,
    };
  },
};

/** Columns and rows that fill the pane, from the size of one character. */
function fitted() {
  const probe = document.createElement('span');
  probe.textContent = 'M'.repeat(10);
  probe.style.cssText = 'position:absolute;visibility:hidden;font:13px ui-monospace,"DejaVu Sans Mono",monospace';
  document.body.append(probe);
  const { width, height } = probe.getBoundingClientRect();
  probe.remove();
  return { cols: Math.max(20, Math.floor(host.clientWidth / (width / 10)) - 2), rows: Math.max(5, Math.floor(host.clientHeight / (height * 1.02)) - 1) };
}

let subject = null;
const made = KINDS[kind]().then((made) => (subject = made));

function report() {
  if (parentOrigin === null || subject === null) return;
  const { fps, worstGap } = meter.read();
  parent.postMessage({ type: 'figures', kind, state, text, fps, worstGap, bytesPerSecond: bytes.perSecond(), lines: subject.lines() }, parentOrigin);
}

async function run({ generator, params, maxLines }) {
  if (controller !== null) return;
  controller = new AbortController();
  bytes.reset();
  hint.hidden = true;
  state = 'running';
  text = '';
  report();
  try {
    const exit = await runOnServer(generator, params, subject.start(maxLines), { signal: controller.signal, onBytes: (_kind, n) => bytes.add(n) });
    state = 'done';
    text = `${exit.reason} after ${exit.seconds.toFixed(1)} s`;
  } catch (error) {
    state = controller.signal.aborted ? 'stopped' : 'error';
    text = controller.signal.aborted ? 'stopped' : error.message;
  }
  controller = null;
  report();
}

// Listening from the start: the page says hello when this frame has loaded, which may be before `made`.
addEventListener('message', async (event) => {
  if (!PARENTS.includes(event.origin) || event.source !== parent) return;
  parentOrigin = event.origin;
  const message = event.data;
  await made;
  if (message?.type === 'run') run(message);
  else if (message?.type === 'stop') controller?.abort();
  report();
});
setInterval(report, FIGURES_INTERVAL_MS);
