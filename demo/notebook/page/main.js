// The notebook page: cells with a CodeMirror editor, run on one IPython kernel
// through @jupyterlab/services, each cell's output in a <bounded-console>.
//
// Output is taken from the raw IOPub messages of each execute request: stream text
// is written to the console as it came (so `\r`, `\b` and cursor moves do what a
// terminal does), results and display data as their text/plain, tracebacks as
// IPython sends them (with their ANSI colours). Nothing from the kernel becomes
// HTML: the console only ever makes text nodes, and no other MIME type is shown.
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { python } from '@codemirror/lang-python';
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import { EditorView, basicSetup } from 'codemirror';
import { Rate, formatCount, formatMBps, integer } from '../../page/meter.js';
import { editorTheme } from './editorTheme.js';

const KERNEL_NAME = 'python3';
const FIGURES_INTERVAL_MS = 250;
const THEME_KEY = 'bounded-console-notebook-theme';
const THEMES = ['auto', 'light', 'dark'];
/** The CSP nonce CodeMirror's <style> elements need (the server makes one per page load). */
const STYLE_NONCE = document.querySelector('meta[name="style-nonce"]').content;

const EXAMPLES = [
  '# Ten million lines, as fast as the kernel prints them.\nfor i in range(10**7):\n    print(i)',
  '# A tqdm bar redraws one line with \\r.\nfrom tqdm import tqdm\nimport time\nfor _ in tqdm(range(100), desc="one bar"):\n    time.sleep(0.02)',
  '# Nested bars move the cursor up (ESC[A) to redraw.\nfrom tqdm import tqdm\nfor i in tqdm(range(4), desc="outer", position=0):\n    for j in tqdm(range(200_000), desc=f"inner {i}", position=1, leave=False):\n        pass',
  'import sys\nprint("a warning, on stderr", file=sys.stderr)\nfrom IPython.display import HTML\ndisplay(HTML("<b>not rendered</b>"))\n6 * 7',
  '# Interrupt stops it (the toolbar, or the kernel\'s SIGINT).\nwhile True:\n    print(1)',
  'def f(x):\n    return 1 / x\n\nf(0)',
];

const serverSettings = ServerConnection.makeSettings({
  baseUrl: `${location.origin}/`,
  wsUrl: `ws://${location.host}/`,
  token: '',
  appendToken: false,
  init: { credentials: 'same-origin' },
});
const manager = new KernelManager({ serverSettings });
const cellsRoot = document.getElementById('cells');
const template = document.getElementById('cell-template');
const kernelBox = document.getElementById('kernel');
const kernelStatus = document.getElementById('kernel-status');
const interruptButton = document.getElementById('interrupt');
const restartButton = document.getElementById('restart');
const maxLinesInput = document.getElementById('max-lines');
const themeButton = document.getElementById('theme');
/** @type {import('@jupyterlab/services').Kernel.IKernelConnection | null} */
let kernel = null;
const cells = [];
let nextCellNumber = 1;

function setKernelStatus(status) {
  kernelBox.dataset.status = status;
  kernelStatus.textContent = status;
  const usable = kernel !== null && status !== 'dead' && status !== 'unreachable';
  interruptButton.disabled = !usable;
  restartButton.disabled = !usable;
}

function maxLines() {
  const value = Number(maxLinesInput.value);
  return Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? value : null;
}

class Cell {
  constructor(code) {
    this.number = nextCellNumber++;
    this.root = template.content.firstElementChild.cloneNode(true);
    this.root.id = `cell-${this.number}`;
    this.root.setAttribute('aria-label', `Cell ${this.number}`);
    this.prompt = this.root.querySelector('.prompt');
    this.console = this.root.querySelector('bounded-console');
    this.console.label = `Output of cell ${this.number}`;
    this.console.maxLines = maxLines() ?? 10_000;
    this.figures = Object.fromEntries([...this.root.querySelectorAll('[data-figure]')].map((node) => [node.dataset.figure, node]));
    this.bytes = new Rate();
    this.future = null;
    this.clearAtNextOutput = false;
    this.started = 0;
    this.view = new EditorView({
      doc: code,
      parent: this.root.querySelector('.editor'),
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Shift-Enter', run: () => (this.run(), focusNext(this), true) },
            { key: 'Mod-Enter', run: () => (this.run(), true) },
          ]),
        ),
        basicSetup,
        EditorView.cspNonce.of(STYLE_NONCE),
        python(),
        editorTheme,
        EditorView.contentAttributes.of({ 'aria-label': `Code of cell ${this.number}` }),
      ],
    });
    this.root.querySelector('.run').addEventListener('click', () => this.run());
  }

  get code() {
    return this.view.state.doc.toString();
  }

  set code(text) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  setState(state, status = '') {
    this.root.dataset.state = state;
    this.figures.status.textContent = status;
  }

  run() {
    if (kernel === null) return this.setState('error', 'no kernel yet');
    // A run still queued or going on for this cell keeps running in the kernel; its output is no longer shown.
    if (this.future !== null) this.future.onIOPub = () => {};
    this.console.clear();
    this.console.parentElement.hidden = false;
    this.clearAtNextOutput = false;
    this.bytes.reset();
    this.prompt.textContent = '[*]:';
    this.setState('queued', 'queued');
    delete this.root.dataset.count;
    const future = kernel.requestExecute({ code: this.code, stop_on_error: true, allow_stdin: false, store_history: true });
    this.future = future;
    future.onIOPub = (message) => this.#output(message);
    future.done.then(
      (reply) => {
        if (this.future !== future) return;
        this.future = null;
        const { status, execution_count: count } = reply.content;
        this.prompt.textContent = `[${count ?? ' '}]:`;
        if (count !== undefined && count !== null) this.root.dataset.count = String(count);
        const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
        if (status === 'ok') this.setState('done', `done in ${seconds} s`);
        else if (status === 'error') this.setState('error', `${reply.content.ename}${reply.content.ename === 'KeyboardInterrupt' ? ': interrupted' : ''}`);
        else this.setState('error', status);
      },
      () => {
        if (this.future !== future) return;
        this.future = null;
        this.prompt.textContent = '[ ]:';
        this.setState('idle', 'not finished: the kernel restarted or went away');
      },
    );
  }

  /** One IOPub message of this cell's request. */
  #output(message) {
    const content = message.content;
    switch (message.header.msg_type) {
      case 'status':
        if (content.execution_state === 'busy') {
          this.started = performance.now();
          this.setState('running', 'running');
        }
        break;
      case 'stream':
        this.#write(content.text, content.name === 'stderr' ? 'stderr' : 'stdout');
        break;
      case 'execute_result':
      case 'display_data': {
        const plain = content.data?.['text/plain'];
        if (typeof plain === 'string') this.#write(`${plain}\n`, 'stdout');
        else this.#write(`(${Object.keys(content.data ?? {}).join(', ')} output not shown: this page shows text/plain only)\n`, 'stderr');
        break;
      }
      case 'error':
        this.#write(`${content.traceback.join('\n')}\n`, 'stderr');
        break;
      case 'clear_output':
        // wait=True (tqdm.notebook, live plots): keep what is shown until the next output replaces it.
        if (content.wait) this.clearAtNextOutput = true;
        else this.#clear();
        break;
      default:
        // execute_input, update_display_data, comm messages: nothing to show.
        break;
    }
  }

  #clear() {
    this.console.clear();
    this.clearAtNextOutput = false;
  }

  #write(text, stream) {
    if (this.clearAtNextOutput) this.#clear();
    this.console.write(text, stream);
    // Characters, which is bytes for the ASCII most floods are.
    this.bytes.add(text.length);
  }

  /** The figures, read from the console (which applies what was written at its next frame). */
  updateFigures(now) {
    const running = this.root.dataset.state === 'running';
    show(this.figures.lines, formatCount(this.console.lineCount), integer.format(this.console.lineCount));
    show(this.figures.dropped, formatCount(this.console.droppedLines), integer.format(this.console.droppedLines));
    show(this.figures.mbps, formatMBps(running ? this.bytes.perSecond(now) : 0));
  }
}

/** Sets a figure's text (and exact value as its title) only when it changed. */
function show(node, text, title = '') {
  if (node.textContent !== text) node.textContent = text;
  if (node.title !== title) node.title = title;
}

function addCell(code = '') {
  const cell = new Cell(code);
  cells.push(cell);
  cellsRoot.append(cell.root);
  return cell;
}

function focusNext(cell) {
  const next = cells[cells.indexOf(cell) + 1] ?? addCell();
  next.view.focus();
  next.root.scrollIntoView({ block: 'nearest' });
}

async function connect() {
  try {
    kernel = await manager.startNew({ name: KERNEL_NAME });
  } catch (error) {
    setKernelStatus('unreachable');
    kernelStatus.textContent = `unreachable: ${error.message}`;
    return;
  }
  kernel.statusChanged.connect((_, status) => setKernelStatus(status));
  kernel.connectionStatusChanged.connect((_, status) => {
    if (status === 'disconnected') setKernelStatus('unreachable');
    else setKernelStatus(kernel.status);
  });
  setKernelStatus(kernel.status);
}

function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  themeButton.textContent = `Theme: ${theme}`;
  themeButton.setAttribute('aria-label', theme === 'auto' ? 'Colour scheme: follow the system' : `Colour scheme: ${theme}`);
}

interruptButton.addEventListener('click', () => kernel?.interrupt());
restartButton.addEventListener('click', () => kernel?.restart());
document.getElementById('add-cell').addEventListener('click', () => addCell().view.focus());
maxLinesInput.addEventListener('change', () => {
  const value = maxLines();
  maxLinesInput.setCustomValidity(value === null ? 'A whole number from 1 to 1,000,000.' : '');
  maxLinesInput.reportValidity();
  if (value !== null) for (const cell of cells) cell.console.maxLines = value;
});
let theme = THEMES.includes(localStorage.getItem(THEME_KEY)) ? localStorage.getItem(THEME_KEY) : 'auto';
applyTheme(theme);
themeButton.addEventListener('click', () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  localStorage.setItem(THEME_KEY, theme);
  applyTheme(theme);
});
setInterval(() => {
  const now = performance.now();
  for (const cell of cells) cell.updateFigures(now);
}, FIGURES_INTERVAL_MS);

for (const code of EXAMPLES) addCell(code);
/** For tests and the console: the cells, by number from 1. */
window.notebook = { cells, addCell, kernel: () => kernel };
setKernelStatus('starting');
connect();
