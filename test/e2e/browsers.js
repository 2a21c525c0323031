// The two system browsers behind one small interface, for the demo's end-to-end
// test: Chromium through playwright-core, Firefox through puppeteer-core (WebDriver BiDi).
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, FIREFOX_PREFS, findBrowser } from '../browser.js';

/** [{ name, missing?, open() }] for Chromium and Firefox; `missing` says why one cannot run. */
export function browsers() {
  return [
    {
      name: 'Chromium',
      ...findBrowser('chromium'),
      async open(path) {
        const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        return wrap(page, () => browser.close(), {
          waitForFunction: (fn, arg, timeout) => page.waitForFunction(fn, arg, { timeout, polling: 50 }),
        });
      },
    },
    {
      name: 'Firefox',
      ...findBrowser('firefox'),
      async open(path) {
        const browser = await puppeteer.launch({ browser: 'firefox', executablePath: path, headless: true, extraPrefsFirefox: FIREFOX_PREFS });
        const page = await browser.newPage();
        await page.setViewport({ width: 1280, height: 800 });
        return wrap(page, () => browser.close(), {
          waitForFunction: (fn, arg, timeout) => page.waitForFunction(fn, { timeout, polling: 50 }, arg),
        });
      },
    },
  ];
}

function wrap(page, close, { waitForFunction }) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message ?? String(error)));
  return {
    errors,
    close,
    closeTab: () => page.close(),
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitForFunction,
    focus: (selector) => page.focus(selector),
    press: (key) => page.keyboard.press(key),
    click: (selector) => page.click(selector),
  };
}
