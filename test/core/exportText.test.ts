import { expect } from 'chai';
import { ConsoleBuffer, EXPORT_CHUNK_CHARS, ansiLine, lineChunks } from '../../src/core/index.js';
import { ourLines } from '../support/ourLines.js';
import { seededRandom } from '../support/random.js';
import { randomTerminalStream } from '../support/terminalStreams.js';

/** The retained lines of `buffer` exported with their escapes, written into a fresh console. */
function roundTrip(buffer: ConsoleBuffer): ConsoleBuffer {
  const copy = new ConsoleBuffer({ maxLines: buffer.maxLines });
  for (const chunk of lineChunks(buffer.lineCount, (index) => ansiLine(buffer.styledLine(index)), 256)) copy.write(chunk);
  return copy;
}

describe('export', () => {
  it('should write each line with its colours, attributes and links so a console shows it the same, for random streams (seeds 1-300)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const buffer = new ConsoleBuffer({ maxLines: 50 });
      buffer.write(randomTerminalStream(seededRandom(seed), 600));
      expect(ourLines(roundTrip(buffer)), `seed ${seed}`).to.deep.equal(ourLines(buffer));
    }
  });

  it('should keep OSC 8 links and reset the style at the end of each line', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('\x1b[1;38;2;1;2;3mbold\x1b[22m \x1b]8;;https://example.com/\x07link\x1b]8;;\x07 \x1b[48;5;200mbg\n');
    const line = ansiLine(buffer.styledLine(0));
    expect(line).to.equal('\x1b[0;1;38;2;1;2;3mbold\x1b[0;38;2;1;2;3m \x1b]8;;https://example.com/\x1b\\\x1b[0;38;2;1;2;3mlink\x1b]8;;\x1b\\\x1b[0;38;2;1;2;3m \x1b[0;38;2;1;2;3;48;5;200mbg\x1b[0m');
    const copy = roundTrip(buffer);
    expect(copy.styledLine(0).links).to.deep.equal(buffer.styledLine(0).links);
  });

  it('should give plain lines as they are, each followed by a line end, in chunks of about the size asked', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    const chunks = [...lineChunks(lines.length, (index) => lines[index]!, 4096)];
    expect(chunks.join('')).to.equal(lines.join('\n') + '\n');
    expect(chunks.length).to.be.greaterThan(15);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).to.be.within(4096, 4096 + 20);
    expect([...lineChunks(0, () => 'never')]).to.deep.equal([]);
    expect(EXPORT_CHUNK_CHARS).to.equal(1024 * 1024);
  });
});
