import { expect } from 'chai';
import { ConsoleBuffer, MAX_LINES_LIMIT } from '../../src/core/index.js';
import { appliedCharByChar } from '../support/appliedCharByChar.js';
import { countLines, expectedText, randomChunks, randomInt, randomText, seededRandom } from '../support/random.js';

const encoder = new TextEncoder();

describe('ConsoleBuffer', () => {
  describe('the plain-text contract', () => {
    it('should keep the longest suffix that starts at a line start and holds at most maxLines lines, for random text and chunkings', () => {
      for (let seed = 1; seed <= 2000; seed++) {
        const random = seededRandom(seed);
        const maxLines = 1 + randomInt(random, random() < 0.5 ? 4 : 60);
        const buffer = new ConsoleBuffer({ maxLines, maxPendingChars: 1 + randomInt(random, 300) });
        const written = randomText(random, randomInt(random, 600));
        for (const chunk of randomChunks(random, written)) {
          buffer.write(chunk);
          if (random() < 0.2) buffer.apply();
        }
        const expected = expectedText(written, maxLines);
        const context = `seed ${seed}, maxLines ${maxLines}`;
        expect(buffer.text, context).to.equal(expected);
        expect(buffer.lineCount, context).to.equal(countLines(expected));
        expect(buffer.droppedLines, context).to.equal(countLines(written) - countLines(expected));
      }
    });

    it('should keep the same suffix when large writes are kept as slices of what was written, compacted or not', () => {
      for (let seed = 1; seed <= 60; seed++) {
        const random = seededRandom(seed);
        const maxLines = 1 + randomInt(random, random() < 0.5 ? 50 : 20_000);
        const buffer = new ConsoleBuffer({ maxLines, maxPendingChars: 64 * 1024 + randomInt(random, 1024 * 1024) });
        const parts: string[] = [];
        let written = '';
        while (written.length < 400_000) {
          // Lines of 0 to 200 characters, now and then one of 20,000.
          const width = random() < 0.01 ? 20_000 : randomInt(random, 200);
          written += 'x'.repeat(width) + (random() < 0.97 ? '\n' : '');
        }
        for (let at = 0; at < written.length; ) {
          const size = random() < 0.3 ? 1 + randomInt(random, 2000) : 16 * 1024 + randomInt(random, 100_000);
          parts.push(written.slice(at, at + size));
          at += size;
        }
        for (const part of parts) {
          buffer.write(part);
          if (random() < 0.2) buffer.apply();
          if (random() < 0.1) buffer.compact(randomInt(random, 200_000));
        }
        const expected = expectedText(written, maxLines);
        const context = `seed ${seed}, maxLines ${maxLines}`;
        expect(buffer.text, context).to.equal(expected);
        const lines = expected.split('\n');
        if (lines.at(-1) === '') lines.pop();
        for (let probe = 0; probe < 20; probe++) {
          const index = randomInt(random, lines.length);
          expect(buffer.line(index), `${context}, line ${index}`).to.equal(lines[index]);
        }
        expect(buffer.compact(), context).to.equal(0);
        expect([buffer.sharedChars, buffer.text], context).to.deep.equal([0, expected]);
      }
    });

    it('should reject a compaction budget that is not a number from 0', () => {
      const buffer = new ConsoleBuffer();
      expect(() => buffer.compact(-1)).to.throw(RangeError, /maxChars/);
      expect(() => buffer.compact(Number.NaN)).to.throw(RangeError, /maxChars/);
    });

    it('should count the non-empty current line as a line and an empty one not', () => {
      const buffer = new ConsoleBuffer({ maxLines: 2 });
      buffer.write('a\nb\n');
      expect([buffer.lineCount, buffer.droppedLines]).to.deep.equal([2, 0]);
      buffer.write('c');
      expect(buffer.text).to.equal('b\nc');
      expect([buffer.lineCount, buffer.droppedLines]).to.deep.equal([2, 1]);
    });

    it('should drop every old line when one batch brings more lines than fit', () => {
      const buffer = new ConsoleBuffer({ maxLines: 3 });
      buffer.write('old 1\nold 2\nold');
      buffer.apply();
      buffer.write(' 3 continued\n' + Array.from({ length: 10 }, (_, i) => `new ${i}\n`).join('') + 'tail');
      expect(buffer.text).to.equal('new 8\nnew 9\ntail');
      expect(buffer.droppedLines).to.equal(11);
    });

    it('should keep only the current line when maxLines is 1', () => {
      const buffer = new ConsoleBuffer({ maxLines: 1 });
      buffer.write('a\nb\nc');
      expect(buffer.text).to.equal('c');
      buffer.write('d\n');
      expect(buffer.text).to.equal('cd\n');
      expect(buffer.droppedLines).to.equal(2);
    });

    it('should read lines by index, the current line last', () => {
      const buffer = new ConsoleBuffer({ maxLines: 10 });
      buffer.write('zero\none\r\ntwo');
      expect([0, 1, 2].map((i) => buffer.line(i))).to.deep.equal(['zero', 'one', 'two']);
      expect(() => buffer.line(3)).to.throw(RangeError);
      expect(() => buffer.line(-1)).to.throw(RangeError);
    });
  });

  describe('line ends', () => {
    it('should treat \\r\\n as \\n, also when the pair is split across writes and batches', () => {
      const buffer = new ConsoleBuffer({ maxLines: 10 });
      buffer.write('one\r\ntwo\r');
      buffer.apply();
      buffer.write('\nthree\r');
      buffer.write('\n');
      expect(buffer.text).to.equal('one\ntwo\nthree\n');
      expect(buffer.lineCount).to.equal(3);
    });

    it('should give the same text for \\r\\n at every split point', () => {
      const input = 'alpha\r\nbeta\r\n\r\ngamma\r\n';
      for (let cut = 0; cut <= input.length; cut++) {
        const buffer = new ConsoleBuffer({ maxLines: 3 });
        buffer.write(input.slice(0, cut));
        buffer.apply();
        buffer.write(input.slice(cut));
        expect(buffer.text, `cut at ${cut}`).to.equal('beta\n\ngamma\n');
      }
    });
  });

  describe('UTF-8 bytes', () => {
    const text = 'héllo → 世界 😀👍🏽\nsecond line é\n';
    const bytes = encoder.encode(text);

    it('should decode characters split at every byte boundary', () => {
      for (let cut = 0; cut <= bytes.length; cut++) {
        const buffer = new ConsoleBuffer();
        buffer.write(bytes.subarray(0, cut));
        buffer.write(bytes.subarray(cut));
        expect(buffer.text, `cut at byte ${cut}`).to.equal(text);
      }
    });

    it('should decode one byte per write', () => {
      const buffer = new ConsoleBuffer();
      for (let i = 0; i < bytes.length; i++) buffer.write(bytes.subarray(i, i + 1));
      expect(buffer.text).to.equal(text);
    });

    it('should decode chunks cut anywhere, ASCII ends, byte order marks and malformed bytes among them, as one streaming decoder does', () => {
      // Chunks ending in ASCII after ASCII are decoded whole (see ConsoleBuffer#decode): a mark after the stream's start must stay, a held byte must not be lost.
      const malformed = [0xff, 0x41, 0x80, 0x0a, 0xc3, 0x78, 0xe2, 0x96, 0x0a, 0xf0, 0x9f, 0x98];
      const mixed = new Uint8Array([...encoder.encode('\uFEFFab\n' + text + 'x\uFEFFy\n\uFEFF\nz é\n'), ...malformed, ...encoder.encode('ok\n▉▉ 12%\nplain\n')]);
      for (let seed = 0; seed < 300; seed++) {
        let state = seed + 1;
        const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
        const buffer = new ConsoleBuffer();
        const reference = new TextDecoder();
        let expected = '';
        for (let at = 0; at < mixed.length; ) {
          const end = Math.min(mixed.length, at + 1 + Math.floor(random() * 6));
          buffer.write(mixed.subarray(at, end));
          expected += reference.decode(mixed.subarray(at, end), { stream: true });
          at = end;
        }
        expect(buffer.text, `seed ${seed}`).to.equal(expected);
      }
    });

    it('should decode stdout and stderr bytes separately when they interleave', () => {
      const buffer = new ConsoleBuffer();
      const euro = encoder.encode('€'); // three bytes
      buffer.write(euro.subarray(0, 1), 'stdout');
      buffer.write(euro.subarray(0, 2), 'stderr');
      buffer.write(euro.subarray(1), 'stdout');
      buffer.write(euro.subarray(2), 'stderr');
      expect(buffer.text).to.equal('€€');
    });

    it('should write U+FFFD for a sequence cut short when the byte stream ends', () => {
      const buffer = new ConsoleBuffer();
      buffer.write(encoder.encode('ok €').subarray(0, 4));
      expect(buffer.text).to.equal('ok ');
      buffer.endBytes();
      expect(buffer.text).to.equal('ok \uFFFD');
    });
  });

  describe('capacity', () => {
    it('should drop the oldest lines at once when maxLines shrinks, and count them', () => {
      const buffer = new ConsoleBuffer({ maxLines: 100 });
      buffer.write(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('') + 'current');
      buffer.maxLines = 3;
      expect(buffer.text).to.equal('line 48\nline 49\ncurrent');
      expect(buffer.droppedLines).to.equal(48);
      buffer.maxLines = 10;
      buffer.write('\nmore\n');
      expect(buffer.text).to.equal('line 48\nline 49\ncurrent\nmore\n');
    });

    it('should reject a capacity that is not an integer from 1 to the limit, and keep its text', () => {
      const buffer = new ConsoleBuffer({ maxLines: 5 });
      buffer.write('kept\n');
      for (const bad of [0, -1, 1.5, Number.NaN, Infinity, MAX_LINES_LIMIT + 1, '10' as unknown as number]) {
        expect(() => (buffer.maxLines = bad), String(bad)).to.throw(RangeError, /maxLines must be an integer/);
      }
      expect(() => new ConsoleBuffer({ maxLines: 0 })).to.throw(RangeError);
      expect(buffer.maxLines).to.equal(5);
      expect(buffer.text).to.equal('kept\n');
    });

    it('should count every dropped line of a large flood exactly', () => {
      const buffer = new ConsoleBuffer({ maxLines: 1000 });
      const chunk = 'x'.repeat(79) + '\n';
      const block = chunk.repeat(1000);
      for (let i = 0; i < 500; i++) buffer.write(block);
      buffer.write('last');
      expect(buffer.lineCount).to.equal(1000);
      expect(buffer.droppedLines).to.equal(500_000 - 999);
      expect(buffer.line(999)).to.equal('last');
    });
  });

  describe('queueing', () => {
    it('should give the same text when pieces of small writes are folded as they complete', () => {
      let sealed = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const random = seededRandom(seed);
        const maxLines = 1 + randomInt(random, 30);
        // Progress redraws, one per write, then and again a write of 1 KiB or more,
        // which completes the piece the small writes were joined into.
        const writes: string[] = [];
        for (let line = randomInt(random, 40); line >= 0; line--) {
          for (let redraw = randomInt(random, 15); redraw > 0; redraw--) writes.push(`\r${randomInt(random, 100)}% `.padEnd(randomInt(random, 30), '#'));
          writes.push(random() < 0.2 ? `${'long line '.repeat(110)}\n` : '\n');
        }
        const buffer = new ConsoleBuffer({ maxLines, maxPendingChars: random() < 0.5 ? Infinity : 200 + randomInt(random, 3000) });
        for (const text of writes) {
          buffer.write(text);
          if (text.length >= 1024) sealed++;
          if (random() < 0.02) buffer.apply();
        }
        const reference = appliedCharByChar(writes.join(''), maxLines);
        expect(buffer.text, `seed ${seed}`).to.equal(reference.text);
        expect(buffer.droppedLines, `seed ${seed}`).to.equal(reference.droppedLines);
      }
      expect(sealed).to.be.greaterThan(300);
    });

    it('should only queue on write and apply on read or apply()', () => {
      let pendingCalls = 0;
      const buffer = new ConsoleBuffer({ onPending: () => pendingCalls++ });
      buffer.write('a');
      buffer.write('b\n');
      expect(buffer.pendingChars).to.equal(3);
      expect(pendingCalls).to.equal(1);
      expect(buffer.apply()).to.equal(true);
      expect(buffer.apply()).to.equal(false);
      expect(buffer.pendingChars).to.equal(0);
      expect(buffer.text).to.equal('ab\n');
    });

    it('should apply a quarter of maxPendingChars at a time when maxLines of its lines could never be clipped into half of it', () => {
      // 100 lines of 50 characters are 5,000: more than half of 1,000, so no clip will ever do.
      const long = new ConsoleBuffer({ maxLines: 100, maxPendingChars: 1000 });
      const longLine = 'x'.repeat(49) + '\n';
      for (let i = 0; i < 5; i++) long.write(longLine);
      expect(long.pendingChars).to.equal(0);
      // 5 lines of 10 characters fit: the queue grows to maxPendingChars, then is clipped.
      const short = new ConsoleBuffer({ maxLines: 5, maxPendingChars: 1000 });
      const shortLine = 'y'.repeat(9) + '\n';
      for (let i = 0; i < 99; i++) short.write(shortLine);
      expect(short.pendingChars).to.equal(990);
      short.write(shortLine);
      // The last 5 lines stay queued, after the newline that ended the last line dropped.
      expect([short.pendingChars, short.pendingClipped]).to.deep.equal([51, true]);
      expect([long.text, short.text]).to.deep.equal([longLine.repeat(5), shortLine.repeat(5)]);
    });

    it('should never hold more than maxPendingChars pending, however long no frame comes', () => {
      const maxPendingChars = 64 * 1024;
      const buffer = new ConsoleBuffer({ maxLines: 10, maxPendingChars });
      const chunk = ('y'.repeat(60) + '\n').repeat(500);
      let most = 0;
      for (let i = 0; i < 2000; i++) {
        buffer.write(chunk);
        most = Math.max(most, buffer.pendingChars);
      }
      expect(most).to.be.lessThan(maxPendingChars);
      expect(buffer.droppedLines).to.equal(1_000_000 - 10);
    });

    it('should coalesce tiny writes and keep their queue within maxPendingChars', () => {
      const buffer = new ConsoleBuffer({ maxLines: 5, maxPendingChars: 10_000 });
      let most = 0;
      for (let i = 0; i < 200_000; i++) {
        buffer.write('.');
        most = Math.max(most, buffer.pendingChars);
      }
      expect(most).to.be.lessThan(10_000);
      // One line that never ends is bounded by maxLineLength (100,000); the rest is counted.
      expect(buffer.line(0).length).to.equal(100_000);
      expect(buffer.truncatedChars).to.equal(100_000);
    });

    it('should ignore empty writes and reject what is neither a string nor bytes, keeping its text', () => {
      let pendingCalls = 0;
      const buffer = new ConsoleBuffer({ onPending: () => pendingCalls++ });
      buffer.write('kept\n');
      buffer.apply();
      buffer.write('');
      expect(pendingCalls).to.equal(1);
      for (const bad of [42, null, undefined, {}, [1, 2], new ArrayBuffer(4)]) {
        expect(() => buffer.write(bad as unknown as string), String(bad)).to.throw(TypeError, /string or a Uint8Array/);
      }
      expect(() => buffer.write('x', 'stdin' as 'stdout')).to.throw(TypeError, /stdout' or 'stderr/);
      expect(buffer.text).to.equal('kept\n');
    });
  });

  describe('change tracking', () => {
    it('should report the lowest line whose text changed since the last call', () => {
      const buffer = new ConsoleBuffer({ maxLines: 5 });
      expect(buffer.takeChangedFrom()).to.equal(0);
      buffer.write('a\nb\nc');
      expect(buffer.takeChangedFrom()).to.equal(0);
      expect(buffer.takeChangedFrom()).to.equal(Infinity);
      buffer.write('c continued\nd');
      expect(buffer.takeChangedFrom()).to.equal(2);
      buffer.write('\n'.repeat(10));
      expect(buffer.takeChangedFrom()).to.equal(3);
    });

    it('should start over from line 0 after clear()', () => {
      const buffer = new ConsoleBuffer({ maxLines: 2 });
      buffer.write('1\n2\n3\n4\n');
      buffer.write('pending');
      buffer.clear();
      expect([buffer.text, buffer.lineCount, buffer.droppedLines, buffer.pendingChars]).to.deep.equal(['', 0, 0, 0]);
      expect(buffer.takeChangedFrom()).to.equal(0);
      buffer.write('again\n');
      expect(buffer.text).to.equal('again\n');
    });
  });
});
