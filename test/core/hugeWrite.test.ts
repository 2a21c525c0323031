import { expect } from 'chai';
import { ConsoleBuffer, type StyledLine } from '../../src/core/index.js';
import { countNewlines, nthNewline, nthNewlineFromEnd } from '../../src/core/newlines.js';
import { countLines, expectedText, randomInt, seededRandom } from '../support/random.js';

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

/** Calls of String.prototype[name] made while `run` runs. */
function countCalls(name: 'indexOf' | 'lastIndexOf' | 'codePointAt', run: () => void): number {
  const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
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
  });
});
