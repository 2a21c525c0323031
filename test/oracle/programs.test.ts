// Real programs' captured output (test/fixtures/capture.sh) rendered by the oracle: the rendering must not
// depend on where the byte stream is cut, including inside UTF-8 characters and escape sequences.
import { expect } from 'chai';
import { renderScreen, renderWithXterm } from '../support/xtermOracle.js';
import type { OracleResult } from '../support/xtermOracle.js';
import { randomInt, seededRandom } from '../support/random.js';

interface Fixture {
  name: string;
  file: string;
  command: string;
  description: string;
  /** The terminal's height the program drew for, when it moves by absolute rows. */
  rows?: number;
}

/** What a human sees at the top of each rendering, and its line count: proof that the fixture replays sensibly. */
const EXPECTED: Record<string, { head: string[]; lineCount: number }> = {
  'tqdm-bar': {
    // 40 redraws after \r collapse into the last one.
    head: ['download: 100%|█████████████████████████████████| 40/40 [00:08<00:00,  4.97it/s]', ''],
    lineCount: 2,
  },
  'tqdm-nested': {
    // The inner bar (leave=False) is blanked with written spaces, which the oracle keeps.
    head: ['epochs: 100%|█████████████████████████████████████| 3/3 [00:05<00:00,  1.87s/it]', ' '.repeat(80)],
    lineCount: 2,
  },
  'rich-progress': {
    // Each refresh erased and rewrote both lines with cursor up; only the last frame remains.
    head: [
      'fetch ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 100% 0:00:19 0:00:00',
      'build ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 100% 0:00:18 0:00:00',
      '',
    ],
    lineCount: 3,
  },
  'rich-table': {
    head: [
      'error italic under struck dim reverse',
      'palette 200 truecolour on truecolour a link',
      '─────────────────────────────────── Results ────────────────────────────────────',
    ],
    lineCount: 15,
  },
  'ls-color': {
    head: ['total 36', 'drwxr-xr-x 5 root root 4096 2024-01-02 .', 'drwxr-xr-x 3 root root 4096 2024-01-02 ..'],
    lineCount: 14,
  },
  'grep-color': {
    head: ['2-warning: disk 91% full', '3:ERROR: cannot open /dev/ttyS0', '4-retry 1'],
    lineCount: 6,
  },
  'git-log-graph': {
    head: [
      '*   commit 487b0863a61ad241939a6038c25f0d9b81d7a866 (HEAD -> main, tag: v0.1.0)',
      '|\\  Merge: aa3af50 f1093f8',
      '| | Author: Ada Lovelace <ada@example.com>',
    ],
    lineCount: 37,
  },
  'node-inspect': {
    head: ['{', "  name: 'console',", '  lines: 3,'],
    lineCount: 19,
  },
  'node-assert': {
    head: ['node:assert:90', '  throw new AssertionError(obj);', '  ^'],
    lineCount: 34,
  },
  'readline-edit': {
    // "echo helo wxorld", fixed in place by deleting a character (CSI P) and inserting one (CSI @).
    head: ['$ echo hello world', 'hello world', '$ exit', 'exit', ''],
    lineCount: 5,
  },
  'less-exit': {
    // Everything less drew was on the alternate screen, discarded on leaving it.
    head: ['before less', 'after less', ''],
    lineCount: 3,
  },
  'vim-exit': {
    head: ['before vim', 'after vim', ''],
    lineCount: 3,
  },
  'apt-progress-synthetic': {
    // dpkg lines scroll in the region above the status line, which the end erases.
    head: ['Reading package lists... Done', 'Unpacking libfoo0 (1.1) ...', 'Setting up libfoo0 (1.2) ...'],
    lineCount: 27,
  },
  'apt-reinstall': {
    // Each "... 0%" to "... Done" redrawn after \r leaves its last; dpkg's lines scroll above the status line, which the end erases.
    head: [
      'Reading package lists... Done',
      'Building dependency tree... Done',
      'Reading state information... Done',
      '0 upgraded, 0 newly installed, 1 reinstalled, 0 to remove and 120 not upgraded.',
    ],
    lineCount: 13,
  },
  'top-screen': {
    // top clears the screen (CSI H, CSI 2J) without the alternate screen: the lines pushed above it stay, its last frame is the screen.
    head: ['1', '2', '3', '4', '5', '6', '7', 'top - 02:09:34 up 51 min,  0 user,  load average: 0.44, 0.86, 0.85'],
    lineCount: 33,
  },
  'htop-exit': {
    // Everything htop drew was on the alternate screen, discarded on leaving it.
    head: ['before htop', 'after htop', ''],
    lineCount: 3,
  },
};

/** The oracle's rendering of a fixture, at the height it was captured for if it names one. */
function render(fixture: Fixture, chunks: readonly Uint8Array[]): Promise<OracleResult> {
  return fixture.rows === undefined ? renderWithXterm(chunks) : renderScreen(chunks, { rows: fixture.rows });
}

async function loadIndex(): Promise<Fixture[]> {
  const response = await fetch('/test/fixtures/programs/index.json');
  expect(response.ok, 'index.json is served').to.equal(true);
  return (await response.json()) as Fixture[];
}

async function loadBytes(fixture: Fixture): Promise<Uint8Array> {
  const response = await fetch(`/test/fixtures/programs/${fixture.file}`);
  expect(response.ok, `${fixture.file} is served`).to.equal(true);
  return new Uint8Array(await response.arrayBuffer());
}

/** Cuts bytes at random offsets, empty pieces included; mostly small pieces so that many cuts land inside sequences. */
function randomByteChunks(random: () => number, bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = Math.min(bytes.length, at + randomInt(random, random() < 0.7 ? 8 : 512));
    chunks.push(bytes.subarray(at, end));
    at = end;
  }
  return chunks;
}

function byteByByte(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

describe('program fixtures in the xterm oracle', () => {
  it('should list every fixture exactly once, each with a human description', async () => {
    const index = await loadIndex();
    expect(index.map((fixture) => fixture.name).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
    for (const fixture of index) {
      expect(fixture.file).to.equal(`${fixture.name}.out`);
      expect(fixture.command).to.be.a('string').and.not.equal('');
      expect(fixture.description).to.be.a('string').and.not.equal('');
    }
  });

  it('should render each fixture to the lines a human expects, with runs that spell each line', async () => {
    for (const fixture of await loadIndex()) {
      const result = await render(fixture, [await loadBytes(fixture)]);
      const expected = EXPECTED[fixture.name]!;
      const texts = result.lines.map((line) => line.text);
      expect(texts.slice(0, expected.head.length), fixture.name).to.deep.equal(expected.head);
      expect(texts.length, fixture.name).to.equal(expected.lineCount);
      for (const line of result.lines) expect(line.runs.map((run) => run.text).join(''), fixture.name).to.equal(line.text);
    }
  });

  it('should render each fixture the same whether written whole, byte by byte or in random chunks', async () => {
    for (const fixture of await loadIndex()) {
      const bytes = await loadBytes(fixture);
      const whole: OracleResult = await render(fixture, [bytes]);
      expect(await render(fixture, byteByByte(bytes)), `${fixture.name} byte by byte`).to.deep.equal(whole);
      for (let seed = 1; seed <= 8; seed++) {
        const chunks = randomByteChunks(seededRandom(seed), bytes);
        expect(await render(fixture, chunks), `${fixture.name} chunked with seed ${seed}`).to.deep.equal(whole);
      }
    }
  });
});
