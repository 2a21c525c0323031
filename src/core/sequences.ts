import type { RowCounter } from './RowCounter.js';

/**
 * Which escape sequences do more to rows than print on the cursor's: the one table
 * the screen, the skim over dropped text and the clipping checks all read, so they
 * cannot disagree about what moves the cursor between rows.
 */

/** A CSI sequence that moves the cursor between rows. */
export interface RowMove {
  /** Moves the counter's cursor by the sequence's count `n` (at least 1). */
  readonly move: (counter: RowCounter, n: number) => void;
  /** Whether the cursor also goes to column 0. */
  readonly toColumnZero: boolean;
}

const up = (counter: RowCounter, n: number) => counter.up(n);
const down = (counter: RowCounter, n: number) => void counter.down(n);

/** CSI finals (without a private marker or intermediates) that move rows, by final byte. */
export const CSI_ROW_MOVES: ReadonlyMap<number, RowMove> = new Map([
  [0x41, { move: up, toColumnZero: false }], // A: CUU, up
  [0x42, { move: down, toColumnZero: false }], // B: CUD, down
  [0x45, { move: down, toColumnZero: true }], // E: CNL, next line
  [0x46, { move: up, toColumnZero: true }], // F: CPL, previous line
]);

/** CSI J (ED): erases below as well as on the cursor's row, which rows made later inherit. */
export const CSI_ERASE_DISPLAY = 0x4a;

/** ESC finals that start a string sequence (OSC, DCS, SOS, PM, APC), which hides whatever newlines it holds. */
const STRING_INTRODUCERS = ']P^_X';

const csiFinals = [...CSI_ROW_MOVES.keys(), CSI_ERASE_DISPLAY].map((code) => String.fromCharCode(code)).join('');

/**
 * Escapes that move rows, change rows below or hide newlines in strings: text free
 * of them makes one row per line feed. Parameters are matched generously (controls
 * included, as the parser executes them inside a sequence): a false match only costs
 * a closer look, a missed one would be wrong.
 */
export const ROW_AFFECTING = new RegExp(`\\x1b(?:\\[[\\x00-\\x3f\\x7f-\\x9f]*[${csiFinals}]|[${STRING_INTRODUCERS.replace(/[\]^]/g, '\\$&')}])`);
