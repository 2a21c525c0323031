// Static server for the demo: demo/ at the site root, the built bundle under /dist/.
// Dependency-free on purpose, so `npm start` needs nothing beyond the build.
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
const DIST_DIR = resolve(DEMO_DIR, '..', 'dist');
const BUNDLE = join(DIST_DIR, 'bounded-console.js');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  // The page must be self-contained: this makes any CDN or external font fail loudly.
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // Always the latest build: the demo is run right after `npm run build`.
  'Cache-Control': 'no-store',
};

const port = parsePort(process.env.PORT);

/** Maps a URL path to a file inside DEMO_DIR or DIST_DIR, or null when it may not be served. */
function fileFor(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/') return join(DEMO_DIR, 'index.html');
  const segments = decoded.split('/').slice(1);
  // `..` climbs out, dot-files are private, and a backslash or NUL can mean a separator or a cut elsewhere.
  if (segments.some((segment) => segment === '' || segment.startsWith('.') || /[\\\0]/.test(segment))) return null;
  const [base, rest] = segments[0] === 'dist' ? [DIST_DIR, segments.slice(1)] : [DEMO_DIR, segments];
  if (rest.length === 0) return null;
  const file = resolve(base, ...rest);
  // Belt and braces: whatever the checks above missed, never leave the base folder.
  return file.startsWith(base + sep) ? file : null;
}

async function handle(request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return sendText(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
  }
  const { pathname } = new URL(request.url ?? '/', `http://${HOST}`);
  const file = fileFor(pathname);
  if (file === null) return sendText(response, 404, 'Not found');

  let info;
  try {
    info = await stat(file);
  } catch {
    return sendText(response, 404, 'Not found');
  }
  // Folders are not listed.
  if (!info.isFile()) return sendText(response, 404, 'Not found');

  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  if (request.method === 'HEAD') return response.end();
  try {
    await pipeline(createReadStream(file), response);
  } catch (error) {
    // The client went away mid-file, or the file vanished after stat: nothing useful to send.
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`error sending ${file}: ${error.message}`);
  }
}

function sendText(response, status, text, headers = {}) {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

function parsePort(value) {
  if (value === undefined || value === '') return 8080;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) fail(`PORT must be a port number from 0 to 65535, got "${value}"`);
  return number;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error) => {
    console.error(`error handling ${request.url}: ${error.message}`);
    if (!response.headersSent) sendText(response, 500, 'Internal server error');
    else response.destroy();
  });
});

server.on('error', (error) => {
  if (error.code === 'EADDRINUSE') fail(`port ${port} is in use; run with PORT=${port + 1} npm start`);
  if (error.code === 'EACCES') fail(`not allowed to listen on port ${port}; pick another, e.g. PORT=8080 npm start`);
  fail(`cannot listen on ${HOST}:${port}: ${error.message}`);
});

server.listen(port, HOST, () => {
  const { port: actualPort } = server.address();
  console.log(`bounded-console demo: http://${HOST}:${actualPort}/`);
  if (!existsSync(BUNDLE)) console.warn('dist/bounded-console.js is missing; run `npm run build` (npm start does it for you)');
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Open keep-alive connections would otherwise hold close() up.
    server.closeAllConnections();
  });
}
