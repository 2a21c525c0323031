import type { FrameClock } from '../../src/core/index.js';

/** A frame clock stepped by hand: frames run only when a test calls step(). */
export class ManualClock implements FrameClock {
  #next = 1;
  #callbacks = new Map<number, () => void>();
  time = 0;
  /** Stands for the browser's layout after a frame's commits; tests set it to advance the time. */
  onLayout: (() => void) | undefined = undefined;

  requestFrame(callback: () => void): number {
    const handle = this.#next++;
    this.#callbacks.set(handle, callback);
    return handle;
  }

  cancelFrame(handle: number): void {
    this.#callbacks.delete(handle);
  }

  now(): number {
    return this.time;
  }

  layout(): void {
    this.onLayout?.();
  }

  /** Frames requested and not yet run. */
  get requested(): number {
    return this.#callbacks.size;
  }

  /** Runs the frames requested so far (not those they request). */
  step(ms = 16): void {
    this.time += ms;
    const due = [...this.#callbacks.values()];
    this.#callbacks.clear();
    for (const callback of due) callback();
  }
}
