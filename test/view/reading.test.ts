import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { BoundedConsole, FindChangeEvent } from '../../src/bounded-console.js';
import { compileQuery } from '../../src/core/index.js';
import { mountConsoles } from '../support/mountConsoles.js';
import { randomInt, randomText, seededRandom } from '../support/random.js';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const frames = async (count: number) => {
  for (let i = 0; i < count; i++) await nextFrame();
};
const part = <T extends HTMLElement = HTMLElement>(el: BoundedConsole, name: string) => el.shadowRoot!.querySelector<T>(`[part="${name}"]`)!;
const viewport = (el: BoundedConsole) => part(el, 'viewport');

function numbered(from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += `L${i}\n`;
  return text;
}

/** The rendered line rows inside the viewport, top to bottom. */
function visibleRows(el: BoundedConsole): HTMLElement[] {
  const box = viewport(el).getBoundingClientRect();
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="line"]')].filter((row) => {
    const rect = row.getBoundingClientRect();
    return rect.bottom > box.top + 1 && rect.top < box.bottom - 1;
  });
}


function rowOf(el: BoundedConsole, text: string): HTMLElement {
  const row = visibleRows(el).find((candidate) => candidate.textContent === text);
  if (row === undefined) throw new Error(`no visible row ${text}`);
  return row;
}

/** Page coordinates of a point in a row: `at` 0 is its left edge (column 0), 1 past its text. */
function pointIn(row: HTMLElement, at: 0 | 1): [number, number] {
  const rect = row.getBoundingClientRect();
  const textWidth = row.firstChild ? (() => {
    const range = document.createRange();
    range.selectNodeContents(row);
    return range.getBoundingClientRect().width;
  })() : 0;
  return [Math.round(at === 0 ? rect.left + 1 : rect.left + textWidth + 20), Math.round(rect.top + rect.height / 2)];
}

/** What the browser's copy command puts on the clipboard (Ctrl+C or a copy event), read from the event. */
function copyEventText(el: BoundedConsole): string {
  const data = new DataTransfer();
  const event = new ClipboardEvent('copy', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
  viewport(el).dispatchEvent(event);
  expect(event.defaultPrevented, 'the console handled the copy').to.equal(true);
  return (event.clipboardData ?? data).getData('text/plain');
}

describe('<bounded-console> reading', () => {
  const mount = mountConsoles();

  describe('selection and copy', () => {
    it('should copy a shift-click selection from line 10 to line 5,000 exactly, as the slice of el.text', async () => {
      const el = await mount({ 'max-lines': '100000' }, 'height: 200px; width: 500px');
      el.write(numbered(0, 10_000));
      await el.flush();
      el.scrollToLatest();
      viewport(el).scrollTop = 0;
      await frames(2);
      await sendMouse({ type: 'click', position: pointIn(rowOf(el, 'L10'), 0) });
      // Line 5,000 into view, as a reader would scroll there.
      viewport(el).scrollTop = 4990 * (viewport(el).scrollHeight / 10_000);
      await frames(3);
      await sendKeys({ down: 'Shift' });
      await sendMouse({ type: 'click', position: pointIn(rowOf(el, 'L5000'), 1) });
      await sendKeys({ up: 'Shift' });
      const text = el.text;
      const expected = text.slice(text.indexOf('L10\n'), text.indexOf('L5001\n') - 1);
      expect(el.selectedText.length).to.equal(expected.length);
      expect(el.selectedText === expected, 'selectedText is the slice').to.equal(true);
      expect(copyEventText(el) === expected, 'the copied text is the slice').to.equal(true);
    });

    it('should select every retained line with Ctrl+A in the console and copy exactly el.text', async () => {
      const el = await mount({ 'max-lines': '3000' }, 'height: 200px; width: 500px');
      el.write(numbered(0, 5000) + 'tabs\there, 中文 😀 and é\n');
      await el.flush();
      await sendMouse({ type: 'click', position: pointIn(visibleRows(el).at(-1)!, 0) });
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'a' });
      await sendKeys({ up: 'Control' });
      expect(el.selectedText === el.text, 'selection is el.text').to.equal(true);
      expect(copyEventText(el) === el.text, 'the copy is el.text').to.equal(true);
      // Ctrl+C itself: the browser's copy event carries the console's text (read from the event, after the console set it).
      let copied: string | null = null;
      const onCopy = (event: ClipboardEvent) => (copied = event.clipboardData?.getData('text/plain') ?? null);
      window.addEventListener('copy', onCopy);
      try {
        await sendKeys({ down: 'Control' });
        await sendKeys({ press: 'c' });
        await sendKeys({ up: 'Control' });
      } finally {
        window.removeEventListener('copy', onCopy);
      }
      expect(copied === null ? 'no copy event' : copied === el.text ? 'el.text' : 'other text', 'what Ctrl+C copied').to.equal('el.text');
      // Ctrl+A selected in the console only, not the page.
      expect(document.getSelection()?.toString() ?? '').to.equal('');
    });

    it('should auto-scroll a drag held below the viewport and copy the lines it passed, without any label of the console', async () => {
      const el = await mount({ 'max-lines': '100000' }, 'height: 200px; width: 500px');
      el.write(numbered(0, 20_000));
      await el.flush();
      viewport(el).scrollTop = 0;
      await frames(2);
      const [x, y] = pointIn(rowOf(el, 'L10'), 0);
      await sendMouse({ type: 'move', position: [x, y] });
      await sendMouse({ type: 'down' });
      const bottom = viewport(el).getBoundingClientRect().bottom;
      await sendMouse({ type: 'move', position: [x + 30, Math.round(bottom + 150)] });
      // Held there: each frame scrolls further (bounded by frames, not time).
      for (let frame = 0; frame < 300 && el.selectedText.split('\n').length <= 400; frame++) await nextFrame();
      await sendMouse({ type: 'up' });
      const selected = el.selectedText;
      const lines = selected.split('\n');
      expect(lines[0]).to.equal('L10');
      // Far more lines than the ~50 rows drawn at once.
      expect(lines.length).to.be.above(400);
      const text = el.text;
      expect(text.slice(text.indexOf('L10\n'), text.indexOf('L10\n') + selected.length) === selected).to.equal(true);
      expect(selected).not.to.match(/Latest|new line/);
    });

    it('should select a word on double-click and a line on triple-click', async () => {
      const el = await mount({}, 'height: 200px; width: 500px');
      el.write('alpha beta_2 gamma\nsecond line\n');
      await el.flush();
      const row = visibleRows(el)[0]!;
      const range = document.createRange();
      range.setStart(row.firstChild!, 8);
      range.setEnd(row.firstChild!, 9);
      const rect = range.getBoundingClientRect();
      const target = row.firstChild!.parentElement!;
      // Dispatched on the row so the event's target is the text, as a real press is.
      const pressOn = (detail: number) =>
        target.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, detail, clientX: rect.left + 1, clientY: rect.top + rect.height / 2 }));
      pressOn(2);
      expect(el.selectedText).to.equal('beta_2');
      pressOn(3);
      expect(el.selectedText).to.equal('alpha beta_2 gamma');
      // A finger scrolls instead of selecting.
      el.clearSelection();
      target.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, detail: 2, pointerType: 'touch', clientX: rect.left + 1, clientY: rect.top + rect.height / 2 }));
      expect(el.selectedText).to.equal('');
    });

    it('should shrink a selection whose first lines are trimmed, and tell with selection-change', async () => {
      const el = await mount({ 'max-lines': '100' });
      el.write(numbered(0, 100));
      await el.flush();
      el.select({ seq: 10, col: 0 }, { seq: 20, col: 3 });
      expect(el.selectedText.split('\n')[0]).to.equal('L10');
      const events: boolean[] = [];
      el.addEventListener('selection-change', (event) => events.push(event.empty));
      el.write(numbered(100, 115));
      await el.flush();
      expect(el.selectedText.split('\n')[0]).to.equal('L15');
      expect(el.selectedText.split('\n').at(-1)).to.equal('L20');
      expect(events).to.deep.equal([false]);
      el.write(numbered(115, 200));
      await el.flush();
      expect(el.selectedText).to.equal('');
      expect(events).to.deep.equal([false, true]);
    });

    it('should reject a position that is not one with a TypeError', async () => {
      const el = await mount();
      expect(() => el.select({ seq: -1, col: 0 }, { seq: 0, col: 0 })).to.throw(TypeError);
    });
  });

  describe('find', () => {
    /** Resolves with the next find-change event that says the search is complete (or the current state, when it is). */
    const settled = (el: BoundedConsole) =>
      new Promise<void>((resolve) => {
        if (el.findResult.complete) return resolve();
        const onChange = (event: FindChangeEvent) => {
          if (!event.complete) return;
          el.removeEventListener('find-change', onChange);
          resolve();
        };
        el.addEventListener('find-change', onChange);
      });

    const reference = (el: BoundedConsole, query: string) => {
      const pattern = compileQuery(query);
      let count = 0;
      const lines = el.text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (const line of lines) count += [...line.matchAll(pattern)].filter((m) => m[0].length > 0).length;
      return count;
    };

    it('should keep the count equal to a reference count over random text while output streams in and lines are trimmed (seeds 1-8)', async () => {
      for (let seed = 1; seed <= 8; seed++) {
        const random = seededRandom(seed);
        const el = await mount({ 'max-lines': String(50 + randomInt(random, 400)) });
        el.write(randomText(random, 3000));
        await el.flush();
        const query = ['a', 'zz', 'é', '中文', 'b a'][seed % 5]!;
        await el.find(query);
        expect(el.findResult.count, `seed ${seed} start`).to.equal(reference(el, query));
        for (let round = 0; round < 6; round++) {
          el.write(randomText(random, randomInt(random, 4000)));
          await el.flush();
          await settled(el);
          expect(el.findResult.count, `seed ${seed} round ${round}`).to.equal(reference(el, query));
        }
        el.remove();
      }
    });

    it('should find in every retained line, not only the drawn rows, and move to the match nearest the view', async () => {
      const el = await mount({ 'max-lines': '200000' });
      const lines: string[] = [];
      for (let i = 0; i < 200_000; i++) lines.push(i === 500 || i === 150_000 ? `needle at ${i}` : `line ${i}`);
      el.write(lines.join('\n') + '\n');
      await el.flush();
      const result = await el.find('needle');
      expect(result).to.deep.include({ count: 2, complete: true });
      // Following at the bottom: the nearest is the last match, above.
      expect(result.index).to.equal(1);
      await frames(2);
      expect(visibleRows(el).map((row) => row.textContent)).to.include('needle at 150000');
      el.findNext();
      await frames(2);
      expect(el.findResult.index).to.equal(0);
      expect(visibleRows(el).map((row) => row.textContent)).to.include('needle at 500');
      const highlights = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
      expect(highlights.get('bounded-console-current-match')?.size).to.equal(1);
      el.clearFind();
      expect(highlights.get('bounded-console-current-match')?.size).to.equal(0);
    });

    it('should open a find bar on Ctrl+F, step with Enter and Shift+Enter, say "2 of 3", and close on Escape back to the log', async () => {
      const el = await mount({}, 'height: 200px; width: 600px');
      el.write('one needle\ntwo\nneedle two\nthree NEEDLE\n');
      await el.flush();
      viewport(el).focus();
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'f' });
      await sendKeys({ up: 'Control' });
      const input = part<HTMLInputElement>(el, 'find-input');
      expect(part(el, 'find').hidden).to.equal(false);
      expect(el.shadowRoot!.activeElement).to.equal(input);
      await sendKeys({ type: 'needle' });
      await settled(el);
      expect(el.findResult.count).to.equal(3);
      const status = part(el, 'find-status');
      const index = el.findResult.index;
      expect(status.textContent).to.equal(`${index + 1} of 3`);
      await sendKeys({ press: 'Enter' });
      expect(el.findResult.index).to.equal((index + 1) % 3);
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Shift' });
      expect(el.findResult.index).to.equal(index);
      // Match case: NEEDLE no longer counts.
      const matchCase = part<HTMLButtonElement>(el, 'find-option');
      matchCase.click();
      await settled(el);
      expect(el.findResult.count).to.equal(2);
      // Escape closes it from a toggle as from the field.
      matchCase.focus();
      await sendKeys({ press: 'Escape' });
      expect(part(el, 'find').hidden).to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(viewport(el));
      expect(el.findResult.count).to.equal(0);
    });

    it('should say an invalid regular expression is invalid, and throw a SyntaxError from find()', async () => {
      const el = await mount();
      el.write('a(b\n');
      await el.flush();
      expect(() => el.find('(', { regex: true })).to.throw(SyntaxError);
      expect(() => el.find('')).to.throw(TypeError);
      await el.openFind();
      const input = part<HTMLInputElement>(el, 'find-input');
      const regex = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-option="regex"]')!;
      regex.click();
      input.value = '(';
      input.dispatchEvent(new Event('input'));
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(part(el, 'find-status').textContent).to.equal('Invalid regular expression');
    });
  });

  describe('trim marker and long lines', () => {
    it('should say in the first row how many earlier lines were dropped, exactly', async () => {
      const el = await mount({ 'max-lines': '100' });
      el.write(numbered(0, 1234));
      await el.flush();
      viewport(el).scrollTop = 0;
      await frames(2);
      const marker = part(el, 'dropped');
      expect(marker.isConnected).to.equal(true);
      expect(marker.textContent).to.contain('1,134 earlier lines dropped');
      const rows = [...el.shadowRoot!.querySelectorAll('[part="rows"] > *')];
      expect(rows[0]).to.equal(marker);
      expect(rows[1]!.textContent).to.equal('L1134');
    });

    it('should keep following and keep the horizontal offset when a long line scrolls out of the drawn rows', async () => {
      const el = await mount({ 'max-lines': '1000' }, 'height: 200px; width: 300px');
      el.write(numbered(0, 10) + 'x'.repeat(300) + '\n' + numbered(11, 400));
      await el.flush();
      await frames(2);
      expect(el.following).to.equal(true);
      expect(visibleRows(el).at(-1)!.textContent).to.equal('L399');
      viewport(el).scrollTop = 0;
      await frames(2);
      viewport(el).scrollLeft = 1000;
      await frames(2);
      const left = viewport(el).scrollLeft;
      expect(left).to.be.above(500);
      el.scrollToLatest();
      await frames(3);
      expect(viewport(el).scrollLeft).to.equal(left);
      expect(el.following).to.equal(true);
    });
  });
});

describe('<bounded-console> scrolling at 10,000,000 lines', function () {
  this.timeout(120_000);
  const mount = mountConsoles();
  const HEIGHT = 'height: 200px; width: 400px';
  let el: BoundedConsole;

  /** Lines "0" to "9999999", written as a program would: in 1 Mi-line pieces. */
  async function fill(target: BoundedConsole, count: number): Promise<void> {
    const piece: string[] = [];
    for (let start = 0; start < count; start += 1_000_000) {
      piece.length = 0;
      for (let i = start; i < Math.min(count, start + 1_000_000); i++) piece.push(String(i));
      target.write(piece.join('\n') + '\n');
    }
    await target.flush();
  }

  const firstLine = (target: BoundedConsole) => Number(visibleRows(target)[0]!.textContent);

  before(async () => {
    // One console kept for every test here: filling it is the costly part.
    const host = document.createElement('bounded-console');
    host.setAttribute('max-lines', '10000000');
    host.setAttribute('style', HEIGHT);
    document.body.append(host);
    await host.updateComplete;
    await fill(host, 10_000_000);
    el = host;
  });

  after(() => el.remove());

  it('should show line 7,654,321 within a page after the thumb is dragged to 76.54321%', async () => {
    const view = viewport(el);
    view.scrollTop = 0.7654321 * (view.scrollHeight - view.clientHeight);
    await frames(3);
    expect(firstLine(el)).to.be.within(7_654_321 - 15, 7_654_321 + 15);
  });

  it('should move three pages less three lines for three PageDowns, from anywhere, and one line for ArrowDown', async () => {
    const view = viewport(el);
    for (const at of [0.1, 0.5, 0.9]) {
      view.scrollTop = at * (view.scrollHeight - view.clientHeight);
      await frames(2);
      view.focus();
      const page = Math.floor(view.clientHeight / (visibleRows(el)[0]!.getBoundingClientRect().height)) - 1;
      const before = firstLine(el);
      for (let i = 0; i < 3; i++) await sendKeys({ press: 'PageDown' });
      await frames(2);
      expect(firstLine(el) - before, `from ${at}`).to.equal(3 * page);
      await sendKeys({ press: 'ArrowDown' });
      await frames(2);
      expect(firstLine(el) - before, `from ${at}`).to.equal(3 * page + 1);
      await sendKeys({ press: 'PageUp' });
      await frames(2);
      expect(firstLine(el) - before, `from ${at}`).to.equal(2 * page + 1);
    }
  });

  it('should move a 100 px wheel step by as many lines as at 1,000 lines', async () => {
    const small = await mount({ 'max-lines': '1000' }, HEIGHT);
    await fill(small, 1000);
    const moved = async (target: BoundedConsole) => {
      const view = viewport(target);
      view.scrollTop = 0.5 * (view.scrollHeight - view.clientHeight);
      await frames(2);
      const before = view.scrollTop;
      const first = firstLine(target);
      view.scrollBy(0, 100);
      await frames(2);
      expect(view.scrollTop - before).to.be.closeTo(100, 1);
      return firstLine(target) - first;
    };
    const atThousand = await moved(small);
    expect(atThousand).to.be.within(5, 8);
    expect(await moved(el)).to.be.within(atThousand - 1, atThousand + 1);
  });

  it('should land Home on the first line and End on the last, following again', async () => {
    viewport(el).focus();
    await sendKeys({ press: 'Home' });
    await frames(2);
    expect(firstLine(el)).to.equal(0);
    expect(el.following).to.equal(false);
    await sendKeys({ press: 'End' });
    await frames(2);
    expect(visibleRows(el).at(-1)!.textContent).to.equal('9999999');
    expect(el.following).to.equal(true);
  });
});

describe('<bounded-console> soft wrap', () => {
  const mount = mountConsoles();

  it('should wrap a long line into rows of the viewport width that together are the line, and copy it whole', async () => {
    const el = await mount({ wrap: '' }, 'height: 200px; width: 300px');
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    el.write(`short\n${long}\nafter\n`);
    await el.flush();
    await frames(2);
    const rows = visibleRows(el).map((row) => row.textContent!);
    expect(rows.length).to.be.above(3);
    expect(rows[0]).to.equal('short');
    expect(rows.at(-1)).to.equal('after');
    expect(rows.slice(1, -1).join('')).to.equal(long);
    // No row is wider than the viewport, and there is no sideways scrolling.
    expect(viewport(el).scrollWidth).to.be.at.most(viewport(el).clientWidth + 1);
    el.select({ seq: 1, col: 0 }, { seq: 1, col: Infinity });
    expect(el.selectedText).to.equal(long);
  });

  it('should keep the line at the top in view when wrap is toggled and when the width changes, and keep following', async () => {
    const el = await mount({ 'max-lines': '5000' }, 'height: 200px; width: 400px');
    let text = '';
    for (let i = 0; i < 3000; i++) text += `line ${i} ` + 'x'.repeat(i % 7 === 0 ? 120 : 10) + '\n';
    el.write(text);
    await el.flush();
    viewport(el).scrollTop = 1000 * (viewport(el).scrollHeight / 3000);
    await frames(3);
    const topLine = () => Number(/^line (\d+)/.exec(visibleRows(el)[0]!.textContent!)?.[1]);
    const before = topLine();
    el.wrap = true;
    await frames(3);
    expect(topLine()).to.equal(before);
    el.style.width = '250px';
    await frames(4);
    expect(topLine()).to.equal(before);
    el.wrap = false;
    await frames(3);
    expect(topLine()).to.equal(before);
    el.scrollToLatest();
    el.wrap = true;
    el.write('last line\n');
    await frames(3);
    expect(el.following).to.equal(true);
    expect(visibleRows(el).at(-1)!.textContent).to.equal('last line');
  });

  it('should wrap anew when the font changes, keeping the line at the top', async () => {
    const el = await mount({ wrap: '', 'max-lines': '2000' }, 'height: 200px; width: 400px');
    let text = '';
    for (let i = 0; i < 1000; i++) text += `line ${i} ` + 'z'.repeat(60) + '\n';
    el.write(text);
    await el.flush();
    viewport(el).scrollTop = viewport(el).scrollHeight / 2;
    await frames(3);
    const topLine = () => Number(/^line (\d+)/.exec(visibleRows(el).find((row) => row.textContent!.startsWith('line'))!.textContent!)?.[1]);
    const before = topLine();
    const rowsBefore = visibleRows(el).length;
    el.style.setProperty('--bounded-console-font-size', '20px');
    await frames(4);
    // Bigger text: fewer columns a row, more rows a line, and the same line at the top.
    expect(visibleRows(el).length).to.be.below(rowsBefore);
    expect(viewport(el).scrollHeight).to.be.above(0);
    expect(topLine()).to.be.within(before - 1, before + 1);
    // The text of every row fits the viewport at the new size.
    for (const row of visibleRows(el)) {
      const range = document.createRange();
      range.selectNodeContents(row);
      expect(range.getBoundingClientRect().right).to.be.at.most(viewport(el).getBoundingClientRect().right + 1);
    }
  });

  it('should keep the DOM the same size at 1,000 and 200,000 lines with wrap on', async () => {
    const sizes: number[] = [];
    for (const lines of [1000, 200_000]) {
      const el = await mount({ wrap: '', 'max-lines': String(lines) }, 'height: 200px; width: 300px');
      let text = '';
      for (let i = 0; i < lines; i++) text += `${i} ` + 'y'.repeat(i % 3 === 0 ? 90 : 5) + '\n';
      el.write(text);
      await el.flush();
      await frames(3);
      sizes.push(el.shadowRoot!.querySelectorAll('*').length);
      el.remove();
    }
    expect(sizes[1]).to.be.at.most(sizes[0]! + 5);
  });
});

describe('<bounded-console> toolbar', () => {
  const mount = mountConsoles();

  it('should offer find, wrap, copy, download and clear as parts, one tab stop with arrow keys between them', async () => {
    const el = await mount({ toolbar: '' }, 'height: 200px; width: 500px');
    el.write('alpha\nbeta\n');
    await el.flush();
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="toolbar-button"]')];
    expect(buttons.map((button) => button.dataset['action'])).to.deep.equal(['find', 'wrap', 'copy', 'download', 'clear']);
    expect(buttons.map((button) => button.tabIndex)).to.deep.equal([0, -1, -1, -1, -1]);
    // The toolbar sits above the log and the log keeps the rest of the height.
    expect(viewport(el).getBoundingClientRect().top).to.be.at.least(part(el, 'toolbar').getBoundingClientRect().bottom - 1);
    expect(viewport(el).getBoundingClientRect().bottom).to.be.closeTo(el.getBoundingClientRect().bottom, 1);
    buttons[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(el.shadowRoot!.activeElement).to.equal(buttons[1]);
    await sendKeys({ press: 'Enter' });
    expect(el.wrap).to.equal(true);
    await el.updateComplete;
    expect(buttons[1]!.getAttribute('aria-pressed')).to.equal('true');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Enter' });
    // The find code loads on first use: a separate module here, so give it some frames.
    for (let frame = 0; frame < 300 && el.shadowRoot!.querySelector('[part="find"]') === null; frame++) await new Promise(requestAnimationFrame);
    expect(part(el, 'find').hidden).to.equal(false);
  });

  it('should copy everything when nothing is selected, download a file, and clear', async () => {
    const el = await mount({ toolbar: '' });
    el.write('one\ntwo\n');
    await el.flush();
    const written: string[] = [];
    const clipboard = navigator.clipboard;
    const original = clipboard.writeText;
    clipboard.writeText = async (text: string) => {
      written.push(text);
    };
    const created: Blob[] = [];
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      created.push(blob as Blob);
      return createObjectURL.call(URL, blob);
    };
    // The download link's click is recorded, not followed: a real download takes the browser's focus from later tests.
    const clicks: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    };
    try {
      const button = (action: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
      button('copy').click();
      await frames(2);
      expect(written).to.deep.equal(['one\ntwo\n']);
      await el.updateComplete;
      expect(button('copy').textContent).to.equal('Copied');
      el.select({ seq: 1, col: 0 }, { seq: 1, col: 3 });
      button('copy').click();
      await frames(2);
      expect(written.at(-1)).to.equal('two');
      button('download').click();
      expect(created.length).to.equal(1);
      expect(clicks).to.deep.equal(['console.log']);
      expect(await created[0]!.text()).to.equal('one\ntwo\n');
      button('clear').click();
      expect(el.lineCount).to.equal(0);
    } finally {
      clipboard.writeText = original;
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
  });
});

describe('<bounded-console> in a page layout', () => {
  it('should not widen a grid or flex item it sits in for a long line (its horizontal range is its own)', async () => {
    for (const layout of ['display: grid; grid-template-columns: 1fr 1fr', 'display: flex']) {
      const container = document.createElement('div');
      container.setAttribute('style', `${layout}; width: 600px`);
      const el = document.createElement('bounded-console');
      el.setAttribute('toolbar', '');
      el.style.height = '120px';
      const other = document.createElement('div');
      other.textContent = 'beside';
      other.style.flex = '1';
      if (layout === 'display: flex') el.style.flex = '1';
      container.append(el, other);
      document.body.append(container);
      try {
        el.write('x'.repeat(2000) + '\n' + 'short\n');
        await el.flush();
        await frames(2);
        expect(el.getBoundingClientRect().width, layout).to.be.at.most(301);
        // The long line still scrolls sideways inside it.
        expect(viewport(el).scrollWidth, layout).to.be.above(1000);
      } finally {
        container.remove();
      }
    }
  });
});
