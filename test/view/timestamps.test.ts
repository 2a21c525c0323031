import { expect } from 'chai';
import type { BoundedConsole } from '../../src/bounded-console.js';
import '../../src/bounded-console.js';
import { LineTimes } from '../../src/core/index.js';
import { mountConsoles } from '../support/mountConsoles.js';

const TIME = /^\d\d:\d\d:\d\d\.\d{3}$/;

describe('timestamps', () => {
  describe('LineTimes', () => {
    it('should keep one run per batch, find each line by binary search, and trim with the lines', () => {
      const times = new LineTimes();
      times.stamp(1000, 5000); // lines 0-999
      times.stamp(1000, 6000); // nothing new
      times.stamp(1001, 7000); // line 1000
      times.stamp(5000, 8000); // lines 1001-4999
      expect(times.runs).to.equal(3);
      expect([0, 999, 1000, 1001, 4999].map((seq) => times.timeOf(seq))).to.deep.equal([5000, 5000, 7000, 8000, 8000]);
      expect(times.timeOf(5000)).to.be.NaN;
      times.trim(1001);
      expect(times.runs).to.equal(1);
      expect(times.timeOf(1001)).to.equal(8000);
      times.reset(10);
      times.stamp(12, 9000);
      expect([times.timeOf(9), times.timeOf(10), times.timeOf(11)]).to.deep.equal([Number.NaN, 9000, 9000]);
    });

    it('should hold 1,000,000 lines that came one a batch in 16 bytes a line, and a flood in a few kilobytes', () => {
      const trickle = new LineTimes();
      for (let seq = 1; seq <= 1_000_000; seq++) trickle.stamp(seq, seq);
      expect(trickle.runs).to.equal(1_000_000);
      expect(trickle.timeOf(765_432)).to.equal(765_433);
      expect(trickle.bytes / 1_000_000).to.be.within(16, 34); // 16 bytes a run, arrays grown by doubling
      const flood = new LineTimes();
      for (let frame = 1; frame <= 600; frame++) flood.stamp(frame * 1667, frame); // 10 s at 60 frames/s
      expect(flood.bytes).to.be.lessThan(32 * 1024);
    });
  });

  describe('<bounded-console timestamps>', () => {
    const mount = mountConsoles();

    const stamps = (el: BoundedConsole) => [...el.shadowRoot!.querySelectorAll('[part="line"]')].map((row) => row.querySelector('[part="timestamp"]')?.textContent ?? null);

    it('should show each line with its arrival time, local, to the millisecond, not in the text', async () => {
      const el = await mount({ timestamps: '', 'line-numbers': '' });
      const before = new Date();
      el.write('first\nsecond\n');
      await el.flush();
      const shown = stamps(el);
      expect(shown).to.have.length(2);
      for (const time of shown) expect(time).to.match(TIME);
      const [hours, minutes] = shown[0]!.split(':').map(Number);
      expect(hours! * 60 + minutes!).to.be.within(before.getHours() * 60 + before.getMinutes(), before.getHours() * 60 + before.getMinutes() + 1);
      expect(el.text).to.equal('first\nsecond\n');
      const row = el.shadowRoot!.querySelector('[part="line"]')!;
      expect(getComputedStyle(row.querySelector('[part="timestamp"]')!).userSelect).to.equal('none');
      expect([...row.children].map((child) => child.getAttribute('part'))).to.deep.equal(['timestamp', 'gutter']);
    });

    it('should give later lines later times, keep them through trimming, and leave lines from before it was on blank', async () => {
      const el = await mount({ 'max-lines': '5' });
      el.write('old\n');
      await el.flush();
      el.timestamps = true;
      await el.updateComplete;
      el.write('a\nb\n');
      await el.flush();
      await new Promise((resolve) => setTimeout(resolve, 30));
      el.write('c\n');
      await el.flush();
      const shown = stamps(el);
      expect(shown[0]!.trim()).to.equal('');
      expect(shown[1]).to.equal(shown[2]);
      expect(shown[3]! > shown[2]!).to.equal(true);
      el.write('d\ne\nf\n'); // trims old and a
      await el.flush();
      expect(stamps(el).slice(0, 2)).to.deep.equal([shown[2], shown[3]]);
    });
  });
});
