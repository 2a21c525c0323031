/**
 * Lets any number of readers learn which lines changed, from a source that reports
 * it to one reader only (ConsoleBuffer's `takeChangedFrom()`: the lowest line
 * sequence number whose text changed since the last call, or Infinity). Each
 * reader's `take()` returns the lowest sequence number changed since its own last
 * take, so the rows, a find and a selection each see every change once.
 */
export class ChangeFeed {
  readonly #take: () => number;
  readonly #readers = new Set<{ from: number }>();

  constructor(take: () => number) {
    this.#take = take;
  }

  /** A new reader; its first take() reports nothing before it was made. `dispose()` stops it. */
  reader(): ChangeReader {
    this.#poll();
    const state = { from: Infinity };
    this.#readers.add(state);
    return {
      take: () => {
        this.#poll();
        const from = state.from;
        state.from = Infinity;
        return from;
      },
      dispose: () => {
        this.#readers.delete(state);
      },
    };
  }

  #poll(): void {
    const from = this.#take();
    if (!(from < Infinity)) return;
    for (const reader of this.#readers) if (from < reader.from) reader.from = from;
  }
}

export interface ChangeReader {
  /** The lowest line sequence number changed since this reader's last take, or Infinity. */
  take(): number;
  dispose(): void;
}
