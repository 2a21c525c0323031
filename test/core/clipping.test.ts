import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { appliedCharByChar } from '../support/appliedCharByChar.js';
import { ourLines } from '../support/ourLines.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';
import { randomSgr, randomSplit, randomTerminalStream } from '../support/terminalStreams.js';

function snapshot(buffer: ConsoleBuffer): unknown {
  return { lines: ourLines(buffer), lineCount: buffer.lineCount, dropped: buffer.droppedLines };
}

/** A small capacity and a stream of escapes and runs of many short lines, so batches hold far more lines than fit. */
function clippedCase(random: () => number): { maxLines: number; stream: string } {
  const maxLines = 1 + randomInt(random, random() < 0.5 ? 3 : 25);
  let stream = '';
  for (let i = 2 + randomInt(random, 6); i > 0; i--) {
    stream += randomTerminalStream(random, 20 + randomInt(random, 200));
    stream += '\n'.repeat(randomInt(random, 3)) + `line ${i}\n`.repeat(randomInt(random, 40));
  }
  return { maxLines, stream };
}

/** Writes a clipped case in random pieces, clipping or applying the queue as it goes; returns how often it was clipped. */
function writeClipped(buffer: ConsoleBuffer, random: () => number, chunks: readonly string[]): number {
  let clips = 0;
  for (const chunk of chunks) {
    buffer.write(chunk);
    if (buffer.pendingClipped) clips++;
    if (random() < 0.05) buffer.apply();
  }
  return clips;
}

describe('clip before split, with escapes', () => {
  for (const { first, last, title } of seedBlocks(1500, 500)) {
    it(`should give the same lines, styles and dropped count when a batch is clipped as when every write is applied alone (${title})`, () => {
      for (let seed = first; seed <= last; seed++) {
        const random = seededRandom(seed);
        const { maxLines, stream } = clippedCase(random);
        const whole = new ConsoleBuffer({ maxLines, maxPendingChars: Infinity });
        for (const chunk of randomSplit(random, stream)) whole.write(chunk);
        const stepwise = appliedCharByChar(stream, maxLines);
        expect(snapshot(whole), `seed ${seed}, maxLines ${maxLines}, stream ${JSON.stringify(stream)}`).to.deep.equal(snapshot(stepwise));
      }
    });
  }

  for (const { first, last, title } of seedBlocks(1500, 500)) {
    it(`should give the same result when the queue is clipped while written, before any apply (${title})`, () => {
      let clips = 0;
      for (let seed = first; seed <= last; seed++) {
        const random = seededRandom(seed);
        const { maxLines, stream } = clippedCase(random);
        // A small queue limit, so writes clip (or apply) the queue again and again.
        const clipped = new ConsoleBuffer({ maxLines, maxPendingChars: 16 + randomInt(random, 400) });
        clips += writeClipped(clipped, random, randomSplit(random, stream));
        const stepwise = appliedCharByChar(stream, maxLines);
        expect(snapshot(clipped), `seed ${seed}, maxLines ${maxLines}, stream ${JSON.stringify(stream)}`).to.deep.equal(snapshot(stepwise));
      }
      // At least 1000 clips in 1500 cases, as when the cases were one test.
      expect(clips, 'clips').to.be.greaterThan(((last - first + 1) * 1000) / 1500);
    });
  }

  for (const { first, last, title } of seedBlocks(800, 400)) {
    it(`should give the same lines and styles when a queue of coloured lines is clipped while written (${title})`, () => {
      let clips = 0;
      for (let seed = first; seed <= last; seed++) {
        const random = seededRandom(seed);
        const maxLines = 1 + randomInt(random, random() < 0.5 ? 3 : 25);
        let stream = '';
        for (let i = randomInt(random, 200); i > 0; i--) {
          if (random() < 0.5) stream += randomSgr(random);
          stream += `line ${i}`;
          if (random() < 0.3) stream += randomSgr(random);
          stream += '\n';
        }
        const clipped = new ConsoleBuffer({ maxLines, maxPendingChars: 16 + randomInt(random, 400) });
        // A sequence split across writes keeps the queue from being clipped until it is
        // applied, so half the streams are written in whole lines.
        const chunks = random() < 0.5 ? randomSplit(random, stream) : stream.split(/(?<=\n)/);
        clips += writeClipped(clipped, random, chunks);
        expect(snapshot(clipped), `seed ${seed}, maxLines ${maxLines}, stream ${JSON.stringify(stream)}`).to.deep.equal(snapshot(appliedCharByChar(stream, maxLines)));
      }
      // At least 5000 clips in 800 cases, as when the cases were one test.
      expect(clips, 'clips').to.be.greaterThan(((last - first + 1) * 5000) / 800);
    });
  }

  it('should carry the pen in force at the cut of a clipped queue into the kept lines', () => {
    const buffer = new ConsoleBuffer({ maxLines: 2, maxPendingChars: 64 });
    buffer.write('\x1b[1mbold\n');
    buffer.apply();
    buffer.write('\x1b[31m');
    for (let i = 0; i < 20; i++) buffer.write(`red ${i}\n`);
    expect(buffer.pendingClipped).to.equal(true);
    buffer.write('\x1b[0mplain');
    expect(buffer.text).to.equal('red 19\nplain');
    // Bold (attrs 1) and red (palette 1, stored as 2) from before the cut; the last line reset.
    expect(Array.from(buffer.styledLine(0).runs!)).to.deep.equal([0, 2, 0, 1]);
    expect(buffer.styledLine(1).runs).to.equal(null);
  });

  it('should clip a queue of coloured lines whose writes are cut inside SGR sequences, as a stream delivers them', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `\x1b[3${i % 8};1mline ${i}\x1b[0m ${i % 3 === 0 ? '\x1b[4m_\x1b[24m' : ''}\n`).join('');
    // Every write ends two or three characters into a sequence.
    const chunks: string[] = [];
    for (let at = 0; at < lines.length; ) {
      const escape = lines.indexOf('\x1b', at + 50);
      const end = escape < 0 ? lines.length : escape + 2 + (chunks.length % 2);
      chunks.push(lines.slice(at, end));
      at = end;
    }
    const buffer = new ConsoleBuffer({ maxLines: 5, maxPendingChars: 2000 });
    let clips = 0;
    for (const chunk of chunks) {
      buffer.write(chunk);
      if (buffer.pendingClipped) clips++;
    }
    // A sequence cut in two once kept every queue from being clipped.
    expect(clips).to.be.greaterThan(100);
    expect(snapshot(buffer)).to.deep.equal(snapshot(appliedCharByChar(lines, 5)));
  });

  it('should hold back an SGR sequence cut short at the end of what it applies, and apply it with what ends it', () => {
    let pending = 0;
    const buffer = new ConsoleBuffer({ onPending: () => pending++ });
    buffer.write('red \x1b[3');
    expect(pending).to.equal(1);
    expect(buffer.apply()).to.equal(true);
    // Held back, the next frame is asked for; the line shows what came before it.
    expect([buffer.pendingChars, pending, buffer.applied.styledLine(0).text]).to.deep.equal([3, 2, 'red ']);
    buffer.write('1mtext');
    expect(buffer.text).to.equal('red text');
    expect(Array.from(buffer.styledLine(0).runs!)).to.deep.equal([4, 2, 0, 0]);
    // All the queue holds, it is applied: the parser keeps it.
    buffer.write('\x1b[');
    buffer.apply();
    expect(buffer.pendingChars).to.equal(0);
    buffer.write('1mbold');
    expect(Array.from(buffer.styledLine(0).runs!)).to.deep.equal([4, 2, 0, 0, 8, 2, 0, 1]);
  });

  it('should take the first 32 parameters of a longer SGR sequence before the cut, as the parser does', () => {
    // As xterm does: bold (the first 32), not red (the 41st). The cut must carry that pen into the kept lines.
    const stream = 'x\x1b[' + '1;'.repeat(40) + '31m' + 'a\n'.repeat(20) + 'b\n';
    const buffer = new ConsoleBuffer({ maxLines: 3 });
    buffer.write(stream);
    expect(snapshot(buffer)).to.deep.equal(snapshot(appliedCharByChar(stream, 3)));
    expect(Array.from(buffer.styledLine(1).runs!)).to.deep.equal([0, 0, 0, 1]);
  });

  it('should clip a plain queue while it is written, leaving what was applied as it was', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3, maxPendingChars: 64 });
    buffer.write('applied 1\napplied 2\ncurrent');
    buffer.apply();
    for (let i = 0; i < 100; i++) buffer.write(` ${i}\n`);
    expect(buffer.pendingClipped).to.equal(true);
    expect(buffer.pendingChars).to.be.lessThan(64);
    // A renderer reading what is applied sees the old lines until the next apply.
    expect([buffer.applied.lineCount, buffer.applied.droppedLines, buffer.applied.styledLine(2).text]).to.deep.equal([3, 0, 'current']);
    expect(buffer.text).to.equal(' 97\n 98\n 99\n');
    // "applied 1", "applied 2", "current 0" and " 1" to " 96".
    expect(buffer.droppedLines).to.equal(99);
    expect(buffer.pendingClipped).to.equal(false);
  });

  // Each case fills the queue past its limit once: that write must apply, not clip.
  it('should apply, not clip, a queue written while the cursor is above the last row', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3, maxPendingChars: 64 });
    buffer.write('1\n2\n3\n\x1b[2A');
    buffer.apply();
    for (let i = 0; i < 10; i++) buffer.write(`line ${i}\n`); // 70 characters
    expect([buffer.pendingClipped, buffer.pendingChars]).to.deep.equal([false, 0]);
    // The first three line feeds move down through rows that exist, making none.
    expect(buffer.text).to.equal('line 7\nline 8\nline 9\n');
    expect(buffer.droppedLines).to.equal(8);
  });

  it('should apply, not clip, a queue that holds an escape', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3, maxPendingChars: 64 });
    buffer.write('\x1b]0;title\n');
    for (let i = 0; i < 10; i++) buffer.write(`line ${i}\n`);
    buffer.write('\x07');
    expect([buffer.pendingClipped, buffer.applied.lineCount]).to.deep.equal([false, 0]);
    expect(buffer.text).to.equal('');
    expect(buffer.droppedLines).to.equal(0);
  });

  it('should carry the style in force at the cut into the kept lines', () => {
    const buffer = new ConsoleBuffer({ maxLines: 2 });
    buffer.write('\x1b[31mred starts\n' + 'still red\n'.repeat(1000) + 'last');
    const line = buffer.styledLine(1);
    expect(buffer.text).to.equal('still red\nlast');
    expect(Array.from(line.runs!)).to.deep.equal([0, 2, 0, 0]);
    expect(buffer.droppedLines).to.equal(1000);
  });

  it('should not take a newline inside an OSC string for a line end when clipping', () => {
    const buffer = new ConsoleBuffer({ maxLines: 2 });
    buffer.write('a\n\x1b]0;title\nwith\nnewlines\x07b\nc\n');
    expect(buffer.text).to.equal('b\nc\n');
    expect(buffer.droppedLines).to.equal(1);
  });

  it('should let a cursor move in the kept part rewrite a line the clip would have cut', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3 });
    buffer.write('1\n2\n3\n4\n5\n\x1b[3AX\n');
    expect(buffer.text).to.equal('X\n4\n5\n');
  });
});
