// Measures the demo's real path, for the README: bytes per second from seq and from
// the firehose (1) alone, into a pipe a Node process drains, and into /dev/null;
// (2) through the demo server into a Node HTTP client; (3) through the server into
// the page, read by fetch and thrown away, then into a cell's <bounded-console>, in
// headless Chromium and Firefox.
// Usage: node demo/tools/measure.js [rounds] (after npm run build). Prints medians.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { browsers } from '../../test/e2e/browsers.js';
import { ROOT, startServer } from '../../test/e2e/server.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const FIREHOSE_SECONDS = 5;
const SUBJECTS = {
  seq: { argv: ['seq', '1', '10000000'], path: '/api/run/seq?lines=10000000', cell: { generator: 'seq', params: { lines: 10_000_000 } } },
  firehose: {
    argv: [process.execPath, join(ROOT, 'demo', 'programs', 'firehose.js'), String(FIREHOSE_SECONDS)],
    path: `/api/run/firehose?seconds=${FIREHOSE_SECONDS}`,
    cell: { generator: 'firehose', params: { seconds: FIREHOSE_SECONDS } },
  },
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** The program alone: its stdout a pipe this process drains and counts, or /dev/null. */
function alone([file, ...args], sink) {
  return new Promise((resolve) => {
    const start = performance.now();
    const stdout = sink === 'pipe' ? 'pipe' : openSync('/dev/null', 'w');
    const child = spawn(file, args, { stdio: ['ignore', stdout, 'inherit'] });
    let bytes = 0;
    child.stdout?.on('data', (chunk) => (bytes += chunk.length));
    child.on('close', () => resolve({ bytes, ms: performance.now() - start }));
  });
}

/** Through the server into a Node client reading as fast as it can. */
function overHttp(url) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let bytes = 0;
    get(url, (response) => {
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve({ bytes, ms: performance.now() - start }));
    }).on('error', reject);
  });
}

/** Through the server into the page, read by fetch (with the page's credit reports) and thrown away. */
function intoPage(page, path) {
  return page.evaluate(async (path) => {
    const { runOnServer } = await import('/wire.js');
    const start = performance.now();
    const exit = await runOnServer(new URL(path, location.href).pathname.split('/').at(-1), Object.fromEntries(new URL(path, location.href).searchParams), {
      writable: new WritableStream(),
      writeStderr() {},
    });
    return { bytes: exit.stdoutBytes + exit.stderrBytes, ms: performance.now() - start };
  }, path);
}

/** Through the server into cell 1's console; the server's exit event gives the bytes and seconds. */
async function intoConsole(page, { generator, params }) {
  await page.evaluate(
    ([generator, params]) => {
      const set = (selector, value) => {
        const control = document.querySelector(selector);
        control.value = String(value);
        control.dispatchEvent(new Event('change', { bubbles: true }));
      };
      set('#cell-1 select', generator);
      for (const [name, value] of Object.entries(params)) set(`#cell-1 [name="param-${name}"]`, value);
    },
    [generator, params],
  );
  await page.click('#cell-1 .run');
  await page.waitForFunction(() => document.querySelector('#cell-1').dataset.state !== 'running', null, 300_000);
  const exit = await page.evaluate(() => JSON.parse(document.querySelector('#cell-1').dataset.exit));
  return { bytes: exit.stdoutBytes + exit.stderrBytes, ms: exit.seconds * 1000 };
}

const rows = [];
const server = await startServer();
try {
  for (const [name, subject] of Object.entries(SUBJECTS)) {
    const runs = { pipe: [], devnull: [], http: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const sink of ['pipe', 'devnull']) {
        const { bytes, ms } = await alone(subject.argv, sink);
        runs[sink].push(sink === 'pipe' ? mbps(bytes, ms) : ms);
      }
      const { bytes, ms } = await overHttp(new URL(subject.path, server.url));
      runs.http.push(mbps(bytes, ms));
    }
    const size = name === 'seq' ? 78_888_897 : null;
    rows.push([name, 'alone, into a pipe drained by Node', median(runs.pipe)]);
    if (size !== null) rows.push([name, 'alone, into /dev/null', mbps(size, median(runs.devnull))]);
    rows.push([name, 'through the server, into a Node HTTP client', median(runs.http)]);
  }
  for (const browser of browsers()) {
    if (browser.missing) {
      console.error(`skipping ${browser.name}: ${browser.missing}`);
      continue;
    }
    const page = await browser.open(browser.path);
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector('#cell-1 select')?.options.length > 0, null, 30_000);
    for (const [name, subject] of Object.entries(SUBJECTS)) {
      const read = [];
      const shown = [];
      for (let round = 0; round < ROUNDS; round++) {
        const discarded = await intoPage(page, subject.path);
        read.push(mbps(discarded.bytes, discarded.ms));
        const { bytes, ms } = await intoConsole(page, subject.cell);
        shown.push(mbps(bytes, ms));
      }
      rows.push([name, `through the server, read and thrown away by the page in ${browser.name}`, median(read)]);
      rows.push([name, `through the server, into <bounded-console> in ${browser.name}`, median(shown)]);
    }
    await page.close();
  }
} finally {
  await server.stop();
}
console.log(`| program | path | MB/s (median of ${ROUNDS}) |\n| --- | --- | ---: |`);
for (const [name, path, value] of rows) console.log(`| ${name} | ${path} | ${value.toFixed(0)} |`);
