/**
 * Escape sequences, surrogate pairs and single characters with their combining marks: a stream is
 * shrunk by whole tokens. A mark stays with its base, as the generators write it: a lone mark,
 * a case they never make, is not a reproduction of what they found.
 */
const TOKEN = /\x1b\[[\x20-\x3f]*[\x40-\x7e]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[\s\S]|[\s\S]\p{M}*/gu;

/**
 * Delta debugging (ddmin): removes ever smaller runs of tokens from `input` while
 * `fails` still holds, and returns the smallest failing input found. At most `maxTries`
 * candidates are tried, so that a failure is reported in bounded time even for a long
 * input: the result is then small, if not minimal.
 */
export async function shrink(input: string, fails: (candidate: string) => Promise<boolean>, maxTries = 2000): Promise<string> {
  let tokens: string[] = input.match(TOKEN) ?? [];
  let tries = 0;
  let size = Math.ceil(tokens.length / 2);
  while (size >= 1 && tokens.length > 1) {
    let removed = false;
    for (let at = 0; at < tokens.length; at += size) {
      const candidate = [...tokens.slice(0, at), ...tokens.slice(at + size)];
      if (candidate.length === 0) continue;
      if (tries++ === maxTries) return tokens.join('');
      if (await fails(candidate.join(''))) {
        tokens = candidate;
        removed = true;
        at -= size;
      }
    }
    if (!removed) size = Math.floor(size / 2);
  }
  return tokens.join('');
}
