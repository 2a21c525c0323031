import 'axe-core'; // UMD: defines the global axe
import type { AxeResults, ElementContext, RunOptions } from 'axe-core';
import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';
import { contrastRatio, ensureContrast, parseColor, type Rgb } from '../../src/view/contrast.js';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../src/view/styles.js';
import { mountConsoles } from '../support/mountConsoles.js';

const axe = (globalThis as unknown as { axe: { run(context: ElementContext, options: RunOptions): Promise<AxeResults> } }).axe;

const THEMES = [
  { theme: 'light', palette: LIGHT_PALETTE, background: '#ffffff' },
  { theme: 'dark', palette: DARK_PALETTE, background: '#1e1e1e' },
] as const;

function rgb(value: string): Rgb {
  const color = parseColor(value);
  if (color === null) throw new Error(`not a colour: ${value}`);
  return color;
}

/** One line per ANSI colour: SGR 30–37 and 90–97, so colour i is line i. */
const ALL_COLOURS = Array.from({ length: 16 }, (_, i) => `\x1b[${i < 8 ? 30 + i : 82 + i}mcolour ${i}\x1b[0m\n`).join('');

describe('<bounded-console> contrast', () => {
  const mountWith = mountConsoles();

  async function mount(attributes: Record<string, string>, output: string): Promise<BoundedConsole> {
    const el = await mountWith(attributes, 'height: 400px');
    el.write(output);
    await el.flush();
    return el;
  }

  /** The contrast of each rendered line's first span against the console's background. */
  function lineContrasts(el: BoundedConsole): number[] {
    const background = rgb(getComputedStyle(el).backgroundColor);
    return [...el.shadowRoot!.querySelectorAll('[part="line"]')].map((row) => {
      const span = row.querySelector('span') ?? row;
      return contrastRatio(rgb(getComputedStyle(span).color), background);
    });
  }

  for (const { theme, palette, background } of THEMES) {
    it(`should have a default ${theme} palette whose colours reach 4.5:1 on its background, but black on dark`, () => {
      const table = palette.map((colour, i) => `${i} ${colour} ${contrastRatio(rgb(colour), rgb(background)).toFixed(2)}`);
      const failing = table.filter((_, i) => contrastRatio(rgb(palette[i]!), rgb(background)) < 4.5);
      expect(failing, table.join('\n')).to.deep.equal(theme === 'dark' ? ['0 #000000 1.26'] : []);
    });

    it(`should draw every ANSI colour at 4.5:1 or more in the ${theme} theme, black on dark and white on light included`, async () => {
      const el = await mount({ theme }, ALL_COLOURS);
      const contrasts = lineContrasts(el);
      expect(contrasts).to.have.length(16);
      expect(contrasts.map((ratio, i) => (ratio >= 4.5 ? 'ok' : `colour ${i}: ${ratio.toFixed(2)}`))).to.deep.equal(contrasts.map(() => 'ok'));
    });

    it(`should keep the palette as styled with minimum-contrast 1 in the ${theme} theme`, async () => {
      const el = await mount({ theme, 'minimum-contrast': '1' }, ALL_COLOURS);
      const drawn = [...el.shadowRoot!.querySelectorAll('[part="line"] span')].map((span) => rgb(getComputedStyle(span).color));
      expect(drawn).to.deep.equal(palette.map(rgb));
    });

    it(`should give the focus ring, stderr and links at least 3:1 and 4.5:1 in the ${theme} theme`, async () => {
      const el = await mount({ theme }, 'oops\n\x1b]8;;https://example.com/\x07link\x1b]8;;\x07\n');
      el.write('err\n', 'stderr');
      await el.flush();
      const root = el.shadowRoot!;
      const back = rgb(getComputedStyle(el).backgroundColor);
      const viewport = root.querySelector<HTMLElement>('[part="viewport"]')!;
      viewport.focus();
      expect(contrastRatio(rgb(getComputedStyle(viewport).outlineColor), back), 'focus ring').to.be.at.least(3);
      expect(contrastRatio(rgb(getComputedStyle(root.querySelector('a')!).color), back), 'link').to.be.at.least(4.5);
      expect(contrastRatio(rgb(getComputedStyle(root.querySelector('[part="stderr"]')!).color), back), 'stderr').to.be.at.least(4.5);
    });
  }

  it('should adjust a colour against its own background, for palette, 256-colour and truecolour pairs, but not hidden text', async () => {
    const el = await mount({ theme: 'dark' }, '\x1b[37;47mwhite on white\x1b[0m\n\x1b[38;5;236mgrey on dark\x1b[0m\n\x1b[38;2;200;200;0;48;2;220;220;0myellow on yellow\x1b[0m\n\x1b[8;31;41mhidden\x1b[0m\n');
    const spans = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="line"] span')];
    const pair = (span: HTMLElement) => contrastRatio(rgb(getComputedStyle(span).color), rgb(getComputedStyle(span).backgroundColor === 'rgba(0, 0, 0, 0)' ? getComputedStyle(el).backgroundColor : getComputedStyle(span).backgroundColor));
    expect(spans.slice(0, 3).map((span) => pair(span) >= 4.5)).to.deep.equal([true, true, true]);
    expect(spans[3]!.style.color).to.equal('');
  });

  it("should follow a page's own palette: a colour it makes too light is adjusted once the page sets it", async () => {
    const el = await mount({ theme: 'light' }, '\x1b[32mpale green\x1b[0m\n');
    el.style.setProperty('--bounded-console-color-2', '#ccffcc');
    await new Promise((resolve) => setTimeout(resolve, 0)); // the mutation observer
    await el.flush();
    const [ratio] = lineContrasts(el);
    expect(ratio).to.be.at.least(4.5);
  });

  it("should not redraw its rows when the page changes a class or style that leaves the colours as they were", async () => {
    const el = await mount({ theme: 'light' }, '\x1b[31mred\x1b[0m\n');
    const span = el.shadowRoot!.querySelector('[part="line"] span');
    document.body.classList.add('unrelated');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.flush();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    document.body.classList.remove('unrelated');
    expect(el.shadowRoot!.querySelector('[part="line"] span')).to.equal(span);
  });

  it('should take minimum-contrast as a decimal attribute and reject a ratio outside 1 to 21', async () => {
    const el = await mount({ 'minimum-contrast': '7' }, '');
    expect(el.minimumContrast).to.equal(7);
    el.setAttribute('minimum-contrast', '3.25');
    expect(el.minimumContrast).to.equal(3.25);
    for (const bad of [0.5, 22, Number.NaN]) expect(() => (el.minimumContrast = bad), String(bad)).to.throw(RangeError);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      el.setAttribute('minimum-contrast', 'high');
    } finally {
      console.warn = warn;
    }
    expect(el.minimumContrast).to.equal(3.25);
    expect(el.getAttribute('minimum-contrast')).to.equal('3.25');
  });

  it('should move a colour just far enough, keeping one that already passes', () => {
    expect(ensureContrast([0, 136, 0], [255, 255, 255], 4.5)).to.equal(null);
    const adjusted = ensureContrast([0, 0, 0], [30, 30, 30], 4.5)!;
    expect(contrastRatio(adjusted, [30, 30, 30])).to.be.within(4.5, 5.5);
    // No colour reaches 21:1 on mid grey: the best reachable is returned.
    expect(contrastRatio(ensureContrast([128, 128, 128], [128, 128, 128], 21)!, [128, 128, 128])).to.be.greaterThan(5);
  });

  it('should pass axe-core on a page with coloured consoles in both themes', async () => {
    for (const { theme } of THEMES) {
      await mount({ theme, label: `Output, ${theme}` }, ALL_COLOURS + '\x1b[7minverse\x1b[0m \x1b[1;4mbold underline\x1b[0m\n');
      // The reading controls too: the toolbar, the find bar with a search, and the trim marker.
      const reading = await mount({ theme, label: `Reading, ${theme}`, toolbar: '', 'max-lines': '5' }, 'one\ntwo error\nthree\nfour\nfive error\nsix\n');
      await reading.openFind();
      await reading.find('error');
      reading.shadowRoot!.querySelector('[part="viewport"]')!.scrollTop = 0;
    }
    // The consoles, not the bare test page around them: it has no title, lang or landmarks.
    const pageRules = ['document-title', 'html-has-lang', 'landmark-one-main', 'page-has-heading-one', 'region'];
    const results = await axe.run({ include: [...mountWith.mounted] } as unknown as ElementContext, {
      resultTypes: ['violations'],
      rules: Object.fromEntries(pageRules.map((rule) => [rule, { enabled: false }])),
    });
    expect(results.passes.length + results.incomplete.length, 'axe ran checks on the consoles').to.be.greaterThan(0);
    const violations = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(violations).to.deep.equal([]);
  });
});
