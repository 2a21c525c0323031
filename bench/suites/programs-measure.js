// The programs suite's measurement, shared by its two runs: in the page (bundled into
// bench/page/bundled/programs.js) and in Node (bench/suites/programs.js). No Node or DOM
// imports: the caller hands over the classes and the fixtures' bytes.

export const OURS = 'bounded-console core';
/** The width every fixture was captured at (test/fixtures/capture.sh): the terminal the programs drew for. */
export const CAPTURED_COLUMNS = 80;
export const XTERM = `xterm headless writeSync, ${CAPTURED_COLUMNS} columns`;
/** As wide as the differential tests make it (no line wraps there): each line's buffer costs xterm more. */
const XTERM_WIDE = 'xterm headless writeSync, 300 columns';

/**
 * Every subject's MB/s for every fixture (`{ name, bytes, rows }`), each written whole
 * again and again (`bytesPerRep` a rep) into a console or terminal keeping `linesKept`
 * lines; the best of `reps` reps, the subjects interleaved so load hits them alike: on
 * a shared machine the best rep is the least disturbed one (medians of 5 moved by a
 * third between runs here, the best by a few percent). `log` gets a line a fixture.
 */
export function measurePrograms({ ConsoleBuffer, Terminal, fixtures, reps, bytesPerRep, linesKept, now, log = () => {} }) {
  const subjects = {
    [OURS]: (rows) => {
      const buffer = new ConsoleBuffer({ maxLines: linesKept, rows: rows ?? null });
      return (bytes) => {
        buffer.write(bytes);
        buffer.apply();
      };
    },
    [XTERM]: (rows) => xtermWriter(Terminal, CAPTURED_COLUMNS, rows, linesKept),
    [XTERM_WIDE]: (rows) => xtermWriter(Terminal, 300, rows, linesKept),
  };
  const programs = [];
  for (const fixture of fixtures) {
    const { bytes } = fixture;
    const writes = Math.max(1, Math.round(bytesPerRep / bytes.length));
    const mbPerSec = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
    for (let rep = -1; rep < reps; rep++) {
      for (const [name, make] of Object.entries(subjects)) {
        const write = make(fixture.rows);
        const started = now();
        for (let i = 0; i < writes; i++) write(bytes);
        const ms = now() - started;
        if (rep >= 0) mbPerSec[name].push((bytes.length * writes) / ms / 1000); // rep -1 warms up
      }
    }
    const result = { name: fixture.name, bytes: bytes.length, writes, mbPerSec: Object.fromEntries(Object.entries(mbPerSec).map(([name, runs]) => [name, Math.max(...runs)])) };
    result.ratio = result.mbPerSec[OURS] / result.mbPerSec[XTERM];
    programs.push(result);
    log(`${fixture.name.padEnd(24)} ${formatRates(result)}`);
  }
  // In sum: every fixture once, the time each subject takes for all of them.
  const sum = {};
  for (const name of Object.keys(subjects)) {
    const seconds = programs.reduce((total, program) => total + program.bytes / (program.mbPerSec[name] * 1e6), 0);
    sum[name] = programs.reduce((total, program) => total + program.bytes, 0) / seconds / 1e6;
  }
  const total = { mbPerSec: sum, ratio: sum[OURS] / sum[XTERM] };
  log(`${'in sum'.padEnd(24)} ${formatRates(total)}`);
  return { programs, total };
}

function xtermWriter(Terminal, cols, rows, linesKept) {
  const terminal = new Terminal({ cols, rows: rows ?? 24, scrollback: linesKept, allowProposedApi: true, convertEol: true });
  return (bytes) => terminal._core.writeSync(bytes);
}

export function formatRates({ mbPerSec, ratio }) {
  const rates = Object.entries(mbPerSec).map(([name, rate]) => `${name} ${rate.toFixed(1)} MB/s`);
  return `${rates.join(', ')}  ×${ratio.toFixed(2)} against ${CAPTURED_COLUMNS} columns ${ratio >= 2 ? '(≥ 2: met)' : '(< 2: missed)'}`;
}
