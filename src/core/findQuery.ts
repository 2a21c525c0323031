export interface FindOptions {
  /** The query is a JavaScript regular expression (compiled with the `u` flag) instead of plain text. */
  readonly regex?: boolean;
  /** Letters match only in the same case (default: case-insensitive). */
  readonly caseSensitive?: boolean;
  /** A match must not have a letter, digit or `_` just before or after it. */
  readonly wholeWord?: boolean;
}

/** One match: where it starts and how many UTF-16 code units it spans, within one line. */
export interface FindMatch {
  readonly seq: number;
  readonly col: number;
  readonly length: number;
}

/** Longest query accepted, in UTF-16 code units. */
export const MAX_QUERY_LENGTH = 1000;

/**
 * Compiles a query into the global, unicode regular expression a Finder runs.
 * Throws a TypeError for a query that is not a non-empty string of at most
 * MAX_QUERY_LENGTH characters, and a SyntaxError naming the problem for an
 * invalid regular expression.
 */
export function compileQuery(query: string, options: FindOptions = {}): RegExp {
  if (typeof query !== 'string' || query.length === 0 || query.length > MAX_QUERY_LENGTH) {
    throw new TypeError(`find query must be a non-empty string of at most ${MAX_QUERY_LENGTH} characters, got ${typeof query === 'string' ? `${query.length} characters` : typeof query}`);
  }
  let source = options.regex ? query : query.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  if (options.wholeWord) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`;
  try {
    return new RegExp(source, options.caseSensitive ? 'gu' : 'giu');
  } catch (error: unknown) {
    throw new SyntaxError(`find: invalid regular expression /${query}/: ${error instanceof Error ? error.message : String(error)}`);
  }
}
