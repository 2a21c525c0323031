import { randomInt } from './random.js';

const TEXT = ['a', 'b', 'Z', '0', ' ', '-', '#', 'é', 'ß', 'Ω', 'ж', '中', '文', 'e\u0301', '…'];
const SGR_CODES = ['0', '1', '2', '3', '4', '5', '7', '8', '9', '21', '22', '23', '24', '25', '27', '28', '29', '39', '49', ''];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[randomInt(random, items.length)]!;
}

export function randomSgr(random: () => number): string {
  const parts: string[] = [];
  for (let i = 1 + randomInt(random, 3); i > 0; i--) {
    const kind = randomInt(random, 8);
    if (kind === 0) parts.push(`${30 + randomInt(random, 8)}`);
    else if (kind === 1) parts.push(`${40 + randomInt(random, 8)}`);
    else if (kind === 2) parts.push(`${90 + randomInt(random, 8)}`, `${100 + randomInt(random, 8)}`);
    else if (kind === 3) parts.push(`${pick(random, ['38', '48'])};5;${randomInt(random, 256)}`);
    else if (kind === 4) parts.push(`${pick(random, ['38', '48'])};2;${randomInt(random, 256)};${randomInt(random, 256)};${randomInt(random, 256)}`);
    else parts.push(pick(random, SGR_CODES));
  }
  return `\x1b[${parts.join(';')}m`;
}

/**
 * A random stream of the terminal features we implement, kept within what a
 * 300-column grid shows without wrapping: the generator tracks a conservative column.
 */
export function randomTerminalStream(random: () => number, length: number): string {
  let out = '';
  let col = 0;
  let lines = 0;
  while (out.length < length) {
    const kind = randomInt(random, 20);
    if (col > 200) {
      out += '\n';
      col = 0;
      lines++;
    } else if (kind < 6) {
      for (let n = 1 + randomInt(random, 8); n > 0; n--) {
        out += pick(random, TEXT);
        col += 2;
      }
    } else if (kind === 6 || kind === 7) {
      out += pick(random, ['\n', '\r\n', '\n']);
      col = 0;
      lines++;
    } else if (kind === 8) {
      out += pick(random, ['\r', '\b', '\t', '\x07', '\x01']);
      col += 8;
    } else if (kind === 9 || kind === 10) {
      out += randomSgr(random);
    } else if (kind === 11) {
      out += `\x1b[${pick(random, ['', '0', '1', '2'])}K`;
    } else if (kind === 12) {
      const n = pick(random, ['', '0', '1', '2', '3', '5']);
      out += `\x1b[${n}${pick(random, ['A', 'B', 'E', 'F'])}`;
      lines += 5;
    } else if (kind === 13) {
      out += `\x1b[${pick(random, ['', '0', '1', '3', '7'])}${pick(random, ['C', 'D'])}`;
      col += 7;
    } else if (kind === 14) {
      out += `\x1b[${pick(random, ['', '1', '4', '12', '40'])}G`;
      col = Math.max(col, 40);
    } else if (kind === 15 && random() < 0.3) {
      out += '\x1b[J';
    } else if (kind === 16) {
      out += pick(random, ['\x1b]0;a title\x07', '\x1b]2;other\x1b\\', '\x1b[?25l', '\x1b[?25h', '\x1b[5n']);
    } else {
      out += pick(random, TEXT);
      col += 2;
    }
    if (lines > 800) break;
  }
  return out;
}

/** Cuts a stream into random writes, sometimes inside escape sequences and surrogate pairs. */
export function randomSplit(random: () => number, text: string): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; ) {
    const end = Math.min(text.length, at + 1 + randomInt(random, random() < 0.3 ? 4 : 40));
    chunks.push(text.slice(at, end));
    at = end;
  }
  return chunks;
}


const EMOJI = ['😀', '👍', '🎉', '✅', '❌', '⚡', '🚀'];

/**
 * A random stream for a screen of `rows` rows: the features of randomTerminalStream
 * plus absolute moves (CUP, HVP, VPA), insert, delete and erase characters, saving
 * and restoring the cursor, erasing the display, scroll regions and the alternate
 * screen. Kept within 300 columns (lines are ended past 120 and few cells are
 * inserted). `emoji`: text includes emoji (compare with xterm's Unicode 11 widths).
 */
export function randomScreenStream(random: () => number, length: number, rows: number, emoji = false): string {
  let out = '';
  let col = 0;
  const row = () => 1 + randomInt(random, rows + 2);
  while (out.length < length) {
    const kind = randomInt(random, 34);
    if (col > 120) {
      out += '\n';
      col = 0;
    } else if (kind < 8) {
      for (let n = 1 + randomInt(random, 8); n > 0; n--) out += emoji && random() < 0.3 ? pick(random, EMOJI) : pick(random, TEXT);
      col += 16;
    } else if (kind < 11) {
      out += pick(random, ['\n', '\r\n', '\n', '\r']);
      col = 0;
    } else if (kind === 11) {
      out += pick(random, ['\b', '\t', '\x07']);
      col += 8;
    } else if (kind === 12 || kind === 13) {
      out += randomSgr(random);
    } else if (kind === 14) {
      out += `\x1b[${pick(random, ['', '0', '1', '2'])}K`;
    } else if (kind === 15) {
      out += `\x1b[${pick(random, ['', '1', '2', '5'])}${pick(random, ['A', 'B', 'E', 'F', 'e'])}`;
    } else if (kind === 16) {
      out += `\x1b[${pick(random, ['', '1', '3', '9'])}${pick(random, ['C', 'D', 'a'])}`;
      col += 9;
    } else if (kind === 17) {
      const column = 1 + randomInt(random, 40);
      out += pick(random, [`\x1b[${row()};${column}H`, `\x1b[${row()};${column}f`, `\x1b[${row()}H`, '\x1b[H', `\x1b[${row()}d`, `\x1b[${column}G`, `\x1b[${column}\``]);
      col = Math.max(col, column);
    } else if (kind === 18) {
      out += `\x1b[${pick(random, ['', '1', '2', '4'])}${pick(random, ['@', 'P', 'X'])}`;
      col += 4;
    } else if (kind === 19) {
      out += pick(random, ['\x1b7', '\x1b8', '\x1b[s', '\x1b[u', '\x1b[?1048h', '\x1b[?1048l']);
      col += 40;
    } else if (kind === 20) {
      out += `\x1b[${pick(random, ['', '0', '1', '2', '3'])}J`;
    } else if (kind === 21) {
      const top = 1 + randomInt(random, rows);
      out += pick(random, [`\x1b[${top};${top + randomInt(random, rows)}r`, '\x1b[r', `\x1b[${top}r`]);
    } else if (kind === 22) {
      out += pick(random, ['\x1b[?1049h', '\x1b[?1049l', '\x1b[?1047h', '\x1b[?1047l', '\x1b[?47h', '\x1b[?47l', '\x1b[?1049h']);
      col += 40;
    } else if (kind === 23) {
      out += pick(random, ['\x1b]0;a title\x07', '\x1b[?25l', '\x1b[?25h', '\x1b(B', '\x1b=']);
    } else {
      out += pick(random, TEXT);
      col += 2;
    }
  }
  return out;
}
