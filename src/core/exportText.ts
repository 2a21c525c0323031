import type { StyledLine } from './PagedLines.js';
import { Attr, RGB_FLAG } from './style.js';

/** SGR codes of the attributes a line can carry, in the order they are written. */
const ATTRIBUTE_CODES: readonly (readonly [Attr, number])[] = [
  [Attr.Bold, 1],
  [Attr.Dim, 2],
  [Attr.Italic, 3],
  [Attr.Underline, 4],
  [Attr.Blink, 5],
  [Attr.Inverse, 7],
  [Attr.Hidden, 8],
  [Attr.Strikethrough, 9],
];

/** SGR parameters of a colour (0 default, 1–256 palette entries plus one, RGB_FLAG | 0xRRGGBB); `base` 30 or 40. */
function colorCodes(color: number, base: 30 | 40): string {
  if (color >= RGB_FLAG) return `${base + 8};2;${(color >> 16) & 0xff};${(color >> 8) & 0xff};${color & 0xff}`;
  if (color <= 8) return String(base + color - 1);
  if (color <= 16) return String(base + 60 + color - 9);
  return `${base + 8};5;${color - 1}`;
}

/**
 * A line as a terminal would need it to show the same: its text with SGR sequences
 * for its styles and OSC 8 for its links, reset at the end. Writing it back into a
 * console gives the same text and styles (stderr marks aside: a byte stream has none).
 */
export function ansiLine(line: StyledLine): string {
  const { text, runs } = line;
  if (runs === null) return text;
  let out = text.slice(0, runs[0]!);
  let link = '';
  let styled = false;
  for (let r = 0; r < runs.length; r += 4) {
    const attrs = runs[r + 3]!;
    if (attrs & Attr.TailBackground) break;
    const start = runs[r]!;
    const end = r + 4 < runs.length ? Math.min(text.length, runs[r + 4]!) : text.length;
    if (end <= start) continue;
    const codes = ['0'];
    for (const [flag, code] of ATTRIBUTE_CODES) if (attrs & flag) codes.push(String(code));
    if (runs[r + 1]! !== 0) codes.push(colorCodes(runs[r + 1]!, 30));
    if (runs[r + 2]! !== 0) codes.push(colorCodes(runs[r + 2]!, 40));
    const runLink = attrs & Attr.Link ? (line.links?.[r / 4] ?? '') : '';
    if (runLink !== link) {
      out += `\x1b]8;;${runLink}\x1b\\`;
      link = runLink;
    }
    out += `\x1b[${codes.join(';')}m${text.slice(start, end)}`;
    styled = true;
  }
  if (link !== '') out += '\x1b]8;;\x1b\\';
  return styled ? `${out}\x1b[0m` : out;
}

/** Characters of text per chunk of an export: a Blob is built from these, never from one string of everything. */
export const EXPORT_CHUNK_CHARS = 1024 * 1024;

/**
 * The lines `lineAt(0)` to `lineAt(count - 1)`, each followed by `\n` (a file's
 * lines all end, the current one too), in chunks of about `chunkChars` characters.
 */
export function* lineChunks(count: number, lineAt: (index: number) => string, chunkChars = EXPORT_CHUNK_CHARS): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (let index = 0; index < count; index++) {
    const line = lineAt(index);
    parts.push(line, '\n');
    size += line.length + 1;
    if (size >= chunkChars) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}
