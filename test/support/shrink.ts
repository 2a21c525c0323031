/** Escape sequences, surrogate pairs and single characters: a stream is shrunk by whole tokens. */
const TOKEN = /\x1b\[[\x20-\x3f]*[\x40-\x7e]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[\s\S]|[\s\S]/gu;

/**
 * Delta debugging (ddmin): removes ever smaller runs of tokens from `input` while
 * `fails` still holds, and returns the smallest failing input found.
 */
export async function shrink(input: string, fails: (candidate: string) => Promise<boolean>): Promise<string> {
  let tokens: string[] = input.match(TOKEN) ?? [];
  let size = Math.ceil(tokens.length / 2);
  while (size >= 1 && tokens.length > 1) {
    let removed = false;
    for (let at = 0; at < tokens.length; at += size) {
      const candidate = [...tokens.slice(0, at), ...tokens.slice(at + size)];
      if (candidate.length > 0 && (await fails(candidate.join('')))) {
        tokens = candidate;
        removed = true;
        at -= size;
      }
    }
    if (!removed) size = Math.floor(size / 2);
  }
  return tokens.join('');
}
