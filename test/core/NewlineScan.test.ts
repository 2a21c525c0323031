import { expect } from 'chai';
import { NewlineScan } from '../../src/core/NewlineScan.js';
import { randomInt, seededRandom } from '../support/random.js';

/** Offsets of every newline in `text`. */
function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) offsets.push(at);
  return offsets;
}

describe('NewlineScan', () => {
  it('should count every newline and give the offsets of the last `keep`, for random pieces', () => {
    const scan = new NewlineScan();
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      // Up to 5,000 newlines: enough to grow the ring past its first size and to wrap it.
      const pieces = Array.from({ length: 1 + randomInt(random, 40) }, () =>
        Array.from({ length: randomInt(random, 400) }, () => (random() < 0.3 ? '\n' : 'x')).join(''),
      );
      const keep = 1 + randomInt(random, random() < 0.5 ? 5 : 3000);
      const text = pieces.join('');
      const offsets = newlineOffsets(text);
      const context = `seed ${seed}, keep ${keep}`;
      expect(scan.scan(pieces, keep), context).to.equal(offsets.length);
      const first = Math.max(0, offsets.length - keep);
      for (let i = first; i < offsets.length; i++) {
        const offset = scan.offset(i);
        expect(offset, `${context}, newline ${i}`).to.equal(offsets[i]);
        const { piece, at } = scan.locate(offset);
        expect(pieces[piece]![at], `${context}, newline ${i}`).to.equal('\n');
        expect(scan.start(piece) + at).to.equal(offset);
      }
      if (first > 0) expect(() => scan.offset(first - 1), context).to.throw(RangeError);
      expect(() => scan.offset(offsets.length), context).to.throw(RangeError);
    }
  });

  it('should locate an offset in the piece that holds it, across empty pieces', () => {
    const scan = new NewlineScan();
    const pieces = ['', 'a', '', '', '\n', 'b\n', ''];
    expect(scan.scan(pieces, 10)).to.equal(2);
    expect(scan.locate(scan.offset(0))).to.deep.equal({ piece: 4, at: 0 });
    expect(scan.locate(scan.offset(1))).to.deep.equal({ piece: 5, at: 1 });
    expect(scan.start(pieces.length)).to.equal(4);
  });

  it('should refuse a keep that is not a positive integer', () => {
    expect(() => new NewlineScan().scan(['\n'], 0)).to.throw(RangeError, /keep/);
    expect(() => new NewlineScan().scan(['\n'], 1.5)).to.throw(RangeError, /keep/);
  });
});
