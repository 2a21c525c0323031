import { emulateMedia } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';
import { mountConsoles } from '../support/mountConsoles.js';

const LIGHT_BACKGROUND = 'rgb(255, 255, 255)';
const DARK_BACKGROUND = 'rgb(30, 30, 30)';

/**
 * Sets the operating system's preference where the browser lets a test do so
 * (Chromium); Firefox cannot emulate it and runs with a dark one (test/browser.js).
 * Returns whether the preference is now `scheme`.
 */
async function preferScheme(scheme: 'light' | 'dark'): Promise<boolean> {
  await emulateMedia({ colorScheme: scheme }).catch(() => undefined);
  return matchMedia(`(prefers-color-scheme: ${scheme})`).matches;
}

describe('<bounded-console> colour scheme', () => {
  const mountWith = mountConsoles();
  afterEach(async () => {
    document.documentElement.style.colorScheme = '';
    await preferScheme('light');
  });

  const mount = (theme?: string): Promise<BoundedConsole> => mountWith(theme === undefined ? {} : { theme });

  const background = (el: HTMLElement) => getComputedStyle(el).backgroundColor;

  it("should follow a dark page under a light operating system", async function () {
    if (!(await preferScheme('light'))) this.skip();
    document.documentElement.style.colorScheme = 'dark';
    expect(background(await mount())).to.equal(DARK_BACKGROUND);
  });

  it("should follow a light page under a dark operating system", async function () {
    if (!(await preferScheme('dark'))) this.skip();
    document.documentElement.style.colorScheme = 'light';
    expect(background(await mount())).to.equal(LIGHT_BACKGROUND);
  });

  it("should follow the page's scheme as it changes, whatever the operating system prefers", async () => {
    const el = await mount();
    document.documentElement.style.colorScheme = 'dark';
    expect(background(el)).to.equal(DARK_BACKGROUND);
    document.documentElement.style.colorScheme = 'light';
    expect(background(el)).to.equal(LIGHT_BACKGROUND);
  });

  it('should let the theme attribute override the page: light, dark, and auto for the operating system', async () => {
    document.documentElement.style.colorScheme = 'dark';
    const el = await mount('light');
    expect(el.theme).to.equal('light');
    expect(background(el)).to.equal(LIGHT_BACKGROUND);
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    document.documentElement.style.colorScheme = 'light';
    expect(background(el)).to.equal(DARK_BACKGROUND);
    el.theme = 'auto';
    await el.updateComplete;
    const osDark = matchMedia('(prefers-color-scheme: dark)').matches;
    expect(background(el)).to.equal(osDark ? DARK_BACKGROUND : LIGHT_BACKGROUND);
    el.theme = null;
    await el.updateComplete;
    expect(el.hasAttribute('theme')).to.equal(false);
    expect(background(el)).to.equal(LIGHT_BACKGROUND);
  });

  it('should reject an unknown theme property with a RangeError, and warn once on an unknown attribute', async () => {
    const el = await mount('dark');
    expect(() => (el.theme = 'sepia' as 'dark')).to.throw(RangeError);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      el.setAttribute('theme', 'sepia');
    } finally {
      console.warn = warn;
    }
    expect(el.theme).to.equal('dark');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('theme="sepia"');
  });
});
