import { expect } from 'chai';
import { ChangeFeed, ConsoleBuffer, LineSelection, clampCol, textBetween } from '../../src/core/index.js';
import { randomInt, randomText, seededRandom } from '../support/random.js';

/** The retained lines of a buffer, as the reference the text between two positions is cut from. */
function lines(buffer: ConsoleBuffer): string[] {
  return Array.from({ length: buffer.lineCount }, (_, i) => buffer.line(i));
}

describe('textBetween', () => {
  it('should equal the slice of the joined retained lines between two random positions, in either order (seeds 1-200)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const buffer = new ConsoleBuffer({ maxLines: 1 + randomInt(random, 40) });
      buffer.write(randomText(random, 2000));
      const retained = lines(buffer);
      if (retained.length === 0) continue;
      const first = buffer.droppedLines;
      const pick = () => {
        const index = randomInt(random, retained.length);
        return { seq: first + index, col: randomInt(random, retained[index]!.length + 1) };
      };
      const a = pick();
      const b = pick();
      const [from, to] = a.seq < b.seq || (a.seq === b.seq && a.col <= b.col) ? [a, b] : [b, a];
      // Offsets into the joined text; columns from pick() never split a pair unless the text has one there.
      const offset = (p: { seq: number; col: number }) => retained.slice(0, p.seq - first).reduce((sum, line) => sum + line.length + 1, 0) + clampCol(retained[p.seq - first]!, p.col);
      const expected = retained.join('\n').slice(offset(from), offset(to));
      expect(textBetween(buffer.applied, a, b), `seed ${seed}`).to.equal(expected);
      expect(textBetween(buffer.applied, b, a), `seed ${seed} reversed`).to.equal(expected);
    }
  });

  it('should clamp positions in trimmed lines and past the end to the retained text', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3 });
    buffer.write('one\ntwo\nthree\nfour\nfive');
    buffer.apply();
    expect(buffer.droppedLines).to.equal(2);
    expect(textBetween(buffer.applied, { seq: 0, col: 2 }, { seq: 99, col: 0 })).to.equal('three\nfour\nfive');
    expect(textBetween(buffer.applied, { seq: 0, col: 0 }, { seq: 1, col: 3 })).to.equal('');
    expect(textBetween(buffer.applied, { seq: 3, col: 1 }, { seq: 3, col: 50 })).to.equal('our');
  });

  it('should never split a surrogate pair at either end', () => {
    const buffer = new ConsoleBuffer();
    buffer.write('a😀b');
    buffer.apply();
    expect(textBetween(buffer.applied, { seq: 0, col: 2 }, { seq: 0, col: 4 })).to.equal('😀b');
    expect(textBetween(buffer.applied, { seq: 0, col: 0 }, { seq: 0, col: 2 })).to.equal('a');
  });
});

describe('LineSelection', () => {
  it('should shrink to the retained lines when its first lines are trimmed, and empty when all are', () => {
    const selection = new LineSelection();
    selection.set({ seq: 10, col: 4 }, { seq: 2, col: 1 });
    expect(selection.trim(5)).to.equal(true);
    expect(selection.range).to.deep.equal({ from: { seq: 5, col: 0 }, to: { seq: 10, col: 4 } });
    expect(selection.anchor).to.deep.equal({ seq: 10, col: 4 });
    expect(selection.trim(5)).to.equal(false);
    expect(selection.trim(11)).to.equal(true);
    expect(selection.empty).to.equal(true);
    expect(selection.range).to.equal(null);
  });

  it('should reject a position that is not one, naming it', () => {
    const selection = new LineSelection();
    expect(() => selection.set({ seq: -1, col: 0 })).to.throw(TypeError, /anchor must be a position/);
    expect(() => selection.extend({ seq: 1.5, col: 0 })).to.throw(TypeError, /head must be a position/);
    expect(() => selection.set({ seq: 0, col: Number.NaN })).to.throw(TypeError);
  });
});

describe('ChangeFeed', () => {
  it('should tell subscribers once a poll what was appended, dropped and changed, and about a clear, nothing when nothing changed', () => {
    const buffer = new ConsoleBuffer({ maxLines: 3 });
    const feed = new ChangeFeed(buffer);
    const rows = feed.reader();
    const changes: unknown[] = [];
    const subscription = feed.subscribe((change) => changes.push(change));
    buffer.write('a\nb\n');
    feed.poll();
    buffer.write('c\nd\ne\n');
    // A reader taking first does not take the change from the subscribers.
    expect(rows.take()).to.equal(0);
    feed.poll();
    feed.poll();
    buffer.clear();
    feed.cleared();
    expect(changes).to.deep.equal([
      { changedFrom: 0, appended: 2, dropped: 0, droppedTotal: 0, cleared: false },
      { changedFrom: 2, appended: 3, dropped: 2, droppedTotal: 2, cleared: false },
      { changedFrom: 0, appended: 0, dropped: 0, droppedTotal: 0, cleared: true },
    ]);
    expect(rows.take()).to.equal(0);
    subscription.dispose();
    buffer.write('f\n');
    feed.poll();
    expect(changes.length).to.equal(3);
  });

  it('should give every reader each change once, from the lowest line changed since its own last take', () => {
    const buffer = new ConsoleBuffer();
    const feed = new ChangeFeed(buffer);
    const rows = feed.reader();
    const find = feed.reader();
    buffer.write('a\nb\nc');
    expect(rows.take()).to.equal(0);
    buffer.write('d\ne');
    expect(rows.take()).to.equal(2);
    expect(find.take()).to.equal(0);
    expect(find.take()).to.equal(Infinity);
    expect(rows.take()).to.equal(Infinity);
    find.dispose();
    buffer.write('\nf');
    expect(rows.take()).to.equal(3);
  });
});
