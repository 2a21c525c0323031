import { expect } from 'chai';
import { codePointWidth } from '../../src/core/index.js';
import { WrapLayout, rowStarts, rowsOf } from '../../src/view/WrapLayout.js';
import { randomInt, seededRandom } from '../support/random.js';

/** Rows by the definition: fill columns left to right, a character that does not fit starts a row. */
function referenceRows(text: string, columns: number): number {
  let rows = 1;
  let used = 0;
  for (const char of text) {
    const width = codePointWidth(char.codePointAt(0)!);
    if (used + width > columns && used > 0) {
      rows++;
      used = 0;
    }
    used += width;
  }
  return rows;
}

const PIECES = ['a', 'bb', ' ', '中', '😀', 'e\u0301', 'x'.repeat(30)];

function randomLine(random: () => number): string {
  let line = '';
  const length = randomInt(random, 12);
  for (let i = 0; i < length; i++) line += PIECES[randomInt(random, PIECES.length)]!;
  return line;
}

describe('WrapLayout', () => {
  it('should cut a line into rows of at most the columns, a wide character never split across rows', () => {
    expect(rowStarts('abcdefghij', 4)).to.deep.equal([0, 4, 8]);
    expect(rowStarts('ab中cd', 3)).to.deep.equal([0, 2, 4]);
    expect(rowStarts('', 5)).to.deep.equal([0]);
    expect(rowsOf('x'.repeat(100), 100)).to.equal(1);
    expect(rowsOf('x'.repeat(101), 100)).to.equal(2);
  });

  it('should map rows to lines and back exactly as the lines wrap, while lines are added, trimmed and rewrapped (seeds 1-40)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const lines: string[] = [];
      let first = 0;
      const source = { get droppedLines() { return first; }, get lineCount() { return lines.length - first; }, lineText: (seq: number) => lines[seq]! };
      const layout = new WrapLayout(source);
      let columns = 1 + randomInt(random, 40);
      layout.setColumns(columns);
      for (let round = 0; round < 6; round++) {
        const added = randomInt(random, 3000);
        const from = lines.length;
        for (let i = 0; i < added; i++) lines.push(randomLine(random));
        layout.invalidate(from);
        first = Math.min(lines.length, first + randomInt(random, 1500));
        if (random() < 0.3) layout.setColumns((columns = 1 + randomInt(random, 40)));
        let row = 0;
        for (let seq = first; seq < lines.length; seq++) {
          const rows = referenceRows(lines[seq]!, columns);
          if (seq % 97 === 0 || seq === first || seq === lines.length - 1) {
            expect(layout.rowOfLine(seq), `seed ${seed} round ${round} line ${seq}`).to.equal(row);
            expect(layout.rowsOfLine(seq)).to.equal(rows);
            expect(layout.lineAtRow(row + rows - 1)).to.deep.equal({ seq, part: rows - 1 });
          }
          row += rows;
        }
        expect(layout.totalRows, `seed ${seed} round ${round} total`).to.equal(row);
      }
    }
  });

  it('should count unmeasured blocks as one row a line until a later frame measures them', () => {
    const lines = Array.from({ length: 10_000 }, () => 'x'.repeat(20));
    const layout = new WrapLayout({ droppedLines: 0, lineCount: lines.length, lineText: (seq) => lines[seq]! });
    layout.setColumns(10);
    layout.beginFrame(2);
    expect(layout.totalRows).to.be.below(20_000);
    expect(layout.complete).to.equal(false);
    for (let frame = 0; frame < 10 && !layout.complete; frame++) {
      layout.beginFrame(2);
      void layout.totalRows;
    }
    layout.beginFrame(Infinity);
    expect(layout.totalRows).to.equal(20_000);
    expect(layout.complete).to.equal(true);
  });
});
