import { expect } from 'chai';
import { ChangeFeed, ConsoleBuffer, FIND_BLOCK_LINES, Finder, compileQuery, type FindMatch, type FindOptions } from '../../src/core/index.js';
import { randomInt, seededRandom } from '../support/random.js';

/** Every match by the definition: per line, left to right, non-overlapping, empty ones skipped. */
function referenceMatches(buffer: ConsoleBuffer, query: string, options: FindOptions): FindMatch[] {
  const pattern = compileQuery(query, options);
  const found: FindMatch[] = [];
  for (let i = 0; i < buffer.lineCount; i++) {
    for (const match of buffer.line(i).matchAll(pattern)) {
      if (match[0].length > 0) found.push({ seq: buffer.droppedLines + i, col: match.index, length: match[0].length });
    }
  }
  return found;
}

function allMatches(finder: Finder): FindMatch[] {
  return Array.from({ length: finder.count }, (_, i) => finder.match(i));
}

const WORDS = ['error', 'Error', 'ERROR', 'warn', 'errors', 'x', 'é', 'Ärger', '😀', ' ', ' ', '-', '.', '_error'];

function randomLine(random: () => number): string {
  let line = '';
  const words = randomInt(random, 8);
  for (let i = 0; i < words; i++) line += WORDS[randomInt(random, WORDS.length)]!;
  return line;
}

describe('Finder', () => {
  it('should count exactly the reference matches while lines stream in, redraw and are trimmed, for each kind of query (seeds 1-60)', () => {
    const queries: [string, FindOptions][] = [
      ['error', {}],
      ['error', { caseSensitive: true }],
      ['error', { wholeWord: true }],
      ['e.r', { regex: true }],
      ['x*', { regex: true }],
      ['😀', {}],
      ['ärger', {}],
    ];
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed);
      const buffer = new ConsoleBuffer({ maxLines: 50 + randomInt(random, 3000) });
      const [query, options] = queries[seed % queries.length]!;
      const feed = new ChangeFeed(buffer);
      const changes = feed.reader();
      const finder = new Finder(buffer.applied, query, options);
      for (let round = 0; round < 8; round++) {
        let text = '';
        const count = randomInt(random, 2500);
        for (let i = 0; i < count; i++) text += randomLine(random) + (random() < 0.05 ? '\r' + randomLine(random) : '') + '\n';
        buffer.write(text + randomLine(random));
        buffer.apply();
        finder.invalidate(changes.take());
        // A slice that stops after every block: the scan resumes where it left off.
        let slices = 0;
        while (!finder.scan(() => true, randomInt(random, buffer.droppedLines + buffer.lineCount + 1))) slices++;
        expect(slices).to.be.at.most(Math.ceil(buffer.lineCount / FIND_BLOCK_LINES) + 1);
        expect(finder.complete).to.equal(true);
        expect(allMatches(finder), `seed ${seed} round ${round}`).to.deep.equal(referenceMatches(buffer, query, options));
      }
    }
  });

  it('should find the match nearest the reader once the lines that decide it are scanned, before the rest', () => {
    const buffer = new ConsoleBuffer({ maxLines: 100_000 });
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(i % 10_000 === 5 ? `needle ${i}` : `line ${i}`);
    buffer.write(lines.join('\n'));
    buffer.apply();
    const finder = new Finder(buffer.applied, 'needle');
    // One block, the one holding line 61,000, then stop: the next match, 70,005, is blocks away.
    finder.scan(() => true, 61_000);
    expect(finder.complete).to.equal(false);
    expect(finder.nearest({ seq: 61_000, col: 0 })).to.equal(undefined);
    while (finder.nearest({ seq: 61_000, col: 0 }) === undefined) finder.scan(() => true, 61_000);
    expect(finder.nearest({ seq: 61_000, col: 0 })).to.deep.equal({ seq: 70_005, col: 0, length: 6 });
    expect(finder.complete).to.equal(false);
    finder.scan(() => false);
    expect(finder.count).to.equal(10);
    expect(finder.indexOf({ seq: 70_005, col: 0 })).to.equal(7);
    // From past the last match, the nearest is the last one before.
    expect(finder.nearest({ seq: 99_990, col: 0 })).to.deep.equal({ seq: 90_005, col: 0, length: 6 });
    expect(finder.matchesIn(20_000, 40_006)).to.deep.equal([
      { seq: 20_005, col: 0, length: 6 },
      { seq: 30_005, col: 0, length: 6 },
      { seq: 40_005, col: 0, length: 6 },
    ]);
  });

  it('should say no match (null) when there is none, and start over when the source is cleared', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('alpha\nbeta\n');
    const finder = new Finder(buffer.applied, 'gamma');
    buffer.apply();
    finder.scan(() => false);
    expect(finder.nearest({ seq: 0, col: 0 })).to.equal(null);
    const again = new Finder(buffer.applied, 'beta');
    again.scan(() => false);
    expect(again.count).to.equal(1);
    buffer.clear();
    expect(again.count).to.equal(0);
  });

  it('should find in lines ended by \\r\\n and in one huge write held as a single page, as line by line', () => {
    const buffer = new ConsoleBuffer({ maxLines: 100_000 });
    buffer.write('a error\r\nb ERROR\r\nc\r\n');
    let huge = '';
    for (let i = 0; i < 50_000; i++) huge += i % 1000 === 7 ? `${i} error here\n` : `${i} fine\n`;
    buffer.write(huge);
    buffer.apply();
    for (const options of [{}, { caseSensitive: true }, { wholeWord: true }]) {
      const finder = new Finder(buffer.applied, 'error', options);
      finder.scan(() => false);
      expect(allMatches(finder), JSON.stringify(options)).to.deep.equal(referenceMatches(buffer, 'error', options));
    }
  });

  it('should reject an empty or oversized query and name the problem in an invalid regular expression', () => {
    const buffer = new ConsoleBuffer();
    expect(() => new Finder(buffer.applied, '')).to.throw(TypeError, /non-empty string/);
    expect(() => new Finder(buffer.applied, 'a'.repeat(1001))).to.throw(TypeError, /at most 1000/);
    expect(() => new Finder(buffer.applied, '(', { regex: true })).to.throw(SyntaxError, /invalid regular expression \/\(\//);
    // Plain text is never a pattern: '(' is found as a character.
    buffer.write('f(x)');
    buffer.apply();
    const finder = new Finder(buffer.applied, '(');
    finder.scan(() => false);
    expect(finder.count).to.equal(1);
  });
});
