/**
 * In printed text (no C0, DEL or C1 controls), finds a character that is not
 * printable ASCII (one column per character, the common case). Written as the
 * characters above C1 rather than as "not printable ASCII": the same characters in
 * such text, and V8 scans this class far faster in one-byte strings.
 */
const NOT_NARROW_ASCII = /[\xa0-\uffff]/;
/**
 * Characters past ASCII known to take one column and one UTF-16 unit, as the ranges of
 * a regex class: Latin-1 but the soft hyphen, the Latin extensions, general
 * punctuation, arrows, and box and block elements (tables and progress bars). A class
 * V8 scans fast; characters outside it are looked up one by one. (test/core/charWidth
 * checks every one against codePointWidth.) NOT_KNOWN_ONE_COLUMN finds anything else
 * at or above U+00A0: callers pass printed text, or handle controls themselves.
 */
export const KNOWN_ONE_COLUMN = '\\xa0-\\xac\\xae-\\u02ff\\u2010-\\u2027\\u2030-\\u205e\\u2190-\\u21ff\\u2500-\\u259f';
const NOT_KNOWN_ONE_COLUMN = new RegExp(`[^\\x00-\\x9f${KNOWN_ONE_COLUMN}]`);
/**
 * The characters at and above U+00A0 outside KNOWN_ONE_COLUMN, as the ranges of a
 * regex class: to find them with a positive class, which V8 scans far faster than a
 * negated one in one-byte text (test/core/charWidth checks that the two split the range).
 */
export const NOT_KNOWN_ONE_COLUMN_ABOVE_C1 = '\\xad\\u0300-\\u200f\\u2028-\\u202f\\u205f-\\u218f\\u2200-\\u24ff\\u25a0-\\uffff';

/**
 * In printed text, the offset of the first character of `text[start, end)` that does
 * not take exactly one column and one UTF-16 unit (a wide or combining character, a
 * surrogate), or `end`: over text before it, columns can be counted as units. A long
 * range of printable ASCII is crossed by one regex search; from the first other
 * character on, each is looked at.
 */
export function oneColumnUntil(text: string, start: number, end: number): number {
  let at = start;
  if (end - start > SHORT) {
    // Two searches: the positive class first, which V8 scans fastest in one-byte (ASCII) text.
    const range = start === 0 && end === text.length ? text : text.slice(start, end);
    const first = range.search(NOT_NARROW_ASCII);
    if (first < 0) return end;
    const unknown = (first === 0 ? range : range.slice(first)).search(NOT_KNOWN_ONE_COLUMN);
    if (unknown < 0) return end;
    at = start + first + unknown;
  }
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code >= 0xa0 && ((code & 0xf800) === 0xd800 || codePointWidth(code) !== 1)) return at;
  }
  return end;
}

/** Up to this many characters are checked one by one: cheaper than a regex call. */
const SHORT = 64;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u{1160}-\u{11ff}]$/u;
const WIDE = /^[\p{Emoji_Presentation}\p{Extended_Pictographic}]$/u;

/**
 * Whether every character of `text[start, end)`, printed text, takes one column and
 * one UTF-16 unit (printable ASCII, and characters such as the box and block elements
 * of tables and progress bars): then columns are counted as units. Only that range is
 * scanned, however long the text.
 */
export function isOneColumnEach(text: string, start: number, end: number): boolean {
  if (end - start <= SHORT) {
    for (let at = start; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return false;
      if (code >= 0xa0 && ((code & 0xf800) === 0xd800 || codePointWidth(code) !== 1)) return false;
    }
    return true;
  }
  return oneColumnUntil(text, start, end) === end;
}

/** Code points below this have their width cached once computed: the BMP and the emoji planes' start. */
const CACHED_BELOW = 0x20000;
/** Widths computed so far, -1 for not yet: a lookup instead of the regular expressions for all text that is not ASCII. */
const widths = new Int8Array(CACHED_BELOW).fill(-1);

/**
 * Columns a code point takes: 0 for combining marks and format characters (they join
 * the cell before them), 2 for East Asian wide and fullwidth characters and emoji,
 * 1 otherwise. Emoji are 2 as modern terminals draw them (Unicode 9 and later).
 */
export function codePointWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x300) return 1;
  if (codePoint >= CACHED_BELOW) return computeWidth(codePoint);
  const cached = widths[codePoint]!;
  if (cached >= 0) return cached as 0 | 1 | 2;
  const width = computeWidth(codePoint);
  widths[codePoint] = width;
  return width;
}

function computeWidth(codePoint: number): 0 | 1 | 2 {
  if (isWideRange(codePoint)) return 2;
  const char = String.fromCodePoint(codePoint);
  if (ZERO_WIDTH.test(char)) return 0;
  if (codePoint >= 0x1f000 && WIDE.test(char)) return 2;
  if (codePoint >= 0x2300 && codePoint < 0x2c00 && /^\p{Emoji_Presentation}$/u.test(char)) return 2;
  return 1;
}

function isWideRange(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x2fffd) ||
    (cp >= 0x30000 && cp <= 0x3fffd)
  );
}
