import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';
import { mountConsoles } from '../support/mountConsoles.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<bounded-console> announcements', () => {
  const mountWith = mountConsoles();

  async function mount(announce: boolean): Promise<BoundedConsole> {
    const el = await mountWith(announce ? { announce: '' } : {});
    el.announceIntervalMs = 1000;
    return el;
  }

  const region = (el: BoundedConsole) => el.shadowRoot!.querySelector<HTMLElement>('[role="status"]')!;

  /** Every text the live region took while `during` ran, in order. */
  async function recordRegion(el: BoundedConsole, during: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(region(el).textContent ?? ''));
    observer.observe(region(el), { childList: true, characterData: true, subtree: true });
    await during();
    observer.disconnect();
    return seen;
  }

  it('should keep the log itself silent and say nothing unless announce is set', async () => {
    const el = await mount(false);
    const seen = await recordRegion(el, async () => {
      el.write('a\nb\n');
      await el.flush();
      // With announce on, the first news is said at once (the next test): 300 ms is plenty to hear it.
      await sleep(300);
    });
    expect(seen).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[role="log"]')!.getAttribute('aria-live')).to.equal('off');
  });

  it('should summarise new output politely: the count and the last line, text only', async () => {
    const el = await mount(true);
    const status = region(el);
    expect([status.getAttribute('aria-live'), status.getAttribute('aria-atomic')]).to.deep.equal(['polite', 'true']);
    el.write('first\n<b>second</b>\n');
    await el.flush();
    await sleep(100);
    expect(status.textContent).to.equal('2 new lines; last: <b>second</b>');
    expect(status.children.length).to.equal(0);
  });

  it('should announce a flood at most once an interval, never line by line, and the total at the end', async () => {
    const el = await mount(true);
    let written = 0;
    const start = performance.now();
    const seen = await recordRegion(el, async () => {
      for (let batch = 0; batch < 15; batch++) {
        for (let i = 0; i < 200; i++) el.writeln(`line ${written++}`);
        await sleep(100);
      }
      await el.flush();
      await sleep(1200);
    });
    // 3,000 lines over 1.5 s or more: the first frame's news, then at most one a second, the rest after.
    const seconds = (performance.now() - start) / 1000;
    expect(seen.length, seen.join(' | ')).to.be.within(2, Math.floor(seconds) + 2);
    const counts = seen.map((text) => Number(/^([\d,]+) new line/.exec(text)![1]!.replace(/,/g, '')));
    expect(counts.reduce((a, b) => a + b, 0)).to.equal(written);
    expect(seen.at(-1)).to.match(new RegExp(`last: line ${written - 1}$`));
  });

  it('should count from nothing again after clear(), and stop when announce is turned off', async () => {
    const el = await mount(true);
    el.write('x\ny\nz\n');
    await el.flush();
    await sleep(100);
    el.clear();
    el.write('only\n');
    await el.flush();
    await sleep(1100);
    expect(region(el).textContent).to.equal('1 new line; last: only');
    el.announce = false;
    await el.updateComplete;
    expect(region(el).textContent).to.equal('');
    // The last announcement was over an interval ago, so anything planned would be said at once.
    const seen = await recordRegion(el, async () => {
      el.write('more\n');
      await el.flush();
      await sleep(300);
    });
    expect(seen).to.deep.equal([]);
  });

  it('should reject an interval under a second', async () => {
    const el = await mount(true);
    expect(() => (el.announceIntervalMs = 500)).to.throw(RangeError);
    expect(el.announceIntervalMs).to.equal(1000);
  });
});
