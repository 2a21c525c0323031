// The demo's HTTP server: the page, the bundle, an allow-list of xterm's files for
// the comparison, and the run API. Loopback only; no framework.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { GENERATORS, describeGenerators, parseParams } from './generators.js';
import { BUFFER_BOUND_BYTES, Runs } from './runs.js';

export const HOST = '127.0.0.1';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGE_DIR = join(ROOT, 'demo', 'page');
/**
 * Host names the page may be reached by. The comparison's three panes load from
 * names of their own (a browser resolves *.localhost to loopback), so that a
 * browser isolating sites puts each in a process of its own: one pane stalling
 * then does not stall the others or the page.
 */
const PANE_HOSTS = ['console.localhost', 'xterm.localhost', 'divlog.localhost'];
const PAGE_HOSTS = [HOST, 'localhost'];

/** URL path -> file, besides the files of demo/page/. Nothing else is served. */
const EXTRA_FILES = {
  '/dist/bounded-console.js': join(ROOT, 'dist', 'bounded-console.js'),
  '/vendor/xterm.mjs': join(ROOT, 'node_modules', '@xterm', 'xterm', 'lib', 'xterm.mjs'),
  '/vendor/xterm.css': join(ROOT, 'node_modules', '@xterm', 'xterm', 'css', 'xterm.css'),
};

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

function pageCsp(port) {
  const panes = PANE_HOSTS.map((host) => `http://${host}:${port}`).join(' ');
  // Self only, as before; the panes of the comparison are this same server under other names.
  return `default-src 'self'; img-src 'self' data:; frame-src ${panes}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

function paneCsp(port) {
  const parents = PAGE_HOSTS.map((host) => `http://${host}:${port}`).join(' ');
  // xterm.js adds <style> elements for its theme and cell sizes: inline styles (not scripts) are allowed in a pane.
  return `default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${parents}`;
}

/** The files of demo/page/ (flat), read once: a path is served only if it names one of them. */
async function pageFiles() {
  const files = {};
  for (const entry of await readdir(PAGE_DIR, { withFileTypes: true })) {
    if (entry.isFile() && !entry.name.startsWith('.')) files[`/${entry.name}`] = join(PAGE_DIR, entry.name);
  }
  files['/'] = files['/index.html'];
  return { ...files, ...EXTRA_FILES };
}

/**
 * Creates the demo server (not yet listening). `log` takes one line per run.
 * @param {{ maxRuns?: number, maxSeconds?: number, log?: (line: string) => void }} options
 */
export async function createDemoServer({ maxRuns = 8, maxSeconds = 600, log = (line) => console.log(line) } = {}) {
  const files = await pageFiles();
  const runs = new Runs({ maxRuns, maxSeconds, log });
  const server = createServer({ highWaterMark: 64 * 1024 }, (request, response) => {
    handle(request, response).catch((error) => {
      console.error(`error handling ${request.url}: ${error.message}`);
      if (!response.headersSent) sendText(response, 500, 'Internal server error');
      else response.destroy();
    });
  });
  server.runs = runs;

  async function handle(request, response) {
    const port = server.address().port;
    const host = request.headers.host ?? '';
    const hostName = host.endsWith(`:${port}`) ? host.slice(0, -`:${port}`.length) : null;
    // A page on another site that rebinds its name to 127.0.0.1 sends its own Host: refuse it.
    if (hostName === null || ![...PAGE_HOSTS, ...PANE_HOSTS].includes(hostName)) {
      return sendText(response, 421, `This server answers to ${PAGE_HOSTS[0]}:${port} and localhost:${port} only.`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed: everything here is GET.', { Allow: 'GET, HEAD' });
    }
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    if (url.pathname.startsWith('/api/')) {
      // Browsers say where a request comes from; another site may not start programs here.
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        return sendText(response, 403, 'Runs may be started from this server\'s own pages only.');
      }
      return api(url, request, response);
    }
    const file = Object.hasOwn(files, url.pathname) ? files[url.pathname] : undefined;
    if (file === undefined) return sendText(response, 404, 'Not found');
    return sendFile(request, response, file, url.pathname === '/pane.html' ? paneCsp(port) : pageCsp(port));
  }

  function api(url, request, response) {
    if (url.pathname === '/api/generators') {
      return sendJson(response, 200, { generators: describeGenerators(), maxRuns: runs.maxRuns, bufferBoundBytes: BUFFER_BOUND_BYTES });
    }
    if (url.pathname === '/api/runs') return sendJson(response, 200, { runs: runs.list() });
    const ack = /^\/api\/ack\/([0-9]{1,9})$/.exec(url.pathname);
    if (ack !== null) {
      const bytes = url.searchParams.get('bytes') ?? '';
      if (!/^[0-9]{1,15}$/.test(bytes)) return sendText(response, 400, 'bytes must be a whole number of bytes consumed.');
      const error = runs.ack(Number(ack[1]), url.searchParams.get('token') ?? '', Number(bytes));
      if (error !== null) return sendText(response, error.startsWith('no such') ? 404 : 400, `Cannot acknowledge: ${error}.`);
      response.writeHead(204, BASE_HEADERS);
      return response.end();
    }
    const match = /^\/api\/run\/([^/]*)$/.exec(url.pathname);
    if (match === null) return sendText(response, 404, `No such API: ${url.pathname.slice(0, 60)}`);
    const name = match[1];
    if (!Object.hasOwn(GENERATORS, name)) {
      return sendText(response, 404, `Unknown generator "${name.slice(0, 40)}". Known: ${Object.keys(GENERATORS).join(', ')}.`);
    }
    const generator = GENERATORS[name];
    const parsed = parseParams(generator, url.searchParams);
    if (parsed.error !== undefined) return sendText(response, 400, `Bad parameters for ${name}: ${parsed.error}.`);
    if (runs.size >= runs.maxRuns) {
      return sendText(response, 429, `Too many runs: ${runs.maxRuns} are already running. Stop one, then try again.`, { 'Retry-After': '1' });
    }
    if (request.method === 'HEAD') return sendText(response, 200, '');
    runs.start(name, generator, parsed.values, response, { credit: request.headers['x-flow-control'] === 'credit' });
  }

  return server;
}

async function sendFile(request, response, file, csp) {
  let info;
  try {
    info = await stat(file);
  } catch {
    const hint = file.endsWith('bounded-console.js') ? ' (run `npm run build`; `npm start` does it for you)' : '';
    return sendText(response, 404, `Not found${hint}`);
  }
  response.writeHead(200, {
    ...BASE_HEADERS,
    'Content-Security-Policy': csp,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  if (request.method === 'HEAD') return response.end();
  try {
    await pipeline(createReadStream(file), response);
  } catch (error) {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`error sending ${file}: ${error.message}`);
  }
}

function sendText(response, status, text, headers = {}) {
  response.writeHead(status, { ...BASE_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

function sendJson(response, status, value) {
  response.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}
