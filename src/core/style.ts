/**
 * Cell styles, packed into numbers so lines store them in typed arrays.
 *
 * A colour is 0 for the default, 1–256 for palette entry 0–255 (plus one), or
 * RGB_FLAG | 0xRRGGBB for a truecolour.
 */
export const DEFAULT_COLOR = 0;
export const RGB_FLAG = 0x1000000;

export const enum Attr {
  Bold = 1,
  Dim = 2,
  Italic = 4,
  Underline = 8,
  Blink = 16,
  Inverse = 32,
  Hidden = 64,
  Strikethrough = 128,
  /** Written with `write(text, 'stderr')`. */
  Stderr = 256,
  /** Inside an OSC 8 hyperlink; the URL is kept beside the style. */
  Link = 512,
  /**
   * Marks an empty run at the end of a stored line that keeps the background of
   * the erased cells past its text, so a row thawed for editing pads with it.
   */
  TailBackground = 1024,
  /**
   * Marks runs of blank cells (never written, or erased) shown as spaces: a thawed
   * row must know them from written spaces, since only blanks are trimmed at the end.
   */
  Blank = 2048,
  /** On a line's last run: text past maxLineLength was dropped from this line. */
  Truncated = 4096,
}

/** The style new text is written in: SGR state plus the stream and hyperlink. */
export interface PenStyle {
  fg: number;
  bg: number;
  attrs: number;
  /** URL of the open OSC 8 hyperlink, or ''. */
  link: string;
}

export function defaultPen(): PenStyle {
  return { fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0, link: '' };
}

export function palette(index: number): number {
  return index + 1;
}

export function rgb(red: number, green: number, blue: number): number {
  return RGB_FLAG | (red << 16) | (green << 8) | blue;
}

/** Applies an SGR sequence (CSI … m) to `pen`. Unknown or malformed parts are skipped. */
export function applySgr(pen: PenStyle, params: Int32Array, count: number, subParams: number): void {
  for (let i = 0; i < count; i++) {
    const code = params[i]!;
    // Sub-parameters belong to the parameter before them; only 38/48/58 and 4 read theirs.
    if ((subParams & (1 << i)) !== 0) continue;
    switch (code) {
      case -1:
      case 0:
        pen.fg = DEFAULT_COLOR;
        pen.bg = DEFAULT_COLOR;
        pen.attrs &= Attr.Stderr | Attr.Link;
        break;
      case 1:
        pen.attrs |= Attr.Bold;
        break;
      case 2:
        pen.attrs |= Attr.Dim;
        break;
      case 3:
        pen.attrs |= Attr.Italic;
        break;
      case 4:
        // 4:0 is "no underline"; 4:1 to 4:5 are underline styles.
        if ((subParams & (1 << (i + 1))) !== 0 && params[i + 1] === 0) pen.attrs &= ~Attr.Underline;
        else pen.attrs |= Attr.Underline;
        break;
      case 5:
      case 6:
        pen.attrs |= Attr.Blink;
        break;
      case 7:
        pen.attrs |= Attr.Inverse;
        break;
      case 8:
        pen.attrs |= Attr.Hidden;
        break;
      case 9:
        pen.attrs |= Attr.Strikethrough;
        break;
      case 21:
        pen.attrs |= Attr.Underline; // double underline
        break;
      case 22:
        pen.attrs &= ~(Attr.Bold | Attr.Dim);
        break;
      case 23:
        pen.attrs &= ~Attr.Italic;
        break;
      case 24:
        pen.attrs &= ~Attr.Underline;
        break;
      case 25:
        pen.attrs &= ~Attr.Blink;
        break;
      case 27:
        pen.attrs &= ~Attr.Inverse;
        break;
      case 28:
        pen.attrs &= ~Attr.Hidden;
        break;
      case 29:
        pen.attrs &= ~Attr.Strikethrough;
        break;
      case 38:
      case 48: {
        const extended = readExtendedColor(params, count, subParams, i);
        if (extended.color >= 0) {
          if (code === 38) pen.fg = extended.color;
          else pen.bg = extended.color;
        }
        i = extended.last;
        break;
      }
      case 39:
        pen.fg = DEFAULT_COLOR;
        break;
      case 49:
        pen.bg = DEFAULT_COLOR;
        break;
      default:
        if (code >= 30 && code <= 37) pen.fg = palette(code - 30);
        else if (code >= 40 && code <= 47) pen.bg = palette(code - 40);
        else if (code >= 90 && code <= 97) pen.fg = palette(code - 90 + 8);
        else if (code >= 100 && code <= 107) pen.bg = palette(code - 100 + 8);
    }
  }
}

const sgrParams = new Int32Array(32);

/** Applies the parameters of an SGR sequence given as text (`1;38;5;200`, `38:2::1:2:3`). */
export function applySgrText(pen: PenStyle, text: string): void {
  applySgrRange(pen, text, 0, text.length);
}

/** Applies SGR parameters written in `text[start, end)`. */
export function applySgrRange(pen: PenStyle, text: string, start: number, end: number): void {
  let count = 0;
  let subParams = 0;
  let value = -1;
  for (let i = start; i < end && count < 32; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      value = Math.min(1_000_000_000, (value < 0 ? 0 : value * 10) + code - 0x30);
    } else {
      sgrParams[count++] = value;
      value = -1;
      if (code === 0x3a && count < 32) subParams |= 1 << count;
    }
  }
  if (count < 32) sgrParams[count++] = value;
  applySgr(pen, sgrParams, count, subParams);
}

const extendedResult = { color: -1, last: 0 };

/**
 * Reads the colour after a 38 or 48 at `index`: `;5;n`, `;2;r;g;b`, or the colon
 * forms `:5:n`, `:2:r:g:b` and `:2:colourspace:r:g:b`. Returns the colour (-1 if
 * malformed) and the index of the last parameter it used.
 */
function readExtendedColor(params: Int32Array, count: number, subParams: number, index: number): typeof extendedResult {
  const colon = (subParams & (1 << (index + 1))) !== 0;
  const mode = params[index + 1];
  extendedResult.color = -1;
  extendedResult.last = index;
  if (mode === 5) {
    const value = params[index + 2];
    extendedResult.last = Math.min(count - 1, index + 2);
    if (index + 2 < count && value !== undefined && value >= 0 && value <= 255) extendedResult.color = palette(value);
  } else if (mode === 2) {
    let first = index + 2;
    if (colon) {
      // Colon form: count the sub-parameters; with four, the first is a colour space id.
      let subs = 0;
      while (index + 2 + subs < count && (subParams & (1 << (index + 2 + subs))) !== 0) subs++;
      if (subs >= 4) first++;
      extendedResult.last = index + 1 + subs;
    } else {
      extendedResult.last = Math.min(count - 1, index + 4);
    }
    if (first + 2 < count) {
      // Omitted components (-1) are 0.
      const r = Math.max(0, params[first]!);
      const g = Math.max(0, params[first + 1]!);
      const b = Math.max(0, params[first + 2]!);
      if (r <= 255 && g <= 255 && b <= 255) extendedResult.color = rgb(r, g, b);
    }
  } else if (mode !== undefined && index + 1 < count) {
    extendedResult.last = index + 1;
  }
  return extendedResult;
}
