import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines, padToSameLength } from '../support/ourLines.js';
import { randomInt, seededRandom } from '../support/random.js';
import { randomSplit, randomTerminalStream } from '../support/terminalStreams.js';
import { shrink } from '../support/shrink.js';
import { renderWithXterm } from '../support/xtermOracle.js';

/** Our lines and xterm's for `stream` written in `chunks`; null when they agree. */
async function difference(stream: string, chunks: readonly string[], applyEvery: (i: number) => boolean, maxPendingChars: number): Promise<string | null> {
  const buffer = new ConsoleBuffer({ maxLines: 10_000, maxPendingChars });
  chunks.forEach((chunk, i) => {
    buffer.write(chunk);
    if (applyEvery(i)) buffer.apply();
  });
  const expected = await renderWithXterm([stream]);
  const [ours, theirs] = padToSameLength(ourLines(buffer), expected.lines);
  for (let line = 0; line < ours.length; line++) {
    if (JSON.stringify(ours[line]) !== JSON.stringify(theirs[line])) {
      return `line ${line} differs\n  ours:   ${JSON.stringify(ours[line])}\n  xterm:  ${JSON.stringify(theirs[line])}`;
    }
  }
  return null;
}

describe('terminal semantics, against @xterm/headless', () => {
  it('should give the same text and the same style for every cell as xterm, for random streams and chunkings', async () => {
    const streams = 2000;
    for (let seed = 1; seed <= streams; seed++) {
      const random = seededRandom(seed);
      const stream = randomTerminalStream(random, 40 + randomInt(random, 400));
      const chunks = randomSplit(random, stream);
      const maxPendingChars = 1 + randomInt(random, 200);
      const applied = chunks.map(() => random() < 0.3);
      const found = await difference(stream, chunks, (i) => applied[i]!, maxPendingChars);
      if (found !== null) {
        // Shrink to a minimal stream that still differs, written whole and applied once.
        const minimal = await shrink(stream, async (candidate) => (await difference(candidate, [candidate], () => true, Infinity)) !== null);
        const minimalDiff = await difference(minimal, [minimal], () => true, Infinity);
        expect.fail(
          `seed ${seed}: ${found}\n  stream: ${JSON.stringify(stream)}\n` +
            (minimalDiff === null
              ? '  (the difference depends on the chunking; no smaller whole-stream reproduction)'
              : `  minimal reproduction: ${JSON.stringify(minimal)}\n  ${minimalDiff}`),
        );
      }
    }
  });

  it('should fold progress-bar redraws after \\r exactly as xterm shows them', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      let stream = '';
      for (let line = randomInt(random, 6); line >= 0; line--) {
        stream += 'x'.repeat(randomInt(random, 30));
        for (let redraw = randomInt(random, 12); redraw > 0; redraw--) {
          const extra = random() < 0.15 ? ['\t', '\b', 'é', '中'][randomInt(random, 4)] : '';
          stream += '\r' + `${randomInt(random, 100)}% `.padEnd(randomInt(random, 40), '#') + extra;
        }
        stream += ['\n', '\r\n', ''][randomInt(random, 3)]!;
      }
      const chunks = randomSplit(random, stream);
      const found = await difference(stream, chunks, () => random() < 0.3, 1 + randomInt(random, 500));
      if (found !== null) expect.fail(`seed ${seed}: ${found}\n  stream: ${JSON.stringify(stream)}`);
    }
  });

  it('should reduce a failing stream to a minimal reproduction', async () => {
    // The shrinker itself: a difference that needs only "\x1b[31m" and "x" must shrink to them.
    const minimal = await shrink('abc\x1b[1mdef\x1b[31mghx\ny', async (candidate) => candidate.includes('\x1b[31m') && candidate.includes('x'));
    expect(minimal).to.equal('\x1b[31mx');
  });
});
