// The comparison: one program, run three times, into three consoles in panes of
// their own (pane.html on *.localhost names, so site isolation gives each its own
// process). The page sends Run and Stop to the panes and shows what they report.
import { fillPicker, keepFocus, pickerParts, readParams, showParams } from './controls.js';
import { formatMBps, integer } from './meter.js';

const PANES = [
  { kind: 'console', title: '<bounded-console>' },
  { kind: 'xterm', title: 'xterm.js 6 (DOM renderer)' },
  { kind: 'divlog', title: 'Plain log: a <div> per line, escapes shown raw' },
];
/** A pane silent this long while running is shown as stalled. */
const STALL_MS = 750;
const FIGURES_INTERVAL_MS = 250;

export class Compare {
  constructor(section, generators) {
    const part = (selector) => section.querySelector(selector);
    Object.assign(this, pickerParts(section));
    this.generators = new Map(generators.map((generator) => [generator.name, generator]));
    this.select.id = 'compare-generator';
    this.maxLines.id = 'compare-max-lines';
    fillPicker(this.select, generators, this.generators.has('seq') ? 'seq' : generators[0]?.name);
    if (generators.length === 0) {
      this.runButton.disabled = true;
      return;
    }
    showParams(this.params, this.generator, 'compare');
    this.select.addEventListener('change', () => showParams(this.params, this.generator, 'compare'));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
    this.stopButton.addEventListener('click', () => this.#post({ type: 'stop' }));

    this.panes = [];
    // The panes (three more processes) load once the section nears the view, or on Run.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        this.#ensurePanes(part('#panes'));
      }
    }, { rootMargin: '200px' });
    observer.observe(section);
    this.ensurePanes = () => {
      observer.disconnect();
      this.#ensurePanes(part('#panes'));
    };
    addEventListener('message', (event) => {
      const pane = this.panes.find((candidate) => candidate.origin === event.origin && candidate.frame.contentWindow === event.source);
      if (pane === undefined || typeof event.data !== 'object' || event.data === null) return;
      pane.last = event.data;
      pane.heardAt = performance.now();
      pane.running = event.data.state === 'running';
      this.#setRunning(this.panes.some((candidate) => candidate.running));
    });
    setInterval(() => this.#show(), FIGURES_INTERVAL_MS);
    this.#show();
  }

  #ensurePanes(container) {
    if (this.panes.length > 0) return;
    // A browser draws no frames for a cross-site frame out of view: its figures would say 0 fps.
    this.visibility = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const pane = this.panes.find((candidate) => candidate.frame === entry.target);
        if (pane !== undefined) pane.visible = entry.isIntersecting;
      }
    });
    const port = location.port ? `:${location.port}` : '';
    const template = document.getElementById('pane-template').content.firstElementChild;
    this.panes = PANES.map(({ kind, title }) => {
      const root = template.cloneNode(true);
      const frame = root.querySelector('iframe');
      const origin = `http://${kind}.localhost${port}`;
      root.dataset.kind = kind;
      root.querySelector('.pane-title').textContent = title;
      frame.title = `${title}, fed by its own run`;
      frame.src = `${origin}/pane.html?kind=${kind}`;
      const pane = { kind, root, frame, origin, figures: root.querySelector('.pane-figures'), last: null, heardAt: 0, running: false, loaded: false, visible: false };
      this.visibility.observe(frame);
      frame.addEventListener('load', () => {
        pane.loaded = true;
        frame.contentWindow.postMessage({ type: 'hello' }, origin);
        if (this.pending) frame.contentWindow.postMessage(this.pending, origin);
      });
      container.append(root);
      return pane;
    });
  }

  get generator() {
    return this.generators.get(this.select.value);
  }

  run() {
    const parsed = readParams(this.params, this.generator);
    const maxLines = this.maxLines.valueAsNumber;
    if (parsed.error !== undefined || !(Number.isInteger(maxLines) && maxLines >= 1 && maxLines <= 1_000_000)) return;
    this.ensurePanes();
    for (const pane of this.panes) {
      pane.running = true;
      pane.heardAt = performance.now();
    }
    this.#setRunning(true);
    this.#post({ type: 'run', generator: this.generator.name, params: parsed.values, maxLines });
  }

  /** Sends `message` to every pane; a pane still loading gets the latest Run or Stop once it has. */
  #post(message) {
    this.pending = message.type === 'run' ? message : null;
    for (const pane of this.panes) if (pane.loaded) pane.frame.contentWindow?.postMessage(message, pane.origin);
  }

  #setRunning(running) {
    const focused = document.activeElement;
    this.runButton.disabled = running;
    this.stopButton.disabled = !running;
    keepFocus(focused, running ? this.stopButton : this.runButton);
  }

  #show() {
    const now = performance.now();
    for (const pane of this.panes) {
      const { last } = pane;
      const silent = now - pane.heardAt;
      const stalled = pane.running && pane.visible && silent > STALL_MS;
      pane.root.dataset.stalled = String(stalled);
      if (last === null) {
        pane.figures.textContent = 'loading…';
        continue;
      }
      const parts = [
        pane.visible ? `${integer.format(last.fps)} fps` : 'out of view, not drawn',
        `worst gap ${integer.format(Math.round(last.worstGap))} ms`,
        `${formatMBps(last.bytesPerSecond)} MB/s`,
        `${integer.format(last.lines)} lines shown`,
      ];
      if (stalled) parts.unshift(`stalled for ${(silent / 1000).toFixed(1)} s`);
      else if (last.text) parts.push(last.text);
      pane.figures.textContent = parts.join(' · ');
    }
  }
}
