// The demo server on its own, through real HTTP and real child processes: what it
// refuses, that it listens on loopback only, that a run's output arrives whole and
// in its streams, that a reader going away kills the child's whole process group
// within a second, that a stalled reader cannot grow its buffers, and that no
// child outlives the server. No browser needed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { get, request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { demux } from '../../demo/page/wire.js';
import { activeRuns, groupAlive, listeningAddresses, startServer, waitUntil, waitUntilBlocked } from './server.js';

/** Reads a whole run with the page's own decoder: { stdout, stderr, events } as text. */
async function readRun(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, await response.clone().text());
  const stderr = [];
  const events = [];
  const stdout = [];
  const decoderOut = new TextDecoder();
  const decoderErr = new TextDecoder();
  const stream = demux(response.body, { onStderr: (bytes) => stderr.push(decoderErr.decode(bytes, { stream: true })), onEvent: (event) => events.push(event) });
  for await (const piece of stream) stdout.push(decoderOut.decode(piece, { stream: true }));
  return { stdout: stdout.join(''), stderr: stderr.join(''), events };
}

/** Starts a run with node:http and stops reading after the headers; resolves with { response, pid }. */
function openRun(url) {
  return new Promise((resolveRun, reject) => {
    const req = get(url, (response) => {
      response.pause();
      resolveRun({ response, req, pid: Number(response.headers['x-run-pid']) });
    });
    req.on('error', reject);
  });
}

describe('demo server', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('listens on 127.0.0.1 only', async () => {
    const listening = await listeningAddresses(server.port);
    if (listening !== null) assert.deepEqual(listening, ['tcp 0100007F'], 'the kernel lists one listening socket, on 127.0.0.1');
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => !address.internal && address.family === 'IPv4');
    for (const { address } of others) {
      await assert.rejects(fetch(`http://${address}:${server.port}/`), (error) => error.cause?.code === 'ECONNREFUSED', `refused on ${address}`);
    }
  });

  test('lists its fixed generators with their bounds', async () => {
    const { generators, maxRuns, bufferBoundBytes } = await (await fetch(new URL('/api/generators', server.url))).json();
    const names = generators.map((generator) => generator.name);
    for (const name of ['seq', 'logs', 'progress', 'multibar', 'firehose', 'ls']) assert.ok(names.includes(name), `${name} is listed`);
    const seq = generators.find((generator) => generator.name === 'seq');
    assert.deepEqual(seq.params, [{ name: 'lines', label: 'lines', min: 1, max: 100_000_000, default: 10_000_000 }]);
    assert.ok(maxRuns >= 4 && bufferBoundBytes > 0);
  });

  test('refuses unknown generators (404) and bad parameters (400) with a message, starting nothing', async () => {
    const answer = async (path) => {
      const response = await fetch(new URL(path, server.url));
      return [response.status, (await response.text()).trim()];
    };
    const [status, text] = await answer('/api/run/rm');
    assert.equal(status, 404);
    assert.match(text, /Unknown generator "rm"\. Known: seq/);
    assert.equal((await answer('/api/run/..%2F..%2Fbin%2Fsh'))[0], 404);
    for (const query of ['lines=0', 'lines=100000001', 'lines=-5', 'lines=1e3', 'lines=12abc', 'lines=', 'lines=1&lines=2', 'lines=5;rm', 'cmd=ls', 'lines=99999999999999999']) {
      const [code, message] = await answer(`/api/run/seq?${query}`);
      assert.equal(code, 400, query);
      assert.match(message, /^Bad parameters for seq: /, query);
    }
    assert.match((await answer('/api/run/ls?lines=5'))[1], /this generator takes none/);
    assert.deepEqual(await activeRuns(server.url), []);
  });

  test('refuses other Host names and requests from other sites', async () => {
    const status = (headers) =>
      new Promise((resolveStatus, reject) => {
        request({ host: '127.0.0.1', port: server.port, path: '/api/generators', headers }, (response) => {
          response.resume();
          resolveStatus(response.statusCode);
        })
          .on('error', reject)
          .end();
      });
    assert.equal(await status({ Host: `evil.example:${server.port}` }), 421);
    assert.equal(await status({ 'Sec-Fetch-Site': 'cross-site' }), 403);
    assert.equal(await status({ 'Sec-Fetch-Site': 'same-origin' }), 200);
  });

  test('serves the page and an allow-list of files, nothing else', async () => {
    const status = async (path) => (await fetch(new URL(path, server.url))).status;
    for (const path of ['/', '/main.js', '/pane.html', '/vendor/xterm.mjs', '/vendor/xterm.css']) assert.equal(await status(path), 200, path);
    for (const path of ['/serve.js', '/server/http.js', '/../package.json', '/%2e%2e/package.json', '/node_modules/@xterm/xterm/package.json', '/programs/logs.js', '/dist/']) {
      assert.equal(await status(path), 404, path);
    }
    const page = await fetch(server.url);
    assert.match(page.headers.get('content-security-policy'), /^default-src 'self';/);
  });

  test('streams a run whole: seq 1 100000, exit event, one log line', async () => {
    const { stdout, stderr, events } = await readRun(new URL('/api/run/seq?lines=100000', server.url));
    const expected = Array.from({ length: 100_000 }, (_, i) => `${i + 1}\n`).join('');
    assert.equal(stdout, expected);
    assert.equal(stderr, '');
    assert.equal(events[0].event, 'start');
    assert.equal(events[0].command, 'seq 1 100000');
    assert.deepEqual(
      { ...events.at(-1), seconds: 0 },
      { event: 'exit', code: 0, signal: null, reason: 'exit 0', stdoutBytes: expected.length, stderrBytes: 0, stdoutLines: 100_000, stderrLines: 0, seconds: 0 },
    );
    const line = await server.waitForLine(new RegExp(`^run \\d+: seq lines=100000 \\(pid ${events[0].pid}\\): .* in [0-9.]+ s .*; exit 0;`));
    assert.match(line, /: 588\.9 kB stdout, 0 B stderr in /);
  });

  test('keeps stdout and stderr apart: the coloured logs', async () => {
    const { stdout, stderr, events } = await readRun(new URL('/api/run/logs?lines=2000&rate=1000000', server.url));
    const exit = events.at(-1);
    assert.equal(exit.code, 0);
    assert.equal(exit.stdoutLines + exit.stderrLines, 2001, 'every log line and the summary');
    assert.equal(stdout.split('\n').length - 1, exit.stdoutLines);
    assert.equal(stderr.split('\n').length - 1, exit.stderrLines);
    assert.ok(exit.stderrLines > 0);
    assert.doesNotMatch(stdout, /WARN|ERROR/);
    assert.doesNotMatch(stderr, /INFO|DEBUG/);
    assert.match(stdout, /\x1b\[32mINFO/, 'in colour');
  });

  test('a dropped connection kills the child and its process group within a second', async () => {
    const { response, req, pid } = await openRun(new URL('/api/run/seq?lines=100000000', server.url));
    assert.ok(pid > 0);
    assert.ok(groupAlive(pid));
    await new Promise((resolveData) => {
      response.once('data', resolveData);
      response.resume();
    });
    const start = performance.now();
    req.destroy();
    const took = await waitUntil(() => !groupAlive(pid), { timeoutMs: 5000, everyMs: 5, what: `group ${pid} to die` });
    assert.ok(took < 1000, `gone in ${took.toFixed(0)} ms`);
    assert.ok(performance.now() - start < 1000);
    await server.waitForLine(new RegExp(`\\(pid ${pid}\\): .*; stopped: the client went away;`));
    await waitUntil(async () => (await activeRuns(server.url)).length === 0, { what: 'the run to be forgotten' });
  });

  test('a stalled reader blocks the child instead of filling memory, and reading again resumes it', async () => {
    const { bufferBoundBytes } = await (await fetch(new URL('/api/generators', server.url))).json();
    const { response, req, pid } = await openRun(new URL('/api/run/firehose?seconds=60', server.url));
    // Stalled: nothing read. The child's byte count stops moving: it is blocked in write().
    const run = await waitUntilBlocked(server.url, pid, 'the firehose to block');
    const last = run.stdoutBytes;
    assert.ok(run.paused, 'the server stopped reading the pipe');
    assert.ok(run.buffered <= bufferBoundBytes, `${run.buffered} bytes buffered`);
    assert.ok(run.maxBuffered <= bufferBoundBytes, `at most ${run.maxBuffered} bytes buffered`);
    // A firehose alone writes gigabytes a minute; blocked, it got as far as the kernel's socket and pipe buffers.
    assert.ok(run.stdoutBytes < 64 * 1024 * 1024, `${run.stdoutBytes} bytes read from the child`);
    // Reading again lets it go on.
    let received = 0;
    response.on('data', (chunk) => (received += chunk.length));
    response.resume();
    await waitUntil(async () => (await activeRuns(server.url))[0].stdoutBytes > last + 10 * 1024 * 1024, { what: 'the firehose to resume' });
    req.destroy();
    await waitUntil(() => !groupAlive(pid), { timeoutMs: 5000, what: 'the firehose to die' });
    assert.ok(received > 0);
  });

  test('with credit flow control, a reader that does not report progress holds the child at the window', async () => {
    const response = await fetch(new URL('/api/run/firehose?seconds=60', server.url), { headers: { 'X-Flow-Control': 'credit' } });
    const reader = response.body.getReader();
    // Read everything that comes, acknowledging nothing: only the window may come.
    let received = 0;
    let start = null;
    const reading = (async () => {
      const stream = demux(new ReadableStream({ pull: async (controller) => {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else {
          received += value.length;
          controller.enqueue(value);
        }
      } }), { onStderr() {}, onEvent: (event) => (start ??= event) });
      for await (const piece of stream) void piece;
    })().catch(() => {});
    await waitUntil(() => start !== null, { what: 'the start event' });
    assert.match(start.token, /^[0-9a-f]{32}$/);
    const [{ pid }] = await activeRuns(server.url);
    const run = await waitUntilBlocked(server.url, pid, 'the firehose to wait for credit');
    const last = run.stdoutBytes;
    assert.ok(run.credit && run.paused);
    assert.ok(run.unacknowledged >= start.windowBytes && run.unacknowledged < start.windowBytes + 256 * 1024, `${run.unacknowledged} bytes unacknowledged`);
    // Wrong tokens and impossible counts are refused; a true report lets it go on.
    const ack = (query) => fetch(new URL(`/api/ack/${start.id}?${query}`, server.url));
    assert.equal((await ack(`token=${'0'.repeat(32)}&bytes=1`)).status, 400);
    assert.equal((await ack(`token=${start.token}&bytes=${run.stdoutBytes + 10}`)).status, 400);
    assert.equal((await ack(`token=${start.token}&bytes=x`)).status, 400);
    assert.equal((await fetch(new URL(`/api/ack/999999?token=${start.token}&bytes=1`, server.url))).status, 404);
    assert.equal((await ack(`token=${start.token}&bytes=${run.stdoutBytes}`)).status, 204);
    await waitUntil(async () => (await activeRuns(server.url))[0].stdoutBytes > last, { what: 'the firehose to go on' });
    await reader.cancel();
    await reading;
    await waitUntil(() => !groupAlive(run.pid), { timeoutMs: 5000, what: 'the firehose to die' });
    assert.ok(received > start.windowBytes);
  });

  test('caps concurrent runs with a 429 and a message', async () => {
    const { maxRuns } = await (await fetch(new URL('/api/generators', server.url))).json();
    const open = [];
    for (let i = 0; i < maxRuns; i++) open.push(await openRun(new URL('/api/run/seq?lines=100000000', server.url)));
    const refused = await fetch(new URL('/api/run/seq?lines=10', server.url));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(await refused.text(), new RegExp(`Too many runs: ${maxRuns} are already running`));
    for (const { req } of open) req.destroy();
    await waitUntil(() => open.every(({ pid }) => !groupAlive(pid)), { timeoutMs: 5000, what: 'every capped run to die' });
    await waitUntil(async () => (await activeRuns(server.url)).length === 0, { what: 'the runs to be forgotten' });
    assert.equal((await fetch(new URL('/api/run/seq?lines=10', server.url))).status, 200);
  });
});

describe('demo server lifecycle', () => {
  test('no child outlives the server: SIGTERM stops every run and exits 0', async () => {
    const server = await startServer();
    const { pid } = await openRun(new URL('/api/run/seq?lines=100000000', server.url));
    assert.ok(groupAlive(pid));
    process.kill(server.pid, 'SIGTERM');
    const [code] = await server.exited;
    assert.equal(code, 0);
    await waitUntil(() => !groupAlive(pid), { timeoutMs: 2000, what: 'the child to die with the server' });
    assert.ok(server.lines.some((line) => line.includes(`(pid ${pid})`) && line.includes('stopped: the server is shutting down')));
  });

  test('a port in use: a clear message and a non-zero exit', async () => {
    const blocker = createServer();
    await new Promise((resolveListen) => blocker.listen(0, '127.0.0.1', resolveListen));
    const { port } = blocker.address();
    try {
      let failure;
      try {
        execFileSync(process.execPath, ['demo/serve.js', '--port', String(port)], { cwd: new URL('../..', import.meta.url), stdio: 'pipe', timeout: 20_000 });
      } catch (error) {
        failure = error;
      }
      assert.ok(failure, 'it exits with an error');
      assert.equal(failure.status, 1);
      assert.match(String(failure.stderr), new RegExp(`port ${port} is already in use; pick another: PORT=${port + 1} npm start`));
    } finally {
      blocker.close();
    }
  });

  test('PORT and --port are checked', async () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--bogus']]) {
      let failure;
      try {
        execFileSync(process.execPath, ['demo/serve.js', ...args], { cwd: new URL('../..', import.meta.url), stdio: 'pipe', timeout: 20_000 });
      } catch (error) {
        failure = error;
      }
      assert.equal(failure?.status, 1, args.join(' '));
      assert.match(String(failure.stderr), /^bounded-console demo: /);
    }
  });
});
