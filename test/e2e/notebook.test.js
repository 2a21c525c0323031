// `npm run notebook` end to end: the real server (`node demo/notebook/serve.js`),
// Debian's Jupyter server and IPython kernel, and the page in headless Chromium, with
// a shorter pass in Firefox: ten million lines through a real kernel take 26 to 58 s
// here, once, and the file must stay well under 90 s. Skipped with one line where
// Jupyter is missing, except under CI, which installs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Terminal } from '@xterm/headless/lib-headless/xterm-headless.mjs';
import { missingJupyter } from '../../demo/notebook/jupyter.js';
import { browsers } from './browsers.js';
import { frameGapFigures, startFrameGaps, stopFrameGaps } from './frames.js';
import { ROOT, groupAlive, listeningAddresses, startServer, waitUntil } from './server.js';

const FLOOD_LINES = 10_000_000;
/** What `print(i)` for i below 10**7 writes: digits and a newline each. */
const FLOOD_BYTES = 68_888_890 + FLOOD_LINES;
/** Floods at most: a second one only when the machine, not the page, missed frames (see the test). */
const FRAME_ATTEMPTS = 2;
const IDLE_BASELINE_MS = 3000;
const FLOOD_TIMEOUT_MS = 150_000;
const CELL_TIMEOUT_MS = 30_000;
const BANNER = /^bounded-console notebook: http:/;
const chromium = browsers().find((browser) => browser.name === 'Chromium');
const firefox = browsers().find((browser) => browser.name === 'Firefox');
const jupyterMissing = missingJupyter();
const missing = jupyterMissing ?? (chromium.missing ? `Chromium: ${chromium.missing}` : null);
const skip = missing !== null && !process.env.CI ? `notebook skipped: ${missing}` : false;

/** Runs `code` in a new cell; resolves with what the cell shows once the kernel replied. */
async function runInNewCell(page, code, { timeoutMs = CELL_TIMEOUT_MS } = {}) {
  const number = await page.evaluate((code) => {
    const cell = window.notebook.addCell(code);
    cell.run();
    return cell.number;
  }, code);
  await page.waitForFunction((id) => ['done', 'error'].includes(document.getElementById(id).dataset.state), `cell-${number}`, timeoutMs);
  return cellShows(page, number);
}

function cellShows(page, number) {
  return page.evaluate(async (id) => {
    const root = document.getElementById(id);
    const el = root.querySelector('bounded-console');
    await el.flush();
    return { number: Number(id.slice(5)), state: root.dataset.state, count: root.dataset.count, status: root.querySelector('[data-figure="status"]').textContent, text: el.text, lineCount: el.lineCount, droppedLines: el.droppedLines };
  }, `cell-${number}`);
}

/** The lines a terminal 200 columns wide shows for `raw`, trailing blanks trimmed. */
async function terminalLines(raw) {
  const terminal = new Terminal({ cols: 200, rows: 50, convertEol: true, allowProposedApi: true });
  await new Promise((resolve) => terminal.write(raw, resolve));
  const lines = [];
  for (let row = 0; row < terminal.buffer.active.length; row++) lines.push(terminal.buffer.active.getLine(row).translateToString(true));
  terminal.dispose();
  return trimLines(lines);
}

/** The pids the server said it started: `what` is 'jupyter server' or 'kernel'. */
function pidsSaid(server, what) {
  const pattern = new RegExp(`^bounded-console notebook: ${what} pid (\\d+)`);
  return server.lines.map((line) => pattern.exec(line)?.[1]).filter((pid) => pid !== undefined).map(Number);
}

function trimLines(lines) {
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.length > 0 && trimmed.at(-1) === '') trimmed.pop();
  return trimmed;
}

describe('notebook page on a real kernel, in Chromium (and briefly Firefox)', { skip }, () => {
  let server;
  let page;
  before(() => {
    assert.equal(missing, null, `CI requires Jupyter and Chromium: ${missing}`);
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}${build.stderr}`);
  });
  before(async () => {
    server = await startServer({ script: 'demo/notebook/serve.js', banner: BANNER });
    page = await chromium.open(chromium.path);
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('kernel').dataset.status === 'idle', null, 60_000);
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  test('the address carries a token; without it, from elsewhere, or off the list, nothing is served', async () => {
    const origin = new URL(server.url).origin;
    const signIn = await fetch(server.url, { redirect: 'manual' });
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get('location'), '/');
    const cookie = signIn.headers.get('set-cookie').split(';')[0];
    assert.match(signIn.headers.get('set-cookie'), /HttpOnly; SameSite=Strict/);
    const status = async (path, init = {}) => (await fetch(new URL(path, origin), { redirect: 'manual', ...init })).status;
    assert.equal(await status('/'), 403, 'no cookie');
    assert.equal(await status('/?token=0123'), 403, 'wrong token');
    assert.equal(await status('/api/kernels'), 403, 'the API without the cookie');
    assert.equal(await status('/', { headers: { cookie } }), 200);
    assert.equal(await status('/api/kernels', { headers: { cookie } }), 200, 'the kernels, through the proxy');
    assert.equal(await status('/api/contents', { headers: { cookie } }), 404, 'Jupyter\'s other APIs are not proxied');
    assert.equal(await status('/api/kernels', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"name":"bash"}' }), 400);
    assert.equal(await status('/api/kernels', { headers: { cookie, origin: 'http://evil.example' } }), 403, 'another origin');
    assert.equal(await status('/api/kernels', { headers: { cookie, 'sec-fetch-site': 'cross-site' } }), 403, 'another site');
    const rebound = await new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port: server.port, path: '/api/kernels', headers: { host: 'evil.example', cookie } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    assert.equal(rebound, 421, 'a name rebound to 127.0.0.1');
    // The page's WebSocket needs the cookie too.
    const refused = await page.evaluate(
      (port) =>
        new Promise((resolve) => {
          const socket = new WebSocket(`ws://localhost:${port}/api/kernels/00000000-0000-0000-0000-000000000000/channels?session_id=x`);
          socket.onopen = () => resolve('opened');
          socket.onerror = () => resolve('refused');
        }),
      server.port,
    );
    assert.equal(refused, 'refused', 'no cookie on localhost: no socket');
    const jupyterPort = Number(/ on 127\.0\.0\.1:(\d+)$/.exec(server.lines.find((line) => /jupyter server pid/.test(line)))[1]);
    for (const port of [server.port, jupyterPort]) {
      const listening = await listeningAddresses(port);
      if (listening !== null) assert.deepEqual(listening, ['tcp 0100007F'], `port ${port}`);
    }
  });

  test('Shift+Enter runs a cell from the keyboard; the counter counts', async () => {
    const number = await page.evaluate(() => window.notebook.addCell('').number);
    await page.focus(`#cell-${number} .cm-content`);
    for (const key of ['1', '+', '1']) await page.press(key);
    await page.press('Shift+Enter');
    await page.waitForFunction((id) => document.getElementById(id).dataset.state === 'done', `cell-${number}`, CELL_TIMEOUT_MS);
    const shown = await cellShows(page, number);
    assert.equal(shown.text, '2\n');
    assert.match(await page.evaluate((id) => document.querySelector(`#${id} .prompt`).textContent, `cell-${number}`), /^\[\d+\]:$/);
    assert.equal(await page.evaluate((next) => document.activeElement?.closest('.cell')?.id, number + 1), `cell-${number + 1}`, 'the focus moved to the next cell');
    const again = await runInNewCell(page, '2+2');
    assert.equal(Number(again.count), Number(shown.count) + 1);
  });

  test(`${FLOOD_LINES.toLocaleString('en')} printed lines stream in while the page keeps its frames; the last line is ${FLOOD_LINES - 1}`, async (t) => {
    // The counts must hold on every attempt. The frame gaps also depend on what else
    // this shared machine runs (the page itself is idle most of the time: the kernel
    // is the bottleneck). The same page doing nothing, measured just before, says what
    // the machine allows: only when it too missed frames is the flood run again (each
    // run is 35-60 s here, so at most once).
    const p99s = [];
    const idleP99s = [];
    for (let attempt = 1; attempt <= FRAME_ATTEMPTS; attempt++) {
      await startFrameGaps(page);
      await new Promise((resolve) => setTimeout(resolve, IDLE_BASELINE_MS));
      const idle = frameGapFigures(await stopFrameGaps(page));
      idleP99s.push(idle.p99);
      await startFrameGaps(page);
      const started = performance.now();
      const shown = await runInNewCell(page, `for i in range(${FLOOD_LINES}):\n    print(i)`, { timeoutMs: FLOOD_TIMEOUT_MS });
      const seconds = (performance.now() - started) / 1000;
      const { p99, worst, frames } = frameGapFigures(await stopFrameGaps(page));
      assert.equal(shown.state, 'done', shown.status);
      assert.equal(shown.lineCount, 10_000, 'max-lines kept');
      assert.equal(shown.lineCount + shown.droppedLines, FLOOD_LINES, 'every line counted');
      assert.equal(shown.text.split('\n').at(-2), String(FLOOD_LINES - 1));
      assert.ok(frames >= 30, `${frames} frames`);
      p99s.push(p99);
      t.diagnostic(
        `attempt ${attempt}: ${FLOOD_LINES} lines in ${seconds.toFixed(1)} s (${(FLOOD_BYTES / 1e6 / seconds).toFixed(1)} MB/s); ` +
          `frame-gap p99 ${p99.toFixed(1)} ms, worst ${worst.toFixed(1)} ms, ${frames} frames; the idle page just before: p99 ${idle.p99.toFixed(1)} ms, worst ${idle.worst.toFixed(1)} ms`,
      );
      if (p99 < 50 || idle.p99 < 50) break;
    }
    const ms = (values) => values.map((value) => value.toFixed(1)).join(', ');
    assert.ok(p99s.at(-1) < 50, `frame-gap p99 of each attempt: ${ms(p99s)} ms (of the idle page before each: ${ms(idleP99s)} ms)`);
  });

  test('Interrupt stops `while True: print(1)` within 2 s, and the kernel then runs 1+1', async () => {
    const number = await page.evaluate(() => {
      const cell = window.notebook.addCell('while True:\n    print(1)');
      cell.run();
      return cell.number;
    });
    await page.waitForFunction((id) => document.querySelector(`#${id} bounded-console`).lineCount > 1000, `cell-${number}`, CELL_TIMEOUT_MS);
    const pressed = performance.now();
    await page.click('#interrupt');
    await page.waitForFunction((id) => document.getElementById(id).dataset.state === 'error', `cell-${number}`, 10_000);
    const took = performance.now() - pressed;
    const shown = await cellShows(page, number);
    assert.equal(shown.status, 'KeyboardInterrupt: interrupted');
    assert.match(shown.text, /KeyboardInterrupt/);
    assert.ok(took < 2000, `stopped ${took.toFixed(0)} ms after Interrupt`);
    assert.equal((await runInNewCell(page, '1+1')).text, '2\n');
  });

  test('a tqdm bar ends as one line', async () => {
    const shown = await runInNewCell(page, 'from tqdm import tqdm\nimport time\nfor _ in tqdm(range(50), desc="one bar", ncols=80):\n    time.sleep(0.01)');
    assert.equal(shown.state, 'done', shown.status);
    const lines = trimLines(shown.text.split('\n'));
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.match(lines[0], /^one bar: 100%\|█+\| 50\/50 \[/);
  });

  test('nested tqdm bars (position=) end as a terminal shows them', async () => {
    const number = await page.evaluate(() => window.notebook.addCell('').number);
    // The raw stream, as the page hands it to the console, for a real terminal to render too.
    await page.evaluate((id) => {
      const el = document.querySelector(`#${id} bounded-console`);
      window.rawStream = '';
      const write = el.write.bind(el);
      el.write = (text, stream) => {
        window.rawStream += text;
        write(text, stream);
      };
    }, `cell-${number}`);
    const code = [
      'from tqdm import tqdm',
      'for i in tqdm(range(3), desc="outer", position=0, bar_format="{desc}: {n}/{total}"):',
      '    for j in tqdm(range(100), desc=f"inner {i}", position=1, leave=False, bar_format="{desc}: {n}/{total}", mininterval=0):',
      '        pass',
    ].join('\n');
    await page.evaluate(([number, code]) => {
      const cell = window.notebook.cells.find((candidate) => candidate.number === number);
      cell.code = code;
      cell.run();
    }, [number, code]);
    await page.waitForFunction((id) => ['done', 'error'].includes(document.getElementById(id).dataset.state), `cell-${number}`, CELL_TIMEOUT_MS);
    const shown = await cellShows(page, number);
    assert.equal(shown.state, 'done', shown.status);
    const raw = await page.evaluate(() => window.rawStream);
    assert.match(raw, /\x1b\[A/, 'the bars moved the cursor up');
    const expected = await terminalLines(raw);
    assert.deepEqual(trimLines(shown.text.split('\n')), expected);
    // The inner bars, not left, are erased; the outer one stays, complete.
    assert.deepEqual(expected, ['outer: 3/3']);
  });

  test('a traceback keeps IPython\'s colours', async () => {
    const shown = await runInNewCell(page, 'def f(x):\n    return 1 / x\n\nf(0)');
    assert.equal(shown.status, 'ZeroDivisionError');
    assert.match(shown.text, /ZeroDivisionError: division by zero/);
    assert.doesNotMatch(shown.text, /\x1b/, 'no escape shows as text');
    const colours = await page.evaluate((id) => {
      const rows = document.querySelector(`#${id} bounded-console`).shadowRoot.querySelectorAll('span');
      return [...new Set([...rows].filter((span) => span.textContent.trim() !== '').map((span) => getComputedStyle(span).color))];
    }, `cell-${shown.number}`);
    assert.ok(colours.length >= 3, `coloured spans: ${colours.join(', ')}`);
  });

  test('nothing from the kernel becomes HTML', async () => {
    const shown = await runInNewCell(
      page,
      [
        'print(\'<img src=x onerror="window.injected=1"><b>bold</b>\')',
        'from IPython.display import HTML, display',
        'display(HTML(\'<img src=y onerror="window.injected=2">\'))',
        'display({"text/html": "<img src=z onerror=\\"window.injected=3\\">"}, raw=True)',
      ].join('\n'),
    );
    assert.equal(shown.state, 'done', shown.status);
    assert.match(shown.text, /^<img src=x onerror="window\.injected=1"><b>bold<\/b>\n<IPython\.core\.display\.HTML object>\n\(text\/html output not shown/);
    const found = await page.evaluate((id) => {
      const el = document.querySelector(`#${id} bounded-console`);
      return { injected: window.injected ?? null, images: document.querySelectorAll('img').length + el.shadowRoot.querySelectorAll('img, b').length };
    }, `cell-${shown.number}`);
    assert.deepEqual(found, { injected: null, images: 0 });
  });

  test('clear_output clears at once, or with wait=True at the next output', async () => {
    const now = await runInNewCell(page, 'from IPython.display import clear_output\nprint("gone")\nclear_output()');
    assert.equal(now.text, '');
    const wait = await runInNewCell(page, 'from IPython.display import clear_output\nimport time\nfor i in range(3):\n    clear_output(wait=True)\n    print(f"frame {i}")\n    time.sleep(0.05)');
    assert.equal(wait.text, 'frame 2\n');
  });

  test('Restart gives a fresh kernel and the old one is gone', async () => {
    await runInNewCell(page, 'x = 41');
    const before = pidsSaid(server, 'kernel').filter((pid) => groupAlive(pid));
    assert.equal(before.length, 1, `one kernel runs; the server said:\n${server.lines.join('\n')}`);
    await page.click('#restart');
    await waitUntil(() => before.every((pid) => !groupAlive(pid)), { timeoutMs: 20_000, what: 'the old kernel to go' });
    await page.waitForFunction(() => document.getElementById('kernel').dataset.status === 'idle', null, 30_000);
    const shown = await runInNewCell(page, 'x + 1');
    assert.equal(shown.status, 'NameError');
    assert.equal((await runInNewCell(page, '1+1')).text, '2\n');
    assert.deepEqual(page.errors, []);
  });

  test('the page works in Firefox too: a result, a tqdm bar, a coloured traceback, no HTML', { skip: firefox.missing && !process.env.CI ? `Firefox skipped: ${firefox.missing}` : false }, async () => {
    assert.ok(!firefox.missing, `CI requires Firefox: ${firefox.missing}`);
    const other = await firefox.open(firefox.path);
    try {
      await other.goto(server.url);
      await other.waitForFunction(() => document.getElementById('kernel').dataset.status === 'idle', null, 60_000);
      assert.equal((await runInNewCell(other, '1+1')).text, '2\n');
      const bar = await runInNewCell(other, 'from tqdm import tqdm\nfor _ in tqdm(range(50), desc="bar", ncols=80):\n    pass');
      assert.match(bar.text, /^bar: 100%\|█+\| 50\/50 \[[^\n]*\n$/);
      const shown = await runInNewCell(other, 'print(\'<img src=x onerror="window.injected=1">\')\n1/0');
      assert.equal(shown.status, 'ZeroDivisionError');
      assert.match(shown.text, /^<img src=x onerror="window\.injected=1">\n/);
      const found = await other.evaluate((id) => {
        const root = document.querySelector(`#${id} bounded-console`).shadowRoot;
        const colours = new Set([...root.querySelectorAll('span')].filter((span) => span.textContent.trim() !== '').map((span) => getComputedStyle(span).color));
        return { injected: window.injected ?? null, images: document.querySelectorAll('img').length + root.querySelectorAll('img').length, colours: colours.size };
      }, `cell-${shown.number}`);
      assert.equal(found.injected, null);
      assert.equal(found.images, 0);
      assert.ok(found.colours >= 3, `${found.colours} colours`);
      assert.deepEqual(other.errors, []);
    } finally {
      await other.close();
    }
  });

  test('stopping the server stops Jupyter and every kernel', async () => {
    await waitUntil(() => pidsSaid(server, 'kernel').length >= 2, { what: 'the restarted kernel\'s pid' });
    const all = [...pidsSaid(server, 'jupyter server'), ...pidsSaid(server, 'kernel')];
    assert.ok(groupAlive(all[0]) && groupAlive(all.at(-1)), 'Jupyter and the kernel run before the stop');
    await server.stop();
    await waitUntil(() => all.every((pid) => !groupAlive(pid)), { timeoutMs: 10_000, what: `pids ${all.join(', ')} to go` });
  });
});

describe('no kernel outlives the notebook server', { skip: jupyterMissing !== null && !process.env.CI ? `notebook skipped: ${jupyterMissing}` : false }, () => {
  /** A server with one kernel started through it; resolves with it and the pids it said. */
  async function serverWithKernel() {
    const server = await startServer({ script: 'demo/notebook/serve.js', banner: BANNER });
    const signIn = await fetch(server.url, { redirect: 'manual' });
    const cookie = signIn.headers.get('set-cookie').split(';')[0];
    const started = await fetch(new URL('/api/kernels', server.url), { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"name":"python3"}' });
    assert.equal(started.status, 201);
    await server.waitForLine(/kernel pid \d+/);
    return { server, jupyter: pidsSaid(server, 'jupyter server')[0], kernel: pidsSaid(server, 'kernel')[0] };
  }

  test('when the Jupyter server crashes, the notebook server says so, stops its kernel and exits 1', async () => {
    const { server, jupyter, kernel } = await serverWithKernel();
    process.kill(jupyter, 'SIGKILL');
    const [code] = await server.exited;
    assert.equal(code, 1);
    await waitUntil(() => !groupAlive(kernel), { timeoutMs: 10_000, what: `kernel ${kernel} to go` });
  });

  test('when the notebook server is killed outright (SIGKILL), Jupyter and its kernel stop too', async () => {
    const { server, jupyter, kernel } = await serverWithKernel();
    process.kill(server.pid, 'SIGKILL');
    await server.exited;
    await waitUntil(() => !groupAlive(jupyter) && !groupAlive(kernel), { timeoutMs: 15_000, what: `Jupyter ${jupyter} and kernel ${kernel} to go` });
  });
});

describe('npm run notebook without Jupyter', () => {
  test('says in one line what to install, and exits 1', () => {
    const run = spawnSync(process.execPath, ['demo/notebook/serve.js', '--port', '0'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BOUNDED_CONSOLE_NOTEBOOK_PYTHON: '/nonexistent/python3' },
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^bounded-console notebook: no \/nonexistent\/python3: install Debian's Jupyter server and IPython kernel: sudo apt-get install jupyter-server python3-ipykernel/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });
});
