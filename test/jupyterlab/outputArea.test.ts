// bounded-console/jupyterlab inside JupyterLab's real OutputArea, OutputAreaModel and
// RenderMimeRegistry (standardRendererFactories plus ours), fed stream messages as
// OutputArea's IOPub handler feeds them: model.add({ output_type: 'stream', ... }).
import { expect } from 'chai';
import type { Panel, Widget } from '@lumino/widgets';
import type { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import type { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import type * as ours from '../../src/jupyterlab/index.js';
import { renderWithXterm } from '../support/xtermOracle.js';

/** What test/jupyterlab/harness.ts exports (served bundled: JupyterLab's packages need a bundler). */
interface Harness {
  OutputArea: typeof OutputArea;
  OutputAreaModel: typeof OutputAreaModel;
  RenderMimeRegistry: typeof RenderMimeRegistry;
  standardRendererFactories: typeof standardRendererFactories;
  Widget: typeof Widget;
  BoundedConsoleRenderer: typeof ours.BoundedConsoleRenderer;
  RawStreamOutputAreaModel: typeof ours.RawStreamOutputAreaModel;
  boundedConsoleRendererFactory: typeof ours.boundedConsoleRendererFactory;
  boundedConsoleExtension: typeof ours.boundedConsoleExtension;
  BOUNDED_CONSOLE_RANK: number;
  default: ReturnType<typeof ours.boundedConsoleExtension>;
}

const HARNESS_URL = new URL('./harness.ts?bundle', import.meta.url).href;

let lab: Harness;

type ModelKind = 'raw' | 'jupyterlab';

interface Mounted {
  area: OutputArea;
  model: OutputAreaModel;
  /** Our renderers in the area, in output order. */
  renderers(): ours.BoundedConsoleRenderer[];
  stream(text: string, name?: 'stdout' | 'stderr'): void;
}

const mounted: OutputArea[] = [];

function mount(kind: ModelKind, maxLines = 1000): Mounted {
  const rendermime = new lab.RenderMimeRegistry({ initialFactories: lab.standardRendererFactories });
  rendermime.addFactory(lab.boundedConsoleRendererFactory({ maxLines }), lab.BOUNDED_CONSOLE_RANK);
  const model = kind === 'raw' ? new lab.RawStreamOutputAreaModel() : new lab.OutputAreaModel();
  const area = new lab.OutputArea({ model, rendermime });
  const host = document.createElement('div');
  host.style.width = '600px';
  document.body.append(host);
  lab.Widget.attach(area, host);
  mounted.push(area);
  return {
    area,
    model,
    renderers: () =>
      area.widgets
        .flatMap((widget) => [...((widget as Panel).widgets ?? [widget])])
        .filter((widget): widget is ours.BoundedConsoleRenderer => widget instanceof lab.BoundedConsoleRenderer),
    stream: (text, name = 'stdout') => model.add({ output_type: 'stream', name, text }),
  };
}

function only(area: Mounted): ours.BoundedConsoleRenderer {
  const renderers = area.renderers();
  expect(renderers).to.have.length(1);
  return renderers[0]!;
}

/** The console's lines after it has applied everything, without trailing blanks or blank last rows. */
async function shownLines(renderer: ours.BoundedConsoleRenderer): Promise<string[]> {
  await renderer.console.flush();
  const lines = renderer.console.text.split('\n').map((line) => line.trimEnd());
  // Rows the cursor left blank at the end, as the oracle's lines are read.
  while (lines.at(-1) === '') lines.pop();
  return lines;
}

async function oracleLines(stream: string): Promise<string[]> {
  const { lines } = await renderWithXterm([stream]);
  const texts = lines.map((line) => line.text.trimEnd());
  while (texts.at(-1) === '') texts.pop();
  return texts;
}

/** `total` numbered lines in messages of `perMessage` lines, as a print loop's output arrives. */
function numberedMessages(total: number, perMessage: number): string[] {
  const messages: string[] = [];
  for (let first = 0; first < total; first += perMessage) {
    let text = '';
    for (let i = first; i < Math.min(total, first + perMessage); i++) text += `line ${i}\n`;
    messages.push(text);
  }
  return messages;
}

/** Sends each message as a stream message; returns the characters the renderer wrote to its console for each. */
function feed(area: Mounted, messages: readonly string[]): number[] {
  let before = 0;
  return messages.map((message) => {
    area.stream(message);
    const now = only(area).stats.writtenChars;
    const written = now - before;
    before = now;
    return written;
  });
}

/** Cuts `text` into messages of `size` characters, wherever that falls (inside escape sequences too). */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

async function fixture(name: string): Promise<string> {
  const response = await fetch(`/test/fixtures/programs/${name}`);
  if (!response.ok) throw new Error(`test/fixtures/programs/${name}: ${response.status}`);
  return response.text();
}

describe('bounded-console/jupyterlab in JupyterLab\'s OutputArea', () => {
  before(async () => {
    try {
      lab = (await import(HARNESS_URL)) as Harness;
    } catch (error) {
      throw new Error(`${HARNESS_URL} did not load: does test/web-test-runner.config.js have esbuildBundlePlugin() from test/esbuild-bundle.js? (${String(error)})`);
    }
  });

  afterEach(() => {
    for (const area of mounted.splice(0)) {
      const host = area.node.parentElement;
      area.dispose();
      host?.remove();
    }
  });

  it('is the renderer JupyterLab picks for stdout and stderr, and leaves text/plain to its own', () => {
    const area = mount('raw');
    area.stream('out\n');
    area.stream('err\n', 'stderr');
    area.model.add({ output_type: 'execute_result', execution_count: 1, data: { 'text/plain': '42' }, metadata: {} });
    expect(area.renderers().map((renderer) => renderer.mimeType)).to.deep.equal(['application/vnd.jupyter.stdout', 'application/vnd.jupyter.stderr']);
    expect(area.area.node.querySelectorAll('bounded-console')).to.have.length(2);
    expect(area.area.node.textContent).to.contain('42');
  });

  it('the extension declares both stream types, and bad options throw RangeError at once', () => {
    expect(lab.default.rendererFactory.mimeTypes).to.deep.equal(['application/vnd.jupyter.stdout', 'application/vnd.jupyter.stderr']);
    expect(lab.default.rank).to.equal(lab.BOUNDED_CONSOLE_RANK);
    expect(lab.boundedConsoleExtension({ maxLines: 50 }).rendererFactory.safe).to.equal(true);
    expect(() => lab.boundedConsoleRendererFactory({ maxLines: 0 })).to.throw(RangeError);
    expect(() => lab.boundedConsoleRendererFactory({ maxRows: 1.5 })).to.throw(RangeError);
  });

  it('200,000 lines in 1,000 messages: the last max-lines lines exactly, the exact dropped count, each message written alone', async () => {
    const area = mount('raw', 1000);
    const messages = numberedMessages(200_000, 200);
    const written = feed(area, messages);
    const renderer = only(area);
    // The cost per message is its own length, not the output's: flat as the output grows.
    expect(written).to.deep.equal(messages.map((message) => message.length));
    expect(renderer.stats).to.include({ rewrites: 0, lineRedraws: 0, appends: 1000 });
    const lines = await shownLines(renderer);
    expect(lines).to.have.length(1000);
    expect(lines[0]).to.equal('line 199000');
    expect(lines.at(-1)).to.equal('line 199999');
    expect(lines).to.deep.equal(Array.from({ length: 1000 }, (_, i) => `line ${199_000 + i}`));
    expect(renderer.console.droppedLines).to.equal(199_000);
  });

  it('with JupyterLab\'s own OutputAreaModel too, each message is written alone and nothing is rewritten', async () => {
    const area = mount('jupyterlab', 1000);
    const messages = numberedMessages(3000, 30);
    const written = feed(area, messages);
    expect(written).to.deep.equal(messages.map((message) => message.length));
    const renderer = only(area);
    expect(renderer.stats.rewrites).to.equal(0);
    expect(await shownLines(renderer)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => `line ${2000 + i}`));
    expect(renderer.console.droppedLines).to.equal(2000);
  });

  it('a \\r progress bar ends as one line, as a terminal shows it, with either model', async () => {
    let stream = 'start\n';
    for (let percent = 0; percent <= 100; percent += 5) stream += `\rprogress ${String(percent).padStart(3)}% ${'#'.repeat(percent / 5)}`;
    stream += '\ndone\n';
    const expected = await oracleLines(stream);
    expect(expected).to.deep.equal(['start', `progress 100% ${'#'.repeat(20)}`, 'done']);
    for (const kind of ['raw', 'jupyterlab'] as const) {
      const area = mount(kind);
      for (const message of cut(stream, 7)) area.stream(message);
      await Promise.resolve();
      const renderer = only(area);
      expect(await shownLines(renderer), kind).to.deep.equal(expected);
      expect(renderer.stats.rewrites, kind).to.equal(0);
    }
  });

  it('JupyterLab\'s \\r handling redraws the last line alone: the cost per message stays the line\'s, not the output\'s', async () => {
    const area = mount('jupyterlab');
    area.stream(numberedMessages(2000, 2000)[0]!);
    const renderer = only(area);
    const before = renderer.stats.writtenChars;
    for (let percent = 1; percent <= 50; percent++) {
      area.stream(`\r${percent}%`);
      await Promise.resolve();
    }
    // Each redraw writes "\r ESC[K" and the last line (at most "50%"): 7 characters.
    expect(renderer.stats.writtenChars - before).to.be.at.most(50 * 7);
    expect(renderer.stats.lineRedraws).to.be.at.least(49);
    expect(renderer.stats.rewrites).to.equal(0);
    const lines = await shownLines(renderer);
    expect(lines.at(-1)).to.equal('50%');
    expect(lines.at(-2)).to.equal('line 1999');
  });

  it('nested tqdm bars (ESC[A, position=) show as the terminal shows them with the raw-stream model, midway and at the end', async () => {
    const stream = await fixture('tqdm-nested.out');
    const area = mount('raw');
    // Messages cut every 61 characters, inside escape sequences and UTF-8 bars too.
    const messages = cut(stream, 61);
    let sent = '';
    for (const [index, message] of messages.entries()) {
      area.stream(message);
      sent += message;
      if (index === 20 || index === messages.length - 1) {
        const expected = await oracleLines(sent);
        if (index === 20) expect(expected, 'both bars on screen midway').to.have.length(2);
        expect(await shownLines(only(area)), `after ${sent.length} characters`).to.deep.equal(expected);
      }
    }
    expect(only(area).stats.rewrites).to.equal(0);
  });

  it('JupyterLab\'s own model moves nested bars\' text before the console sees it (the difference the README states)', async () => {
    const stream = await fixture('tqdm-nested.out');
    const area = mount('jupyterlab');
    for (const message of cut(stream, 61)) area.stream(message);
    await Promise.resolve();
    const processed = area.model.get(0).streamText!.text;
    expect(processed).not.to.equal(stream);
    expect(await shownLines(only(area))).not.to.deep.equal(await oracleLines(stream));
  });

  it('\\b moves the cursor left with the raw-stream model, and deletes with JupyterLab\'s (the difference the README states)', async () => {
    const shown: Record<ModelKind, string[]> = { raw: [], jupyterlab: [] };
    for (const kind of ['raw', 'jupyterlab'] as const) {
      const area = mount(kind);
      area.stream('abc\b\bX\n');
      await Promise.resolve();
      shown[kind] = await shownLines(only(area));
    }
    expect(shown.raw).to.deep.equal(await oracleLines('abc\b\bX\n'));
    expect(shown).to.deep.equal({ raw: ['aXc'], jupyterlab: ['aX'] });
  });

  it('the raw-stream model saves what the kernel sent, and reloads it as JupyterLab does', () => {
    const area = mount('raw');
    area.stream('a\rb');
    area.stream('c\n');
    expect(area.model.toJSON()).to.deep.equal([{ output_type: 'stream', name: 'stdout', text: 'a\rbc\n' }]);
    const reloaded = new lab.RawStreamOutputAreaModel({ values: area.model.toJSON() });
    expect(reloaded.length).to.equal(1);
    expect(reloaded.get(0).data['application/vnd.jupyter.stdout']).to.equal('bc\n');
  });

  it('stderr is styled as stderr, a traceback keeps its colours, and no output becomes HTML', async () => {
    const area = mount('raw');
    area.stream('<b>not bold</b>\n');
    area.stream('warning: <img src=x onerror=alert(1)>\n', 'stderr');
    area.model.add({ output_type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['\x1b[0;31mValueError\x1b[0m: bad'] });
    const [stdout, stderr, error] = area.renderers();
    expect(stderr!.mimeType).to.equal('application/vnd.jupyter.stderr');
    expect(await shownLines(stdout!)).to.deep.equal(['<b>not bold</b>']);
    expect(await shownLines(stderr!)).to.deep.equal(['warning: <img src=x onerror=alert(1)>']);
    expect(await shownLines(error!)).to.deep.equal(['ValueError: bad']);
    for (const renderer of [stdout!, stderr!, error!]) {
      const root = renderer.console.shadowRoot!;
      expect(root.querySelector('b, img')).to.equal(null);
      expect(renderer.node.querySelector('b, img')).to.equal(null);
    }
    expect(stderr!.console.shadowRoot!.querySelector('[part~="stderr"]')?.textContent).to.contain('warning');
    expect(stdout!.console.shadowRoot!.querySelector('[part~="stderr"]')).to.equal(null);
    const red = [...error!.console.shadowRoot!.querySelectorAll('[part~="line"] span')].find((span) => span.textContent === 'ValueError');
    expect(red, 'the traceback\'s coloured run').to.not.equal(undefined);
    expect(getComputedStyle(red!).color).to.not.equal(getComputedStyle(error!.console.shadowRoot!.querySelector('[part~="line"]')!).color);
  });

  it('clear_output(wait=True) keeps the old output until the next message, then shows only the new one', async () => {
    for (const kind of ['raw', 'jupyterlab'] as const) {
      const area = mount(kind);
      area.stream('old 1\nold 2\n');
      const old = only(area);
      area.model.clear(true);
      expect(await shownLines(only(area)), kind).to.deep.equal(['old 1', 'old 2']);
      area.stream('new\n');
      const renderer = only(area);
      expect(renderer, kind).to.not.equal(old);
      expect(old.isDisposed, kind).to.equal(true);
      expect(await shownLines(renderer), kind).to.deep.equal(['new']);
    }
  });

  it('an edit before the last line (a collaborator\'s removal) clears and rewrites once, counted', async () => {
    for (const kind of ['raw', 'jupyterlab'] as const) {
      const area = mount(kind);
      area.stream('one\ntwo\nthree\n');
      area.model.removeStreamOutput('two\nthree\n'.length);
      await Promise.resolve();
      const renderer = only(area);
      expect(renderer.stats.rewrites, kind).to.equal(1);
      expect(await shownLines(renderer), kind).to.deep.equal(['one']);
      area.model.appendStreamOutput('four\n');
      area.stream('five\n');
      await Promise.resolve();
      expect(renderer.stats.rewrites, kind).to.equal(1);
      expect(await shownLines(renderer), kind).to.deep.equal(['one', 'four', 'five']);
    }
  });

  it('streams of different names stay separate outputs, as in JupyterLab', async () => {
    const area = mount('raw');
    area.stream('a\n');
    area.stream('b\n', 'stderr');
    area.stream('c\n');
    const renderers = area.renderers();
    expect(renderers.map((renderer) => renderer.mimeType)).to.deep.equal(['application/vnd.jupyter.stdout', 'application/vnd.jupyter.stderr', 'application/vnd.jupyter.stdout']);
    expect(await shownLines(renderers[2]!)).to.deep.equal(['c']);
  });
});
