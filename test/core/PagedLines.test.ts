import { expect } from 'chai';
import { PagedLines } from '../../src/core/index.js';
import { randomInt, seedBlocks, seededRandom } from '../support/random.js';

/**
 * Appends `lines` as one batch, the way ConsoleBuffer does; `shared`: as a written
 * string, uncopied; `counted`: with how many lines there are, their breaks left for the store to find.
 */
function appendLines(store: PagedLines, lines: readonly string[], shared = false, counted = false): void {
  const text = lines.map((line) => line + '\n').join('');
  const breaks = new Int32Array(lines.length);
  let at = -1;
  for (let i = 0; i < lines.length; i++) breaks[i] = at = text.indexOf('\n', at + 1);
  store.append(text, counted ? lines.length : breaks, null, shared);
}

function collect(store: PagedLines): string {
  const out: string[] = [];
  store.collectText(out);
  return out.join('');
}

/** Random appends (shared or not), drops, compactions and reads on one store, checked against a plain array after every step. */
function checkAgainstArray(seed: number): void {
  const random = seededRandom(seed);
  const store = new PagedLines();
  const model: string[] = [];
  let dropped = 0;
  for (let step = 0; step < 200; step++) {
    if (random() < 0.6) {
      const size = random() < 0.1 ? 2000 : 1 + randomInt(random, 20);
      const width = random() < 0.1 ? 200 : randomInt(random, 12);
      const lines = Array.from({ length: size }, (_, i) => `${step}.${i}:` + 'w'.repeat(randomInt(random, width + 1)) + (random() < 0.05 ? '\r' : ''));
      appendLines(store, lines, random() < 0.5, random() < 0.5);
      model.push(...lines);
    } else if (random() < 0.15) {
      // Lines taken back from the end, as a cursor moved up into them.
      const count = randomInt(random, Math.min(30, model.length - dropped) + 1);
      const taken = store.takeNewest(count).map((line) => line.text);
      expect(taken, `seed ${seed}`).to.deep.equal(model.splice(model.length - count).map((line) => line.replace(/\r$/, '')));
    } else if (random() < 0.2) {
      const before = store.sharedChars;
      const left = store.compact(randomInt(random, 3000));
      expect(left, `seed ${seed}`).to.equal(store.sharedChars);
      expect(left, `seed ${seed}`).to.be.at.most(before);
    } else {
      const count = randomInt(random, model.length - dropped + 2);
      store.dropOldest(count);
      dropped = Math.min(model.length, dropped + count);
    }
    expect(store.firstSeq, `seed ${seed}`).to.equal(dropped);
    expect(store.endSeq, `seed ${seed}`).to.equal(model.length);
    for (let probe = 0; probe < 3 && store.length > 0; probe++) {
      const seq = dropped + randomInt(random, store.length);
      expect(store.line(seq), `seed ${seed}, line ${seq}`).to.equal(model[seq]!.replace(/\r$/, ''));
    }
    if (store.length > 0 && random() < 0.3) {
      // A search's visit: each line from the page's text and breaks, up to a page whose lines end in \r\n.
      const from = dropped + randomInt(random, store.length);
      const to = from + randomInt(random, 50);
      const visited: string[] = [];
      const reached = store.visitPages(from, to, (text, breaks, first, start, end) => {
        for (let seq = start; seq < end; seq++) visited.push(text.slice(seq === first ? 0 : breaks[seq - first - 1]! + 1, breaks[seq - first]!));
      });
      expect(visited, `seed ${seed}, visit ${from} to ${to}`).to.deep.equal(model.slice(from, reached));
    }
  }
  const expected = model.slice(dropped).map((line) => line.replace(/\r$/, '') + '\n').join('');
  expect(collect(store), `seed ${seed}`).to.equal(expected);
}

describe('PagedLines', () => {
  it('should number lines from 0 and keep their numbers when old lines are dropped', () => {
    const store = new PagedLines();
    appendLines(store, ['a', 'b', 'c']);
    appendLines(store, ['d']);
    store.dropOldest(2);
    expect([store.firstSeq, store.endSeq, store.length]).to.deep.equal([2, 4, 2]);
    expect([store.line(2), store.line(3)]).to.deep.equal(['c', 'd']);
    expect(() => store.line(1)).to.throw(RangeError, /not retained/);
    expect(() => store.line(4)).to.throw(RangeError);
  });

  for (const { first, last, title } of seedBlocks(200, 50)) {
    it(`should match a plain array through random appends (shared or not, breaks given or counted), takes from the end, drops, compactions and reads (${title})`, () => {
      for (let seed = first; seed <= last; seed++) checkAgainstArray(seed);
    });
  }

  it('should copy shared pages oldest first, within about the budget given', () => {
    const store = new PagedLines();
    const big = 'x'.repeat(70_000);
    appendLines(store, [big], true);
    appendLines(store, [big], true);
    appendLines(store, ['small'], false);
    expect(store.sharedChars).to.equal(2 * 70_001);
    // A page is copied whole: the budget is met at the first page that reaches it.
    expect(store.compact(1)).to.equal(70_001);
    expect(store.compact(0)).to.equal(70_001);
    expect(store.compact()).to.equal(0);
    expect(store.sharedChars).to.equal(0);
    expect([store.line(0), store.line(1), store.line(2)]).to.deep.equal([big, big, 'small']);
  });

  it('should not merge a page kept as the writer\'s string into the one before, and copy it when a later page merges with it', () => {
    const store = new PagedLines();
    appendLines(store, ['a'], false);
    appendLines(store, ['b'], true);
    expect(store.sharedChars).to.equal(2);
    appendLines(store, ['c'], false);
    expect(store.sharedChars).to.equal(0);
    expect(collect(store)).to.equal('a\nb\nc\n');
  });

  it('should keep every line of many small appends once and in order, as their pages merge', () => {
    const store = new PagedLines();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(`line ${i}`);
      appendLines(store, [`line ${i}`], false);
    }
    expect(collect(store)).to.equal(lines.map((line) => line + '\n').join(''));
    expect(store.styledLine(1234).text).to.equal('line 1234');
  });

  it('should restart numbering where reset() says', () => {
    const store = new PagedLines();
    appendLines(store, ['a']);
    store.reset(7);
    expect([store.firstSeq, store.endSeq]).to.deep.equal([7, 7]);
    appendLines(store, ['b']);
    expect(store.line(7)).to.equal('b');
  });
});
