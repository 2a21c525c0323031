// The demo page: cells that each run a program (on the demo server, or in the page
// itself) into a <bounded-console>, with live figures, and the comparison below.
import { Compare } from './compare.js';
import { commandLine, fillPicker, keepFocus, pickerParts, readParams, showParams } from './controls.js';
import { IN_PAGE, floodInPage } from './inpage.js';
import { FrameMeter, Rate, formatCount, formatMBps, heapMB, integer, oneDecimal } from './meter.js';
import { runOnServer } from './wire.js';

const FIGURES_INTERVAL_MS = 250;
const DEFAULT_CELLS = ['seq', 'logs', 'multibar', 'progress', 'firehose', 'page-chunks'];

await customElements.whenDefined('bounded-console');
const meter = new FrameMeter();
const cellsSection = document.getElementById('cells');

/** The server's generators, then the in-page floods; a server that does not answer leaves the latter. */
async function loadGenerators() {
  const inPage = Object.entries(IN_PAGE).map(([name, generator]) => ({ name, ...generator }));
  try {
    const response = await fetch('/api/generators', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { generators } = await response.json();
    return [...generators, ...inPage];
  } catch (error) {
    const banner = document.createElement('p');
    banner.className = 'banner';
    banner.setAttribute('role', 'alert');
    banner.textContent = `The demo server does not answer (${error.message}): start it with npm start. The in-page floods still work.`;
    cellsSection.before(banner);
    return inPage;
  }
}

const generators = await loadGenerators();
const byName = new Map(generators.map((generator) => [generator.name, generator]));

class Cell {
  static count = 0;

  constructor(chosen) {
    const number = ++Cell.count;
    const root = document.getElementById('cell-template').content.firstElementChild.cloneNode(true);
    this.root = root;
    root.id = `cell-${number}`;
    const part = (selector) => root.querySelector(selector);
    Object.assign(this, pickerParts(root));
    this.command = part('.command');
    this.status = part('.status');
    this.hint = part('.empty-hint');
    this.console = part('bounded-console');
    this.console.label = `Cell ${number} output`;
    this.figures = Object.fromEntries([...root.querySelectorAll('[data-figure]')].map((dd) => [dd.dataset.figure, dd]));
    this.select.id = `cell-${number}-generator`;
    this.select.setAttribute('aria-label', `Cell ${number} program`);
    this.maxLines.id = `cell-${number}-max-lines`;
    this.runButton.setAttribute('aria-label', `Run cell ${number}`);
    this.stopButton.setAttribute('aria-label', `Stop cell ${number}`);

    this.bytes = new Rate();
    this.lines = new Rate();
    this.linesSeen = 0;
    this.run = null;
    this.controller = null;

    fillPicker(this.select, generators, byName.has(chosen) ? chosen : generators[0].name);
    this.#showParams();
    this.select.addEventListener('change', () => this.#showParams());
    this.params.addEventListener('input', () => this.#showCommand());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.start();
    });
    this.stopButton.addEventListener('click', () => this.controller?.abort());
    part('.clear').addEventListener('click', () => {
      this.console.clear();
      this.linesSeen = 0;
      this.showFigures();
    });
    this.maxLines.addEventListener('change', () => this.#applyMaxLines());
    cellsSection.append(root);
    this.showFigures();
  }

  get generator() {
    return byName.get(this.select.value);
  }

  #showParams() {
    showParams(this.params, this.generator, this.root.id);
    this.#showCommand();
  }

  #showCommand() {
    const { values } = readParams(this.params, this.generator, { quiet: true });
    this.command.textContent = commandLine(this.generator, values ?? {});
    this.hint.textContent = `Press Run to stream ${this.command.textContent.startsWith('in this page') ? 'an in-page flood' : this.command.textContent} into this console.`;
  }

  #applyMaxLines() {
    try {
      this.console.maxLines = this.maxLines.valueAsNumber;
      this.maxLines.removeAttribute('aria-invalid');
      return true;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.maxLines.setAttribute('aria-invalid', 'true');
      this.#say(`max-lines: ${error.message}`, 'error');
      return false;
    }
  }

  #say(text, tone = '') {
    this.status.textContent = text;
    this.status.dataset.tone = tone;
  }

  #setRunning(running) {
    const focused = document.activeElement;
    this.runButton.disabled = running;
    this.select.disabled = running;
    for (const input of this.params.querySelectorAll('input')) input.disabled = running;
    this.stopButton.disabled = !running;
    keepFocus(focused, running ? this.stopButton : this.runButton);
  }

  async start() {
    if (this.controller !== null) return;
    const { name } = this.generator;
    const parsed = readParams(this.params, this.generator);
    if (parsed.error !== undefined) return this.#say(parsed.error, 'error');
    if (!this.#applyMaxLines()) return;
    const { values } = parsed;
    this.console.clear();
    this.bytes.reset();
    this.lines.reset();
    this.linesSeen = 0;
    this.controller = new AbortController();
    const { signal } = this.controller;
    this.run = { start: performance.now(), end: null, pid: null };
    Object.assign(this.root.dataset, { state: 'running', generator: name });
    delete this.root.dataset.pid;
    delete this.root.dataset.exit;
    this.#setRunning(true);
    this.#say(IN_PAGE[name] ? 'Flooding from this page…' : 'Starting…');
    try {
      if (IN_PAGE[name]) {
        const done = await floodInPage(name, values, (text) => this.console.write(text), { signal, onBytes: (n) => this.bytes.add(n) });
        this.#finish(done.stopped ? 'stopped' : 'done', `${done.stopped ? 'Stopped' : 'Done'}: wrote ${integer.format(done.lines)} lines in ${oneDecimal.format(done.seconds)} s`);
        return;
      }
      const sink = { writable: this.console.writable, writeStderr: (bytes) => this.console.write(bytes, 'stderr') };
      const exit = await runOnServer(name, values, sink, {
        signal,
        onBytes: (_kind, n) => this.bytes.add(n),
        onEvent: (event) => {
          if (event.event !== 'start') return;
          this.run.pid = event.pid;
          this.root.dataset.pid = String(event.pid);
          this.#say(`Running, pid ${event.pid}…`);
        },
      });
      this.root.dataset.exit = JSON.stringify(exit);
      const lines = exit.stdoutLines + exit.stderrLines;
      const mb = (exit.stdoutBytes + exit.stderrBytes) / 1e6;
      this.#finish(
        'done',
        `${exit.reason}: ${integer.format(lines)} lines, ${oneDecimal.format(mb)} MB in ${oneDecimal.format(exit.seconds)} s (${formatMBps((mb * 1e6) / exit.seconds)} MB/s)`,
      );
    } catch (error) {
      if (signal.aborted) this.#finish('stopped', `Stopped: the server ends pid ${this.run.pid ?? '?'} and its process group.`);
      else this.#finish('error', error.message, 'error');
    }
  }

  #finish(state, text, tone = '') {
    this.run.end = performance.now();
    this.controller = null;
    this.root.dataset.state = state;
    this.#setRunning(false);
    this.#say(text, tone);
    this.showFigures();
  }

  showFigures(now = performance.now()) {
    const { console: el, figures, run } = this;
    const retained = el.lineCount;
    const dropped = el.droppedLines;
    const seen = retained + dropped;
    if (seen > this.linesSeen) this.lines.add(seen - this.linesSeen, now);
    this.linesSeen = seen;
    if (run !== null && run.end !== null) {
      // Finished: the run's average, which no longer changes.
      const seconds = (run.end - run.start) / 1000;
      figures.mbps.textContent = formatMBps(this.bytes.total / seconds);
      figures.lps.textContent = formatCount(seen / seconds);
    } else if (run !== null) {
      figures.mbps.textContent = formatMBps(this.bytes.perSecond(now));
      figures.lps.textContent = formatCount(this.lines.perSecond(now));
    }
    figures.retained.textContent = formatCount(retained);
    figures.retained.title = integer.format(retained);
    figures.dropped.textContent = formatCount(dropped);
    figures.dropped.title = integer.format(dropped);
    const { fps, worstGap } = meter.read(now);
    figures.fps.textContent = integer.format(fps);
    figures.gap.textContent = `${integer.format(Math.round(worstGap))} ms`;
    figures.gap.dataset.bad = String(worstGap > 50);
    const heap = heapMB();
    figures.heap.textContent = heap === null ? 'n/a' : `${integer.format(Math.round(heap))} MB`;
    if (heap === null) figures.heap.title = 'This browser does not expose its JS heap (performance.memory is Chromium only).';
    this.hint.hidden = this.controller !== null || retained > 0;
  }
}

const cells = DEFAULT_CELLS.map((name) => new Cell(name));
document.getElementById('add-cell').addEventListener('click', () => {
  const cell = new Cell(byName.has('python') ? 'python' : 'ls');
  cells.push(cell);
  cell.select.focus();
});
setInterval(() => {
  const now = performance.now();
  for (const cell of cells) cell.showFigures(now);
}, FIGURES_INTERVAL_MS);

new Compare(document.getElementById('compare'), generators.filter((generator) => !IN_PAGE[generator.name]));
