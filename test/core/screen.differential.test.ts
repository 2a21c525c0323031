import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines, padToSameLength } from '../support/ourLines.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';
import { shrink } from '../support/shrink.js';
import { randomScreenStream, randomSplit } from '../support/terminalStreams.js';
import { renderScreen, type OracleLine } from '../support/xtermOracle.js';

// Counted, never timed.
const SCREEN_STREAMS = 1500;
const EMOJI_STREAMS = 300;
const BOUNDED_STREAMS = 300;

interface Run {
  rows: number;
  chunks: readonly string[];
  applied: (i: number) => boolean;
  maxPendingChars: number;
  maxLines?: number;
}

function ours({ rows, chunks, applied, maxPendingChars, maxLines = 10_000 }: Run): OracleLine[] {
  const buffer = new ConsoleBuffer({ maxLines, maxPendingChars, rows });
  chunks.forEach((chunk, i) => {
    buffer.write(chunk);
    if (applied(i)) buffer.apply();
  });
  return ourLines(buffer);
}

function firstDifference(a: OracleLine[], b: OracleLine[]): string | null {
  const [left, right] = padToSameLength(a, b);
  for (let line = 0; line < left.length; line++) {
    if (JSON.stringify(left[line]) !== JSON.stringify(right[line])) {
      return `line ${line} differs\n  ours:   ${JSON.stringify(left[line])}\n  xterm:  ${JSON.stringify(right[line])}`;
    }
  }
  return null;
}

async function againstXterm(stream: string, run: Run, unicode11: boolean): Promise<string | null> {
  const expected = await renderScreen([stream], { rows: run.rows, unicode11 });
  return firstDifference(ours(run), expected.lines);
}

async function checkScreenStream(seed: number, emoji: boolean): Promise<void> {
  const random = seededRandom(seed);
  const rows = 2 + randomInt(random, 12);
  const stream = randomScreenStream(random, 40 + randomInt(random, 260), rows, emoji);
  const chunks = randomSplit(random, stream);
  const flags = chunks.map(() => random() < 0.3);
  const run: Run = { rows, chunks, applied: (i) => flags[i]!, maxPendingChars: 1 + randomInt(random, 200) };
  const found = await againstXterm(stream, run, emoji);
  if (found === null) return;
  const whole = (candidate: string): Run => ({ rows, chunks: [candidate], applied: () => true, maxPendingChars: Infinity });
  const minimal = await shrink(stream, async (candidate) => (await againstXterm(candidate, whole(candidate), emoji)) !== null);
  const minimalDiff = await againstXterm(minimal, whole(minimal), emoji);
  expect.fail(
    `seed ${seed}, rows ${rows}: ${found}\n  stream: ${JSON.stringify(stream)}\n` +
      (minimalDiff === null ? '  (depends on the chunking)' : `  smallest reproduction found: ${JSON.stringify(minimal)}\n  ${minimalDiff}`),
  );
}

describe('screen semantics with rows, against @xterm/headless at the same rows', () => {
  for (const { first, last, title } of seedBlocks(SCREEN_STREAMS, 250)) {
    it(`should match xterm cell for cell for absolute moves, inserts, deletes, saved cursors, erases, scroll regions and the alternate screen (${title})`, async () => {
      for (let seed = first; seed <= last; seed++) await checkScreenStream(seed, false);
    });
  }

  it('should keep the style of blank cells past a row\'s text when the row is stored and edited again (seed 10693 of a longer run)', async () => {
    // Overwriting the left half of 中 blanks its right half in the pen's colours; the row is stored, then text printed beyond it.
    const chunks = ['中\r\x1b[32;41mx\x1b[0m\n', '\x1b[A\x1b[4Gy'];
    const expected = await renderScreen([chunks.join('')], { rows: 5 });
    for (const applied of [() => true, () => false]) {
      expect(firstDifference(ours({ rows: 5, chunks, applied, maxPendingChars: Infinity }), expected.lines)).to.equal(null);
    }
  });

  it('should give emoji two columns, as xterm does with its Unicode 11 widths, tabs after them included', async () => {
    for (let seed = 1; seed <= EMOJI_STREAMS; seed++) await checkScreenStream(100_000 + seed, true);
  });

  it('should keep, of a bounded console, exactly the last lines of the unbounded one, however the stream is cut and applied', async () => {
    for (let seed = 1; seed <= BOUNDED_STREAMS; seed++) {
      const random = seededRandom(200_000 + seed);
      const rows = 2 + randomInt(random, 10);
      // A screen no taller than the bound (a taller one is cut to the retained lines, which the unbounded console keeps).
      const maxLines = rows + randomInt(random, 30);
      // Long streams, many lines: far more than the bound, so batches are cut and queues clipped.
      let stream = '';
      for (let part = 0; part < 6; part++) {
        stream += random() < 0.5 ? randomScreenStream(random, 100 + randomInt(random, 200), rows) : `\x1b[3${randomInt(random, 8)}mline\n`.repeat(randomInt(random, 200));
      }
      const chunks = randomSplit(random, stream);
      const flags = chunks.map(() => random() < 0.1);
      const maxPendingChars = 1 + randomInt(random, 2000);
      const full = ours({ rows, chunks: [stream], applied: () => true, maxPendingChars: Infinity });
      const bounded = ours({ rows, chunks, applied: (i) => flags[i]!, maxPendingChars, maxLines });
      const found = firstDifference(bounded, full.slice(-bounded.length));
      if (found !== null) expect.fail(`seed ${seed}, rows ${rows}, maxLines ${maxLines}: ${found}\n  stream: ${JSON.stringify(stream)}`);
      expect(bounded.length, `seed ${seed}`).to.be.at.most(maxLines);
    }
  });
});
