import { expect } from 'chai';
import { ConsoleBuffer } from '../../src/core/index.js';

describe('ConsoleBuffer rows (the screen)', () => {
  it('should take null or an integer from 1 as rows, and throw a RangeError for anything else', () => {
    expect(new ConsoleBuffer().rows).to.equal(null);
    expect(new ConsoleBuffer({ rows: 24 }).rows).to.equal(24);
    const buffer = new ConsoleBuffer();
    for (const bad of [0, -1, 1.5, NaN, Infinity, '24', true]) {
      expect(() => (buffer.rows = bad as number), String(bad)).to.throw(RangeError, /rows must be null or an integer/);
      expect(() => new ConsoleBuffer({ rows: bad as number }), String(bad)).to.throw(RangeError);
    }
    buffer.rows = 3;
    expect(buffer.rows).to.equal(3);
    buffer.rows = null;
    expect(buffer.rows).to.equal(null);
  });

  it('should count absolute rows from the top of the last `rows` rows', () => {
    const buffer = new ConsoleBuffer({ rows: 3 });
    buffer.write('one\ntwo\nthree\nfour\n\x1b[1;1Htop\x1b[3;2HX');
    // The screen is three, four and the empty current row: the lines above it stay as they were.
    expect(buffer.text).to.equal('one\ntwo\ntopee\nfour\n X');
  });

  it('should make the screen every retained line without rows, row 1 the oldest', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3 });
    buffer.write('a\nb\nc\nd\n\x1b[1;1HX\x1b[2J');
    // The screen is b, c, d and the current row: erasing the display blanks them all.
    expect(buffer.droppedLines).to.equal(1);
    expect(buffer.text).to.equal('\n\n\n');
  });

  it('should show the alternate screen while it is active and restore the lines it covered on leaving it', () => {
    const buffer = new ConsoleBuffer({ rows: 4 });
    buffer.write('log 1\nlog 2\nlog 3\nlog 4\nlog 5\n$ htop');
    const before = buffer.text;
    buffer.write('\x1b[?1049h\x1b[H\x1b[2JCPU 12%\r\nMEM 40%');
    // The lines scrolled above the screen stay; the screen shows the alternate rows, down to the row the cursor was on.
    expect(buffer.text).to.equal('log 1\nlog 2\nCPU 12%\nMEM 40%\n\n');
    buffer.write('\x1b[?1049l');
    expect(buffer.text).to.equal(before);
    buffer.write('\n$ ');
    expect(buffer.text).to.equal(before + '\n$ ');
  });

  it('should scroll only the scroll region, its top row into the scrollback when it starts at the screen top', () => {
    const buffer = new ConsoleBuffer({ rows: 3 });
    buffer.write('\x1b[3;1Hstatus\x1b[1;2r\x1b[1;1Ha\nb\nc\nd');
    expect(buffer.text).to.equal('a\nb\nc\nd\nstatus');
    const inner = new ConsoleBuffer({ rows: 4 });
    inner.write('top\n\x1b[4;1Hstatus\x1b[2;3r\x1b[2;1Ha\nb\nc');
    // Rows 2 and 3 scroll: a is gone, top and status stay.
    expect(inner.text).to.equal('top\nb\nc\nstatus');
  });

  it('should edit the shown command line as readline does: insert and delete characters', () => {
    const buffer = new ConsoleBuffer({ rows: 24 });
    // "$ echo helo", cursor back over "lo", insert one blank and type "l"; then delete the first "e" after moving home.
    buffer.write('$ echo helo\x1b[2D\x1b[1@l\r\x1b[2C\x1b[P');
    expect(buffer.text).to.equal('$ cho hello');
  });

  it('should interpret in full, exactly, a flood holding sequences the skim cannot follow, when it holds more lines than fit', () => {
    const stream = 'x\n'.repeat(5000) + '\x1b7' + 'y\n'.repeat(5000) + '\x1b8saved' + '\x1b[?1049h' + 'z\n'.repeat(100) + '\x1b[?1049lend\n';
    const bounded = new ConsoleBuffer({ maxLines: 50, rows: 10 });
    bounded.write(stream);
    const unbounded = new ConsoleBuffer({ maxLines: 20_000, rows: 10 });
    unbounded.write(stream);
    // The bound holds at every moment: the alternate screen's last row, printed on, counted as a line while it showed.
    expect(bounded.lineCount).to.be.within(49, 50);
    expect(bounded.text).to.equal(unbounded.text.split('\n').slice(-bounded.lineCount - 1).join('\n'));
    expect(bounded.text).to.match(/\nsavedend\n(y\n){8}$/);
  });

  it('should give a row scrolled in past the screen the pen\'s background when a batch is cut before it, as when it is written a character at a time', () => {
    // Bright cyan background, then two line feeds on a one-row screen keeping one line: the batch is cut at the last line feed.
    for (const [stream, runs] of [
      ['\x1b[106m\n\n', [0, 0, 15, 1024]],
      ['\x1b[106mx\ny\nz\n\x1b[0m', [0, 0, 15, 0, 1, 0, 15, 1024]],
    ] as const) {
      const batch = new ConsoleBuffer({ maxLines: 1, rows: 1 });
      batch.write(stream);
      const reference = new ConsoleBuffer({ maxLines: 1, rows: 1 });
      for (const char of stream) {
        reference.write(char);
        reference.apply();
      }
      expect(Array.from(reference.styledLine(0).runs ?? []), JSON.stringify(stream)).to.deep.equal(runs);
      expect(Array.from(batch.styledLine(0).runs ?? []), JSON.stringify(stream)).to.deep.equal(runs);
      expect([batch.text, batch.droppedLines]).to.deep.equal([reference.text, reference.droppedLines]);
    }
  });
});
