import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import { lineTextNodes, rowRange } from '../../src/view/VirtualRows.js';
import { mountConsoles } from '../support/mountConsoles.js';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const frames = async (count: number) => {
  for (let i = 0; i < count; i++) await nextFrame();
};
const viewport = (el: BoundedConsole) => el.shadowRoot!.querySelector<HTMLElement>('[part="viewport"]')!;

/** Line rows top to bottom. */
function lineRows(el: BoundedConsole): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="line"]')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
}

/** The line's text a row holds (no gutters, no spacer, no truncation mark). */
const rowText = (row: HTMLElement) => lineTextNodes(row).map(({ node }) => node.data).join('');

/** Where in `line` the row's text starts: the text is a slice of the line, found by its content (the lines below make it unique). */
function sliceStart(row: HTMLElement, line: string): number {
  const text = rowText(row);
  const at = line.indexOf(text);
  expect(at, 'the row holds a slice of its line').to.be.at.least(0);
  expect(line.indexOf(text, at + 1), 'the slice is found once').to.equal(-1);
  return at;
}

/** Left edge of the character at `offset` of `line` in the row drawing it, in client px. */
function xOfOffset(row: HTMLElement, line: string, offset: number): number {
  const start = sliceStart(row, line);
  const range = rowRange(row, offset - start, offset - start + 1);
  expect(range, `offset ${offset} is drawn`).to.not.equal(null);
  return range!.getBoundingClientRect().left;
}

/** The offset in `line` of the character drawn under client x `x` in its row. */
function offsetUnder(row: HTMLElement, line: string, x: number): number {
  const start = sliceStart(row, line);
  const length = rowText(row).length;
  let low = 0;
  let high = length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (rowRange(row, mid, mid + 1)!.getBoundingClientRect().left <= x) low = mid;
    else high = mid - 1;
  }
  return start + low;
}

/** Ten columns a block, each block its own number: any slice is found once, and the text at a column says the column. */
function numberedLine(length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i += 10) text += `${String(i).padStart(9, '0')} `;
  return text.slice(0, length);
}

/** The same text with an SGR colour every 80 characters (what is shown is the plain text). */
function coloured(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 80) out += `\x1b[${31 + ((i / 80) % 6)}m${text.slice(i, i + 80)}\x1b[0m`;
  return out;
}

/** One ch in the rows, in px: from a box 10,000ch wide, as ten characters' box is rounded to a layout unit (off by 9 columns at 50,000). */
function columnWidth(el: BoundedConsole): number {
  const box = document.createElement('span');
  box.style.cssText = 'display: inline-block; width: 10000ch';
  el.shadowRoot!.querySelector('[part="rows"]')!.append(box);
  const width = box.getBoundingClientRect().width / 10_000;
  box.remove();
  return width;
}

/** Where column 0 of a row's text is, in client px, as scrolled now, for a console with no gutters. */
function textLeft(el: BoundedConsole): number {
  const rows = el.shadowRoot!.querySelector<HTMLElement>('[part="rows"]')!;
  return rows.getBoundingClientRect().left + parseFloat(getComputedStyle(rows).paddingLeft);
}

async function scrollLeftTo(el: BoundedConsole, left: number): Promise<void> {
  viewport(el).scrollLeft = left;
  await frames(3);
}

describe('<bounded-console> long lines', () => {
  const mount = mountConsoles();
  const line = numberedLine(100_000);

  for (const [name, written] of [
    ['plain', line],
    ['with an SGR colour every 80 characters', coloured(line)],
  ] as const) {
    it(`should draw only a few thousand columns of a 100,000-column line (${name}), the line's own text at the view's left edge wherever it is scrolled`, async () => {
      const el = await mount({}, 'height: 200px; width: 600px');
      el.write(`short\n${written}\nshort\n`);
      await el.flush();
      await frames(2);
      const long = () => lineRows(el)[1]!;
      expect(rowText(long()).length, 'characters in the row').to.be.below(4000);
      expect(rowText(long()).startsWith('000000000 000000010'), 'the start at scrollLeft 0').to.equal(true);
      const ch = columnWidth(el);
      const box = viewport(el).getBoundingClientRect();
      for (const column of [50_000, 73_333, 99_000, 1_000]) {
        const scrollLeft = Math.round(column * ch);
        await scrollLeftTo(el, scrollLeft);
        expect(viewport(el).scrollLeft, 'the range reaches that far').to.be.closeTo(scrollLeft, 1);
        expect(rowText(long()).length, `characters in the row at column ${column}`).to.be.below(4000);
        for (const dx of [20, 300]) {
          const x = box.left + dx;
          // The column the point is over, as the whole line would be drawn.
          const expected = Math.floor((x - textLeft(el)) / ch);
          expect(offsetUnder(long(), line, x), `column under ${dx} px at scrollLeft ${scrollLeft}`).to.equal(expected);
        }
      }
      expect(el.text).to.equal(`short\n${line}\nshort\n`);
    });
  }

  it('should put text after the spacer where the whole line puts it, with wide characters, combining marks, emoji and tabs before the window (with and without gutters)', async () => {
    // Pieces that each hold a number, so any slice is found once; about 1,200 units written, 1,900 with the tabs as spaces, drawn well over 1,000 ch wide.
    // The screen turns tabs into spaces (the lines hold none), so they come out as in the whole line.
    let written = '';
    for (let i = 0; written.length < 1200; i++) written += `${i}\t中文e\u0301x😀${i % 7 === 0 ? 'ab\tc' : ''}`;
    const tail = numberedLine(100_000 - written.length);
    for (const attributes of [{}, { 'line-numbers': '' }, { 'line-numbers': '', timestamps: '' }]) {
      const el = await mount(attributes, 'height: 200px; width: 600px');
      el.write(`${written}${tail.slice(0, 100)}\n${written}${tail}\n`);
      await el.flush();
      await frames(3);
      const [reference, long] = el.text.split('\n') as [string, string];
      const prefix = reference.length - 100;
      expect(reference.length, 'the reference line is drawn whole').to.be.below(2048);
      expect(long.slice(0, prefix)).to.equal(reference.slice(0, prefix));
      // Scrolled to the end of the prefix: the long line's window starts inside the prefix, after a spacer.
      const [referenceRow, longRow] = [lineRows(el)[0]!, lineRows(el)[1]!];
      const end = xOfOffset(referenceRow, reference, prefix);
      await scrollLeftTo(el, Math.round(viewport(el).scrollLeft + end - viewport(el).getBoundingClientRect().left - 200));
      const start = sliceStart(longRow, long);
      expect(start, `${JSON.stringify(attributes)}: the window starts inside the prefix`).to.be.above(0).and.below(prefix - 100);
      expect(longRow.querySelector('.spacer'), 'a spacer stands for the text before it').to.not.equal(null);
      expect(rowText(longRow).length).to.be.below(4000);
      // Every character from the window's start to past the prefix, at the same x in both rows: within 1 px, and
      // the 1/64 px by which Chromium rounds up each inline box of the whole line before it (Firefox does not).
      const boxes = lineTextNodes(referenceRow);
      for (let offset = start; offset < prefix + 50; offset++) {
        const code = long.charCodeAt(offset);
        if ((code >= 0xdc00 && code <= 0xdfff) || code === 0x301) continue;
        const want = xOfOffset(referenceRow, reference, offset);
        const got = xOfOffset(longRow, long, offset);
        const slack = 1 + boxes.filter((box) => box.start < offset).length / 64;
        if (Math.abs(got - want) > slack) expect.fail(`${JSON.stringify(attributes)}: offset ${offset} (${JSON.stringify(long[offset])}) at ${got}, whole line ${want}`);
      }
      el.remove();
    }
  });

  it('should never start a window inside a surrogate pair or before a combining mark', async () => {
    // Wide characters with marks and emoji only: wherever the window starts, it is on a character of its own.
    const piece = '中\u0301😀a\u0308\u200d';
    const text = piece.repeat(Math.ceil(30_000 / piece.length));
    const el = await mount({}, 'height: 200px; width: 600px');
    el.write(`${text}\n`);
    await el.flush();
    const ch = columnWidth(el);
    for (let column = 700; column < 20_000; column += 1_537) {
      await scrollLeftTo(el, Math.round(column * ch));
      const row = lineRows(el)[0]!;
      const first = rowText(row).charCodeAt(0);
      expect(first >= 0xdc00 && first <= 0xdfff, 'not a low surrogate').to.equal(false);
      expect([0x301, 0x308, 0x200d].includes(first), 'not a mark or joiner').to.equal(false);
      expect(row.querySelector('.spacer')).to.not.equal(null);
    }
  });

  it('should select the columns under the mouse inside the window, and copy the whole of a selection across the windowed line', async () => {
    const el = await mount({}, 'height: 200px; width: 600px');
    el.write(`above\n${line}\nbelow\n`);
    await el.flush();
    const ch = columnWidth(el);
    await scrollLeftTo(el, Math.round(60_000 * ch));
    const long = lineRows(el)[1]!;
    expect(rowText(long).length).to.be.below(4000);
    const y = Math.round(long.getBoundingClientRect().top + long.getBoundingClientRect().height / 2);
    const box = viewport(el).getBoundingClientRect();
    const from = offsetUnder(long, line, box.left + 100);
    const to = offsetUnder(long, line, box.left + 400);
    // A press at a character's left edge, a release at another's: the columns between.
    await sendMouse({ type: 'move', position: [Math.round(xOfOffset(long, line, from) + 1), y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(xOfOffset(long, line, to) + 1), y] });
    await sendMouse({ type: 'up' });
    expect(from).to.be.above(59_000);
    expect(el.selectedText).to.equal(line.slice(from, to));
    // The selection drawn over the window.
    const highlights = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
    if (highlights !== undefined) {
      const ranges = [...(highlights.get('bounded-console-selection') ?? [])];
      expect(ranges.map((range) => range.toString()).join('')).to.equal(line.slice(from, to));
    }
    // From the line above to the line below: all of the long line, not the window.
    await scrollLeftTo(el, 0);
    const [above, , below] = lineRows(el);
    await sendMouse({ type: 'click', position: [Math.round(textLeft(el) + 1), Math.round(above!.getBoundingClientRect().top + 5)] });
    await sendKeys({ down: 'Shift' });
    await sendMouse({ type: 'click', position: [Math.round(textLeft(el) + 3 * ch + 1), Math.round(below!.getBoundingClientRect().top + 5)] });
    await sendKeys({ up: 'Shift' });
    const data = new DataTransfer();
    const event = new ClipboardEvent('copy', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
    viewport(el).dispatchEvent(event);
    expect(event.defaultPrevented).to.equal(true);
    expect((event.clipboardData ?? data).getData('text/plain') === `above\n${line}\nbel`, 'the copy holds the whole line').to.equal(true);
  });

  it('should draw the selection again over the new window after a sideways scroll', async () => {
    const el = await mount({}, 'height: 200px; width: 600px');
    el.write(`${line}\n`);
    await el.flush();
    el.select({ seq: 0, col: 10_000 }, { seq: 0, col: 90_000 });
    const highlights = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
    if (highlights === undefined) return;
    const drawn = () => [...(highlights.get('bounded-console-selection') ?? [])].map((range) => range.toString()).join('');
    expect(drawn(), 'nothing of it in the window at the start').to.equal('');
    const ch = columnWidth(el);
    await scrollLeftTo(el, Math.round(50_000 * ch));
    const row = lineRows(el)[0]!;
    expect(drawn(), 'the whole window selected').to.equal(rowText(row));
    expect(drawn().length).to.be.above(100);
  });

  it('should highlight a find match far right and scroll it into view sideways', async () => {
    const el = await mount({}, 'height: 200px; width: 600px');
    const text = `${line.slice(0, 50_000)}NEEDLE${line.slice(50_006)}`;
    el.write(`before\n${text}\nafter\n`);
    await el.flush();
    const result = await el.find('NEEDLE');
    expect(result.count).to.equal(1);
    await frames(3);
    const box = viewport(el).getBoundingClientRect();
    expect(viewport(el).scrollLeft, 'scrolled sideways').to.be.above(40_000 * columnWidth(el));
    const highlights = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
    if (highlights === undefined) return;
    const ranges = [...(highlights.get('bounded-console-current-match') ?? [])];
    expect(ranges.map((range) => range.toString())).to.deep.equal(['NEEDLE']);
    const rect = ranges[0]!.getBoundingClientRect();
    expect(rect.left, 'in view').to.be.at.least(box.left);
    expect(rect.right, 'in view').to.be.at.most(box.right);
    el.clearFind();
  });

  it('should draw a new window in the next frame after a sideways scroll, not during the scroll event', async () => {
    const el = await mount({}, 'height: 200px; width: 600px');
    el.write(`${line}\n`);
    await el.flush();
    await frames(2);
    const ch = columnWidth(el);
    const before = rowText(lineRows(el)[0]!);
    const port = viewport(el);
    for (const column of [10_000, 20_000, 30_000]) {
      port.scrollLeft = Math.round(column * ch);
      port.dispatchEvent(new Event('scroll'));
    }
    expect(rowText(lineRows(el)[0]!), 'nothing drawn in the scroll events').to.equal(before);
    await frames(2);
    const after = rowText(lineRows(el)[0]!);
    expect(after).to.not.equal(before);
    expect(after).to.include(line.slice(30_000, 30_100));
    // Within the window's step, a small scroll draws nothing new.
    const row = lineRows(el)[0]!;
    const drawn = row.firstChild;
    await scrollLeftTo(el, port.scrollLeft + Math.round(20 * ch));
    expect(lineRows(el)[0]!.firstChild, 'the same nodes after a small scroll').to.equal(drawn);
  });

  it('should show the right window after scrolling down past a long line and back', async () => {
    const el = await mount({}, 'height: 200px; width: 600px');
    let text = `${line}\n`;
    for (let i = 0; i < 300; i++) text += `line ${i}\n`;
    el.write(text);
    await el.flush();
    viewport(el).scrollTop = 0;
    await frames(3);
    const ch = columnWidth(el);
    await scrollLeftTo(el, Math.round(70_000 * ch));
    const box = viewport(el).getBoundingClientRect();
    const check = (label: string) => {
      const row = lineRows(el).find((candidate) => candidate.getBoundingClientRect().top >= box.top - 1)!;
      expect(rowText(row).length, label).to.be.below(4000);
      const expected = Math.floor((box.left + 50 - textLeft(el)) / ch);
      expect(offsetUnder(row, line, box.left + 50), label).to.equal(expected);
    };
    check('before');
    viewport(el).scrollTop = viewport(el).scrollHeight;
    await frames(3);
    expect(lineRows(el).some((row) => rowText(row).length > 1000), 'the long line is no longer drawn').to.equal(false);
    // Sideways while it is away, then back up.
    await scrollLeftTo(el, Math.round(30_000 * ch));
    viewport(el).scrollTop = 0;
    await frames(3);
    check('after');
  });

  it('should show the truncation mark only when the window reaches the line end, and keep the gutters', async () => {
    const el = await mount({ 'line-numbers': '', timestamps: '' }, 'height: 200px; width: 600px');
    el.write(`${numberedLine(100_050)}\n`);
    await el.flush();
    await frames(2);
    const row = () => lineRows(el)[0]!;
    expect(el.truncatedChars).to.equal(50);
    expect(row().querySelector('.truncated'), 'no mark at the start').to.equal(null);
    expect(row().querySelectorAll('.gutter').length).to.equal(2);
    await scrollLeftTo(el, viewport(el).scrollWidth);
    expect(row().querySelector('.truncated'), 'the mark at the end').to.not.equal(null);
    expect(row().querySelectorAll('.gutter').length).to.equal(2);
    expect(row().firstElementChild!.classList.contains('time'), 'the timestamp first').to.equal(true);
    expect(row().children[1]!.getAttribute('part')).to.equal('gutter');
    expect(row().children[2]!.classList.contains('spacer'), 'then the spacer').to.equal(true);
    expect(rowText(row()).endsWith(numberedLine(100_000).slice(-50))).to.equal(true);
  });
});
