// What a real terminal (xterm.js, headless) shows for given output, in a form our own model can be compared with.
import type { IBufferCell, IBufferLine } from '@xterm/headless';
import { Terminal } from '@xterm/headless/lib-headless/xterm-headless.mjs';
import { Unicode11Addon } from '@xterm/addon-unicode11/lib/addon-unicode11.mjs';

export type Color = { kind: 'default' } | { kind: 'palette'; index: number } | { kind: 'rgb'; rgb: number /* 0xRRGGBB */ };

export interface Style {
  fg: Color;
  bg: Color;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  blink?: boolean;
  inverse?: boolean;
  hidden?: boolean;
  strikethrough?: boolean;
}

export interface OracleRun {
  text: string;
  style: string;
}

export interface OracleLine {
  text: string;
  runs: OracleRun[];
}

export interface OracleResult {
  lines: OracleLine[];
  cursor: { row: number; col: number };
}

/** The grid was too small for the output: it scrolled, or the cursor was stopped at the last row. */
class GridTooSmall extends Error {}

/** Rows of the first grid tried when the caller names none: most outputs fit, and a small grid is fast to build. */
const FIRST_ROWS = 64;
/** Rows of the grid tried next, the largest one tried. */
const MAX_ROWS = 1000;

/**
 * Feeds chunks (strings or UTF-8 bytes, in order) to one xterm and reads back every line.
 *
 * Each call gets a fresh Terminal: `reset()` does not clear the parser's OSC state nor a partial
 * UTF-8 sequence, so a reused terminal would leak one call's trailing bytes into the next.
 * Throws if the output wrapped, scrolled or moved the cursor down past the last row, since the
 * normalized lines would then no longer correspond to the logical lines a console keeps. Without
 * `rows`, output too tall for a 64-row grid is rendered again on a 1000-row one.
 */
export async function renderWithXterm(
  chunks: readonly (string | Uint8Array)[],
  options: { cols?: number; rows?: number } = {},
): Promise<OracleResult> {
  const cols = options.cols ?? 300;
  if (options.rows !== undefined) return renderOnGrid(chunks, cols, options.rows);
  try {
    return await renderOnGrid(chunks, cols, FIRST_ROWS);
  } catch (error) {
    if (!(error instanceof GridTooSmall)) throw error;
    return renderOnGrid(chunks, cols, MAX_ROWS);
  }
}

async function renderOnGrid(chunks: readonly (string | Uint8Array)[], cols: number, rows: number): Promise<OracleResult> {
  // xterm parses in a setTimeout; called from a chain of timer callbacks, that timeout is
  // clamped to 4 ms (HTML's nesting rule), several times what a small render takes.
  await inFreshTask();
  // One line of scrollback is only there to make a scroll detectable (baseY > 0).
  const term = new Terminal({ cols, rows, scrollback: 1, convertEol: true, allowProposedApi: true });
  try {
    let stoppedAtBottom = false;
    const buffer = term.buffer.active;
    const watch = (final: string, target: (params: (number | number[])[]) => number) =>
      term.parser.registerCsiHandler({ final }, (params) => {
        if (target(params) > rows - 1) stoppedAtBottom = true;
        return false; // xterm's own handler still runs
      });
    const first = (params: (number | number[])[]) => [params[0]].flat()[0] ?? 0;
    const down = (params: (number | number[])[]) => buffer.cursorY + Math.max(1, first(params));
    const absolute = (params: (number | number[])[]) => Math.max(1, first(params)) - 1;
    for (const final of ['B', 'E', 'e']) watch(final, down); // CUD, CNL, VPR
    for (const final of ['d', 'H', 'f']) watch(final, absolute); // VPA, CUP, HVP
    let written: Promise<void> = Promise.resolve();
    for (const chunk of chunks) written = new Promise((resolve) => term.write(chunk, resolve));
    await written;
    if (stoppedAtBottom) throw new GridTooSmall(`the cursor was moved down past the ${rows}-row grid; pass more rows`);
    return readBuffer(term, cols, rows);
  } finally {
    term.dispose();
  }
}

/**
 * Feeds chunks to an xterm of `rows` rows (and a long scrollback), as a console with
 * `rows` set sees it: the lines scrolled off the normal screen, then the rows of the
 * screen showing (the alternate one while it is active), trailing empty rows below
 * the cursor left out. `unicode11`: widths from @xterm/addon-unicode11 (emoji two
 * columns wide, as ours are) instead of xterm's default Unicode 6 tables.
 */
export async function renderScreen(
  chunks: readonly (string | Uint8Array)[],
  options: { rows: number; cols?: number; unicode11?: boolean },
): Promise<OracleResult> {
  const cols = options.cols ?? 300;
  await inFreshTask();
  const term = new Terminal({ cols, rows: options.rows, scrollback: 100_000, convertEol: true, allowProposedApi: true });
  try {
    if (options.unicode11 === true) {
      term.loadAddon(new Unicode11Addon());
      term.unicode.activeVersion = '11';
    }
    let written: Promise<void> = Promise.resolve();
    for (const chunk of chunks) written = new Promise((resolve) => term.write(chunk, resolve));
    await written;
    const normal = term.buffer.normal;
    const active = term.buffer.active;
    const cell = active.getNullCell();
    // The alternate buffer has no scrollback: the normal one's stays above it.
    const scrolled = normal.baseY;
    const rows: IBufferLine[] = [];
    for (let y = 0; y < scrolled; y++) rows.push(normal.getLine(y)!);
    const screenStart = active === normal ? scrolled : 0;
    let last = scrolled + active.cursorY;
    for (let y = 0; y < options.rows; y++) {
      const line = active.getLine(screenStart + y)!;
      rows.push(line);
      if (line.translateToString(true) !== '') last = Math.max(last, scrolled + y);
    }
    const lines: OracleLine[] = [];
    for (let y = 0; y <= last; y++) {
      const line = rows[y]!;
      if (line.isWrapped) throw new Error(`line ${y} wrapped at ${cols} columns; pass more cols`);
      lines.push({ text: line.translateToString(true), runs: readRuns(line, cols, cell) });
    }
    return { lines, cursor: { row: scrolled + active.cursorY, col: active.cursorX } };
  } finally {
    term.dispose();
  }
}

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()!();

/** Resolves in a new task, outside any chain of timer callbacks. */
function inFreshTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

function readBuffer(term: Terminal, cols: number, rows: number): OracleResult {
  const buffer = term.buffer.active;
  if (buffer.baseY > 0) throw new GridTooSmall(`output scrolled past the ${rows}-row grid; pass more rows`);
  let last = buffer.cursorY;
  for (let y = rows - 1; y > last; y--) {
    if (buffer.getLine(y)!.translateToString(true) !== '') last = y;
  }
  const cell = buffer.getNullCell();
  const lines: OracleLine[] = [];
  for (let y = 0; y <= last; y++) {
    const line = buffer.getLine(y)!;
    if (line.isWrapped) throw new Error(`line ${y} wrapped at ${cols} columns; pass more cols`);
    lines.push({ text: line.translateToString(true), runs: readRuns(line, cols, cell) });
  }
  return { lines, cursor: { row: buffer.cursorY, col: buffer.cursorX } };
}

function readRuns(line: IBufferLine, cols: number, cell: IBufferCell): OracleRun[] {
  // Same trimming as translateToString(true): up to the end of the last cell that holds a character.
  let end = 0;
  for (let x = 0; x < cols; x++) {
    line.getCell(x, cell);
    if (cell.getChars() !== '') end = x + Math.max(1, cell.getWidth());
  }
  const runs: OracleRun[] = [];
  let afterWide = false;
  for (let x = 0; x < end; x++) {
    line.getCell(x, cell);
    // The right half of a wide character is skipped; one left alone (by ICH or DCH) shows as a space, as translateToString has it.
    const width = cell.getWidth();
    const rightHalf = width === 0 && afterWide;
    afterWide = width === 2;
    if (rightHalf) continue;
    const text = cell.getChars() || ' ';
    const style = cellStyleKey(cell);
    const previous = runs[runs.length - 1];
    if (previous?.style === style) previous.text += text;
    else runs.push({ text, style });
  }
  return runs;
}

/** The canonical style key, e.g. `fg=p1;bg=d;b;u`: colours, then flags in the fixed order b d i u k v h s. */
export function styleKey(style: Style): string {
  let key = `fg=${colorKey(style.fg)};bg=${colorKey(style.bg)}`;
  if (style.bold) key += ';b';
  if (style.dim) key += ';d';
  if (style.italic) key += ';i';
  if (style.underline) key += ';u';
  if (style.blink) key += ';k';
  if (style.inverse) key += ';v';
  if (style.hidden) key += ';h';
  if (style.strikethrough) key += ';s';
  return key;
}

function colorKey(color: Color): string {
  switch (color.kind) {
    case 'default':
      return 'd';
    case 'palette':
      return `p${color.index}`;
    case 'rgb':
      return '#' + color.rgb.toString(16).padStart(6, '0');
  }
}

/** The same key for an xterm cell. Overline (SGR 53) is left out, as our model has no such flag. */
export function cellStyleKey(cell: IBufferCell): string {
  return styleKey({
    fg: cellColor(cell.isFgDefault(), cell.isFgPalette(), cell.getFgColor()),
    bg: cellColor(cell.isBgDefault(), cell.isBgPalette(), cell.getBgColor()),
    bold: cell.isBold() !== 0,
    dim: cell.isDim() !== 0,
    italic: cell.isItalic() !== 0,
    underline: cell.isUnderline() !== 0,
    blink: cell.isBlink() !== 0,
    inverse: cell.isInverse() !== 0,
    hidden: cell.isInvisible() !== 0,
    strikethrough: cell.isStrikethrough() !== 0,
  });
}

function cellColor(isDefault: boolean, isPalette: boolean, value: number): Color {
  if (isDefault) return { kind: 'default' };
  return isPalette ? { kind: 'palette', index: value } : { kind: 'rgb', rgb: value };
}
