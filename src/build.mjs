// Builds dist/bounded-console.js with esbuild: the element's bundle, Lit included, one
// file (the find and wrap code it imports on first use is inlined, so the file can be
// copied or served alone), minified, with the CSS in its `css` template minified too
// (esbuild leaves template text as written).
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/** Comments and the spaces CSS does not need, out of the text parts of `css` templates (the `${…}` parts are left alone). */
export function minifyCssTemplates(source) {
  return source.replace(/css`([^`]*)`/g, (_, body) => {
    const parts = body.split(/(\$\{[^}]*\})/);
    const minified = parts.map((part, i) => (i % 2 === 1 ? part : minifyCss(part)));
    return 'css`' + minified.join('') + '`';
  });
}

function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}:;,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

const cssTemplates = {
  name: 'minify-css-templates',
  setup(builder) {
    builder.onLoad({ filter: /src[\\/]view[\\/]styles\.ts$/ }, async (args) => ({ contents: minifyCssTemplates(await readFile(args.path, 'utf8')), loader: 'ts' }));
  },
};

await build({
  entryPoints: ['src/bounded-console.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: 'dist/bounded-console.js',
  plugins: [cssTemplates],
  logLevel: 'info',
});
