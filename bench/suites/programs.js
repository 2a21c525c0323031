// Programs suite: each captured program (test/fixtures/programs) written whole through the
// core's ConsoleBuffer and through @xterm/headless's writeSync, in the same run, first in
// the page (headless Chromium: the engine the element runs in) and then in Node.
// Issue #12: the terminal path at least 2x xterm headless per program and in sum.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measurePrograms, XTERM } from './programs-measure.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'programs');
/** Bytes written per rep and subject: the fixture again and again, into the same console or terminal. */
const BYTES_PER_REP = 2 * 1024 * 1024;
const LINES_KEPT = 10_000;

/**
 * The page's run and Node's. They differ by engine, not only by machine load: Node 20's V8
 * is years older than Chromium's, and some of the core's scans are tuned for the newer
 * one (a global regex match of line feeds is 4-10 times faster than indexOf calls in
 * Chromium 156, 3 times slower in Node 20).
 */
export async function runProgramsSuite(session, options, log) {
  const reps = options.programs?.reps ?? 7;
  const index = JSON.parse(readFileSync(join(fixtures, 'index.json'), 'utf8'));
  const read = index.map((fixture) => ({ name: fixture.name, rows: fixture.rows ?? null, bytes: new Uint8Array(readFileSync(join(fixtures, fixture.file))) }));
  const settings = { reps, bytesPerRep: BYTES_PER_REP, linesKept: LINES_KEPT };

  const page = await session.withPage((bench) => bench.call('programs', { ...settings, fixtures: read.map((fixture) => ({ ...fixture, bytes: Array.from(fixture.bytes) })) }));
  for (const line of page.log) log(`programs, page: ${line}`);
  delete page.log;

  const { ConsoleBuffer } = await import(pathToFileURL(join(root, 'dist', 'lib', 'core', 'index.js')).href);
  const { Terminal } = createRequire(import.meta.url)('@xterm/headless');
  const node = measurePrograms({ ConsoleBuffer, Terminal, fixtures: read, ...settings, now: () => performance.now(), log: (line) => log(`programs, Node: ${line}`) });
  return { page, node, reps, bytesPerRep: BYTES_PER_REP, ratioAgainst: XTERM };
}
