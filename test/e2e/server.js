// Starts the real demo server (`node demo/serve.js --port 0`, as `npm start` runs
// it, on a free port) for a test, and reads what it says: its URL, then one line per run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolves with { url, port, pid, lines, waitForLine(regexp), stop() } once the server prints its URL (a line matching `banner`). */
export async function startServer({ args = ['--port', '0'], env = {}, script = 'demo/serve.js', banner = /^bounded-console demo: http:/ } = {}) {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = new Set();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters) waiter();
  });
  const waitForLine = (pattern, timeoutMs = 30_000) =>
    new Promise((resolveLine, reject) => {
      const check = () => {
        const found = lines.find((line) => pattern.test(line));
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolveLine(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no server line matching ${pattern} in ${timeoutMs} ms; it said:\n${lines.join('\n')}\n${stderr}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const exited = once(child, 'exit');
  const first = await Promise.race([waitForLine(banner), exited.then(() => null)]);
  if (first === null) throw new Error(`${script} exited at once: ${stderr}`);
  const url = first.slice(first.indexOf('http'));
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    lines,
    waitForLine,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

// `process.kill(-pid, 0)` for the whole group, as the server itself checks it.
export { groupAlive } from '../../demo/server/runs.js';

/** Polls `predicate` every `everyMs` until it holds; returns the milliseconds it took, or throws after `timeoutMs`. */
export async function waitUntil(predicate, { timeoutMs = 30_000, everyMs = 10, what = 'condition' } = {}) {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, everyMs));
  }
  return performance.now() - start;
}

/** The server's runs in progress (GET /api/runs). */
export async function activeRuns(url) {
  const response = await fetch(new URL('/api/runs', url));
  return (await response.json()).runs;
}

/**
 * Waits until run `pid`'s child has stopped making progress (its byte count still
 * over 5 polls 100 ms apart: it is blocked in write()); resolves with the run.
 */
export async function waitUntilBlocked(url, pid, what = 'the run to block') {
  const run = async () => (await activeRuns(url)).find((candidate) => candidate.pid === pid);
  let last = -1;
  let still = 0;
  await waitUntil(
    async () => {
      const { stdoutBytes } = await run();
      still = stdoutBytes === last ? still + 1 : 0;
      last = stdoutBytes;
      return still >= 5;
    },
    { timeoutMs: 60_000, everyMs: 100, what },
  );
  return run();
}

/** Whether this machine listens on `port` at 127.0.0.1 only: the kernel's own tables (Linux), null elsewhere. */
export async function listeningAddresses(port) {
  const { readFile } = await import('node:fs/promises');
  const found = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      return null;
    }
    for (const row of text.trim().split('\n').slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/);
      const [address, portHex] = local.split(':');
      // State 0A is LISTEN.
      if (state === '0A' && parseInt(portHex, 16) === port) found.push(`${table.endsWith('6') ? 'tcp6' : 'tcp'} ${address}`);
    }
  }
  return found;
}
