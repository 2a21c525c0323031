import { expect } from 'chai';
import { MAX_SCROLL_HEIGHT_PX, ScrollMap } from '../../src/view/ScrollMap.js';

/** A map for `rows` rows of 16 px in a 320 px viewport, anchored at the bottom (following). */
function map(rows: number): ScrollMap {
  const scroll = new ScrollMap();
  scroll.update(rows, 16, 320);
  scroll.anchor(scroll.maxScrollTop, scroll.maxTopLine);
  return scroll;
}

/** Scrolls by `delta` px from the anchor as the browser would report it, and anchors there. */
function step(scroll: ScrollMap, from: number, delta: number): number {
  const top = scroll.topLineAt(from + delta);
  scroll.anchor(from + delta, top);
  return top;
}

describe('ScrollMap', () => {
  it('should be 1:1 (a row is lineHeight px) while every row fits', () => {
    const scroll = map(1000);
    expect(scroll.compressed).to.equal(false);
    expect(scroll.topLineAt(1600)).to.equal(100);
    expect(scroll.scrollTopFor(100)).to.equal(1600);
  });

  it('should move a 100 px step by the same lines at 1,000 and at 100,000,000 rows, up and down, from anywhere', () => {
    for (const rows of [10_000_000, 100_000_000]) {
      const scroll = map(rows);
      expect(scroll.compressed).to.equal(true);
      expect(scroll.contentHeight).to.equal(MAX_SCROLL_HEIGHT_PX);
      let at = scroll.maxScrollTop;
      let top = scroll.maxTopLine;
      for (const delta of [-100, -100, -320, 100, -1000, 50]) {
        const next = step(scroll, at, delta);
        expect(next - top, `${rows} rows, ${delta} px`).to.be.closeTo(delta / 16, 1e-6);
        at += delta;
        top = next;
      }
      // From the middle, after a jump there.
      const middle = scroll.maxScrollTop / 2;
      const landed = step(scroll, middle, 0);
      expect(step(scroll, middle, 100) - landed).to.be.closeTo(100 / 16, 1e-6);
    }
  });

  it('should land a jump (the thumb dragged far) in proportion to the whole range, and the ends on the first and last lines', () => {
    const scroll = map(10_000_000);
    const top = scroll.topLineAt(0.7654321 * scroll.maxScrollTop);
    expect(top).to.be.closeTo(0.7654321 * scroll.maxTopLine, 1);
    expect(scroll.topLineAt(0)).to.equal(0);
    expect(scroll.topLineAt(scroll.maxScrollTop)).to.equal(scroll.maxTopLine);
  });

  it('should give back the anchored line for the offset it gave (our own scroll write coming back)', () => {
    const scroll = map(10_000_000);
    scroll.anchor(4_000_000, 5_000_123.5);
    const offset = scroll.scrollTopFor(5_000_133.5);
    expect(offset).to.equal(4_000_160);
    scroll.anchor(offset, 5_000_133.5);
    expect(scroll.topLineAt(Math.round(offset))).to.equal(5_000_133.5);
  });
});
