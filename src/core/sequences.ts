import type { RowCounter } from './RowCounter.js';

/**
 * Which escape sequences do more to rows than print on the cursor's: the one table
 * the screen, the skim over dropped text and the clipping checks all read, so they
 * cannot disagree about what moves the cursor between rows.
 */

/** What a row-moving CSI sequence does to the column. */
export const enum ColumnEffect {
  Keep,
  /** To column 0. */
  Zero,
  /** To the column its second parameter names (CUP). */
  Second,
}

/** A CSI sequence that moves the cursor between rows. */
export interface RowMove {
  /** Moves the counter's cursor; `n` is the first parameter, at least 1. */
  readonly move: (counter: RowCounter, n: number) => void;
  readonly column: ColumnEffect;
}

const up = (counter: RowCounter, n: number) => counter.up(n);
const down = (counter: RowCounter, n: number) => void counter.downWithin(n);
const toRow = (counter: RowCounter, n: number) => void counter.moveTo(n - 1);
/** Down within the screen, not stopping at the scroll region (as xterm moves for VPR). */
const downOnScreen = (counter: RowCounter, n: number) => void counter.moveToRow(counter.row + n);

/** CSI finals (without a private marker or intermediates) that move rows, by final byte. */
export const CSI_ROW_MOVES: ReadonlyMap<number, RowMove> = new Map([
  [0x41, { move: up, column: ColumnEffect.Keep }], // A: CUU, up
  [0x42, { move: down, column: ColumnEffect.Keep }], // B: CUD, down
  [0x65, { move: downOnScreen, column: ColumnEffect.Keep }], // e: VPR, down
  [0x45, { move: down, column: ColumnEffect.Zero }], // E: CNL, next line
  [0x46, { move: up, column: ColumnEffect.Zero }], // F: CPL, previous line
  [0x48, { move: toRow, column: ColumnEffect.Second }], // H: CUP, to row and column
  [0x66, { move: toRow, column: ColumnEffect.Second }], // f: HVP, the same
  [0x64, { move: toRow, column: ColumnEffect.Keep }], // d: VPA, to row
]);

/** CSI J (ED): erases part of the display, which rows made later inherit the background of. */
export const CSI_ERASE_DISPLAY = 0x4a;
/** CSI s (SCOSC) and CSI u (SCORC), and ESC 7 (DECSC) and ESC 8 (DECRC): save and restore the cursor and pen. */
export const CSI_SAVE_CURSOR = 0x73;
export const CSI_RESTORE_CURSOR = 0x75;
export const ESC_SAVE_CURSOR = 0x37;
export const ESC_RESTORE_CURSOR = 0x38;
/** CSI r (DECSTBM): the scroll region. */
export const CSI_SCROLL_REGION = 0x72;
/** Private modes (CSI ? … h / l) that switch to the alternate screen and back, and 1048, which saves or restores the cursor. */
export const ALT_SCREEN_MODES: ReadonlySet<number> = new Set([47, 1047, 1049]);
export const SAVE_CURSOR_MODE = 1048;

/** Parameters, generously: controls included, as the parser executes them inside a sequence. A false match only costs a closer look. */
const PARAMS = '[\\x00-\\x3f\\x7f-\\x9f]*';
const csiFinals = [...CSI_ROW_MOVES.keys(), CSI_ERASE_DISPLAY, CSI_SAVE_CURSOR, CSI_RESTORE_CURSOR, CSI_SCROLL_REGION]
  .map((code) => String.fromCharCode(code))
  .join('');
/** The alternate screen and mode 1048, matched by their numbers anywhere in the parameters (47 is in 1047). */
const ALT_SCREEN = `\\x1b\\[\\?${PARAMS}(?:47|104[89])${PARAMS}[hl]`;

/**
 * Escapes that move rows, change rows below, save or restore the cursor, or hide
 * newlines in strings (OSC, DCS, SOS, PM, APC): text free of them makes one row per
 * line feed.
 */
export const ROW_AFFECTING = new RegExp(`\\x1b(?:\\[${PARAMS}[${csiFinals}]|[78\\]P^_X])|${ALT_SCREEN}`);

/**
 * Sequences the skim over dropped text does not follow, as their effect depends on
 * more than row arithmetic (the rows' content, or the column, which it does not
 * track): a scroll region, the alternate screen, erasing the scrollback, saving and
 * restoring the cursor. A batch holding one is never cut short, nor is a queue
 * clipped: all of it is interpreted in full.
 */
export const SKIM_CANNOT_FOLLOW = new RegExp(`\\x1b(?:\\[${PARAMS}[rsu]|[78])|${ALT_SCREEN}|\\x1b\\[${PARAMS}3${PARAMS}J`);
