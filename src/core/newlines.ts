/**
 * Counting and finding line feeds in bulk. A console that drops lines must still
 * count every one of them, and short lines make that a per-line cost: one indexOf
 * call per line feed costs about 10 ns, so 200 MiB of empty lines took seconds.
 * Here text is taken in chunks: a chunk's line feeds are matched by one regex call
 * (V8 collects them in native code, an order of magnitude faster than an indexOf
 * call each for lines shorter than a few dozen characters, and as fast for longer
 * ones), and a chunk that is nothing but line ends (a run of empty lines) is
 * recognised by one string comparison.
 */

/** Characters per chunk: large enough that the calls per chunk cost nothing, small enough that its match array stays small. */
const CHUNK = 32 * 1024;
/** Below this, one indexOf call per line feed is cheaper than a chunk's calls. */
const SMALL = 1024;
const LINE_FEEDS = /\n/g;
/** Chunks made only of line ends, in both phases of `\r\n`. */
const ALL_LF = new Array<string>(CHUNK + 1).join('\n');
const ALL_CRLF = new Array<string>(CHUNK / 2 + 1).join('\r\n');
const ALL_LFCR = new Array<string>(CHUNK / 2 + 1).join('\n\r');

/** Line feeds in text[start, end), at most CHUNK characters. */
function chunkFeeds(text: string, start: number, end: number): number {
  const chunk = text.slice(start, end);
  if (end - start === CHUNK) {
    if (chunk === ALL_LF) return CHUNK;
    if (chunk === ALL_CRLF || chunk === ALL_LFCR) return CHUNK / 2;
  }
  return chunk.match(LINE_FEEDS)?.length ?? 0;
}

/** Line feeds in text[start, end). */
export function countNewlines(text: string, start = 0, end = text.length): number {
  // A short write (one line, the common case) is walked at once.
  if (end - start <= SMALL) return walkCount(text, start, end);
  let count = 0;
  // Text without line feeds is crossed by indexOf, the fastest scan V8 has; from each line feed on, a chunk.
  for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at)) {
    if (end - at <= SMALL) return count + walkCount(text, at, end);
    const stop = Math.min(end, at + CHUNK);
    count += chunkFeeds(text, at, stop);
    at = stop;
  }
  return count;
}

/**
 * Offset of the line feed after `n` others (n = 0: the first) in text[start, end),
 * or -1 if it holds no more than `n`. Chunks before it are counted, not walked.
 */
export function nthNewline(text: string, n: number, start = 0, end = text.length): number {
  for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at)) {
    if (end - at <= SMALL) return walkForward(text, n, at, end);
    const stop = Math.min(end, at + CHUNK);
    const feeds = chunkFeeds(text, at, stop);
    if (n < feeds) return stop - at === CHUNK ? inRun(text, at, n) ?? walkForward(text, n, at, stop) : walkForward(text, n, at, stop);
    n -= feeds;
    at = stop;
  }
  return -1;
}

/** Offset of the line feed after `n` others in a chunk from `at` that is all line ends, or null if it is not. */
function inRun(text: string, at: number, n: number): number | null {
  const chunk = text.slice(at, at + CHUNK);
  if (chunk === ALL_LF) return at + n;
  if (chunk === ALL_CRLF) return at + 1 + 2 * n;
  if (chunk === ALL_LFCR) return at + 2 * n;
  return null;
}

/**
 * Offset of the line feed with `n` others after it (n = 0: the last) in
 * text[start, end), or -1 if it holds no more than `n`.
 */
export function nthNewlineFromEnd(text: string, n: number, start = 0, end = text.length): number {
  // Backwards in chunks, each matched forwards: lastIndexOf scans several times slower than indexOf.
  let at = end;
  for (; at - start > SMALL; at -= CHUNK) {
    const from = Math.max(start, at - CHUNK);
    const feeds = chunkFeeds(text, from, at);
    if (n >= feeds) {
      n -= feeds;
      continue;
    }
    if (at - from === CHUNK) {
      const first = inRun(text, from, feeds - 1 - n);
      if (first !== null) return first;
    }
    return walkBackward(text, n, from, at);
  }
  return walkBackward(text, n, start, at);
}

/** A global pattern for each unit countUnits was asked for. */
const UNIT_PATTERNS = new Map<string, RegExp>();

/**
 * Occurrences of the UTF-16 unit `unit` (a tab, say) in text[start, end), counted a
 * chunk at a time as line feeds are. No search runs past `end`: what follows may
 * hold none for long.
 */
export function countUnits(text: string, unit: string, start = 0, end = text.length): number {
  if (end - start <= SMALL) return walkCount(text.slice(start, end), 0, end - start, unit);
  let pattern = UNIT_PATTERNS.get(unit);
  if (pattern === undefined) {
    pattern = new RegExp(`\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`, 'g');
    UNIT_PATTERNS.set(unit, pattern);
  }
  let count = 0;
  for (let at = start; at < end; at += CHUNK) count += text.slice(at, Math.min(end, at + CHUNK)).match(pattern)?.length ?? 0;
  return count;
}

function walkCount(text: string, start: number, end: number, unit = '\n'): number {
  let count = 0;
  for (let at = text.indexOf(unit, start); at >= 0 && at < end; at = text.indexOf(unit, at + 1)) count++;
  return count;
}

/** Offset of the line feed after `n` others in text[start, end), or -1, by one indexOf call each: for a few, where nthNewline would match whole chunks. */
export function walkForward(text: string, n: number, start: number, end: number): number {
  let at = text.indexOf('\n', start);
  for (; n > 0 && at >= 0 && at < end; n--) at = text.indexOf('\n', at + 1);
  return at >= 0 && at < end ? at : -1;
}

function walkBackward(text: string, n: number, start: number, end: number): number {
  if (end <= start) return -1;
  let at = text.lastIndexOf('\n', end - 1);
  for (; n > 0 && at >= start; n--) at = at === 0 ? -1 : text.lastIndexOf('\n', at - 1);
  return at >= start ? at : -1;
}

/**
 * The offsets of the `count` line feeds of `text`, which holds exactly that many: a
 * page's line breaks, found when a line of it is first wanted (see PagedLines). An
 * indexOf call per line, about 20 ns each in Chromium: for a flood of 90-character
 * lines a quarter of its cost, when found for every page as it was stored.
 */
export function lineBreaks(text: string, count: number): Int32Array {
  const breaks = new Int32Array(count);
  let found = 0;
  for (let at = text.indexOf('\n'); at >= 0 && found < count; at = text.indexOf('\n', at + 1)) breaks[found++] = at;
  if (found !== count) throw new RangeError(`expected ${count} line feeds, found ${found}`);
  return breaks;
}

/**
 * Whether no line of text[start, end), which ends with a line feed at end - 1, is
 * longer than `longest` characters (its `\n` not counted): one lastIndexOf per
 * `longest` characters, each reading back only to the last line feed before it,
 * instead of one indexOf per line.
 */
export function linesFit(text: string, start: number, end: number, longest: number): boolean {
  let lineStart = start;
  while (end - 1 - lineStart > longest) {
    const last = text.lastIndexOf('\n', lineStart + longest);
    if (last < lineStart) return false;
    lineStart = last + 1;
  }
  return true;
}
