// The browser side of a run: one headless Chromium, a fresh page per measurement
// group (so no group inherits another's garbage or JIT state), heap readings over CDP.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/browser.js';

/** Longest a single page call may take before the group is recorded as failed. */
const CALL_LIMIT_MS = 5 * 60_000;

export async function openSession(origin) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return {
    version: browser.version(),
    /** Runs `use(page)` on a fresh benchmark page, then closes it. */
    async withPage(use) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await page.goto(`${origin}/bench/page/index.html`);
        await page.waitForFunction(() => window.bench !== undefined);
        return await use(new BenchPage(page, await context.newCDPSession(page)));
      } catch (error) {
        if (errors.length > 0) error.message += ` (page errors: ${errors.join('; ')})`;
        throw error;
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

class BenchPage {
  #page;
  #cdp;

  constructor(page, cdp) {
    this.#page = page;
    this.#cdp = cdp;
  }

  /** Calls `window.bench[name](arg)` in the page. */
  call(name, arg) {
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bench.${name} took over ${CALL_LIMIT_MS / 1000} s`)), CALL_LIMIT_MS);
    });
    const call = this.#page.evaluate(([name, arg]) => window.bench[name](arg), [name, arg]);
    return Promise.race([call, limit]).finally(() => clearTimeout(timer));
  }

  /**
   * Heap after full collections, as Chromium counts it: the JS heap, the DOM's
   * (embedder) heap, and ArrayBuffer backing stores, where xterm keeps its cells.
   */
  async heap() {
    await this.#cdp.send('HeapProfiler.collectGarbage');
    await this.#cdp.send('HeapProfiler.collectGarbage');
    const usage = await this.#cdp.send('Runtime.getHeapUsage');
    const heap = { js: usage.usedSize, dom: usage.embedderHeapUsedSize ?? 0, buffers: usage.backingStorageSize ?? 0 };
    return { ...heap, total: heap.js + heap.dom + heap.buffers };
  }
}
