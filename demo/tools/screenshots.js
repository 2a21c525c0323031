// Takes the README's screenshots of the demo during a flood, at 1280×800, light and
// dark, in the system Chromium: node demo/tools/screenshots.js (after npm run build).
// Writes demo/screenshots/flood-light.png, flood-dark.png and compare-light.png,
// made smaller by pngquant when it is installed (Debian: apt-get install pngquant).
import { spawnSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/browser.js';
import { ROOT, startServer } from '../../test/e2e/server.js';

const OUT = join(ROOT, 'demo', 'screenshots');
const FLOOD_MS = 2500;

const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
await mkdir(OUT, { recursive: true });
try {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector('#cell-4 select')?.options.length > 0);
    // seq to 100 million keeps flooding while the picture is taken.
    await page.fill('#cell-1 [name="param-lines"]', '100000000');
    for (const cell of [1, 2, 3, 4]) await page.click(`#cell-${cell} .run`);
    await page.waitForTimeout(FLOOD_MS);
    await page.screenshot({ path: join(OUT, `flood-${colorScheme}.png`) });
    for (const cell of [1, 2, 3, 4]) if (await page.isEnabled(`#cell-${cell} .stop`)) await page.click(`#cell-${cell} .stop`);
    if (colorScheme === 'light') {
      // The comparison, once the two quicker panes are done and the plain log is still at it.
      // In view: a browser draws no frames for cross-site frames out of view. The panes load once the section nears the view.
      await page.evaluate(() => document.querySelector('#compare').scrollIntoView());
      await page.waitForSelector('.pane-frame');
      await page.evaluate(() => document.querySelector('#compare').scrollIntoView({ block: 'end' }));
      await page.selectOption('#compare select', 'logs');
      await page.fill('#compare [name="param-lines"]', '100000');
      await page.fill('#compare [name="param-rate"]', '50000');
      await page.click('#compare .run');
      await page.waitForTimeout(3000);
      await page.locator('#compare').screenshot({ path: join(OUT, `compare-${colorScheme}.png`), timeout: 60_000 });
      await page.click('#compare .stop');
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
for (const name of await readdir(OUT)) {
  if (!name.endsWith('.png')) continue;
  const file = join(OUT, name);
  const quantized = spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality', '70-95', '--output', file, file]);
  if (quantized.error) break; // no pngquant: the pictures stay as Chromium wrote them
}
console.log(`screenshots in ${OUT}`);
