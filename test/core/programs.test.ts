import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines, padToSameLength } from '../support/ourLines.js';
import { randomInt, seededRandom } from '../support/random.js';
import { renderWithXterm } from '../support/xtermOracle.js';

interface Fixture {
  name: string;
  file: string;
}

async function fixtures(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const index = (await (await fetch('/test/fixtures/programs/index.json')).json()) as Fixture[];
  return Promise.all(
    index.map(async ({ name, file }) => ({
      name,
      bytes: new Uint8Array(await (await fetch(`/test/fixtures/programs/${file}`)).arrayBuffer()),
    })),
  );
}

function render(chunks: readonly Uint8Array[]): ConsoleBuffer {
  const buffer = new ConsoleBuffer({ maxLines: 10_000 });
  for (const chunk of chunks) buffer.write(chunk);
  buffer.endBytes();
  return buffer;
}

describe('real program output, against @xterm/headless', () => {
  it('should render every captured program (tqdm, rich, ls, grep, git, node) line by line as xterm does, however the bytes are cut', async () => {
    const all = await fixtures();
    expect(all.length).to.be.greaterThan(5);
    for (const { name, bytes } of all) {
      const expected = (await renderWithXterm([bytes])).lines;
      const random = seededRandom(name.length * 7919);
      const chunkings: Uint8Array[][] = [[bytes], Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))];
      for (let k = 0; k < 5; k++) {
        const chunks: Uint8Array[] = [];
        for (let at = 0; at < bytes.length; ) {
          const end = Math.min(bytes.length, at + 1 + randomInt(random, 64));
          chunks.push(bytes.subarray(at, end));
          at = end;
        }
        chunkings.push(chunks);
      }
      for (const chunks of chunkings) {
        const [ours, theirs] = padToSameLength(ourLines(render(chunks)), expected);
        for (let line = 0; line < ours.length; line++) {
          expect(ours[line], `${name} (${chunks.length} chunks), line ${line}`).to.deep.equal(theirs[line]);
        }
      }
    }
  });
});
