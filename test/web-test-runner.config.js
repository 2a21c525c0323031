// Runs every test in the system Chromium (through Playwright) and the system
// Firefox (through puppeteer-core's WebDriver BiDi). A missing browser is named in
// one line and the other still runs; with CI set, both are required.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, FIREFOX_PREFS, findBrowser } from './browser.js';
import { esbuildBundlePlugin } from './esbuild-bundle.js';

function launchers() {
  const chromium = findBrowser('chromium');
  const firefox = findBrowser('firefox');
  const browsers = [];
  if (chromium.path) {
    browsers.push(
      playwrightLauncher({
        product: 'chromium',
        launchOptions: { executablePath: chromium.path, args: CHROMIUM_ARGS },
      }),
    );
  }
  if (firefox.path) {
    browsers.push(
      chromeLauncher({
        puppeteer,
        launchOptions: {
          browser: 'firefox',
          executablePath: firefox.path,
          headless: true,
          extraPrefsFirefox: FIREFOX_PREFS,
        },
      }),
    );
  }
  const missing = [chromium.missing, firefox.missing].filter(Boolean);
  if (browsers.length === 0 || (process.env.CI && missing.length > 0)) {
    for (const reason of missing) console.error(`bounded-console: ${reason}`);
    console.error('bounded-console: ' + (browsers.length === 0 ? 'no browser to test in.' : 'CI requires both browsers.'));
    process.exit(1);
  }
  if (missing.length > 0) console.error(`bounded-console: ${missing[0]} Testing in ${chromium.path ? 'Chromium' : 'Firefox'} only.`);
  return browsers;
}

const browsers = launchers();

export default {
  rootDir: '.',
  files: ['test/**/*.test.ts'],
  // Lit's production build: its dev-mode warnings are noise in test output.
  nodeResolve: { exportConditions: ['production'] },
  // Modules imported with ?bundle (React, which ships only CommonJS) are bundled by esbuild first.
  plugins: [esbuildBundlePlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers,
  // Property tests split their seeds between the browsers (test/support/random.ts).
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><body><script>globalThis.__seedShares = ${browsers.length};</script><script type="module" src="${testFramework}"></script></body></html>`,
  // One browser page at a time: the machine has 2 cores, and the timing-sensitive
  // view tests must not share them with a second browser.
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 60_000 } },
  testsFinishTimeout: 20 * 60_000,
};
