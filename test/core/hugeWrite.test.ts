import { expect } from 'chai';
import { Attr, ConsoleBuffer, type StyledLine } from '../../src/core/index.js';
import { countNewlines, lineBreaks, linesFit, nthNewline, nthNewlineFromEnd } from '../../src/core/newlines.js';
import { Row } from '../../src/core/Row.js';
import { Screen } from '../../src/core/Screen.js';
import { countLines, expectedText, randomInt, seededRandom } from '../support/random.js';

const MiB = 1024 * 1024;

/**
 * The reference: every code point written and applied alone, so nothing is ever
 * clipped, skimmed, counted in bulk, folded or cut short at maxLineLength.
 */
function charByChar(stream: string, maxLines: number, maxLineLength: number): ConsoleBuffer {
  const buffer = new ConsoleBuffer({ maxLines, maxLineLength });
  for (const char of stream) {
    buffer.write(char);
    buffer.apply();
  }
  return buffer;
}

/**
 * All a reader can see of a buffer. truncatedChars counts what was cut from lines the
 * console built: a line dropped unbuilt (clipped, before the last maxLines) adds
 * nothing, so it depends on how writes were batched once lines are dropped, and is
 * left out then (`truncated: false`).
 */
function seen(buffer: ConsoleBuffer, truncated = true): { text: string; lineCount: number; droppedLines: number; truncatedChars: number; lines: StyledLine[] } {
  const lines: StyledLine[] = [];
  for (let i = 0; i < buffer.lineCount; i++) {
    const line = buffer.styledLine(i);
    // Links of a line without any are null or all '', depending on the lines stored with it.
    const links = line.links?.some((link) => link !== '') ? line.links : null;
    lines.push({ text: line.text, runs: line.runs === null ? null : (Array.from(line.runs) as unknown as Int32Array), links });
  }
  return { text: buffer.text, lineCount: buffer.lineCount, droppedLines: buffer.droppedLines, truncatedChars: truncated ? buffer.truncatedChars : -1, lines };
}

/** Calls of String.prototype[name] (or of `proto`'s) made while `run` runs. */
function countCalls(name: string, run: () => void, proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>): number {
  const original = proto[name]!;
  let calls = 0;
  proto[name] = function (this: string, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    run();
  } finally {
    proto[name] = original;
  }
  return calls;
}

describe('one huge write', () => {
  describe('line feeds, counted in bulk', () => {
    const naiveCount = (text: string, start: number, end: number) => {
      let count = 0;
      for (let at = start; at < end; at++) if (text.charCodeAt(at) === 0x0a) count++;
      return count;
    };
    const naiveNth = (text: string, n: number, start: number, end: number) => {
      for (let at = start; at < end; at++) if (text.charCodeAt(at) === 0x0a && n-- === 0) return at;
      return -1;
    };
    const naiveNthFromEnd = (text: string, n: number, start: number, end: number) => {
      for (let at = end - 1; at >= start; at--) if (text.charCodeAt(at) === 0x0a && n-- === 0) return at;
      return -1;
    };
    /** Runs of empty lines (`\n` and `\r\n`), short lines and long text without line feeds, around the chunk sizes. */
    const blockText = (random: () => number) => {
      const parts: string[] = [];
      let length = 0;
      while (length < 200_000) {
        const size = [1, 2, 7, 1000, 16_383, 16_384, 32_767, 32_768, 32_769, 65_539, 70_000][randomInt(random, 11)]!;
        const kind = randomInt(random, 5);
        const part = kind === 0 ? '\n'.repeat(size) : kind === 1 ? '\r\n'.repeat(Math.ceil(size / 2)) : kind === 2 ? 'ab\n'.repeat(Math.ceil(size / 3)) : kind === 3 ? 'x'.repeat(size) : 'line\n';
        parts.push(part);
        length += part.length;
      }
      return parts.join('');
    };

    it('should count and find line feeds as a walk over them would, across chunks, runs of empty lines and both phases of \\r\\n', () => {
      for (let seed = 1; seed <= 12; seed++) {
        const random = seededRandom(seed);
        const text = blockText(random);
        for (let query = 0; query < 12; query++) {
          const start = query === 0 ? 0 : randomInt(random, text.length);
          const end = query === 0 ? text.length : start + randomInt(random, text.length - start + 1);
          const count = naiveCount(text, start, end);
          const context = `seed ${seed}, [${start}, ${end}), ${count} line feeds`;
          expect(countNewlines(text, start, end), context).to.equal(count);
          for (const n of [0, count - 1, count, randomInt(random, count + 1), randomInt(random, Math.min(count + 1, 50))]) {
            if (n < 0) continue;
            expect(nthNewline(text, n, start, end), `${context}, n ${n}`).to.equal(naiveNth(text, n, start, end));
            expect(nthNewlineFromEnd(text, n, start, end), `${context}, n ${n} from the end`).to.equal(naiveNthFromEnd(text, n, start, end));
          }
        }
      }
    });

    it('should find a page\'s line breaks, and whether its lines fit a length, as a walk over them would', () => {
      for (let seed = 1; seed <= 12; seed++) {
        const random = seededRandom(300 + seed);
        // Pages end with a line feed; some with long lines, near the lengths asked about.
        const lines = Array.from({ length: 1 + randomInt(random, 400) }, () => 'y'.repeat(random() < 0.05 ? 500 + randomInt(random, 3000) : randomInt(random, 90)));
        const text = lines.join('\n') + '\n';
        const breaks: number[] = [];
        for (let at = 0; at < text.length; at++) if (text.charCodeAt(at) === 0x0a) breaks.push(at);
        expect(Array.from(lineBreaks(text, breaks.length)), `seed ${seed}`).to.deep.equal(breaks);
        expect(() => lineBreaks(text, breaks.length + 1), `seed ${seed}`).to.throw(RangeError);
        // A range from a line start to just past a line end.
        const first = randomInt(random, lines.length);
        const last = first + randomInt(random, lines.length - first);
        const start = first === 0 ? 0 : breaks[first - 1]! + 1;
        const end = breaks[last]! + 1;
        const widest = Math.max(...lines.slice(first, last + 1).map((line) => line.length));
        for (const longest of [0, 1, widest - 1, widest, widest + 1, randomInt(random, 4000)]) {
          if (longest < 0) continue;
          expect(linesFit(text, start, end, longest), `seed ${seed}, lines ${first} to ${last}, widest ${widest}, longest ${longest}`).to.equal(widest <= longest);
        }
      }
    });

    it('should store a flood of lines, plain or coloured, without looking for each line\'s end until one is read', () => {
      for (const colour of [false, true]) {
        const lines = Array.from({ length: 20_000 }, (_, i) => (colour ? `\x1b[3${i % 8}mline ${i}\x1b[0m ` : `line ${i} `) + 'x'.repeat(i % 70));
        const stream = lines.map((line) => line + '\n').join('');
        const buffer = new ConsoleBuffer({ maxLines: 100_000 });
        const calls = countCalls('indexOf', () => {
          for (let at = 0; at < stream.length; at += 64 * 1024) buffer.write(stream.slice(at, at + 64 * 1024));
          buffer.apply();
        });
        // An indexOf call per line stored made 20,000 and more: a quarter of a coloured flood's time in Chromium.
        expect(calls, colour ? 'coloured' : 'plain').to.be.lessThan(2000);
        expect(buffer.lineCount).to.equal(20_000);
        expect(buffer.line(12_345)).to.equal(`line 12345 ${'x'.repeat(12_345 % 70)}`);
        expect(buffer.text).to.equal(stream.replace(/\x1b\[[0-9]*m/g, ''));
      }
    });

    it('should hand a line longer than half maxLineLength in a page kept as written to the terminal model, which cuts it', () => {
      for (const colour of ['', '\x1b[32m']) {
        const line = (length: number) => colour + 'z'.repeat(length) + (colour === '' ? '' : '\x1b[0m');
        const short = Array.from({ length: 1000 }, (_, i) => line(i % 40));
        // A write of 16 Ki characters and more is kept as the writer's string, its lines unbroken.
        for (const long of [50, 51, 100, 101, 150]) {
          const written = [...short, line(long), ...short].join('\n') + '\n';
          const buffer = new ConsoleBuffer({ maxLines: 5000, maxLineLength: 100 });
          buffer.write(written);
          buffer.apply();
          const context = `${colour === '' ? 'plain' : 'coloured'}, a line of ${long}`;
          expect(buffer.line(1000), context).to.equal('z'.repeat(Math.min(long, 100)));
          expect(buffer.truncatedChars, context).to.equal(Math.max(0, long - 100));
          expect(buffer.line(2000), context).to.equal('z'.repeat(999 % 40));
        }
      }
    });

    it('should take 1,000,000 empty lines in one write without a call per line, and count every one dropped', () => {
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      const text = '\n'.repeat(1_000_000);
      const calls = countCalls('indexOf', () => {
        buffer.write(text);
        buffer.apply();
      });
      // One indexOf call per line feed made 3 million calls (and took seconds for 200 MiB); the lines kept still take one each.
      expect(calls).to.be.lessThan(1000);
      expect(buffer.lineCount).to.equal(100);
      expect(buffer.droppedLines).to.equal(999_900);
      expect(buffer.text).to.equal('\n'.repeat(100));
    });

    it('should keep the plain-text contract for one write of runs of empty lines and short lines, whatever the capacity', () => {
      for (let seed = 1; seed <= 8; seed++) {
        const random = seededRandom(100 + seed);
        const written = blockText(random).replace(/\r/g, '') + 'tail'.repeat(randomInt(random, 2));
        for (const maxLines of [1, 7, 5000, 40_000, 1_000_000]) {
          const buffer = new ConsoleBuffer({ maxLines });
          buffer.write(written);
          const expected = expectedText(written, maxLines);
          const context = `seed ${seed}, maxLines ${maxLines}`;
          expect(buffer.text, context).to.equal(expected);
          expect(buffer.lineCount, context).to.equal(countLines(expected));
          expect(buffer.droppedLines, context).to.equal(countLines(written) - countLines(expected));
        }
      }
    });

    it('should take \\r\\n empty lines as empty lines, counted in bulk', () => {
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      buffer.write('first\n' + '\r\n'.repeat(300_001) + 'last');
      expect(buffer.text).to.equal('\n'.repeat(99) + 'last');
      expect(buffer.droppedLines).to.equal(300_002 - 99);
    });
  });

  describe('a long line written in many parts', () => {
    it('should cost what each part adds, not what the line holds: its text and runs are rebuilt once, when it ends', () => {
      // Each part is applied before the next comes, as frames apply a long coloured line a slice at a time.
      const part = '\x1b[31mred\x1b[0m plain '.repeat(50);
      const buffer = new ConsoleBuffer({ maxLines: 10 });
      let rebuilt = 0; // characters and run values of the lines rows were made from or turned into
      const measure = (line: StyledLine) => {
        rebuilt += line.text.length + (line.runs?.length ?? 0);
        return line;
      };
      const fromStyled = Row.fromStyled;
      const toStyled = Row.prototype.toStyled;
      Row.fromStyled = (line: StyledLine, ownsText?: boolean) => (measure(line), fromStyled.call(Row, line, ownsText));
      Row.prototype.toStyled = function (this: Row) {
        return measure(toStyled.call(this));
      };
      const parts = 150; // 67,500 columns, short of maxLineLength
      try {
        for (let i = 0; i < parts; i++) {
          buffer.write(part);
          buffer.apply();
        }
        buffer.write('\n');
        buffer.apply();
      } finally {
        Row.fromStyled = fromStyled;
        Row.prototype.toStyled = toStyled;
      }
      const line = buffer.styledLine(0);
      expect(line.text).to.equal('red plain '.repeat(50 * parts));
      expect(line.runs?.length).to.equal(4 * 2 * 50 * parts);
      // The line is 67,500 characters and 60,000 run values: made whole once or twice, not once a part (some 9.5 M).
      expect(rebuilt, 'characters and run values rebuilt').to.be.lessThan(4 * (line.text.length + line.runs!.length));
    });
  });

  describe('a line longer than maxLineLength', () => {
    it('should keep its first maxLineLength columns and count the rest, for a line of several MiB alone or after lines', () => {
      for (const before of ['', 'a\nb\n']) {
        const buffer = new ConsoleBuffer({ maxLines: 10 });
        const line = 'the quick brown fox '.repeat((3 * MiB) / 20);
        buffer.write(before + line);
        expect(buffer.text).to.equal(before + line.slice(0, 100_000));
        expect(buffer.truncatedChars).to.equal(line.length - 100_000);
        buffer.write('\nnext\n');
        expect(buffer.text).to.equal(before + line.slice(0, 100_000) + '\nnext\n');
        expect(buffer.truncatedChars).to.equal(line.length - 100_000);
      }
    });

    it('should count a long overflow by arithmetic only where that is exact: what a \\r, \\b, cursor moves and other controls past the limit do', () => {
      const max = 1000;
      const far = 'x'.repeat(2 * MiB);
      const kept = far.slice(0, max);
      const cases: { written: string; text: string; truncated: number }[] = [
        // \r returns to column 0: later text overwrites the line.
        { written: far + '\rab', text: 'ab' + kept.slice(2), truncated: far.length - max },
        // \b and a cursor move back from the limit: the next characters overwrite its last columns.
        { written: far + '\bZ' + far, text: kept.slice(0, max - 1) + 'Z', truncated: 2 * far.length - max },
        { written: far + '\x1b[3DABCDE', text: kept.slice(0, max - 3) + 'ABC', truncated: far.length - max + 2 },
        // A tab at the limit stays there; BEL, DEL and C1 show nothing: none of them is counted.
        { written: far + '\t\x07\x7f\x85' + far, text: kept, truncated: 2 * far.length - max },
        // SGR far past the limit colours the next line.
        { written: far + '\x1b[31m' + far + '\nred', text: kept + '\nred', truncated: 2 * far.length - max },
      ];
      for (const { written, text, truncated } of cases) {
        const buffer = new ConsoleBuffer({ maxLineLength: max });
        buffer.write(written);
        const context = JSON.stringify(written.replace(/x+/g, (run) => `x×${run.length}`));
        expect(buffer.text, context).to.equal(text);
        expect(buffer.truncatedChars, context).to.equal(truncated);
      }
      const red = new ConsoleBuffer({ maxLineLength: max });
      red.write(far + '\x1b[31m' + far + '\nred');
      expect(Array.from(red.styledLine(1).runs ?? [])).to.deep.equal([0, 2, 0, 0]);
    });

    it('should count code points, not UTF-16 units, of a long non-ASCII overflow, without visiting each', () => {
      const buffer = new ConsoleBuffer({ maxLineLength: 1000 });
      const line = '中文'.repeat(MiB) + '😀'.repeat(1000);
      const calls = countCalls('codePointAt', () => {
        buffer.write(line);
        buffer.apply();
      });
      expect(buffer.text).to.equal('中文'.repeat(250));
      expect(buffer.truncatedChars).to.equal(2 * MiB - 500 + 1000);
      // The 500 characters kept are measured one by one; the 2 million past them were too.
      expect(calls).to.be.lessThan(5000);
    });

    it('should keep a combining mark written right at the limit with the character before it, and count one after a dropped character', () => {
      const far = 'x'.repeat(2 * MiB);
      const cases: { written: string; text: string; truncated: number }[] = [
        { written: 'x'.repeat(10) + '\u0301\u0301abc\u0301', text: 'x'.repeat(10) + '\u0301\u0301', truncated: 4 },
        { written: 'x'.repeat(11) + '\u0301abc', text: 'x'.repeat(10), truncated: 5 },
        { written: 'x'.repeat(10) + '\u0301' + far, text: 'x'.repeat(10) + '\u0301', truncated: far.length },
        { written: far + '\u0301', text: 'x'.repeat(10), truncated: far.length - 10 + 1 },
      ];
      for (const { written, text, truncated } of cases) {
        const buffer = new ConsoleBuffer({ maxLineLength: 10 });
        buffer.write(written);
        const context = JSON.stringify(written.slice(0, 20)) + ` (${written.length} characters)`;
        expect(buffer.text, context).to.equal(text);
        expect(buffer.truncatedChars, context).to.equal(truncated);
      }
    });

    it('should match the character-by-character reference past the limit of a line laced with SGR sequences, tabs and other controls, and keep the pen for the next line', () => {
      const max = 40;
      const filler = 'abcdefghijklmnopqrstuvwxyz0123456789';
      // Each block: one thing that might follow text past the limit, then text.
      const blocks = [
        '\x1b[31m', '\x1b[0m', '\x1b[1;44m', '\x1b[m', '\x1b[;32m', '\x1b[0;33;1m', '\x1b[38;5;200m', '\x1b[48:2::1:2:3m', '\x1b[00m',
        '\x1b[' + Array.from({ length: 31 }, () => '1').join(';') + ';35m', '\x1b[' + Array.from({ length: 20 }, () => '4').join(';') + 'm',
        '\t', '\t\t', '\x07', '\x7f', '\x85', '中文', '😀', 'é', '\ud83d\x1b[1m\ude00', '\x1b]8;;https://x.test/\x1b\\', '\x1b[?25l', '\x1b[',
      ];
      // Combining marks only after a control or sequence (one within text joins the character before it only when written
      // alone, as the reference writes it), and not with moves back (after which the reference may keep a row as text
      // that one write makes cells, where a mark joins unstyled).
      const marks = ['\x1b[31m\u0301', '\t\u0301', '\x1b[m\u200b', '\t\xad'];
      const moves = ['\x1b[3D', '\x1b[K', '\r', '\b'];
      for (let seed = 1; seed <= 120; seed++) {
        const random = seededRandom(5000 + seed);
        const parts: string[] = [random() < 0.5 ? '\x1b[32m' : ''];
        for (let line = 0, lines = 1 + randomInt(random, 3); line < lines; line++) {
          parts.push(filler.repeat(2).slice(0, max + randomInt(random, max)));
          for (let part = 0, count = 1 + randomInt(random, 12); part < count; part++) {
            const kinds = seed % 2 === 0 ? marks : moves;
            parts.push(random() < 0.2 ? kinds[randomInt(random, kinds.length)]! : blocks[randomInt(random, blocks.length)]!, filler.slice(0, randomInt(random, 12)));
          }
          parts.push('\n');
        }
        parts.push('next');
        const stream = parts.join('');
        const reference = seen(charByChar(stream, 100, max));
        const whole = new ConsoleBuffer({ maxLines: 100, maxLineLength: max });
        whole.write(stream);
        const context = `seed ${seed}: ${JSON.stringify(stream)}`;
        expect(seen(whole), context).to.deep.equal(reference);
        const cut = new ConsoleBuffer({ maxLines: 100, maxLineLength: max });
        for (let at = 0; at < stream.length; ) {
          const end = Math.min(stream.length, at + 1 + randomInt(random, 3 * max));
          cut.write(stream.slice(at, end));
          if (random() < 0.5) cut.apply();
          at = end;
        }
        expect(seen(cut), `${context}, in pieces`).to.deep.equal(reference);
      }
    });

    it('should cross a line of several MiB past the limit, SGR sequences and tabs among it, without interpreting them one by one', () => {
      const screenCalls = (name: string, run: () => void) => countCalls(name, run, Screen.prototype as unknown as Record<string, (...args: unknown[]) => unknown>);
      const colored = Array.from({ length: 100_000 }, (_, i) => `\x1b[${31 + (i % 6)}mcoloured text ${i}\x1b[0m `).join('') + '\x1b[1;34m';
      const buffer = new ConsoleBuffer({ maxLineLength: 1000 });
      // 200,001 SGR sequences: those before the limit are interpreted, the rest crossed.
      expect(screenCalls('csi', () => buffer.write(colored + '\nnext'))).to.be.lessThan(200);
      const visible = colored.replace(/\x1b\[[0-9;]*m/g, '');
      expect(buffer.line(0)).to.equal(visible.slice(0, 1000));
      expect(buffer.truncatedChars).to.equal(visible.length - 1000);
      expect(Array.from(buffer.styledLine(1).runs ?? [])).to.deep.equal([0, 5, 0, 1]);
      // Tabs make the row cells; past the limit each leaves the cursor there.
      const tabbed = new ConsoleBuffer({ maxLineLength: 1000 });
      const line = 'abcdefg\t'.repeat(200_000);
      expect(screenCalls('execute', () => tabbed.write(line + 'end\nnext'))).to.be.lessThan(200);
      expect(tabbed.line(0)).to.equal('abcdefg '.repeat(125).trimEnd());
      expect(tabbed.truncatedChars).to.equal(7 * (200_000 - 125) + 3);
    });

    it('should cross MiBs of a line laced with SGR sequences past the limit with searches, and count what it drops later, exactly', () => {
      const colored = Array.from({ length: 120_000 }, (_, i) => `\x1b[${31 + (i % 6)}mcoloured text ${i}\x1b[0m `).join('') + '\x1b[1;34m';
      const dropped = colored.replace(/\x1b\[[0-9;]*m/g, '').length - 1000;
      const buffer = new ConsoleBuffer({ maxLineLength: 1000 });
      buffer.write(colored + '\nnext');
      // The write applies it: one search for where the crossing stops, a few sequences from its end for the pen.
      const walked = countCalls('indexOf', () => buffer.apply());
      expect(walked, 'indexOf calls applying 240,001 sequences').to.be.lessThan(2000);
      expect(Array.from(buffer.styledLine(1).runs ?? [])).to.deep.equal([0, 5, 0, 1]);
      expect(buffer.styledLine(0).runs?.at(-1)! & Attr.Truncated, 'the mark').to.not.equal(0);
      // What it dropped is counted a part at a time, none cutting a sequence, or all at once when read.
      const left = buffer.countTruncated(0);
      expect(left).to.be.greaterThan(colored.length - 2 * 1000 - 200);
      expect(buffer.countTruncated(100_003)).to.equal(left - 100_003 + (left - buffer.countTruncated(0) - 100_003));
      const parts = new ConsoleBuffer({ maxLineLength: 1000 });
      parts.write(colored + '\nnext');
      parts.apply();
      for (let budget = 1, calls = 0; parts.countTruncated(budget) > 0; budget = (budget * 7 + 13) % 500_000) expect(++calls).to.be.lessThan(10_000);
      expect(parts.truncatedChars).to.equal(buffer.truncatedChars);
      expect(buffer.truncatedChars).to.equal(dropped);
      // Read at once, with nothing counted before.
      const read = new ConsoleBuffer({ maxLineLength: 1000 });
      read.write(colored + '\nnext');
      expect(read.truncatedChars).to.equal(dropped);
    });

    it('should keep at most one written string alive for what is left to count, counting the one before when another comes', () => {
      const line = (color: number) => `\x1b[${color}m` + 'abc\x1b[1mdef\x1b[0m '.repeat(200_000);
      const buffer = new ConsoleBuffer({ maxLineLength: 100, maxLines: 10 });
      buffer.write(line(31));
      buffer.apply();
      const first = buffer.countTruncated(0);
      expect(first).to.be.greaterThan(2 * MiB);
      buffer.write(line(32));
      buffer.apply();
      // Both on the same line, past the limit: the first was counted when the second string came.
      // (the parser takes the first few characters of the second, up to where the row is full).
      expect(buffer.countTruncated(0)).to.be.within(line(32).length - 20, line(32).length);
      expect(buffer.truncatedChars).to.equal(2 * 7 * 200_000 - 100);
      // clear() forgets what is left.
      buffer.write(line(33));
      buffer.clear();
      expect(buffer.countTruncated(0)).to.equal(0);
      expect(buffer.truncatedChars).to.equal(0);
    });

    it('should match the reference past the limit behind more than 64 sequences with no reset among them, and for MiBs written whole or in pieces', () => {
      const random = seededRandom(77);
      const sgrs = ['\x1b[1m', '\x1b[3m', '\x1b[4m', '\x1b[31m', '\x1b[42m', '\x1b[38;5;99m', '\x1b[22m', '\x1b[39m', '\x1b[0m', '\x1b[m', '\x1b[0;35m'];
      for (let seed = 0; seed < 12; seed++) {
        // No reset in the last 100 sequences but for odd seeds.
        const tail = Array.from({ length: 100 }, () => sgrs[randomInt(random, seed % 2 === 1 ? sgrs.length : 8)]! + 'xy\t'.slice(0, randomInt(random, 4))).join('');
        const stream = 'a'.repeat(30) + tail + '\nnext';
        const reference = seen(charByChar(stream, 10, 20));
        const whole = new ConsoleBuffer({ maxLines: 10, maxLineLength: 20 });
        whole.write(stream);
        expect(seen(whole), `seed ${seed}: ${JSON.stringify(stream)}`).to.deep.equal(reference);
      }
      // MiBs of it whole (counted later) and in pieces under COUNT_LATER_UNITS (counted at once): the same lines and count.
      for (let seed = 0; seed < 6; seed++) {
        const blocks: string[] = [];
        for (let length = 0; length < 1.5 * MiB; ) {
          const block = sgrs[randomInt(random, sgrs.length)]! + 'text\t'.slice(0, randomInt(random, 6)) + (random() < 0.001 ? '\x1b[2C' : '');
          blocks.push(block);
          length += block.length;
        }
        const stream = blocks.join('') + (seed % 2 === 0 ? '\rover' : '') + '\nnext';
        const whole = new ConsoleBuffer({ maxLines: 10, maxLineLength: 50 });
        whole.write(stream);
        const cut = new ConsoleBuffer({ maxLines: 10, maxLineLength: 50 });
        for (let at = 0; at < stream.length; at += 300_000) {
          cut.write(stream.slice(at, at + 300_000));
          cut.apply();
        }
        expect(seen(whole), `seed ${seed}`).to.deep.equal(seen(cut));
      }
    });

    it('should count the code points of MiBs of wide text and emoji past the limit later, exactly, in parts that never split a pair', () => {
      const random = seededRandom(99);
      for (const unit of ['中文字', '中😀', '😀😀x', 'é\u0301a']) {
        const line = unit.repeat(Math.ceil((1.2 * MiB) / unit.length));
        const codePoints = [...line].length;
        const buffer = new ConsoleBuffer({ maxLineLength: 1000 });
        buffer.write(line + '\nnext');
        buffer.apply();
        const kept = buffer.line(0);
        // Wide characters take two columns: the limit keeps 500 of them, or 1000 narrow ones (with their marks).
        expect(line.startsWith(kept), unit).to.equal(true);
        expect(kept.length).to.be.within(500, 1500);
        expect(buffer.countTruncated(0), unit).to.be.greaterThan(MiB);
        for (let calls = 0; buffer.countTruncated(1 + randomInt(random, 70_000)) > 0; ) expect(++calls).to.be.lessThan(10_000);
        expect(buffer.truncatedChars, unit).to.equal(codePoints - [...kept].length);
        expect(buffer.line(1)).to.equal('next');
      }
    });

    it('should find controls, DEL among them, after thousands of two-byte characters as in short text', () => {
      const random = seededRandom(123);
      for (let seed = 0; seed < 20; seed++) {
        const parts: string[] = [];
        for (let i = 0; i < 6; i++) parts.push('中文'.repeat(1000 + randomInt(random, 3000)), ['\x7f', '\x85', '\x07', '\r', '\n', '\x1b[31m', '\b'][randomInt(random, 7)]!);
        const stream = parts.join('') + 'end';
        const whole = new ConsoleBuffer({ maxLines: 50, maxLineLength: 20_000 });
        whole.write(stream);
        const cut = new ConsoleBuffer({ maxLines: 50, maxLineLength: 20_000 });
        for (let at = 0; at < stream.length; at += 97) {
          cut.write(stream.slice(at, at + 97));
          cut.apply();
        }
        expect(seen(whole), `seed ${seed}`).to.deep.equal(seen(cut));
      }
    });

    it('should search a long line with a control every few characters once, not once per control (DEL took 5.4 s for 512 KiB)', () => {
      // Characters the searches String.prototype.search and indexOf were given (a slice counts its length).
      const scannedBy = (run: () => void): number => {
        const search = String.prototype.search;
        const indexOf = String.prototype.indexOf;
        let scanned = 0;
        String.prototype.search = function (this: string, pattern: RegExp) {
          scanned += this.length;
          return search.call(this, pattern);
        } as typeof search;
        String.prototype.indexOf = function (this: string, needle: string, from = 0) {
          const found = indexOf.call(this, needle, from);
          scanned += (found < 0 ? this.length : found) - Math.max(0, from);
          return found;
        };
        try {
          run();
        } finally {
          String.prototype.search = search;
          String.prototype.indexOf = indexOf;
        }
        return scanned;
      };
      for (const [unit, tail] of [['abcdefghij\x7f', ''], ['abcdefghij\x07', ''], ['abc\x85defghij', ''], ['abcdefghij\x7f', '中'], ['中文字\x7f', '']] as const) {
        const line = unit.repeat(40_000) + tail;
        const buffer = new ConsoleBuffer({ maxLineLength: 100 });
        const scanned = scannedBy(() => {
          buffer.write(line + '\nnext');
          buffer.apply();
        });
        expect(scanned, JSON.stringify(unit + tail)).to.be.lessThan(100 * line.length);
        const printed = line.replace(/[\x07\x7f\x85]/g, '');
        expect(buffer.truncatedChars, JSON.stringify(unit)).to.equal([...printed].length - [...buffer.line(0)].length);
      }
    });

    it('should hand a sequence it cannot cross straight back to the parser, without a search, when the parser resumes at it', () => {
      for (const unit of ['abcdefghij\x1b[K', 'abcdefghij\x1b[2C', 'abcdefghij\b', 'abcdefghij\r\x1b[100C']) {
        const buffer = new ConsoleBuffer({ maxLineLength: 100 });
        const line = unit.repeat(10_000);
        const searches = countCalls('search', () => {
          buffer.write(line + '\nnext');
          buffer.apply();
        });
        expect(searches, JSON.stringify(unit)).to.be.lessThan(1000);
        const reference = new ConsoleBuffer({ maxLineLength: 100 });
        for (let at = 0; at < line.length; at += unit.length) {
          reference.write(line.slice(at, at + unit.length));
          reference.apply();
        }
        reference.write('\nnext');
        expect(seen(buffer), JSON.stringify(unit)).to.deep.equal(seen(reference));
      }
    });

    it('should search only the line it crosses past the limit, however much text follows it', () => {
      // Characters String.prototype.indexOf looks at, from where it starts to what it finds (or the end).
      const original = String.prototype.indexOf;
      let scanned = 0;
      String.prototype.indexOf = function (this: string, search: string, from = 0) {
        const found = original.call(this, search, from);
        scanned += (found < 0 ? this.length : found) - Math.max(0, from);
        return found;
      };
      const text = ('x'.repeat(300) + '\t\n').repeat(500) + '\x1b[31mred';
      const buffer = new ConsoleBuffer({ maxLineLength: 100, maxLines: 1000 });
      try {
        buffer.write(text);
        buffer.apply();
      } finally {
        String.prototype.indexOf = original;
      }
      expect(buffer.truncatedChars).to.equal(500 * 200);
      // Looking from each line for the next escape or tab, wherever it is, read the rest of the text each time: 250 times its length.
      expect(scanned).to.be.lessThan(20 * text.length);
    });

    // Combining marks are left out (one written alone past the limit, as below, joins the last character; one written with
    // others does not), and so is erasing to the cursor at the limit (written alone, it leaves a blank cell past it).
    it('should match the character-by-character reference when long lines hold \\r, \\b, tabs, escapes, controls and wide characters', () => {
      const specials = [
        '\r', '\b', '\t', '\x07', '\x7f', '\x85', 'é', '中', '😀', '\x1b[31m', '\x1b[0m', '\x1b[1;44m', '\x1b[3D',
        '\x1b[K', '\x1b[6G', '\x1b[2C', '\x1b[2A', '\x1b[B', '\x1b]8;;https://x.test/\x1b\\', '\x1b]8;;\x1b\\', '\x1b[J',
      ];
      for (let seed = 1; seed <= 150; seed++) {
        const random = seededRandom(seed);
        const maxLineLength = 8 + randomInt(random, 30);
        // Mostly nothing dropped, so that every cut character is counted the same way.
        const maxLines = random() < 0.6 ? 100 : 1 + randomInt(random, 6);
        const parts: string[] = [];
        for (let line = 0, lines = 1 + randomInt(random, 8); line < lines; line++) {
          // Mostly long runs of ASCII, so that lines pass the limit, with now and then something else.
          for (let part = 0, count = randomInt(random, 6); part < count; part++) {
            parts.push('abcdefghijklmnopqrstuvwxyz'.repeat(4).slice(0, randomInt(random, 3 * maxLineLength)));
            if (random() < 0.7) parts.push(specials[randomInt(random, specials.length)]!);
          }
          if (random() < 0.8) parts.push('\n');
        }
        const stream = parts.join('');
        const referenceBuffer = charByChar(stream, maxLines, maxLineLength);
        const exact = referenceBuffer.droppedLines === 0;
        const reference = seen(referenceBuffer, exact);
        const whole = new ConsoleBuffer({ maxLines, maxLineLength });
        whole.write(stream);
        const context = `seed ${seed}, maxLines ${maxLines}, maxLineLength ${maxLineLength}: ${JSON.stringify(stream)}`;
        expect(seen(whole, exact), context).to.deep.equal(reference);
        const cut = new ConsoleBuffer({ maxLines, maxLineLength });
        for (let at = 0; at < stream.length; ) {
          let end = Math.min(stream.length, at + 1 + randomInt(random, 2 * maxLineLength));
          if (/[\ud800-\udbff]/.test(stream[end - 1] ?? '')) end++;
          cut.write(stream.slice(at, end));
          if (random() < 0.5) cut.apply();
          at = end;
        }
        expect(seen(cut, exact), `${context}, in pieces`).to.deep.equal(reference);
      }
    });
  });

  describe('text before the cut', () => {
    it('should follow the escapes of dropped lines and count their line feeds, for any mix of sequences', () => {
      const sequences = ['\x1b[2K', '\x1b[31m', '\x1b[0m', '\x1b[1A', '\x1b]0;title\x07', '\x1b[44m', '\x1b[J', '\x1bP1$r\x1b\\', ''];
      for (let seed = 1; seed <= 40; seed++) {
        const random = seededRandom(1000 + seed);
        const maxLines = 1 + randomInt(random, 20);
        const parts: string[] = [];
        for (let line = 0, lines = 20 + randomInt(random, 200); line < lines; line++) {
          if (random() < 0.3) parts.push(sequences[randomInt(random, sequences.length)]!);
          parts.push(`line ${line}`.repeat(randomInt(random, 3)));
          // Runs of plain lines between sequences: the skim counts them in bulk.
          parts.push('\n'.repeat(1 + (random() < 0.2 ? randomInt(random, 50) : 0)));
        }
        const stream = parts.join('');
        const reference = seen(charByChar(stream, maxLines, 100_000));
        const buffer = new ConsoleBuffer({ maxLines });
        buffer.write(stream);
        expect(seen(buffer), `seed ${seed}, maxLines ${maxLines}: ${JSON.stringify(stream)}`).to.deep.equal(reference);
      }
    });

    it('should only skim what a progress display that moves up as it goes drops, cut before twice the lines it keeps', () => {
      // Each block moves up a row, rewrites it and moves two rows down: one row for two line feeds.
      const blocks = (count: number) => Array.from({ length: count }, (_, i) => `\x1b[1A\x1b[2K\x1b[3${i % 8}mstep ${i}\x1b[0m\n\n`).join('');
      for (const count of [150, 700]) {
        const stream = blocks(count);
        const reference = seen(charByChar(stream, 100, 100_000));
        const buffer = new ConsoleBuffer({ maxLines: 100 });
        buffer.write(stream);
        expect(seen(buffer), `${count} blocks`).to.deep.equal(reference);
      }
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      const stream = blocks(20_000);
      const printed = countCalls('print', () => {
        buffer.write(stream);
        buffer.apply();
      }, Screen.prototype as unknown as Record<string, (...args: unknown[]) => unknown>);
      // The cut before the last 100 line feeds keeps 50 rows, so it is not exact; the one before 200 is. All 20,000 were interpreted.
      expect(printed).to.be.lessThan(1000);
      expect(buffer.lineCount).to.equal(100);
      expect(buffer.droppedLines).to.equal(20_001 - 100);
      expect([buffer.line(98), buffer.line(99)]).to.deep.equal(['step 19999', '']);
    });

    it('should give the reference result when a long batch keeps the cursor near its end among thousands of rows', () => {
      // Thousands of rows made in one batch, the cursor going up a few rows and back: rows far above it are frozen as it goes.
      const parts: string[] = [];
      const random = seededRandom(77);
      for (let i = 0; i < 3000; i++) {
        parts.push(`row ${i}\n`);
        if (random() < 0.3) parts.push(`\x1b[${1 + randomInt(random, 300)}A\x1b[44mX\x1b[0m\x1b[${1 + randomInt(random, 300)}B\r`);
      }
      const stream = parts.join('');
      for (const maxLines of [2500, 5000]) {
        const buffer = new ConsoleBuffer({ maxLines });
        buffer.write(stream);
        expect(seen(buffer), `maxLines ${maxLines}`).to.deep.equal(seen(charByChar(stream, maxLines, 100_000)));
      }
    });

    it('should find the pen at the cut behind more than a thousand other sequences, with or without an SGR sequence before them', () => {
      const erased = (count: number) => Array.from({ length: count }, (_, i) => `\x1b[2Kline ${i}\n`).join('');
      for (const stream of [erased(1500) + 'kept\n', '\x1b[32m' + erased(1500) + 'kept\n', 'a\x1b[1;32mb\x1b[0mc\n' + erased(1500) + 'kept\n', '\x1b[32m' + erased(10) + '\x1b[0m' + erased(1500) + 'kept\n']) {
        const reference = seen(charByChar(stream, 3, 100_000));
        const buffer = new ConsoleBuffer({ maxLines: 3 });
        buffer.write(stream);
        expect(seen(buffer), JSON.stringify(stream.slice(0, 40))).to.deep.equal(reference);
      }
    });
  });

  describe('a write longer than maxPendingChars', () => {
    /** A clock that only `timed` moves on, so how much a deadline lets through is the same on any machine. */
    const manualClock = () => {
      const clock = { ms: 0, now: () => clock.ms };
      return clock;
    };
    /** Runs `run` with the screen's work moving `clock` on, 1 ms for each `charsPerMs` characters it is given, and returns the characters interpreted. */
    const timed = (clock: { ms: number }, charsPerMs: number, run: () => void): number => {
      const proto = Screen.prototype as unknown as { write(text: string, start: number, end: number, stderr: boolean): void };
      const write = proto.write;
      let chars = 0;
      proto.write = function (this: Screen, text: string, start: number, end: number, stderr: boolean) {
        chars += end - start;
        clock.ms += (end - start) / charsPerMs;
        return write.call(this, text, start, end, stderr);
      };
      try {
        run();
      } finally {
        proto.write = write;
      }
      return chars;
    };

    it('should interpret a part of it in the call for at most about 8 ms, and the rest over applyFor() calls, in order, the same as written in pieces', () => {
      const maxPendingChars = 64 * 1024;
      // Cursor moves past the limit: interpreted one by one, the dearest text there is.
      const line = 'abcdefghij\x1b[K'.repeat(40_000);
      const clock = manualClock();
      const buffer = new ConsoleBuffer({ maxLineLength: 100, maxPendingChars, now: clock.now });
      // 1 ms a thousand characters: the call may go 8 ms and one slice (16 Ki) past; before, it interpreted all 64 Ki of its first part.
      const inWrite = timed(clock, 1000, () => buffer.write(line + '\nnext\n'));
      expect(inWrite).to.be.within(8000, 8000 + 16 * 1024);
      const pending = buffer.pendingChars;
      expect(pending).to.equal(line.length + 6 - inWrite);
      // Writes after it wait behind it.
      buffer.write('after\n');
      expect(buffer.pendingChars).to.equal(pending + 6);
      let calls = 0;
      while (buffer.pendingChars > 0) {
        const before = buffer.pendingChars;
        const chars = timed(clock, 1000, () => buffer.applyFor(4));
        expect(chars, 'interpreted in one applyFor(4)').to.be.at.most(4000 + 16 * 1024);
        expect(buffer.pendingChars).to.be.lessThan(before);
        calls++;
      }
      expect(calls).to.be.within(50, 200);
      const reference = new ConsoleBuffer({ maxLineLength: 100 });
      for (let at = 0; at < line.length; at += 50_000) reference.write(line.slice(at, at + 50_000));
      reference.write('\nnext\n');
      reference.write('after\n');
      expect(seen(buffer)).to.deep.equal(seen(reference));
    });

    it('should stop applying a queue at the deadline, keep what is left ahead of later writes, and give the same text as written whole', () => {
      // Text that cannot be clipped, under maxPendingChars: queued, then applied by applyFor() in parts.
      const random = seededRandom(77);
      const moves = ['\x1b[K', '\x1b[2C', '\b', '\x1b[A', '\x1b[31m', '\x1b]8;;https://a.example/\x1b\\', '\x1b]8;;\x1b\\', '\r', '\n', '\t', '\u4e2d', '\ud83d\ude00'];
      const chunks: string[] = [];
      for (let i = 0; i < 60; i++) {
        let chunk = '';
        while (chunk.length < 2000) chunk += 'abcdefgh'.slice(0, 1 + randomInt(random, 8)) + moves[randomInt(random, moves.length)];
        chunks.push(chunk);
      }
      const clock = manualClock();
      const buffer = new ConsoleBuffer({ maxLines: 20, maxLineLength: 40, now: clock.now });
      const reference = new ConsoleBuffer({ maxLines: 20, maxLineLength: 40 });
      let calls = 0;
      for (let i = 0; i < chunks.length; i++) {
        buffer.write(chunks[i]!);
        reference.write(chunks[i]!);
        if (i % 10 !== 9) continue;
        // 2 ms of 500 characters each, a slice of 16 Ki at most: 20,000 characters need several calls.
        timed(clock, 500, () => buffer.applyFor(2));
        calls++;
      }
      expect(buffer.pendingChars, 'left pending').to.be.greaterThan(0);
      while (buffer.pendingChars > 0 && calls < 1000) {
        timed(clock, 500, () => buffer.applyFor(2));
        calls++;
      }
      expect(calls).to.be.within(8, 999);
      expect(seen(buffer)).to.deep.equal(seen(reference));
      // And read before the parts are done: a read applies all that is left.
      const early = new ConsoleBuffer({ maxLines: 20, maxLineLength: 40, now: clock.now });
      early.write(chunks.join(''));
      timed(clock, 500, () => early.applyFor(1));
      expect(early.pendingChars).to.be.greaterThan(0);
      expect(seen(early)).to.deep.equal(seen(reference));
    });

    it('should search each slice of a huge line for controls only up to its end, not on through the rest of the line', () => {
      // Slices of 1 Ki (each takes 1 ms here, so none is doubled) of a line with no control: searched to the line's end, each would cost what is left of it.
      for (const [name, unit] of [['ASCII', 'abcdefgh'], ['CJK', '\u4e2d\u6587\u5b57\u7b26']] as const) {
        const line = unit.repeat(1024 * 1024 / unit.length);
        const clock = manualClock();
        const buffer = new ConsoleBuffer({ maxPendingChars: 64 * 1024, now: clock.now });
        const test = RegExp.prototype.test;
        let searched = 0; // characters the regular expressions tested could look at: from lastIndex on, for global ones
        RegExp.prototype.test = function (this: RegExp, input: string) {
          searched += input.length - (this.global || this.sticky ? this.lastIndex : 0);
          return test.call(this, input);
        };
        let calls = 0;
        try {
          timed(clock, 1024, () => buffer.write(line + '\nnext'));
          while (buffer.pendingChars > 0 && calls < 2000) {
            timed(clock, 1024, () => buffer.applyFor(4));
            calls++;
          }
        } finally {
          RegExp.prototype.test = test;
        }
        expect(calls, name).to.be.within(100, 1999);
        expect(buffer.text, name).to.equal(line.slice(0, name === 'CJK' ? 50_000 : 100_000) + '\nnext');
        // 1 Mi characters: searched 1.3 M (ASCII) and 3.1 M times (CJK), where each slice searched on to the end of the line while the row filled (30 M for ASCII before).
        expect(searched, `${name}: characters searched`).to.be.lessThan(5 * line.length);
      }
    });

    it('should drop a combining mark with the character it follows past max-line-length, however the text is cut', () => {
      // Char by char the mark joined the last kept character ("abcdé"); written whole, it was dropped with its own.
      for (const text of ['abcdef\u0301', 'abcdef\u0301\u0302', '\u4e2dabcf\u0301g\u0301h\u0301', 'abcde\u0301', '\u4e2dabc\u0301']) {
        const whole = new ConsoleBuffer({ maxLineLength: 5 });
        whole.write(text);
        expect(seen(charByChar(text, 5000, 5)), JSON.stringify(text)).to.deep.equal(seen(whole));
      }
      const kept = new ConsoleBuffer({ maxLineLength: 5 });
      kept.write('abcdef');
      kept.apply();
      kept.write('\u0301');
      expect([kept.text, kept.truncatedChars]).to.deep.equal(['abcde', 2]);
    });

    it('should not cut an SGR sequence where a deadline stops an apply, whatever else the text holds', () => {
      // An erase first, so the batch is not known to hold only SGR sequences; then a sequence across each slice's end.
      for (const lead of ['\x1b[K', '', '\x1b[A']) {
        for (let shift = 0; shift < 9; shift++) {
          let text = lead;
          while (text.length < 40_000) text += 'x'.repeat(16 * 1024 - 3 - shift) + '\x1b[31;1m' + 'y'.repeat(shift) + '\x1b[0m';
          const clock = manualClock();
          const buffer = new ConsoleBuffer({ maxLineLength: 1_000_000, now: clock.now });
          buffer.write(text);
          while (buffer.pendingChars > 0) timed(clock, 100, () => buffer.applyFor(1));
          const reference = new ConsoleBuffer({ maxLineLength: 1_000_000 });
          reference.write(text);
          expect(seen(buffer), `${JSON.stringify(lead)}, shift ${shift}`).to.deep.equal(seen(reference));
        }
      }
    });

    it('should take all of the rest first when it is read, when another huge write comes, or on clear()', () => {
      const maxPendingChars = 16 * 1024;
      const huge = (n: number) => `\x1b[3${n}m` + 'x\x1b[2Cy'.repeat(30_000) + `\nline ${n}\n`;
      const read = new ConsoleBuffer({ maxLineLength: 100, maxPendingChars });
      read.write(huge(1));
      expect(read.restChars).to.be.greaterThan(0);
      expect(read.line(1)).to.equal('line 1');
      expect(read.restChars).to.equal(0);
      const twice = new ConsoleBuffer({ maxLineLength: 100, maxPendingChars });
      twice.write(huge(1));
      const first = twice.restChars;
      twice.write(huge(2));
      // The first was applied whole, then one part of the second.
      expect(twice.restChars).to.equal(huge(2).length - maxPendingChars);
      expect(first).to.be.greaterThan(0);
      const reference = new ConsoleBuffer({ maxLineLength: 100 });
      for (const text of [huge(1), huge(2)]) for (let at = 0; at < text.length; at += 10_000) reference.write(text.slice(at, at + 10_000));
      expect(seen(twice)).to.deep.equal(seen(reference));
      expect([twice.line(1), twice.line(3)]).to.deep.equal(['line 1', 'line 2']);
      const cleared = new ConsoleBuffer({ maxLineLength: 100, maxPendingChars });
      cleared.write(huge(1));
      cleared.clear();
      expect([cleared.restChars, cleared.pendingChars, cleared.text]).to.deep.equal([0, 0, '']);
    });
  });

  describe('redraws folded before they are applied', () => {
    it("should count every redraw's columns past maxLineLength, as if none were folded", () => {
      const buffer = new ConsoleBuffer({ maxLineLength: 5 });
      buffer.write('abcdefghij\rabcdefghij\rabcdefghij\n');
      expect(buffer.text).to.equal('abcde\n');
      expect(buffer.truncatedChars).to.equal(15);
    });

    it('should match the character-by-character reference for redraws shorter and longer than the line', () => {
      for (let seed = 1; seed <= 200; seed++) {
        const random = seededRandom(2000 + seed);
        const maxLineLength = 4 + randomInt(random, 12);
        const parts: string[] = [];
        for (let line = 0, lines = 1 + randomInt(random, 4); line < lines; line++) {
          for (let redraw = 0, redraws = 1 + randomInt(random, 6); redraw < redraws; redraw++) {
            if (redraw > 0) parts.push('\r');
            parts.push('0123456789abcdefghij'.slice(randomInt(random, 5), randomInt(random, 5) + randomInt(random, 2 * maxLineLength)));
          }
          if (random() < 0.8) parts.push('\n');
        }
        const stream = parts.join('');
        const reference = seen(charByChar(stream, 10, maxLineLength));
        const buffer = new ConsoleBuffer({ maxLines: 10, maxLineLength });
        buffer.write(stream);
        expect(seen(buffer), `seed ${seed}, maxLineLength ${maxLineLength}: ${JSON.stringify(stream)}`).to.deep.equal(reference);
      }
    });
  });
});
