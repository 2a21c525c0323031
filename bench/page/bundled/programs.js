// Bundled by the bench server (loaded as programs.js?bundle): the programs suite in the
// page, with the core's build (dist/lib, as the Node run uses it) and @xterm/headless
// bundled as an app would bundle them.
import { Terminal } from '@xterm/headless';
import { ConsoleBuffer } from '../../../dist/lib/core/index.js';
import { measurePrograms } from '../../suites/programs-measure.js';

/** `fixtures`: `{ name, bytes, rows }`, the bytes as an array of numbers (what page.evaluate carries). */
export function runPrograms({ fixtures, reps, bytesPerRep, linesKept }) {
  const lines = [];
  const measured = measurePrograms({
    ConsoleBuffer,
    Terminal,
    fixtures: fixtures.map((fixture) => ({ ...fixture, bytes: Uint8Array.from(fixture.bytes) })),
    reps,
    bytesPerRep,
    linesKept,
    now: () => performance.now(),
    log: (line) => lines.push(line),
  });
  return { ...measured, log: lines };
}
