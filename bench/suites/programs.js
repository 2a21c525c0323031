// Programs suite: each captured program (test/fixtures/programs) written whole through the
// core's ConsoleBuffer and through @xterm/headless's writeSync, in Node, in the same run.
// Issue #12: the terminal path at least 2x xterm headless per program and in sum.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'programs');
/** Bytes written per rep and subject: the fixture again and again, into the same console or terminal. */
const BYTES_PER_REP = 2 * 1024 * 1024;
const LINES_KEPT = 10_000;
/** The width every fixture was captured at (test/fixtures/capture.sh): the terminal the programs drew for. */
const CAPTURED_COLUMNS = 80;
const OURS = 'bounded-console core';
const XTERM = `xterm headless writeSync, ${CAPTURED_COLUMNS} columns`;

/**
 * Every subject's MB/s for every fixture, the best of `reps` reps, the subjects interleaved
 * so load hits them alike: on a shared machine the best rep is the least disturbed one
 * (medians of 5 moved by a third between runs here, the best by a few percent).
 */
export async function runProgramsSuite(options, log) {
  const { ConsoleBuffer } = await import(pathToFileURL(join(root, 'dist', 'lib', 'core', 'index.js')).href);
  const { Terminal } = createRequire(import.meta.url)('@xterm/headless');
  const reps = options.programs?.reps ?? 7;
  const index = JSON.parse(readFileSync(join(fixtures, 'index.json'), 'utf8'));
  const subjects = {
    [OURS]: (rows) => {
      const buffer = new ConsoleBuffer({ maxLines: LINES_KEPT, rows: rows ?? null });
      return (bytes) => {
        buffer.write(bytes);
        buffer.apply();
      };
    },
    [XTERM]: (rows) => xtermWriter(Terminal, CAPTURED_COLUMNS, rows),
    // As wide as the differential tests make it (no line wraps there): each line's buffer costs xterm more.
    'xterm headless writeSync, 300 columns': (rows) => xtermWriter(Terminal, 300, rows),
  };
  const programs = [];
  for (const fixture of index) {
    const bytes = new Uint8Array(readFileSync(join(fixtures, fixture.file)));
    const writes = Math.max(1, Math.round(BYTES_PER_REP / bytes.length));
    const mbPerSec = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
    for (let rep = -1; rep < reps; rep++) {
      for (const [name, make] of Object.entries(subjects)) {
        const write = make(fixture.rows);
        const started = performance.now();
        for (let i = 0; i < writes; i++) write(bytes);
        const ms = performance.now() - started;
        if (rep >= 0) mbPerSec[name].push((bytes.length * writes) / ms / 1000); // rep -1 warms up
      }
    }
    const result = { name: fixture.name, bytes: bytes.length, writes, mbPerSec: Object.fromEntries(Object.entries(mbPerSec).map(([name, runs]) => [name, Math.max(...runs)])) };
    result.ratio = result.mbPerSec[OURS] / result.mbPerSec[XTERM];
    programs.push(result);
    log(`programs ${fixture.name.padEnd(24)} ${formatRates(result)}`);
  }
  // In sum: every fixture once, the time each subject takes for all of them.
  const sum = {};
  for (const name of Object.keys(subjects)) {
    const seconds = programs.reduce((total, program) => total + program.bytes / (program.mbPerSec[name] * 1e6), 0);
    sum[name] = programs.reduce((total, program) => total + program.bytes, 0) / seconds / 1e6;
  }
  const total = { mbPerSec: sum, ratio: sum[OURS] / sum[XTERM] };
  log(`programs ${'in sum'.padEnd(24)} ${formatRates(total)}`);
  return { programs, total, reps, bytesPerRep: BYTES_PER_REP, ratioAgainst: XTERM, node: process.version };
}

function xtermWriter(Terminal, cols, rows) {
  const terminal = new Terminal({ cols, rows: rows ?? 24, scrollback: LINES_KEPT, allowProposedApi: true, convertEol: true });
  return (bytes) => terminal._core.writeSync(bytes);
}

function formatRates({ mbPerSec, ratio }) {
  const rates = Object.entries(mbPerSec).map(([name, rate]) => `${name} ${rate.toFixed(1)} MB/s`);
  return `${rates.join(', ')}  ×${ratio.toFixed(2)} against ${CAPTURED_COLUMNS} columns ${ratio >= 2 ? '(≥ 2: met)' : '(< 2: missed)'}`;
}

