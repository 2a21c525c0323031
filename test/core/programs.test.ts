import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';
import { ourLines, padToSameLength } from '../support/ourLines.js';
import { randomInt, seededRandom } from '../support/random.js';
import { renderScreen, renderWithXterm } from '../support/xtermOracle.js';

interface Fixture {
  name: string;
  file: string;
  rows?: number;
}

async function fixtures(): Promise<{ name: string; bytes: Uint8Array; rows: number | undefined }[]> {
  const index = (await (await fetch('/test/fixtures/programs/index.json')).json()) as Fixture[];
  return Promise.all(
    index.map(async ({ name, file, rows }) => ({
      name,
      rows,
      bytes: new Uint8Array(await (await fetch(`/test/fixtures/programs/${file}`)).arrayBuffer()),
    })),
  );
}

function render(chunks: readonly Uint8Array[], rows: number | undefined, maxLines = 10_000): ConsoleBuffer {
  const buffer = new ConsoleBuffer({ maxLines, rows: rows ?? null });
  for (const chunk of chunks) buffer.write(chunk);
  buffer.endBytes();
  return buffer;
}

describe('real program output, against @xterm/headless', () => {
  it('should render every captured program (tqdm, rich, ls, grep, git, node, readline, less, vim, apt) line by line as xterm does, however the bytes are cut', async () => {
    const all = await fixtures();
    expect(all.length).to.be.greaterThan(5);
    for (const { name, bytes, rows } of all) {
      const expected = (rows === undefined ? await renderWithXterm([bytes]) : await renderScreen([bytes], { rows })).lines;
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
        const [ours, theirs] = padToSameLength(ourLines(render(chunks, rows)), expected);
        for (let line = 0; line < ours.length; line++) {
          expect(ours[line], `${name} (${chunks.length} chunks), line ${line}`).to.deep.equal(theirs[line]);
        }
      }
    }
  });

  it('should keep, bounded to 20 lines (or the screen), the last lines of what each captured program shows', async () => {
    for (const { name, bytes, rows } of await fixtures()) {
      const whole = ourLines(render([bytes], rows));
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += 97) chunks.push(bytes.subarray(at, at + 97));
      // No fewer lines than the screen has rows: a taller screen is cut to what is retained.
      const maxLines = Math.max(20, rows ?? 0);
      const bounded = ourLines(render(chunks, rows, maxLines));
      expect(bounded, name).to.deep.equal(whole.slice(-bounded.length));
      expect(bounded.length, name).to.be.at.least(Math.min(maxLines - 1, whole.length - 1));
    }
  });
});
