// Fails when the committed custom-elements.json no longer matches the source: builds
// the manifest again in memory, with the analyzer and config `npm run build` uses,
// and compares. Writes nothing, so `npm test` leaves the tree as it was.
import { readFileSync } from 'node:fs';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

const CONFIG = 'src/custom-elements-manifest.config.mjs';
const MANIFEST = 'custom-elements.json';

const manifest = await cli({ argv: ['analyze', '--config', CONFIG], cwd: process.cwd(), noWrite: true });
const expected = `${JSON.stringify(manifest, null, 2)}\n`;
let committed;
try {
  committed = readFileSync(MANIFEST, 'utf8');
} catch {
  console.error(`${MANIFEST} is missing: run npm run build and commit it.`);
  process.exit(1);
}
if (committed !== expected) {
  const want = expected.split('\n');
  const have = committed.split('\n');
  let line = 0;
  while (want[line] === have[line]) line += 1;
  console.error(`${MANIFEST} is stale: run npm run build and commit it.`);
  console.error(`  first difference, line ${line + 1}:`);
  console.error(`    committed: ${have[line] ?? '(end of file)'}`);
  console.error(`    source:    ${want[line] ?? '(end of file)'}`);
  process.exit(1);
}
