import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';
import { mountConsoles } from '../support/mountConsoles.js';

describe('<bounded-console> line numbers', () => {
  const mount = mountConsoles();

  const rows = (el: BoundedConsole) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="line"]')];
  const gutters = (el: BoundedConsole) => rows(el).map((row) => row.querySelector('[part="gutter"]')?.textContent ?? null);

  it('should number lines from the first written since clear(), the numbers surviving trimming', async () => {
    const el = await mount({ 'line-numbers': '', 'max-lines': '1000' });
    let text = '';
    for (let i = 1; i <= 1_000_010; i++) text += `x${i}\n`;
    el.write(text);
    await el.flush();
    const last = rows(el).at(-1)!;
    expect(el.droppedLines).to.equal(999_010);
    expect(last.querySelector('[part="gutter"]')!.textContent).to.equal('1000010');
    expect(last.textContent).to.equal('1000010x1000010');
    el.clear();
    el.write('again\n');
    await el.flush();
    expect(gutters(el)).to.deep.equal(['1']);
  });

  it('should keep the numbers out of the text: not selectable, hidden from assistive technology, not in el.text', async () => {
    const el = await mount({ 'line-numbers': '' });
    el.write('a\nb\n');
    await el.flush();
    const gutter = rows(el)[0]!.querySelector<HTMLElement>('[part="gutter"]')!;
    expect(getComputedStyle(gutter).userSelect).to.equal('none');
    expect(gutter.getAttribute('aria-hidden')).to.equal('true');
    expect(el.text).to.equal('a\nb\n');
  });

  it('should show and hide the gutter as the attribute changes, and size it for the widest number', async () => {
    const el = await mount({ 'max-lines': '200' });
    let text = '';
    for (let i = 0; i < 150; i++) text += `line ${i}\n`;
    el.write(text);
    await el.flush();
    expect(gutters(el).every((gutter) => gutter === null)).to.equal(true);
    el.lineNumbers = true;
    await el.flush();
    expect(el.hasAttribute('line-numbers')).to.equal(true);
    expect(gutters(el).at(-1)).to.equal('150');
    const widths = rows(el).map((row) => row.querySelector<HTMLElement>('[part="gutter"]')!.getBoundingClientRect().width);
    expect(Math.max(...widths) - Math.min(...widths)).to.be.lessThan(0.5);
    el.removeAttribute('line-numbers');
    await el.flush();
    expect(gutters(el).every((gutter) => gutter === null)).to.equal(true);
  });
});
