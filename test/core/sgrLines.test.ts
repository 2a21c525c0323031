import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { appliedCharByChar, printedBy } from '../support/appliedCharByChar.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';
import { randomSgr, randomSplit } from '../support/terminalStreams.js';

/** All a reader can see of a buffer's lines: text, and style runs as plain arrays. */
function seen(buffer: ConsoleBuffer): { text: string; lineCount: number; droppedLines: number; lines: { text: string; runs: number[] | null }[] } {
  const lines: { text: string; runs: number[] | null }[] = [];
  for (let i = 0; i < buffer.lineCount; i++) {
    const line = buffer.styledLine(i);
    lines.push({ text: line.text, runs: line.runs === null ? null : Array.from(line.runs) });
  }
  return { text: buffer.text, lineCount: buffer.lineCount, droppedLines: buffer.droppedLines, lines };
}

/** `stream` written `chars` at a time, each applied at once: a batch never holds more than fits, so nothing is clipped. */
function appliedEvery(stream: string, maxLines: number, chars: number): ConsoleBuffer {
  const buffer = new ConsoleBuffer({ maxLines });
  for (let at = 0; at < stream.length; at += chars) {
    buffer.write(stream.slice(at, at + chars));
    buffer.apply();
  }
  return buffer;
}

const WORDS = ['plain', 'text ', 'x', '0123456789', '-', '  ', 'é', 'ß', '…', '│', '█'];
/**
 * Now and then something lines kept as written may not hold, so a batch falls back to
 * the terminal path. (Not an SGR sequence of more than 32 parameters: the parser
 * ignores it, Screen.appendSimple applies the first 32, and the reference differs.)
 */
const ODD = ['中', '😀', 'e\u0301', '\t', '\r', '\b', '\x07', '\x1b[K', '\x1b[2A', '\x1b]8;;https://x.test/\x1b\\', '\x1b[' + '1;'.repeat(20) + '31m', '\x7f', '\x85'];

/** Coloured lines, the pen often carried from line to line, often reset at a line's end; `odd`: the chance of something else. */
function colouredLines(random: () => number, lines: number, odd: number): string {
  const parts: string[] = [];
  for (let line = 0; line < lines; line++) {
    for (let part = randomInt(random, 6); part > 0; part--) {
      if (random() < 0.4) parts.push(randomSgr(random));
      parts.push(WORDS[randomInt(random, WORDS.length)]!);
      if (random() < odd) parts.push(ODD[randomInt(random, ODD.length)]!);
    }
    if (random() < 0.5) parts.push('\x1b[0m');
    parts.push(random() < 0.1 ? '\r\n' : '\n');
  }
  return parts.join('');
}

describe('coloured lines kept as written', () => {
  for (const { first, last, title } of seedBlocks(300, 100)) {
    it(`should give the lines and styles the terminal path gives, written in any pieces, read between writes or not (${title})`, () => {
      for (let seed = first; seed <= last; seed++) {
        const random = seededRandom(7000 + seed);
        const maxLines = random() < 0.7 ? 1000 : 1 + randomInt(random, 40);
        const stream = colouredLines(random, 1 + randomInt(random, 150), random() < 0.5 ? 0 : 0.02) + (random() < 0.5 ? 'tail' : '');
        const reference = seen(appliedCharByChar(stream, maxLines));
        const buffer = new ConsoleBuffer({ maxLines });
        // Whole lines (a flood's writes) or any pieces, sequences and \r\n cut in two.
        const chunks = random() < 0.5 ? randomSplit(random, stream) : stream.split(/(?<=\n)/);
        for (const chunk of chunks) {
          buffer.write(chunk);
          if (random() < 0.2) buffer.apply();
          // A renderer reads the newest lines now and then, so pages are cooked at any point.
          if (random() < 0.05 && buffer.lineCount > 0) buffer.styledLine(buffer.lineCount - 1);
        }
        expect(seen(buffer), `seed ${seed}, maxLines ${maxLines}: ${JSON.stringify(stream)}`).to.deep.equal(reference);
      }
    });
  }

  it('should keep a flood of coloured lines as written, and give each line its styles when read', () => {
    const buffer = new ConsoleBuffer({ maxLines: 10_000 });
    const lines = Array.from({ length: 1000 }, (_, i) => `\x1b[3${i % 8}mline ${i}\x1b[0m ${'x'.repeat(50)}\n`);
    const chunk = lines.join('');
    buffer.write(chunk);
    buffer.apply();
    // Stored as the written string (the terminal path builds a copy without the sequences).
    expect(buffer.sharedChars).to.equal(chunk.length);
    expect(buffer.line(999)).to.equal(`line 999 ${'x'.repeat(50)}`);
    // Palette colour 7 (stored as 8) up to the reset.
    expect(Array.from(buffer.styledLine(999).runs!)).to.deep.equal([0, 8, 0, 0, 8, 0, 0, 0]);
    expect(Array.from(buffer.styledLine(0).runs!)).to.deep.equal([0, 1, 0, 0, 6, 0, 0, 0]);
    expect(seen(buffer)).to.deep.equal(seen(appliedCharByChar(chunk, 10_000)));
  });

  it('should keep the coloured lines a flood clipped to its last maxLines lines as written too, as the terminal path styles them', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `\x1b[3${i % 8}mline ${i}\x1b[0m ${'x'.repeat(i % 60)}\n`);
    const stream = lines.join('');
    const buffer = new ConsoleBuffer({ maxLines: 1000, maxPendingChars: 256 * 1024 });
    for (let at = 0; at < stream.length; at += 64 * 1024) buffer.write(stream.slice(at, at + 64 * 1024));
    expect(buffer.pendingClipped, 'clipped').to.equal(true);
    buffer.apply();
    // Kept as written: most of the 1,000 lines are slices of what was written (small slices are copied; the terminal path copies them all out, without the sequences).
    expect(buffer.sharedChars).to.be.greaterThan(lines.slice(-400).join('').length);
    // The reference applies every 4 KB, so nothing is clipped.
    expect(seen(buffer)).to.deep.equal(seen(appliedEvery(stream, 1000, 4096)));
    expect(buffer.droppedLines).to.equal(19_000);
  });

  it('should keep coloured lines as written when the writes cut their SGR sequences, or their \\r\\n, anywhere', () => {
    for (const ending of ['\n', '\r\n']) {
      const lines = Array.from({ length: 20_000 }, (_, i) => `\x1b[3${i % 8}mline ${i}\x1b[0m ${'x'.repeat(i % 60)}${ending}`);
      const stream = lines.join('');
      // Writes of 16 Ki characters and more are kept as slices (smaller ones are copied, see sharedChars).
      for (const size of [20_011, 64 * 1024 + 3]) {
        const buffer = new ConsoleBuffer({ maxLines: 100_000 });
        // Cut anywhere, as reads of a pipe are: inside sequences and between \r and \n.
        let cutInside = 0;
        for (let at = 0; at < stream.length; at += size) {
          buffer.write(stream.slice(at, at + size));
          const before = stream.lastIndexOf('\x1b', at + size - 1);
          if ((before > at + size - 8 && !stream.slice(before, at + size).includes('m')) || stream[at + size - 1] === '\r') cutInside++;
        }
        expect(cutInside, 'cuts inside a sequence or a \\r\\n').to.be.greaterThan(0);
        buffer.apply();
        const context = `${JSON.stringify(ending)} endings, writes of ${size}`;
        // All but the lines across the cuts (copied) are slices of the writes; interpreted, none would be.
        expect(buffer.sharedChars, context).to.be.greaterThan(stream.length * 0.9);
        expect(seen(buffer), context).to.deep.equal(seen(appliedEvery(stream, 100_000, 4096)));
      }
    }
  });

  it('should keep plain lines whose \\r\\n a write cuts as plain lines, not interpreted', () => {
    const buffer = new ConsoleBuffer({ maxLines: 100 });
    // Writes this long are pieces of their own (shorter ones are joined into one).
    const [a, b] = ['a'.repeat(1500), 'b'.repeat(1500)];
    const printed = printedBy(() => {
      buffer.write(`${a}\r`);
      buffer.write(`\n${b}\r`);
      buffer.write('\n');
      buffer.apply();
    });
    expect(buffer.text).to.equal(`${a}\n${b}\n`);
    expect(printed, 'characters interpreted').to.equal(0);
  });

  it('should keep the last maxLines of a large batch of coloured lines as written, applied at once without a clip in write()', () => {
    // 3,000 lines into 1,000, far under maxPendingChars: clipped when applied, not when written.
    const lines = Array.from({ length: 3000 }, (_, i) => `\x1b[3${i % 8}mline ${i}\x1b[0m ${'x'.repeat(i % 60)}\n`);
    const stream = lines.join('');
    const buffer = new ConsoleBuffer({ maxLines: 1000 });
    for (let at = 0; at < stream.length; at += 64 * 1024) buffer.write(stream.slice(at, at + 64 * 1024));
    expect(buffer.pendingClipped, 'not clipped in write()').to.equal(false);
    buffer.apply();
    // Kept as written: slices of the writes; cut and interpreted, every kept line would be a copy without its sequences.
    expect(buffer.sharedChars).to.be.greaterThan(0);
    expect(seen(buffer)).to.deep.equal(seen(appliedEvery(stream, 1000, 4096)));
    expect(buffer.droppedLines).to.equal(2000);
  });

  it('should keep one huge write of coloured lines as pages cut where the pen is the default, each line styled as the terminal path styles it', () => {
    // Resets every few lines, then a long stretch in one colour, where no page can be cut.
    const lines = Array.from({ length: 6000 }, (_, i) => {
      const colour = i >= 3000 && i < 3400 ? '' : `\x1b[3${i % 8}m`;
      const reset = i % 7 === 6 && !(i >= 2999 && i < 3400) ? '\x1b[0m' : '';
      return `${colour}line ${i} ${'x'.repeat(i % 50)}${reset}\n`;
    });
    const stream = lines.join('') + '\x1b[0mend\n';
    const buffer = new ConsoleBuffer({ maxLines: 10_000 });
    buffer.write(stream);
    buffer.apply();
    expect(buffer.sharedChars).to.equal(stream.length);
    // Read from the end, as a renderer does, then all.
    expect(buffer.line(5999)).to.equal(`line 5999 ${'x'.repeat(5999 % 50)}`);
    expect(seen(buffer)).to.deep.equal(seen(appliedCharByChar(stream, 10_000)));
  });

  it('should search back over a huge write of coloured lines, each reset by CSI 0 m, for a small part of it, not once or more for each page', () => {
    // 2 MB: the pages kept are cut every 64 Ki characters where the pen is the default.
    const stream = Array.from({ length: 25_000 }, (_, i) => `\x1b[3${i % 8}mline ${i} ${'x'.repeat(60)}\x1b[0m\n`).join('');
    const buffer = new ConsoleBuffer({ maxLines: 100_000 });
    const lastIndexOf = String.prototype.lastIndexOf;
    let readBack = 0;
    String.prototype.lastIndexOf = function (this: string, search: string, position?: number) {
      const found = lastIndexOf.call(this, search, position);
      readBack += Math.min(position ?? this.length, this.length) - Math.max(found, 0);
      return found;
    };
    try {
      buffer.write(stream);
      buffer.apply();
    } finally {
      String.prototype.lastIndexOf = lastIndexOf;
    }
    expect(buffer.lineCount).to.equal(25_000);
    expect(buffer.sharedChars).to.equal(stream.length);
    // A search back for CSI m, which the stream does not hold, read every page whole (twice), and from each cut back to the start before that.
    expect(readBack).to.be.below(stream.length / 10);
  });

  it('should not work out the styles of lines the capacity trims unread, applied a write at a time', () => {
    // 30 lines a write, a few coloured, into 10,000 lines: pages of the open page were once cooked whole when trimmed.
    const eol = ['\n', '\r\n'];
    for (const end of eol) {
      const write = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `\x1b[32m+\x1b[39m   name: 'x'${end}` : `    plain line ${i}${end}`)).join('');
      const buffer = new ConsoleBuffer({ maxLines: 10_000 });
      // Working out a page's styles (sgrPages' cookSgrPage) makes its runs with Int32Array.from, which nothing else on this path calls.
      const from = Int32Array.from;
      let cooked = 0;
      Int32Array.from = function (this: typeof Int32Array, ...args: Parameters<typeof Int32Array.from>) {
        cooked++;
        return from.apply(this, args);
      } as typeof Int32Array.from;
      const writes = 2000;
      try {
        for (let i = 0; i < writes; i++) {
          buffer.write(write);
          buffer.apply();
        }
      } finally {
        Int32Array.from = from;
      }
      expect(cooked, `pages cooked, lines ending ${JSON.stringify(end)}`).to.equal(0);
      expect(buffer.droppedLines).to.equal(writes * 30 - 10_000);
      const last = buffer.styledLine(buffer.lineCount - 3);
      expect(last.text).to.equal("+   name: 'x'");
      expect(Array.from(last.runs ?? [])).to.deep.equal([0, 3, 0, 0, 1, 0, 0, 0]);
    }
  });

  it('should cook only what is read, and drop the rest unread, trimming, merging and thawing as plain lines do', () => {
    const random = seededRandom(99);
    const stream = colouredLines(random, 3000, 0);
    const reference = seen(appliedCharByChar(stream + '\x1b[5A\x1b[44mup\x1b[0m\n', 500));
    const buffer = new ConsoleBuffer({ maxLines: 500 });
    // Small batches (pages merge), a large one (its head page compacted as lines go), then a cursor move up into stored lines.
    const lines = stream.split(/(?<=\n)/);
    for (let i = 0; i < 1000; i += 3) {
      buffer.write(lines.slice(i, Math.min(i + 3, 1000)).join(''));
      buffer.apply();
    }
    buffer.write(lines.slice(1000).join(''));
    buffer.apply();
    buffer.write('\x1b[5A\x1b[44mup\x1b[0m\n');
    expect(seen(buffer)).to.deep.equal(reference);
  });
});
