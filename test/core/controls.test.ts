import { expect } from 'chai';
import { controlIndex } from '../../src/core/ingest/controls.js';
import { countUnits } from '../../src/core/newlines.js';
import { randomInt, seededRandom } from '../support/random.js';

/** Long runs of text (one- or two-byte) or of tabs and ESCs, with now and then a control, DEL, C1, tab or ESC, around the chunk sizes. */
function laced(random: () => number, twoByte: boolean): string {
  const parts: string[] = [];
  const specials = ['\t', '\x1b', '\x7f', '\x85', '\x9b', '\x89', '\r', '\n', '\x00', '\x1f', '\x08', '\u00a0', '\u0301'];
  for (let length = 0; length < 100_000; ) {
    const size = [1, 5, 1023, 1024, 1025, 32_767, 32_768, 40_000][randomInt(random, 8)]!;
    // Dense runs too, so units are counted a chunk at a time.
    const part = random() < 0.3 ? 'ab\t\x1b'.repeat(Math.ceil(size / 4)) : (twoByte ? '中' : 'x').repeat(size);
    parts.push(part);
    length += part.length;
    if (random() < 0.5) parts.push(specials[randomInt(random, specials.length)]!);
  }
  return parts.join('');
}

describe('controls and units found in bulk', () => {
  const CONTROLS_BUT_TAB_ESC = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x80-\x9f]/;

  it('should find the first control of a class or DEL, as a walk over the text would', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const text = laced(random, seed % 2 === 0);
      const start = randomInt(random, text.length);
      const range = text.slice(start);
      let expected = -1;
      for (let at = 0; at < range.length && expected < 0; at++) {
        const code = range.charCodeAt(at);
        if (code === 0x7f || (code < 0x20 && code !== 0x09 && code !== 0x1b) || (code >= 0x80 && code < 0xa0)) expected = at;
      }
      expect(controlIndex(range, CONTROLS_BUT_TAB_ESC), `seed ${seed}`).to.equal(expected);
    }
  });

  it('should count a unit as a walk over the text would, in any range', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(100 + seed);
      const text = laced(random, seed % 2 === 0);
      for (const unit of ['\t', '\x1b', '\x7f']) {
        const start = randomInt(random, text.length);
        const end = start + randomInt(random, text.length - start + 1);
        let expected = 0;
        for (let at = start; at < end; at++) if (text[at] === unit) expected++;
        expect(countUnits(text, unit, start, end), `seed ${seed}, ${JSON.stringify(unit)} in [${start}, ${end})`).to.equal(expected);
      }
    }
  });
});
