import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';
import { mountConsoles } from '../support/mountConsoles.js';

describe('<bounded-console> export', () => {
  const mountWith = mountConsoles();
  const mount = (maxLines: number): Promise<BoundedConsole> => mountWith({ 'max-lines': String(maxLines) });

  it('should give the retained lines as a plain-text Blob, pending output included, each line ended', async () => {
    const el = await mount(1000);
    let written = '';
    for (let i = 0; i < 3000; i++) written += `L${i}\t→ 流\n`;
    el.write(written);
    el.write('\x1b[31mred\x1b[0m and a current line');
    const blob = el.toBlob();
    expect(blob.type).to.equal('text/plain; charset=utf-8');
    // Tabs are expanded, as a terminal shows them: the text is what el.text holds.
    const expected = written.split('\n').slice(2001, 3000).map((line) => line.replace('\t', '   ')).join('\n') + '\nred and a current line\n';
    expect(await blob.text()).to.equal(expected);
    expect(el.text + '\n').to.equal(expected);
  });

  it('should keep colours as escapes with ansi, so a second console shows the same', async () => {
    const el = await mount(100);
    el.write('\x1b[1;32mok\x1b[0m plain \x1b[7;38;5;208minverse\x1b[0m\n');
    const ansi = await el.toBlob({ ansi: true }).text();
    const copy = await mount(100);
    copy.write(ansi);
    await Promise.all([el.flush(), copy.flush()]);
    const html = (console: BoundedConsole) => console.shadowRoot!.querySelector('[part="line"]')!.innerHTML;
    expect(html(copy)).to.equal(html(el));
  });

  it('should export 1,000,000 lines in 1 Mi-character pieces', async function () {
    this.timeout(60_000);
    const el = await mount(1_000_000);
    const block = Array.from({ length: 1000 }, (_, i) => `${i}`.padStart(40, '.')).join('\n') + '\n';
    for (let i = 0; i < 1000; i++) el.write(block);
    const blob = el.toBlob();
    expect(blob.size).to.equal(block.length * 1000);
    const tail = await blob.slice(blob.size - 41).text();
    expect(tail).to.equal(`${'999'.padStart(40, '.')}\n`);
  });
});
