/** What changed in the lines since the last poll. */
export interface LineChange {
  /** The lowest line sequence number whose text changed (appended lines included), or Infinity. */
  readonly changedFrom: number;
  /** Lines added at the end (dropped and retained ones alike). */
  readonly appended: number;
  /** Lines dropped by the bound since the last poll. */
  readonly dropped: number;
  /** Lines dropped since the last clear, as `droppedLines`. */
  readonly droppedTotal: number;
  /** Whether the lines were cleared (then the other figures count from the clear). */
  readonly cleared: boolean;
}

/** The lines a feed watches: ConsoleBuffer's `applied` fits. */
export interface ChangeSource {
  /** The lowest line sequence number whose text changed since the last call, or Infinity (one reader only). */
  takeChangedFrom(): number;
  readonly droppedLines: number;
  readonly lineCount: number;
}

export interface Disposable {
  dispose(): void;
}

export interface ChangeReader extends Disposable {
  /** The lowest line sequence number changed since this reader's last take, or Infinity. */
  take(): number;
}

/**
 * The one change emitter of a console's lines, for any number of readers, from a
 * source that reports changed lines to one reader only (ConsoleBuffer's
 * `takeChangedFrom()`). Two ways to listen:
 * - `reader()`: pull. Each reader's `take()` returns the lowest line changed since its
 *   own last take, so the rows and a find each see every change once, when they look.
 * - `subscribe(listener)`: push. The owner calls `poll()` once a frame, after applying
 *   output, and `cleared()` on clear; subscribers get one LineChange for whatever
 *   changed (nothing when nothing did), never one per line.
 */
export class ChangeFeed {
  readonly #source: ChangeSource;
  readonly #readers = new Set<{ from: number }>();
  readonly #listeners = new Set<(change: LineChange) => void>();
  /** What subscribers have not been told yet. */
  #pushFrom = Infinity;
  #lastDropped = 0;
  #lastTotal = 0;

  constructor(source: ChangeSource) {
    this.#source = source;
  }

  /** A new pull reader; its first take() reports nothing before it was made. */
  reader(): ChangeReader {
    this.#fold();
    const state = { from: Infinity };
    this.#readers.add(state);
    return {
      take: () => {
        this.#fold();
        const from = state.from;
        state.from = Infinity;
        return from;
      },
      dispose: () => {
        this.#readers.delete(state);
      },
    };
  }

  /** Adds a push listener, told by poll() and cleared(). */
  subscribe(listener: (change: LineChange) => void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  /** Tells every subscriber what changed since the last poll, if anything did. */
  poll(): void {
    this.#fold();
    const dropped = this.#source.droppedLines;
    const total = dropped + this.#source.lineCount;
    const change: LineChange = {
      changedFrom: this.#pushFrom,
      appended: Math.max(0, total - this.#lastTotal),
      dropped: Math.max(0, dropped - this.#lastDropped),
      droppedTotal: dropped,
      cleared: false,
    };
    this.#pushFrom = Infinity;
    this.#lastDropped = dropped;
    this.#lastTotal = total;
    if (change.changedFrom === Infinity && change.appended === 0 && change.dropped === 0) return;
    this.#emit(change);
  }

  /** The source was cleared: every reader sees every line as changed, and subscribers are told at once. */
  cleared(): void {
    this.#source.takeChangedFrom();
    for (const reader of this.#readers) reader.from = 0;
    this.#pushFrom = Infinity;
    this.#lastDropped = this.#source.droppedLines;
    this.#lastTotal = this.#lastDropped + this.#source.lineCount;
    this.#emit({ changedFrom: 0, appended: 0, dropped: 0, droppedTotal: this.#lastDropped, cleared: true });
  }

  #emit(change: LineChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  /** Folds what the source reports into every reader's and the subscribers' pending change. */
  #fold(): void {
    const from = this.#source.takeChangedFrom();
    if (!(from < Infinity)) return;
    for (const reader of this.#readers) if (from < reader.from) reader.from = from;
    if (from < this.#pushFrom) this.#pushFrom = from;
  }
}
