// Takes the README's screenshots of the notebook page during a flood, at 1280×800,
// light and dark, in the system Chromium: node demo/notebook/screenshots.js (after
// npm run build; needs Debian's jupyter-server and python3-ipykernel). Writes
// demo/screenshots/notebook-light.png and notebook-dark.png, made smaller by
// pngquant when it is installed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/browser.js';
import { ROOT, startServer } from '../../test/e2e/server.js';

const OUT = join(ROOT, 'demo', 'screenshots');
const FLOOD_MS = 3000;
/** Cells run to the end before the picture: a tqdm bar, the nested bars, text and a result. */
const FINISHED_CELLS = [2, 3, 4];

const server = await startServer({ script: 'demo/notebook/serve.js', banner: /^bounded-console notebook: http:/ });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const written = [];
try {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('kernel').dataset.status === 'idle', null, { timeout: 60_000 });
    for (const cell of FINISHED_CELLS) {
      await page.click(`#cell-${cell} .run`);
      await page.waitForFunction((id) => ['done', 'error'].includes(document.getElementById(id).dataset.state), `cell-${cell}`, { timeout: 60_000 });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    // Ten million lines: still flooding when the picture is taken.
    await page.click('#cell-1 .run');
    await page.waitForTimeout(FLOOD_MS);
    const file = join(OUT, `notebook-${colorScheme}.png`);
    await page.screenshot({ path: file });
    written.push(file);
    await page.click('#interrupt');
    await page.waitForFunction(() => document.getElementById('cell-1').dataset.state === 'error', null, { timeout: 30_000 });
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
for (const file of written) {
  const quantized = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality', '70-95', '--output', file, file]);
  if (quantized.error) break; // no pngquant: the pictures stay as Chromium wrote them
}
console.log(`screenshots: ${written.join(', ')}`);
