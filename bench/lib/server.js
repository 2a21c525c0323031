// A tiny static server for the benchmark page: only the files it needs, on 127.0.0.1.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { build } from 'esbuild';

/** URL prefix -> directory (relative to the repository root). Nothing else is served. */
const ROUTES = {
  '/bench/page/': 'bench/page',
  '/dist/': 'dist',
  '/node_modules/tinybench/dist/': 'node_modules/tinybench/dist',
  '/node_modules/@xterm/xterm/lib/': 'node_modules/@xterm/xterm/lib',
  '/node_modules/@xterm/xterm/css/': 'node_modules/@xterm/xterm/css',
  '/node_modules/@xterm/addon-webgl/lib/': 'node_modules/@xterm/addon-webgl/lib',
  '/node_modules/@xterm/addon-search/lib/': 'node_modules/@xterm/addon-search/lib',
  '/node_modules/ansi_up/': 'node_modules/ansi_up',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** Starts serving `root` on a free port; resolves with its origin and a close(). */
export async function serve(root) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const prefix = Object.keys(ROUTES).find((candidate) => path.startsWith(candidate));
    const dir = prefix && join(root, ROUTES[prefix]);
    const file = dir && normalize(join(dir, path.slice(prefix.length)));
    if (!file || !file.startsWith(dir + sep)) return reply(response, 404, 'not found');
    const bundled = new URL(request.url, 'http://localhost').searchParams.has('bundle') && extname(file) === '.js';
    try {
      const body = bundled ? await bundle(file) : await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        // Cross-origin isolation: performance.now() then ticks in 5 µs instead of 100 µs.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      response.end(body);
    } catch (error) {
      if (bundled) reply(response, 500, `bundling failed: ${error.message}`);
      else reply(response, 404, 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A page module with all it imports bundled by esbuild, as an app's build would
 * (`bundled/patternfly.js?bundle`): React ships only CommonJS. CSS it imports
 * is injected as a <style> when the module runs.
 */
function bundle(entry) {
  if (!bundles.has(entry)) bundles.set(entry, buildBundle(entry).catch((error) => {
    bundles.delete(entry);
    throw error;
  }));
  return bundles.get(entry);
}

/** Bundles by entry path, built once per server: every fresh page loads them again. */
const bundles = new Map();

async function buildBundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: '/bundle',
    format: 'esm',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
    loader: { '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.svg': 'empty', '.png': 'empty', '.jpg': 'empty' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((output) => output.path.endsWith('.js')).text;
  const css = result.outputFiles.find((output) => output.path.endsWith('.css'))?.text;
  if (css === undefined) return js;
  return `document.head.append(Object.assign(document.createElement('style'), { textContent: ${JSON.stringify(css)} }));\n${js}`;
}

function reply(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(text);
}
