import { Attr, RGB_FLAG, type ConsoleBuffer, type StyledLine } from '../../src/core/index.js';
import { styleKey, type Color, type OracleLine, type OracleRun } from './xtermOracle.js';

function color(value: number): Color {
  if (value === 0) return { kind: 'default' };
  if (value >= RGB_FLAG) return { kind: 'rgb', rgb: value & 0xffffff };
  return { kind: 'palette', index: value - 1 };
}

function keyOf(fg: number, bg: number, attrs: number): string {
  return styleKey({
    fg: color(fg),
    bg: color(bg),
    bold: (attrs & Attr.Bold) !== 0,
    dim: (attrs & Attr.Dim) !== 0,
    italic: (attrs & Attr.Italic) !== 0,
    // xterm gives OSC 8 hyperlink cells an underline style; our view underlines links too.
    underline: (attrs & (Attr.Underline | Attr.Link)) !== 0,
    blink: (attrs & Attr.Blink) !== 0,
    inverse: (attrs & Attr.Inverse) !== 0,
    hidden: (attrs & Attr.Hidden) !== 0,
    strikethrough: (attrs & Attr.Strikethrough) !== 0,
  });
}

/** One of our lines in the oracle's form: text, and runs of equal style (stderr and links aside). */
export function toOracleLine(line: StyledLine): OracleLine {
  const runs: OracleRun[] = [];
  const push = (text: string, style: string) => {
    if (text === '') return;
    const last = runs.at(-1);
    if (last !== undefined && last.style === style) last.text += text;
    else runs.push({ text, style });
  };
  const quads = line.runs ?? new Int32Array(0);
  const firstOffset = quads.length > 0 ? quads[0]! : line.text.length;
  push(line.text.slice(0, firstOffset), keyOf(0, 0, 0));
  for (let r = 0; r < quads.length; r += 4) {
    // Runs flagged TailBackground describe blank cells past the text: not shown.
    if (quads[r + 3]! & Attr.TailBackground) break;
    const end = r + 4 < quads.length ? Math.min(line.text.length, quads[r + 4]!) : line.text.length;
    push(line.text.slice(quads[r]!, end), keyOf(quads[r + 1]!, quads[r + 2]!, quads[r + 3]!));
  }
  return { text: line.text, runs };
}

/** All retained lines of `buffer` in the oracle's form. */
export function ourLines(buffer: ConsoleBuffer): OracleLine[] {
  const lines: OracleLine[] = [];
  for (let i = 0; i < buffer.lineCount; i++) lines.push(toOracleLine(buffer.styledLine(i)));
  return lines;
}

/** Both line lists padded with empty lines to the same length (a terminal's rows below the text are empty). */
export function padToSameLength(a: OracleLine[], b: OracleLine[]): [OracleLine[], OracleLine[]] {
  const empty: OracleLine = { text: '', runs: [] };
  const length = Math.max(a.length, b.length);
  const pad = (lines: OracleLine[]) => [...lines, ...new Array<OracleLine>(length - lines.length).fill(empty)];
  return [pad(a), pad(b)];
}
