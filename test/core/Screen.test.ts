import { expect } from 'chai';
import { Attr, ConsoleBuffer, codePointWidth } from '../../src/core/index.js';
import { Row } from '../../src/core/Row.js';
import { CHROMIUM_ONLY, MiB, heapAfterGc, skipUnlessHeapMeasurable } from '../support/heap.js';

/** Calls of Row.print while `run` runs: the fast path builds lines without them. */
function countRowPrints(run: () => void): number {
  const proto = Row.prototype as unknown as { print: (...args: unknown[]) => unknown };
  const original = proto.print;
  let calls = 0;
  proto.print = function (this: Row, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    run();
  } finally {
    proto.print = original;
  }
  return calls;
}

function runsOf(buffer: ConsoleBuffer, index: number): number[] {
  return Array.from(buffer.styledLine(index).runs ?? []);
}

describe('terminal features', () => {
  it("should take grep's colours, each followed by an erase to the end of the line, on the fast path, as one character at a time gives", () => {
    const grep = '\x1b[32m\x1b[K2\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K\x1b[01;31m\x1b[KERROR\x1b[m\x1b[K: cannot open\n';
    // In a background an erase colours the rest of the line; CSI 0 K is the same as CSI K; CSI 1 K and 2 K erase what was written.
    const others = 'ab\x1b[44m\x1b[Kcd\x1b[0m\nx\x1b[0Ky\n\x1b[41m\x1b[0K\x1b[m\nab\x1b[1Kc\nab\x1b[2Kc\n';
    for (const stream of [grep.repeat(50), others, grep + others + grep]) {
      const reference = new ConsoleBuffer();
      for (const char of stream) {
        reference.write(char);
        reference.apply();
      }
      const buffer = new ConsoleBuffer();
      buffer.write(stream);
      expect(buffer.text, JSON.stringify(stream)).to.equal(reference.text);
      for (let i = 0; i < reference.lineCount; i++) expect(runsOf(buffer, i), `${JSON.stringify(stream)}, line ${i}`).to.deep.equal(runsOf(reference, i));
    }
    const buffer = new ConsoleBuffer();
    const prints = countRowPrints(() => {
      buffer.write(grep.repeat(1000));
      buffer.apply();
    });
    // Interpreted, each of the 1,000 lines took 4 prints.
    expect(prints).to.be.lessThan(10);
  });

  it('should give a field written over in place the runs of the line written whole: merged with the style around it, split from it, at a run boundary and at the start', () => {
    const cases: [string, string, string][] = [
      // [the line, the field written over it after \r and a move right, the line written whole]
      ['\x1b[31maaa\x1b[34mbbb\x1b[31mccc', '\x1b[3C\x1b[31mbbb', '\x1b[31maaabbbccc'],
      ['\x1b[31maaabbbccc', '\x1b[3C\x1b[34mbbb', '\x1b[31maaa\x1b[34mbbb\x1b[31mccc'],
      ['\x1b[31maaa\x1b[34mbbb\x1b[32mccc', '\x1b[3C\x1b[32mbbb', '\x1b[31maaa\x1b[32mbbbccc'],
      ['\x1b[31maaa\x1b[34mbbb', '\x1b[34maaa', '\x1b[34maaabbb'],
      ['aaa\x1b[34mbbb\x1b[0mccc', '\x1b[3C\x1b[0mbbb', 'aaabbbccc'],
      ['\x1b[31ma\x1b[32mb\x1b[33mc\x1b[34md\x1b[0mxyz', '\x1b[1C\x1b[35mbc', '\x1b[31ma\x1b[35mbc\x1b[34md\x1b[0mxyz'],
    ];
    for (const [line, field, whole] of cases) {
      const edited = new ConsoleBuffer({ maxLines: 10 });
      edited.write(line + '\x1b[0m');
      edited.apply();
      edited.write('\r' + field + '\x1b[0m\n');
      edited.apply();
      const reference = new ConsoleBuffer({ maxLines: 10 });
      reference.write(whole + '\x1b[0m\n');
      reference.apply();
      expect(edited.line(0), JSON.stringify(line)).to.equal(reference.line(0));
      expect(runsOf(edited, 0), JSON.stringify([line, field])).to.deep.equal(runsOf(reference, 0));
    }
  });

  it('should overwrite after \\r, move back with \\b and tab to multiples of 8', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('abcdef\rxy\nab\bX\na\tb\n');
    expect(buffer.text).to.equal('xycdef\naX\na       b\n');
  });

  it('should keep only the last state of a progress bar redrawn with \\r', () => {
    const buffer = new ConsoleBuffer();
    for (let i = 0; i <= 100; i++) buffer.write(`\rprogress ${i}%`);
    buffer.write('\ndone\n');
    expect(buffer.text).to.equal('progress 100%\ndone\n');
  });

  it('should end \r\n lines as \n ones, a style change just before the \r starting no empty run', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('\x1b[31mred\x1b[0m\r\nplain\r\n\x1b[1m━━ bar ━━\x1b[0m\r\n');
    expect(buffer.text).to.equal('red\nplain\n━━ bar ━━\n');
    expect(runsOf(buffer, 0)).to.deep.equal([0, 2, 0, 0]);
    expect(runsOf(buffer, 1)).to.deep.equal([]);
    expect(runsOf(buffer, 2)).to.deep.equal([0, 0, 0, Attr.Bold]);
  });

  it('should carry styles across lines and writes', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('\x1b[1;3');
    buffer.write('1mred\nstill');
    buffer.write(' red\x1b[0m plain\n');
    expect(runsOf(buffer, 0)).to.deep.equal([0, 2, 0, Attr.Bold]);
    expect(runsOf(buffer, 1)).to.deep.equal([0, 2, 0, Attr.Bold, 9, 0, 0, 0]);
  });

  it('should mark stderr text, interleaved with stdout in write order', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('out ');
    buffer.write('err', 'stderr');
    buffer.write(' out\n');
    expect(buffer.text).to.equal('out err out\n');
    expect(runsOf(buffer, 0)).to.deep.equal([4, 0, 0, Attr.Stderr, 7, 0, 0, 0]);
  });

  it('should carry OSC 8 hyperlinks on their runs', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('see \x1b]8;id=1;https://example.com/x\x1b\\the docs\x1b]8;;\x1b\\ now\n');
    const line = buffer.styledLine(0);
    expect(line.text).to.equal('see the docs now');
    expect(Array.from(line.runs!)).to.deep.equal([4, 0, 0, Attr.Link, 12, 0, 0, 0]);
    expect(line.links).to.deep.equal(['https://example.com/x', '']);
  });

  it('should keep the styles and hyperlinks of lines applied a write at a time, read or not, when the cursor goes back up to them', () => {
    const writes = ['\x1b[31mred\x1b[0m plain\n', 'see \x1b]8;;https://example.com/x\x1b\\docs\x1b]8;;\x1b\\ now\n', 'third\n', '\x1b[2A\x1b[6C!\x1b[2B\n', 'last\x1b[4A\x1b[44mX\n'];
    for (const readBetween of [false, true]) {
      const buffer = new ConsoleBuffer();
      for (const write of writes) {
        buffer.write(write);
        buffer.apply();
        if (readBetween) expect(buffer.styledLine(0).text).to.match(/^red/);
      }
      expect(buffer.text).to.equal('red Xlain\nsee do!s now\nthird\n\nlast');
      expect(runsOf(buffer, 0)).to.deep.equal([0, 2, 0, 0, 3, 0, 0, 0, 4, 0, 5, 0, 5, 0, 0, 0]);
      expect(buffer.styledLine(0).links ?? []).to.satisfy((links: string[]) => links.every((link) => link === ''));
      expect(runsOf(buffer, 1)).to.deep.equal([4, 0, 0, Attr.Link, 6, 0, 0, 0, 7, 0, 0, Attr.Link, 8, 0, 0, 0]);
      expect(buffer.styledLine(1).links).to.deep.equal(['https://example.com/x', '', 'https://example.com/x', '']);
    }
  });

  it('should give the cursor back the lines of a coloured batch with \\r\\n line ends, when it goes up into their middle a write later', () => {
    const writes = ['a\x1b[32mb\x1b[0m\r\nc\r\nd\x1b[1me\x1b[0m\r\n', '\x1b[2A\x1b[1CX\x1b[2B', 'f\x1b[31mg\n\x1b[3A\x1b[5CY\n'];
    for (const readBetween of [false, true]) {
      const buffer = new ConsoleBuffer();
      for (const write of writes) {
        buffer.write(write);
        buffer.apply();
        if (readBetween) expect(buffer.styledLine(0).text).to.equal('ab');
      }
      expect(buffer.text).to.equal('ab\ncX   Y\nde\n  fg\n');
      expect(runsOf(buffer, 0)).to.deep.equal([1, 3, 0, 0]);
      expect(runsOf(buffer, 1)).to.deep.equal([2, 0, 0, Attr.Blank, 5, 2, 0, 0]);
      expect(runsOf(buffer, 2)).to.deep.equal([1, 0, 0, Attr.Bold]);
      expect(runsOf(buffer, 3)).to.deep.equal([0, 0, 0, Attr.Blank, 2, 0, 0, 0, 3, 2, 0, 0]);
    }
  });

  it('should bound a line that never ends by maxLineLength, counting what it drops', () => {
    const buffer = new ConsoleBuffer({ maxLineLength: 10 });
    buffer.write('0123456789abcdef');
    buffer.write('ghij\nnext\n');
    expect(buffer.text).to.equal('0123456789\nnext\n');
    expect(buffer.truncatedChars).to.equal(10);
    expect(() => (buffer.maxLineLength = 0)).to.throw(RangeError);
  });

  it('should say a row owns its text only when it was joined, made from cells or given so, never when it is a written slice', () => {
    const pen = { fg: 0, bg: 0, attrs: 0, link: '' };
    const written = 'a written string, longer than a copy threshold';
    const line = { text: written.slice(2, 40), runs: null, links: null };
    expect(Row.fromStyled(line).ownsText).to.equal(false);
    expect(Row.fromStyled(line, true).ownsText).to.equal(true);
    const row = new Row();
    expect(row.ownsText).to.equal(true);
    row.print(written, 0, 20, 0, pen, 1000);
    row.toStyled();
    expect(row.ownsText, 'one written piece').to.equal(false);
    row.print(written, 20, 30, 20, pen, 1000);
    row.toStyled();
    expect(row.ownsText, 'two pieces joined').to.equal(true);
    row.print(written, 30, 35, 5, pen, 1000);
    expect(row.ownsText, 'overwritten in place').to.equal(false);
    row.print(written, 0, 1, 1000 - 1, pen, 1000);
    row.erase(3, 4, pen);
    expect(row.ownsText, 'cells').to.equal(true);
  });

  it('should take wide characters as two columns and combining marks as none', () => {
    expect([codePointWidth(0x41), codePointWidth(0x4e2d), codePointWidth(0x1f600), codePointWidth(0x301)]).to.deep.equal([1, 2, 2, 0]);
    const buffer = new ConsoleBuffer();
    buffer.write('中文e\u0301!\r\x1b[2Cx\n');
    // 'x' lands on the left half of 文: the right half goes blank, as in xterm.
    expect(buffer.line(0)).to.equal('中x e\u0301!');
  });

  it('should bound hostile cursor moves: far down keeps maxLines empty lines, far right stops at maxLineLength', () => {
    const buffer = new ConsoleBuffer({ maxLines: 1000, maxLineLength: 500 });
    buffer.write('top\x1b[999999999B\x1b[999999999Cx\x1b[999999999Gy\rz\n');
    expect(buffer.lineCount).to.equal(1000);
    // Rows 0 to 999,999,999 hold lines; the last 1000 are kept.
    expect(buffer.droppedLines).to.equal(1_000_000_000 - 1000);
    expect(buffer.line(999)).to.equal('z');
    expect(buffer.truncatedChars).to.equal(2);
  });

  it('should bound hostile inserts and erases by maxLineLength: a count of a hundred million neither throws nor fills memory, and what an insert pushes past the limit is counted', () => {
    // Before: CSI 99999999 @ spliced that many blanks in with spread arguments (a RangeError after 11 s), and CSI 99999999 X made that many cells (out of memory).
    const buffer = new ConsoleBuffer({ maxLines: 10, maxLineLength: 20 });
    buffer.write('ab\x1b[99999999@c\n');
    buffer.write('abcdef\r\x1b[99999999X\x1b[3Cd\n');
    buffer.write('abcdefghijklmnopqrst\r\x1b[3@xy\n');
    buffer.write('ab中\b\b\x1b[17@z\n');
    // As xterm 6 shows them at 20 columns.
    expect(buffer.text).to.equal('abc\n   d\nxy abcdefghijklmnopq\nabz\n');
    // 'rst' pushed past column 20 by the three blanks, and the wide character whose right half would be at column 20.
    expect(buffer.truncatedChars).to.equal(4);
    const wide = new ConsoleBuffer({ maxLines: 10 });
    wide.write('x' + '\x1b[99999999@'.repeat(50) + 'y\n');
    expect(wide.text).to.equal('xy\n');
  });

  it('should stop moving up at the first retained line, never reaching dropped ones', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3 });
    buffer.write('1\n2\n3\n4\x1b[99FX');
    expect(buffer.text).to.equal('X\n3\n4');
  });

  it('should consume unknown sequences, OSC titles and C0 controls, showing nothing of them', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('a\x1b[?25l\x1b[5n\x1b]0;title\x07\x07\x01b\x1b=\x1b(Bc\n');
    expect(buffer.text).to.equal('abc\n');
  });

  it(`should not grow memory for an escape sequence that never ends, and show the text after the next line end ${CHROMIUM_ONLY}`, async function () {
    skipUnlessHeapMeasurable(this);
    const buffer = new ConsoleBuffer({ maxLines: 10 });
    const before = await heapAfterGc();
    buffer.write('before\n\x1b]8;;');
    const junk = 'u'.repeat(MiB);
    for (let i = 0; i < 64; i++) buffer.write(junk + String(i));
    buffer.write('\nafter\n');
    const growth = (await heapAfterGc()) - before;
    expect(buffer.text).to.equal('before\n\nafter\n');
    expect(growth, `heap grew ${(growth / MiB).toFixed(1)} MiB`).to.be.lessThan(4 * MiB);
  });
});
