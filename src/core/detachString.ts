/**
 * Returns a string equal to `text` that shares no storage with any other string.
 *
 * V8 represents `big.slice(a, b)` as a view that keeps all of `big` alive, and
 * `[oneString].join('')` returns that same view. Retained console lines must not
 * pin the large chunks they were cut from, so text we keep goes through here.
 * Concatenating a one-character prefix forces V8 to flatten into a fresh
 * sequential string; the slice that drops the prefix points into that copy only.
 * The heap test in test/core/ConsoleBuffer.memory.test.ts fails if an engine
 * ever stops behaving this way.
 */
export function detachString(text: string): string {
  // Short strings are copied by V8's slice anyway; skip the extra work.
  if (text.length < 16) return text;
  return (' ' + text).slice(1);
}

/** Joins pieces into one string that shares no storage with them. */
export function joinDetached(pieces: readonly string[]): string {
  let nonEmpty = 0;
  for (const piece of pieces) if (piece.length > 0) nonEmpty++;
  // Array#join of two or more non-empty strings builds a new sequential string;
  // with fewer it may hand back the one piece itself.
  const joined = pieces.join('');
  return nonEmpty >= 2 ? joined : detachString(joined);
}

/** Matches the empty string: see forgetLastMatch. */
const NOTHING = /(?:)/;

/**
 * Makes the engine drop the subject of the last successful regex match, which it
 * keeps for the legacy `RegExp.input`: when that is a written string (or a slice of
 * one), it would otherwise stay alive, with all it was sliced from, until the page
 * matches something else.
 */
export function forgetLastMatch(): void {
  NOTHING.test('');
}
