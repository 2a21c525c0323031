import type { RowSource } from './VirtualRows.js';

/** Longest text of the last line read out; the rest is cut with an ellipsis. */
const MAX_SPOKEN_LINE = 100;

/**
 * Summarises new output in a polite live region for screen readers, at most once per
 * interval ("120 new lines; last: …"), never line by line, so a flood never floods a
 * screen reader. Reads only what is applied; announces nothing of what came before
 * it was started.
 */
export class Announcer {
  readonly #region: HTMLElement;
  readonly #source: Pick<RowSource, 'droppedLines' | 'lineCount' | 'styledLine'>;
  #intervalMs: number;
  /** Line sequence number of the end of output at the last announcement (or at start). */
  #announcedEnd = 0;
  #announcedAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(region: HTMLElement, source: Pick<RowSource, 'droppedLines' | 'lineCount' | 'styledLine'>, intervalMs: number) {
    this.#region = region;
    this.#source = source;
    this.#intervalMs = intervalMs;
  }

  set intervalMs(value: number) {
    this.#intervalMs = value;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#announcedEnd = this.#end();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#region.textContent = '';
  }

  /** The output was cleared: count new lines from nothing. */
  reset(): void {
    this.#announcedEnd = 0;
  }

  /** Called after each frame's apply: plans an announcement if there is news and none is planned. */
  noteOutput(): void {
    if (!this.#running || this.#timer !== undefined || this.#end() === this.#announcedEnd) return;
    const wait = Math.max(0, this.#announcedAt + this.#intervalMs - performance.now());
    this.#timer = setTimeout(() => this.#announce(), wait);
  }

  #end(): number {
    return this.#source.droppedLines + this.#source.lineCount;
  }

  #announce(): void {
    this.#timer = undefined;
    const end = this.#end();
    const fresh = end - this.#announcedEnd;
    if (!this.#running || fresh <= 0) return;
    this.#announcedEnd = end;
    this.#announcedAt = performance.now();
    const count = `${fresh.toLocaleString()} new line${fresh === 1 ? '' : 's'}`;
    const last = this.#lastText();
    this.#region.textContent = last === '' ? count : `${count}; last: ${last}`;
  }

  /** The last line with text (a progress bar's blank current line is skipped). */
  #lastText(): string {
    const count = this.#source.lineCount;
    for (let index = count - 1; index >= Math.max(0, count - 3); index--) {
      const text = this.#source.styledLine(index).text.trim();
      if (text !== '') return text.length > MAX_SPOKEN_LINE ? `${text.slice(0, MAX_SPOKEN_LINE)}…` : text;
    }
    return '';
  }
}
