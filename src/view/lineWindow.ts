import { codePointWidth } from '../core/index.js';

/**
 * How wide two-column characters are drawn, in ch: measured, as a font's wide glyphs
 * are often 1em (about 1.66ch), not 2ch, and emoji come from a font of their own.
 */
export interface WideWidths {
  /** East Asian wide and fullwidth characters. */
  readonly wide: number;
  /** Emoji from U+1F000 on. */
  readonly emoji: number;
}

/** A place in a line's text: its offset and how far across it is drawn, in ch from the text's start. */
export interface Place {
  readonly offset: number;
  readonly x: number;
}

/** Everything from the combining marks up: what a run of characters one ch and one unit each ends at. */
const NOT_NARROW = /[\u0300-\uffff]/g;

/**
 * The last place in `text` at most `toX` ch across and at most `toOffset` in, walking
 * from `from` (a place). A place is where a character starts that is drawn on its own:
 * not the second half of a surrogate pair, not a combining mark or other zero-width
 * character, not one joined on by a zero-width joiner; so a slice from one place to
 * another draws as those characters do in the whole line. The line's end is a place.
 * Characters take one ch, zero-width ones none, two-column ones as `widths` says.
 * Lines hold no tabs (the screen turns them into spaces), so no tab stops are counted.
 */
export function placeBefore(text: string, toX: number, toOffset: number, widths: WideWidths, from: Place = { offset: 0, x: 0 }): Place {
  const length = text.length;
  let at = from.offset;
  let x = from.x;
  let place = from;
  while (at < length) {
    if (text.charCodeAt(at) < 0x300) {
      // A run of characters one ch and one unit each, every one a place: crossed in one step.
      NOT_NARROW.lastIndex = at;
      const next = NOT_NARROW.exec(text)?.index ?? length;
      const last = Math.min(next - 1, at + Math.floor(toX - x), toOffset);
      if (last < at) return place;
      if (last < next - 1) return { offset: last, x: x + (last - at) };
      place = { offset: last, x: x + (last - at) };
      x += next - at;
      at = next;
      continue;
    }
    const codePoint = text.codePointAt(at)!;
    const width = codePointWidth(codePoint);
    if (width > 0 && text.charCodeAt(at - 1) !== 0x200d) {
      if (x > toX || at > toOffset) return place;
      place = { offset: at, x };
    }
    x += width === 2 ? (codePoint >= 0x1f000 ? widths.emoji : widths.wide) : width;
    at += codePoint > 0xffff ? 2 : 1;
  }
  return x > toX || length > toOffset ? place : { offset: length, x };
}
