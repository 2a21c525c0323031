import { expect } from 'chai';
import { ConsoleBuffer, type ConsoleBufferOptions } from '../../src/core/index.js';
import { appliedCharByChar as charByChar, printedBy, seenByReader as seen } from '../support/appliedCharByChar.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';
import { randomSgr, randomSplit } from '../support/terminalStreams.js';

const WORDS = ['$ ', 'echo', ' ', 'helo', 'wxorld', '>>> ', 'x'.repeat(30), '━━', 'é', '中', '😀', 'e\u0301', '\u00ad'];
const EDITS = ['\b', '\b\b\b', '\r', '\x1b[P', '\x1b[1P', '\x1b[3P', '\x1b[@', '\x1b[2@', '\x1b[X', '\x1b[2X', '\x1b[K', '\x1b[0K', '\x1b[1K', '\x1b[2K', '\x1b[C', '\x1b[4C', '\x1b[D', '\x1b[2D', '\x1b[5G', '\x1b[G', '\x1b[?2004h', '\x1b[?2004l', '\x1b[?25l;', '\x1b[?1;2004h', '\x1b[?20049h', '\x1b[?2004l\r'];
/** Now and then what may not be folded: other controls and sequences, the pen, rows moved, the alternate screen, a link. */
const ODD = ['\t', '\x07', '\x9b', '\x1b[31m', '\x1b[0m', '\x1b[1A', '\x1b[?1049h', '\x1b[?1049l', '\x1b[?1;1049h', '\x1b[?2004;1049h', '\x1b[?2004\r\n', '\x1b[?1048h', '\x1b7', '\x1b8', '\x1b[2;3r', '\x1b]8;;https://x.test/\x1b\\', '\x1b[4h', '\x1b[1;2P', '\x1b[>c', '\x1b[99999999@', '\x1b'];

/** What readline does, and leaves no blank: ASCII words, moves back, deletes, erases to the end, an insert written over at once. */
const READLINE_WORDS = ['$ ', 'echo', ' ', 'helo', 'wxorld', '>>> ', 'x'.repeat(30)];
const READLINE_EDITS = ['\b', '\b\b\b', '\r', '\x1b[P', '\x1b[1P', '\x1b[3P', '\x1b[K', '\x1b[0K', '\x1b[2K', '\x1b[D', '\x1b[2D', '\x1b[?2004h', '\x1b[?2004l', '\x1b[1@l', '\x1b[2@ab',
  // A move back, then a change inside what is left (what a user's fix of a typo echoes).
  '\b\b\b\x1b[P', '\x1b[4D\x1b[2P', '\b\b\x1b[1@l', '\x1b[3D\x1b[2@ab', '\b\b\b\x1b[K', '\r\x1b[2C\x1b[P', '\x1b[3Gq'];

/**
 * A line a shell's editor might echo: words and edits, now and then something odd,
 * ended by `\r\n` or `\n` (or not at all). `readline`: only what readline writes, so
 * that most such lines are folded.
 */
function editedLine(random: () => number, odd: number, readline: boolean): string {
  let line = '';
  for (let part = randomInt(random, 9); part > 0; part--) {
    const pick = random();
    if (pick < odd) line += ODD[randomInt(random, ODD.length)];
    else if (readline) line += pick < 0.5 ? READLINE_EDITS[randomInt(random, READLINE_EDITS.length)] : READLINE_WORDS[randomInt(random, READLINE_WORDS.length)];
    else if (pick < 0.5) line += EDITS[randomInt(random, EDITS.length)];
    else if (pick < 0.53) line += randomSgr(random);
    else line += WORDS[randomInt(random, WORDS.length)];
  }
  const end = random();
  return line + (end < 0.6 ? '\r\n' : end < 0.95 ? '\n' : '');
}

describe('line edits folded before they are interpreted', () => {
  for (const { first, last, title } of seedBlocks(400, 100)) {
    it(`should give what applying every character alone gives: rows, styles, counts, truncation (${title})`, () => {
      for (let seed = first; seed <= last; seed++) {
        const random = seededRandom(7300 + seed);
        const options: ConsoleBufferOptions = {
          maxLines: random() < 0.7 ? 1000 : 1 + randomInt(random, 6),
          maxLineLength: random() < 0.7 ? 100_000 : 4 + randomInt(random, 40),
          rows: random() < 0.6 ? null : 1 + randomInt(random, 5),
        };
        const odd = random() < 0.5 ? 0 : 0.08;
        const readline = random() < 0.5;
        const stream = Array.from({ length: 1 + randomInt(random, 10) }, () => editedLine(random, odd, readline)).join('');
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

  it('should leave to the terminal model a line it cannot fold beside lines it folds, in one write', () => {
    // The folded lines make the piece look plain; the line left alone (a bell, a tab, a wide character moved over) is not.
    for (const stream of ['ab\b\bcd\nx\x07y\n', 'ab\bc\n\tz\n', 'ab\bc\n\u4e2d\bx\n', 'x\x1b[Dy\r\na\x0bb\r\n']) {
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      buffer.write(stream);
      expect(seen(buffer), JSON.stringify(stream)).to.deep.equal(seen(charByChar(stream, { maxLines: 100 })));
    }
  });

  it('should append a readline session as plain lines, its edits worked out without the terminal model', () => {
    const session = '\x1b[?2004h$ echo helo wxorld\b\b\b\b\b\x1b[1Porld\b\b\b\b\b\b\b\x1b[1@l\r\n\x1b[?2004l\rhello world\r\n\x1b[?2004h$ exit\r\n\x1b[?2004l\rexit\r\n';
    const buffer = new ConsoleBuffer({ maxLines: 100 });
    const printed = printedBy(() => {
      for (let i = 0; i < 3; i++) {
        buffer.write(session);
        buffer.apply();
      }
    });
    expect(buffer.text).to.equal('$ echo hello world\nhello world\n$ exit\nexit\n'.repeat(3));
    expect(printed).to.equal(0);
    expect(seen(buffer)).to.deep.equal(seen(charByChar(session.repeat(3), { maxLines: 100 })));
  });

  it('should work out each edit as the terminal model does: delete, insert, erase, moves, backspace at the margin', () => {
    const cases: [string, string][] = [
      ['abcd\b\b\x1b[P\r\n', 'abd\n'],
      ['abcd\b\b\b\x1b[2P\r\n', 'ad\n'],
      ['abcd\b\b\x1b[9P\r\n', 'ab\n'],
      ['abcd\b\b\b\b\x1b[P\x1b[P\r\n', 'cd\n'],
      ['abcd\x1b[3D\x1b[K\r\n', 'a\n'],
      ['abcd\b\b\x1b[0K\r\n', 'ab\n'],
      ['abcd\x1b[2K\rxy\r\n', 'xy\n'],
      ['abcd\b\b\x1b[1@X\r\n', 'abXcd\n'],
      ['abcd\b\b\b\x1b[2@XY\r\n', 'aXYbcd\n'],
      ['abcd\b\b\b\x1b[1Xz\r\n', 'azcd\n'],
      ['abcd\x1b[2Gz\r\n', 'azcd\n'],
      ['ab\x1b[9Dz\r\n', 'zb\n'],
      ['\b\bab\r\n', 'ab\n'],
      ['abc\rx\n', 'xbc\n'],
    ];
    for (const [stream, text] of cases) {
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      buffer.write(stream + stream);
      buffer.apply();
      expect(buffer.text, JSON.stringify(stream)).to.equal(text + text);
      expect(seen(buffer), JSON.stringify(stream)).to.deep.equal(seen(charByChar(stream + stream, { maxLines: 100 })));
    }
  });

  it('should leave to the terminal model a line whose edits leave a blank inside it, and a line after one that sets the pen', () => {
    for (const stream of ['ab\b\x1b[@\r\n', 'x\x1b[31m\r\nab\b\bc\r\n', 'ab\x1b[3Cc\r\n']) {
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      const printed = printedBy(() => {
        buffer.write(stream);
        buffer.apply();
      });
      expect(printed, JSON.stringify(stream)).to.be.above(0);
      expect(seen(buffer), JSON.stringify(stream)).to.deep.equal(seen(charByChar(stream, { maxLines: 100 })));
    }
  });
});
