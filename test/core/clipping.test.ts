import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines } from '../support/ourLines.js';
import { randomInt, seededRandom } from '../support/random.js';
import { randomSplit, randomTerminalStream } from '../support/terminalStreams.js';

function snapshot(buffer: ConsoleBuffer): unknown {
  return { lines: ourLines(buffer), lineCount: buffer.lineCount, dropped: buffer.droppedLines };
}

describe('clip before split, with escapes', () => {
  it('should give the same lines, styles and dropped count when a batch is clipped as when every write is applied alone', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const random = seededRandom(seed);
      const maxLines = 1 + randomInt(random, random() < 0.5 ? 3 : 25);
      // Many short lines, so batches hold far more than maxLines.
      let stream = '';
      for (let i = 2 + randomInt(random, 6); i > 0; i--) {
        stream += randomTerminalStream(random, 20 + randomInt(random, 200));
        stream += '\n'.repeat(randomInt(random, 3)) + `line ${i}\n`.repeat(randomInt(random, 40));
      }
      const whole = new ConsoleBuffer({ maxLines, maxPendingChars: Infinity });
      for (const chunk of randomSplit(random, stream)) whole.write(chunk);
      const stepwise = new ConsoleBuffer({ maxLines });
      for (const char of stream) {
        stepwise.write(char);
        stepwise.apply();
      }
      expect(snapshot(whole), `seed ${seed}, maxLines ${maxLines}, stream ${JSON.stringify(stream)}`).to.deep.equal(snapshot(stepwise));
    }
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
