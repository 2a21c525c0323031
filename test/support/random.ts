/** A small seeded PRNG (mulberry32): a failing case is reproduced from its seed alone. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

const ALPHABET = ['a', 'b', 'z', ' ', '-', '0', '9', 'é', 'ß', '中', '文', '😀', '👍🏽', 'e\u0301'];

/** Plain text (no control characters but `\n`) with short and long lines, ASCII and not. */
export function randomText(random: () => number, length: number): string {
  let text = '';
  const newlineChance = random() < 0.2 ? 0.5 : 0.08;
  while (text.length < length) {
    text += random() < newlineChance ? '\n' : ALPHABET[randomInt(random, ALPHABET.length)];
  }
  return text;
}

/** Cuts `text` into random pieces (empty ones included) without splitting surrogate pairs. */
export function randomChunks(random: () => number, text: string): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + randomInt(random, random() < 0.5 ? 4 : 64));
    if (end < text.length && end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    chunks.push(text.slice(at, end));
    at = end;
  }
  return chunks;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The contract, stated directly: the longest suffix that starts at a line start and holds at most `maxLines` lines. */
export function expectedText(written: string, maxLines: number): string {
  const lines = written.split('\n');
  const current = lines.pop()!;
  const room = maxLines - (current === '' ? 0 : 1);
  return lines.slice(Math.max(0, lines.length - room)).map((line) => line + '\n').join('') + current;
}

/** Lines in `text` under the console's rule: each `\n` ends one, and non-empty trailing text is one more. */
export function countLines(text: string): number {
  const parts = text.split('\n');
  return parts.length - 1 + (parts[parts.length - 1] === '' ? 0 : 1);
}

/**
 * The share of each property test's seeds this browser runs. The core these tests
 * check is engine-independent code, so when the suite runs in both browsers
 * (test/web-test-runner.config.js says how many, in `__seedShares`), Chromium takes the
 * first half of every block and Firefox the second: every seed still runs once per
 * suite, in one engine or the other, at half the time in each. With one browser it runs
 * them all.
 */
function seedShare(): { index: number; of: number } {
  const shares = (globalThis as { __seedShares?: number }).__seedShares ?? 1;
  if (shares < 2) return { index: 0, of: 1 };
  return { index: /firefox/i.test(globalThis.navigator?.userAgent ?? '') ? 1 : 0, of: 2 };
}

/**
 * Seeds `1..count` cut into consecutive blocks of `size`: a property test runs one `it` per
 * block, so its cases are bounded by count and no single test grows near mocha's timeout.
 * Each block holds this browser's share of its seeds (see seedShare).
 */
export function seedBlocks(count: number, size: number): { first: number; last: number; title: string }[] {
  const { index, of } = seedShare();
  const blocks: { first: number; last: number; title: string }[] = [];
  for (let start = 1; start <= count; start += size) {
    const end = Math.min(count, start + size - 1);
    const share = Math.ceil((end - start + 1) / of);
    const first = start + index * share;
    const last = Math.min(end, first + share - 1);
    if (first <= last) blocks.push({ first, last, title: `seeds ${first} to ${last}` });
  }
  return blocks;
}
