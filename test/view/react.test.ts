import { expect } from 'chai';
import { BoundedConsole } from '../../src/bounded-console.js';

/** What test/fixtures/react-example.tsx exports (typed here: this program compiles no JSX). */
interface ReactExample {
  mountExample(container: HTMLElement): {
    buildLog(status: string): void;
    configured(settings: { maxLines?: number; flushInterval?: number | null; theme?: 'light' | 'dark' | 'auto'; announce?: boolean; announceIntervalMs?: number }): void;
    unmount(): void;
  };
}

// Served bundled with React by esbuild (test/esbuild-bundle.js), as an app's build would.
const EXAMPLE_URL = new URL('../fixtures/react-example.tsx?bundle', import.meta.url).href;

async function loadExample(): Promise<ReactExample> {
  try {
    return (await import(EXAMPLE_URL)) as ReactExample;
  } catch (error) {
    throw new Error(`${EXAMPLE_URL} did not load: does test/web-test-runner.config.js have esbuildBundlePlugin() from test/esbuild-bundle.js? (${String(error)})`);
  }
}

function lineTexts(el: BoundedConsole): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part="line"]')].map((row) => row.textContent ?? '');
}

describe('React 19', () => {
  let mountExample: ReactExample['mountExample'];
  let container: HTMLElement;
  let example: ReturnType<ReactExample['mountExample']>;

  before(async () => {
    ({ mountExample } = await loadExample());
  });

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    example = mountExample(container);
  });

  afterEach(() => {
    example.unmount();
    container.remove();
  });

  function rendered(): BoundedConsole {
    const el = container.querySelector('bounded-console');
    expect(el).to.be.instanceOf(BoundedConsole);
    return el!;
  }

  it('renders the element with its attributes, and writes to it through the ref', async () => {
    example.buildLog('Building…');
    const el = rendered();
    expect(el.getAttribute('max-lines')).to.equal('100');
    expect(el.maxLines).to.equal(100);
    expect(el.label).to.equal('Build log');
    await el.flush();
    expect(el.text).to.equal('Building…\n');
    expect(el.shadowRoot!.querySelector('[part="viewport"]')!.getAttribute('aria-label')).to.equal('Build log');

    example.buildLog('Done');
    expect(rendered()).to.equal(el, 'a re-render keeps the element');
    await el.flush();
    expect(el.text).to.equal('Building…\nDone\n');
    expect(lineTexts(el)).to.deep.equal(['Building…', 'Done']);
  });

  it('sets camelCase props as properties, with their types', async () => {
    example.configured({ maxLines: 250, flushInterval: 50, theme: 'dark', announce: true, announceIntervalMs: 2000 });
    const el = rendered();
    expect(el.maxLines).to.equal(250);
    expect(el.flushInterval).to.equal(50);
    expect(el.theme).to.equal('dark');
    expect(el.announce).to.equal(true);
    // No attribute sets it: React set the property.
    expect(el.announceIntervalMs).to.equal(2000);
    await el.updateComplete;
    expect(el.getAttribute('max-lines')).to.equal('250');
    expect(el.getAttribute('flush-interval')).to.equal('50');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(el.hasAttribute('announce')).to.equal(true);

    el.writeln('kept');
    example.configured({ maxLines: 300, flushInterval: null, theme: 'light', announce: false, announceIntervalMs: 2000 });
    expect(rendered()).to.equal(el);
    expect(el.maxLines).to.equal(300);
    expect(el.flushInterval).to.equal(null);
    expect(el.theme).to.equal('light');
    await el.flush();
    expect(el.text).to.equal('kept\n');
  });

  it('restores the defaults when a re-render drops the props (React sets them to undefined)', async () => {
    example.configured({ maxLines: 250, flushInterval: 50, theme: 'dark', announceIntervalMs: 2000 });
    const el = rendered();
    example.configured({});
    expect(rendered()).to.equal(el, 'the tree survived');
    expect([el.maxLines, el.flushInterval, el.theme, el.announceIntervalMs]).to.deep.equal([5000, null, null, 5000]);
  });

  it('removes the element on unmount', () => {
    example.buildLog('Building…');
    rendered();
    example.unmount();
    expect(container.querySelector('bounded-console')).to.equal(null);
  });
});
