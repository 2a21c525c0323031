import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { CHROMIUM_ONLY, MiB, heapAfterGc, skipUnlessHeapMeasurable } from '../support/heap.js';

/** A fresh 64 Ki-character chunk of 80-character lines: its own storage once flattened. */
function freshChunk(index: number, base: string): string {
  return `${index}`.padStart(8, '0') + base;
}

/**
 * Writes `size` characters of 80-character lines as 64 Ki-character slices of one
 * string, which nothing but those slices keeps (a helper, so that no variable of
 * the test's own frame holds it).
 */
function writeSlicesOfOneString(buffer: ConsoleBuffer, size: number): void {
  const big = `${Math.random()}`.padEnd(79, '.').concat('\n').repeat(size / 80);
  for (let at = 0; at < big.length; at += 64 * 1024) buffer.write(big.slice(at, at + 64 * 1024));
}

/**
 * Writes, a write and an apply at a time, the last `lines` lines of a 16 MiB string of
 * command lines edited with backspaces (as a shell's line editor echoes them), each
 * write a slice of it: the line-edit fold rewrites each, from slices of the slice.
 */
function writeEditedSlicesOfOneString(buffer: ConsoleBuffer, lines: number): void {
  const line = `$ echo ${Math.random()}`.padEnd(60, '.') + 'x\b\by\r\n';
  const big = line.repeat((16 * MiB) / line.length);
  for (let at = big.length - lines * line.length; at < big.length; at += line.length) {
    buffer.write(big.slice(at, at + line.length));
    buffer.apply();
  }
}

describe(`ConsoleBuffer memory ${CHROMIUM_ONLY}`, function () {
  before(function () {
    skipUnlessHeapMeasurable(this);
  });

  it('should not keep the chunks its retained lines were cut from alive', async () => {
    const buffer = new ConsoleBuffer({ maxLines: 100 });
    buffer.write('warm up\n');
    buffer.apply();
    const before = await heapAfterGc();
    for (let i = 0; i < 16; i++) {
      // 8 MiB of fresh text per batch, of which 100 lines (8 KiB) stay.
      buffer.write(`${i}`.padEnd(79, '.').concat('\n').repeat((8 * MiB) / 80) + 'tail');
      buffer.apply();
    }
    const growth = await heapAfterGc() - before;
    expect(buffer.lineCount).to.equal(100);
    expect(growth, `heap grew by ${(growth / MiB).toFixed(1)} MiB`).to.be.lessThan(2 * MiB);
  });

  it('should let go of a large string its retained lines were sliced from once compacted', async () => {
    const buffer = new ConsoleBuffer({ maxLines: 1000 });
    const before = await heapAfterGc();
    writeSlicesOfOneString(buffer, 32 * MiB);
    buffer.apply();
    const text = buffer.text;
    expect(buffer.sharedChars).to.be.greaterThan(0);
    expect(buffer.compact()).to.equal(0);
    const growth = (await heapAfterGc()) - before;
    expect(buffer.text).to.equal(text);
    expect(buffer.lineCount).to.equal(1000);
    expect(growth, `heap grew by ${(growth / MiB).toFixed(1)} MiB`).to.be.lessThan(4 * MiB);
  });

  it('should not keep a string alive whose slices it wrote and folded the line edits of', async () => {
    const buffer = new ConsoleBuffer({ maxLines: 100 });
    const before = await heapAfterGc();
    writeEditedSlicesOfOneString(buffer, 300);
    const growth = (await heapAfterGc()) - before;
    expect(buffer.lineCount).to.equal(100);
    expect(buffer.line(99)).to.match(/^\$ echo .*\.yx$/);
    expect(growth, `heap grew by ${(growth / MiB).toFixed(1)} MiB`).to.be.lessThan(4 * MiB);
  });

  for (const maxLines of [10_000, 100_000]) {
    it(`should stay bounded by the retained text when no frame ever comes (hidden tab), at ${maxLines} lines`, async () => {
      const buffer = new ConsoleBuffer({ maxLines, onPending: () => undefined });
      const base = ('z'.repeat(79) + '\n').repeat(819) + 'z'.repeat(72);
      const before = await heapAfterGc();
      let written = 0;
      for (let i = 0; written < 512 * MiB; i++) {
        const chunk = freshChunk(i, base);
        buffer.write(chunk);
        written += chunk.length;
      }
      const growth = (await heapAfterGc()) - before;
      const retained = buffer.text.length;
      expect(buffer.lineCount).to.equal(maxLines);
      const allowed = 2 * retained + 8 * MiB;
      expect(growth, `heap grew ${(growth / MiB).toFixed(1)} MiB for ${(retained / MiB).toFixed(1)} MiB retained`).to.be.lessThan(allowed);
    });
  }
});
