import { expect } from 'chai';
import { ConsoleBuffer, type ConsoleBufferOptions } from '../../src/core/index.js';
import { appliedCharByChar as charByChar, printedBy, seenByReader as seen } from '../support/appliedCharByChar.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';
import { randomSgr, randomSplit } from '../support/terminalStreams.js';

const WORDS = ['fetch', 'build', ' ', '  0%', '100%', '0:00:01', '━━━━━━━━', '╺', '█▊', '中文', '😀', 'e\u0301', 'x'.repeat(30)];
/** Now and then what may not be folded: controls, other sequences, a scroll region, the alternate screen, a link. */
const ODD = ['\t', '\b', '\r', '\x07', '\x1b[2A', '\x1b[3C', '\x1b[K', '\x1b[1K', '\x1b[?25l', '\x1b[2;5r', '\x1b[?1049h', '\x1b[?1049l', '\x1b7', '\x1b8', '\x1b]8;;https://x.test/\x1b\\', '\x1b[' + '1;'.repeat(20) + '31m'];

/** One line of a redraw: words and SGR sequences, a reset often last. */
function redrawLine(random: () => number, odd: number): string {
  let line = '';
  for (let part = randomInt(random, 7); part > 0; part--) {
    if (random() < odd) line += ODD[randomInt(random, ODD.length)];
    else if (random() < 0.4) line += randomSgr(random);
    else line += WORDS[randomInt(random, WORDS.length)];
  }
  return random() < 0.6 ? line + '\x1b[0m' : line;
}

/** Rich-style redraws of 1 to 4 lines: each erased from the last up (`\r CSI 2K`, then `CSI 1A CSI 2K` or `CSI A CSI 2K` a line), sometimes too few or too many erases, and other output between them. */
function redraws(random: () => number, count: number, odd: number): string {
  let out = random() < 0.5 ? 'before\n' : '';
  const lines = 1 + randomInt(random, 4);
  for (let redraw = 0; redraw < count; redraw++) {
    const written = Array.from({ length: random() < 0.1 ? 1 + randomInt(random, 5) : lines }, () => redrawLine(random, odd));
    out += written.join('\n');
    if (random() < 0.05) out += 'plain output\n';
    const above = random() < 0.15 ? randomInt(random, 5) : written.length - 1;
    out += '\r\x1b[2K' + Array.from({ length: above }, () => (random() < 0.8 ? '\x1b[1A\x1b[2K' : '\x1b[A\x1b[2K')).join('');
  }
  return out + (random() < 0.5 ? redrawLine(random, odd) + '\n' : '');
}

describe('erased redraws folded before they are interpreted', () => {
  for (const { first, last, title } of seedBlocks(400, 100)) {
    it(`should give what applying every character alone gives: rows, styles, counts, truncation (${title})`, () => {
      for (let seed = first; seed <= last; seed++) {
        const random = seededRandom(9100 + seed);
        const options: ConsoleBufferOptions = {
          maxLines: random() < 0.6 ? 1000 : 1 + randomInt(random, 6),
          maxLineLength: random() < 0.7 ? 100_000 : 4 + randomInt(random, 40),
          rows: random() < 0.6 ? null : 1 + randomInt(random, 5),
        };
        const stream = redraws(random, 1 + randomInt(random, 12), random() < 0.5 ? 0 : 0.05);
        const reference = seen(charByChar(stream, options));
        const buffer = new ConsoleBuffer(options);
        // Whole (one batch, as a frame's), or in pieces applied now and then.
        const chunks = random() < 0.5 ? [stream] : randomSplit(random, stream);
        for (const chunk of chunks) {
          buffer.write(chunk);
          if (random() < 0.3) buffer.apply();
        }
        expect(seen(buffer), `seed ${seed}, ${JSON.stringify(options)}: ${JSON.stringify(stream)}`).to.deep.equal(reference);
      }
    });
  }

  it('should interpret only the last of many redraws of rich-style progress lines', () => {
    const frame = (i: number) => `\x1b[1;34mfetch\x1b[0m \x1b[38;5;237m${'━'.repeat(i % 40)}\x1b[0m \x1b[35m${i}%\x1b[0m\n\x1b[1;34mbuild\x1b[0m ${'━'.repeat(40 - (i % 40))}\x1b[0m`;
    let stream = '';
    for (let i = 0; i < 200; i++) stream += (i > 0 ? '\r\x1b[2K\x1b[1A\x1b[2K' : '') + frame(i);
    stream += '\n';
    const buffer = new ConsoleBuffer({ maxLines: 100 });
    // Characters handed to the terminal model to print.
    const printed = printedBy(() => {
      buffer.write(stream);
      buffer.apply();
    });
    expect(buffer.text).to.equal(`fetch ${'━'.repeat(199 % 40)} 199%\nbuild ${'━'.repeat(40 - (199 % 40))}\n`);
    expect(seen(buffer)).to.deep.equal(seen(charByChar(stream, { maxLines: 100 })));
    // The last redraw's lines and a character of each other one (the whole stream is about 130 a redraw).
    expect(printed).to.be.below(1000);
  });
});
