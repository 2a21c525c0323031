// The notebook page's HTTP server: the page, its bundle, and a loopback proxy to
// the Jupyter server for the few kernel endpoints the page needs.
//
// Why a proxy rather than the page talking to Jupyter directly: Jupyter's token
// never leaves this process (the page holds only a token of this server's, in an
// HttpOnly SameSite=Strict cookie), Jupyter needs no CORS opening (`allow_origin`),
// and the page can reach only what is listed in KERNEL_ROUTES: start, list,
// interrupt, restart and shut down kernels of the one kernelspec, and their
// channels. Jupyter's contents, sessions and terminal APIs stay out of reach.
// Loopback only; requests must name this server in Host (421 otherwise: DNS
// rebinding), come from its own pages (Sec-Fetch-Site, Origin) and carry the cookie.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { HOST, KERNEL_NAME } from './jupyter.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGE_DIR = join(ROOT, 'demo', 'notebook', 'page');
const PAGE_HOSTS = [HOST, 'localhost'];
const MAX_BODY_BYTES = 16 * 1024;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** [method, path pattern] the page may send to Jupyter; everything else is refused. */
const KERNEL_ROUTES = [
  ['GET', new RegExp('^/api/kernels$')],
  ['POST', new RegExp('^/api/kernels$')],
  ['GET', new RegExp(`^/api/kernels/${UUID}$`)],
  ['DELETE', new RegExp(`^/api/kernels/${UUID}$`)],
  ['POST', new RegExp(`^/api/kernels/${UUID}/(interrupt|restart)$`)],
];
const CHANNELS = new RegExp(`^/api/kernels/${UUID}/channels$`);
const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/** `styleNonce`: CodeMirror adds <style> elements to the document, each with the page's nonce. */
function csp(port, styleNonce) {
  const sockets = PAGE_HOSTS.map((host) => `ws://${host}:${port}`).join(' ');
  return `default-src 'self'; style-src 'self' 'nonce-${styleNonce}'; connect-src 'self' ${sockets}; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** The page's script with @jupyterlab/services and CodeMirror, bundled once, in memory. */
async function bundlePage() {
  const result = await build({
    entryPoints: [join(PAGE_DIR, 'main.js')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0].text;
}

function sameSecret(given, secret) {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header, name) {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function sendText(response, status, text, headers = {}) {
  response.writeHead(status, { ...BASE_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

/**
 * Creates the server (not yet listening) in front of `jupyter` ({ port, token }
 * from startJupyter). `pageToken` is what the printed URL carries.
 */
export async function createNotebookServer({ jupyter, pageToken = randomBytes(32).toString('hex') }) {
  const files = {
    '/': { type: 'text/html; charset=utf-8', body: await readFile(join(PAGE_DIR, 'index.html')) },
    '/notebook.css': { type: 'text/css; charset=utf-8', body: await readFile(join(PAGE_DIR, 'notebook.css')) },
    '/notebook.js': { type: 'text/javascript; charset=utf-8', body: await bundlePage() },
    '/dist/bounded-console.js': { type: 'text/javascript; charset=utf-8', body: await readFile(join(ROOT, 'dist', 'bounded-console.js')) },
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error(`bounded-console notebook: error handling ${request.method} ${request.url}: ${error.message}`);
      if (!response.headersSent) sendText(response, 500, 'Internal server error');
      else response.destroy();
    });
  });
  server.pageToken = pageToken;
  const cookieName = () => `bounded-console-notebook-${server.address().port}`;

  /** Null when `request` may go on, else [status, reason]. */
  function refusal(request) {
    const port = server.address().port;
    const origins = PAGE_HOSTS.map((host) => `http://${host}:${port}`);
    if (!origins.map((origin) => origin.slice('http://'.length)).includes(request.headers.host ?? '')) {
      return [421, `This server answers to ${HOST}:${port} and localhost:${port} only.`];
    }
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return [403, 'Requests from other sites are refused.'];
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.includes(origin)) return [403, 'Requests from other origins are refused.'];
    return null;
  }

  async function handle(request, response) {
    const refused = refusal(request);
    if (refused !== null) return sendText(response, ...refused);
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    if (url.pathname === '/' && url.searchParams.has('token')) {
      // The printed URL: trade its token for a cookie, and drop it from the address bar and history.
      if (!sameSecret(url.searchParams.get('token'), pageToken)) return sendText(response, 403, 'Wrong token: open the address `npm run notebook` printed.');
      response.writeHead(303, { ...BASE_HEADERS, Location: '/', 'Set-Cookie': `${cookieName()}=${pageToken}; HttpOnly; SameSite=Strict; Path=/` });
      return response.end();
    }
    if (!sameSecret(cookieValue(request.headers.cookie, cookieName()), pageToken)) {
      return sendText(response, 403, 'Not signed in: open the address `npm run notebook` printed, with its token.');
    }
    if (url.pathname.startsWith('/api/')) return proxy(request, response, url.pathname);
    const file = Object.hasOwn(files, url.pathname) ? files[url.pathname] : undefined;
    if (file === undefined) return sendText(response, 404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const styleNonce = randomBytes(16).toString('base64');
    const body = url.pathname === '/' ? file.body.toString('utf8').replace('{{style-nonce}}', styleNonce) : file.body;
    response.writeHead(200, { ...BASE_HEADERS, 'Content-Security-Policy': csp(server.address().port, styleNonce), 'Content-Type': file.type, 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  async function readBody(request) {
    const chunks = [];
    let size = 0;
    for await (const chunk of request) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  async function proxy(request, response, path) {
    if (!KERNEL_ROUTES.some(([method, pattern]) => method === request.method && pattern.test(path))) {
      return sendText(response, 404, `Not available through this server: ${request.method} ${path.slice(0, 80)}`);
    }
    const body = await readBody(request);
    if (body === null) return sendText(response, 413, 'Request body too large.');
    // Only the kernel's name is ever sent on, and it must be ours: nothing else a client sends reaches Jupyter.
    let forwarded = Buffer.alloc(0);
    if (request.method === 'POST' && path === '/api/kernels') {
      let name;
      try {
        name = body.length === 0 ? KERNEL_NAME : JSON.parse(body.toString('utf8')).name ?? KERNEL_NAME;
      } catch {
        return sendText(response, 400, 'The body must be JSON.');
      }
      if (name !== KERNEL_NAME) return sendText(response, 400, `Only the "${KERNEL_NAME}" kernel is offered here.`);
      forwarded = Buffer.from(JSON.stringify({ name }));
    }
    const upstream = httpRequest({
      host: HOST,
      port: jupyter.port,
      method: request.method,
      path,
      headers: {
        Authorization: `token ${jupyter.token}`,
        'Content-Type': 'application/json',
        'Content-Length': forwarded.length,
      },
    });
    upstream.on('response', (answer) => {
      const headers = { ...BASE_HEADERS, 'Content-Type': answer.headers['content-type'] ?? 'application/json' };
      if (answer.headers.location !== undefined) headers.Location = answer.headers.location;
      response.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) sendText(response, 502, `The Jupyter server did not answer: ${error.message}`);
      else response.destroy();
    });
    upstream.end(forwarded);
  }

  // The kernels' channels: a WebSocket piped byte for byte to Jupyter's, once this
  // server has checked it and rewritten its headers (Jupyter's token added; the
  // cookie and Origin, which Jupyter would check against its own host, removed).
  server.on('upgrade', (request, socket, head) => {
    const refuse = (status, reason) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    const refused = refusal(request);
    if (refused !== null) return refuse(refused[0], 'Refused');
    // A browser always sends Origin with a WebSocket: one without it is not the page.
    if (request.headers.origin === undefined) return refuse(403, 'Forbidden');
    if (!sameSecret(cookieValue(request.headers.cookie, cookieName()), pageToken)) return refuse(403, 'Forbidden');
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    if (!CHANNELS.test(url.pathname) || (request.headers.upgrade ?? '').toLowerCase() !== 'websocket') return refuse(404, 'Not Found');
    const session = url.searchParams.get('session_id') ?? '';
    if (!/^[0-9A-Za-z-]{1,64}$/.test(session)) return refuse(400, 'Bad Request');
    const lines = [
      `GET ${url.pathname}?session_id=${session} HTTP/1.1`,
      `Host: ${HOST}:${jupyter.port}`,
      `Authorization: token ${jupyter.token}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
    ];
    for (const name of ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions']) {
      const value = request.headers[name];
      if (typeof value === 'string' && /^[\x20-\x7e]*$/.test(value)) lines.push(`${name}: ${value}`);
    }
    const upstream = connect(jupyter.port, HOST);
    upstream.setNoDelay(true);
    socket.setNoDelay(true);
    const closeBoth = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', closeBoth);
    socket.on('error', closeBoth);
    upstream.on('close', closeBoth);
    socket.on('close', closeBoth);
    upstream.on('connect', () => {
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  });

  return server;
}
