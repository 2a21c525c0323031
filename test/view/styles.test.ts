import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';

const mounted: HTMLElement[] = [];

async function consoleWith(output: string, stream: 'stdout' | 'stderr' = 'stdout', attributes: Record<string, string> = {}): Promise<HTMLElement> {
  const el = document.createElement('bounded-console') as BoundedConsole;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.style.height = '200px';
  document.body.append(el);
  mounted.push(el);
  el.write(output, stream);
  await el.flush();
  return el.shadowRoot!.querySelector<HTMLElement>('[part="line"]')!;
}

describe('<bounded-console> styled output', () => {
  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove();
  });

  it('should render SGR runs as spans with palette classes and computed colours', async () => {
    // Colours as the program gave them: #ff0000 is 4.0:1 on white, which minimum-contrast would adjust (see contrast.test.ts).
    const row = await consoleWith('plain \x1b[1;31mbold red\x1b[0m \x1b[38;5;196mcube\x1b[0m \x1b[48;2;1;2;3mtrue\x1b[0m\n', 'stdout', { 'minimum-contrast': '1' });
    const spans = [...row.querySelectorAll('span')];
    expect(row.textContent).to.equal('plain bold red cube true');
    expect(spans.map((span) => span.className)).to.deep.equal(['f1 bold', '', '']);
    expect(spans[1]!.style.color).to.equal('rgb(255, 0, 0)');
    expect(spans[2]!.style.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(spans[0]!).fontWeight).to.equal('700');
  });

  it('should let the page theme the palette through --bounded-console-color-N', async () => {
    const row = await consoleWith('\x1b[32mgreen\n');
    row.getRootNode();
    (row.getRootNode() as ShadowRoot).host.setAttribute('style', 'height: 200px; --bounded-console-color-2: rgb(1, 2, 3)');
    expect(getComputedStyle(row.querySelector('span')!).color).to.equal('rgb(1, 2, 3)');
  });

  it('should swap colours for inverse video, defaults included', async () => {
    const row = await consoleWith('\x1b[7minv\x1b[0m \x1b[31;7mred\n');
    const [plainInverse, redInverse] = [...row.querySelectorAll('span')];
    expect(plainInverse!.className).to.equal('f-bg b-fg');
    expect(redInverse!.className).to.equal('f-bg b1');
  });

  it('should make links only of http, https and mailto URLs, opening safely', async () => {
    const row = await consoleWith(
      '\x1b]8;;https://example.com/\x07web\x1b]8;;\x07 \x1b]8;;javascript:alert(1)\x07bad\x1b]8;;\x07 \x1b]8;;mailto:a@b.c\x07mail\x1b]8;;\x07\n',
    );
    const anchors = [...row.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/', 'mailto:a@b.c']);
    expect(anchors[0]!.rel).to.equal('noopener noreferrer');
    expect(anchors[0]!.target).to.equal('_blank');
    expect(row.textContent).to.equal('web bad mail');
  });

  it('should tint stderr text through its part, unless it has a colour of its own', async () => {
    const row = await consoleWith('oops \x1b[32mgreen\n', 'stderr');
    const [tinted, green] = [...row.querySelectorAll('[part="stderr"]')] as HTMLElement[];
    expect(getComputedStyle(tinted!).color).to.not.equal(getComputedStyle(row).color);
    expect(green!.className).to.equal('f2 stderr');
  });

  it('should mark a line cut at max-line-length', async () => {
    const el = document.createElement('bounded-console') as BoundedConsole;
    el.setAttribute('max-line-length', '5');
    document.body.append(el);
    mounted.push(el);
    el.write('0123456789\nshort\n');
    await el.flush();
    const rows = [...el.shadowRoot!.querySelectorAll('[part="line"]')];
    expect(rows.map((row) => row.textContent)).to.deep.equal(['01234 …', 'short']);
    expect(rows[0]!.querySelector('[part="truncated"]')).to.not.equal(null);
    expect(el.truncatedChars).to.equal(5);
  });

  it('should mark a cut line whose coloured blank cells past the text come in several runs', async () => {
    const el = document.createElement('bounded-console') as BoundedConsole;
    el.setAttribute('max-line-length', '8');
    document.body.append(el);
    mounted.push(el);
    // Red blanks moved over, green erased cells, then text past the limit: the truncation flag is on the last run.
    el.write('a\x1b[41m\x1b[20C\x1b[42m\x1b[X\x1b[0m' + 'z'.repeat(30) + '\n');
    await el.flush();
    const row = el.shadowRoot!.querySelector('[part="line"]')!;
    expect(el.truncatedChars).to.be.above(0);
    expect(row.querySelector('[part="truncated"]')).to.not.equal(null);
  });

  it('should render progress-bar output as its final state', async () => {
    const row = await consoleWith('\r 10%\r 50%\r100% done\n');
    expect(row.textContent).to.equal('100% done');
  });
});
