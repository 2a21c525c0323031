// A dev-server plugin for the tests: a module imported with `?bundle`
// (`../fixtures/react-example.tsx?bundle`) is served bundled by esbuild with all it
// imports, as an app's build would bundle it. React is CommonJS only, which the dev
// server cannot serve as modules; bundled, it runs as in any app.
import path from 'node:path';
import { build } from 'esbuild';

export function esbuildBundlePlugin({ rootDir = process.cwd() } = {}) {
  const root = path.resolve(rootDir);
  return {
    name: 'esbuild-bundle',
    async serve(context) {
      if (!context.URL.searchParams.has('bundle')) return undefined;
      const entry = path.join(root, decodeURIComponent(context.path));
      if (!entry.startsWith(root + path.sep)) return undefined;
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        // Source map paths relative to the module's own URL, so stack traces name the real files.
        outdir: path.dirname(entry),
        format: 'esm',
        target: 'es2022',
        jsx: 'automatic',
        // JupyterLab's icons are SVG files imported as strings, as its webpack build loads them.
        loader: { '.svg': 'text' },
        // React's production build, as Lit's: development checks are noise in test output.
        define: { 'process.env.NODE_ENV': '"production"' },
        conditions: ['production'],
        sourcemap: 'inline',
        logLevel: 'silent',
      });
      return { body: result.outputFiles[0].text, type: 'js' };
    },
  };
}
