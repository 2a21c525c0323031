import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines, padToSameLength } from '../support/ourLines.js';
import { randomInt, seededRandom } from '../support/random.js';
import { randomSplit, randomTerminalStream } from '../support/terminalStreams.js';
import { renderWithXterm } from '../support/xtermOracle.js';

describe('terminal semantics, against @xterm/headless', () => {
  it('should give the same text and the same style for every cell as xterm, for random streams and chunkings', async () => {
    const streams = 1500;
    for (let seed = 1; seed <= streams; seed++) {
      const random = seededRandom(seed);
      const stream = randomTerminalStream(random, 40 + randomInt(random, 400));
      const chunks = randomSplit(random, stream);
      const buffer = new ConsoleBuffer({ maxLines: 10_000, maxPendingChars: 1 + randomInt(random, 200) });
      for (const chunk of chunks) {
        buffer.write(chunk);
        if (random() < 0.3) buffer.apply();
      }
      const expected = await renderWithXterm([stream]);
      const [ours, theirs] = padToSameLength(ourLines(buffer), expected.lines);
      for (let line = 0; line < ours.length; line++) {
        if (JSON.stringify(ours[line]) !== JSON.stringify(theirs[line])) {
          expect.fail(
            `seed ${seed}: line ${line} differs\n  stream: ${JSON.stringify(stream)}\n  ours:   ${JSON.stringify(ours[line])}\n  xterm:  ${JSON.stringify(theirs[line])}`,
          );
        }
      }
    }
  });
});
