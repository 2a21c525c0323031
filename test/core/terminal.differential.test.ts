import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines, padToSameLength } from '../support/ourLines.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';
import { randomSplit, randomTerminalStream } from '../support/terminalStreams.js';
import { shrink } from '../support/shrink.js';
import { renderWithXterm } from '../support/xtermOracle.js';

// Cases are counted, never timed; each block of seeds is one test, far inside mocha's timeout.
const RANDOM_STREAMS = 4000;
const PROGRESS_BARS = 1200;

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

/** One random stream of the features we implement, in random writes, applied at random: fails with its seed on any difference. */
async function checkRandomStream(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const stream = randomTerminalStream(random, 40 + randomInt(random, 400));
  const chunks = randomSplit(random, stream);
  const maxPendingChars = 1 + randomInt(random, 200);
  const applied = chunks.map(() => random() < 0.3);
  const found = await difference(stream, chunks, (i) => applied[i]!, maxPendingChars);
  if (found === null) return;
  // Shrink to a small stream that still differs, written whole and applied once.
  const differs = async (candidate: string) => (await difference(candidate, [candidate], () => true, Infinity)) !== null;
  const minimal = await shrink(stream, differs);
  const minimalDiff = await difference(minimal, [minimal], () => true, Infinity);
  expect.fail(
    `seed ${seed}: ${found}\n  stream: ${JSON.stringify(stream)}\n` +
      (minimalDiff === null
        ? '  (the difference depends on the chunking; no smaller whole-stream reproduction)'
        : `  smallest reproduction found: ${JSON.stringify(minimal)}\n  ${minimalDiff}`),
  );
}

/** Progress bars redrawn after \r, now and then with a tab, backspace or wide character in the redraw. */
async function checkProgressBars(seed: number): Promise<void> {
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

describe('terminal semantics, against @xterm/headless', () => {
  for (const { first, last, title } of seedBlocks(RANDOM_STREAMS, 500)) {
    it(`should give the same text and the same style for every cell as xterm, for random streams and chunkings (${title})`, async () => {
      for (let seed = first; seed <= last; seed++) await checkRandomStream(seed);
    });
  }

  for (const { first, last, title } of seedBlocks(PROGRESS_BARS, 300)) {
    it(`should fold progress-bar redraws after \\r exactly as xterm shows them (${title})`, async () => {
      for (let seed = first; seed <= last; seed++) await checkProgressBars(seed);
    });
  }

  it('should take the first 32 parameters of a longer SGR sequence as xterm does, written whole, char by char, or in a flood of coloured lines', async () => {
    const long = (params: string) => `\x1b[${params}m`;
    const stream =
      `a\n${long('1;'.repeat(40) + '31')}red${long('0')}\n` +
      `${long('0;'.repeat(31) + '4;1;32')}kept underline, not bold${long('')}\n` +
      `${long('38;2;' + '9;'.repeat(29) + '1;2;3;4')}x\n` +
      'plain\n'.repeat(3);
    for (const [title, chunks, applyEvery] of [
      ['whole', [stream], () => true],
      ['char by char', [...stream], () => true],
      ['char by char, applied once', [...stream], () => false],
      ['line by line', stream.split(/(?<=\n)/), () => true],
    ] as const) {
      const found = await difference(stream, chunks, applyEvery, Infinity);
      expect(found, title).to.equal(null);
    }
  });

  it('should reduce a failing stream to a minimal reproduction', async () => {
    // The shrinker itself: a difference that needs only "\x1b[31m" and "x" must shrink to them.
    const minimal = await shrink('abc\x1b[1mdef\x1b[31mghx\ny', async (candidate) => candidate.includes('\x1b[31m') && candidate.includes('x'));
    expect(minimal).to.equal('\x1b[31mx');
  });

  it('should stop shrinking after the number of tries it is given, with the smallest failing stream found', async () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz';
    let tries = 0;
    const fails = async (candidate: string) => (tries++, candidate.includes('m'));
    // The first try, without a to m, no longer fails; the second, without n to z, still does.
    expect(await shrink(alphabet, fails, 2)).to.equal('abcdefghijklm');
    expect(tries).to.equal(2);
    expect(await shrink(alphabet, fails)).to.equal('m');
  });
});
