/** The frame clock a scheduler is given: `requestAnimationFrame` in a page, a manual stepper in tests. */
export interface FrameClock {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** Something that does its work once per frame when it asked for one. */
export interface FrameClient {
  frame(): void;
  /**
   * Called after every client's frame(): for work that makes the browser lay out
   * (setting a scroll offset), so that the writes of all clients share one layout.
   */
  commit?(): void;
}

/** What one frame cost, for benchmarks and diagnostics. */
export interface FrameReport {
  readonly clients: number;
  readonly workMs: number;
}

const PHASES: readonly ((client: FrameClient) => void)[] = [(client) => client.frame(), (client) => client.commit?.()];

/**
 * Coalesces work onto frames: any number of `schedule()` calls between two frames
 * cost one frame, in which each scheduled client runs once. Many consoles on one
 * page share one scheduler, so a flood into a hundred of them is one frame callback.
 * At most one frame is requested at a time; the set of due clients is swapped out
 * before any runs, so a client may schedule itself again for the next frame.
 */
export class FrameScheduler {
  readonly #clock: FrameClock;
  #due = new Set<FrameClient>();
  #handle: number | undefined;
  #waiters: (() => void)[] = [];
  /** Called after each frame with what it cost. */
  onFrame: ((report: FrameReport) => void) | undefined;

  constructor(clock: FrameClock) {
    this.#clock = clock;
  }

  get clock(): FrameClock {
    return this.#clock;
  }

  /** Whether a frame has been requested and has not run yet. */
  get framePending(): boolean {
    return this.#handle !== undefined;
  }

  schedule(client: FrameClient): void {
    this.#due.add(client);
    this.#request();
  }

  unschedule(client: FrameClient): void {
    this.#due.delete(client);
    if (this.#due.size === 0 && this.#waiters.length === 0) this.#cancel();
  }

  /** Resolves after the next frame has run (one is requested if none is). */
  nextFrame(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#request();
    });
  }

  #request(): void {
    if (this.#handle === undefined) this.#handle = this.#clock.requestFrame(() => this.#run());
  }

  #cancel(): void {
    if (this.#handle === undefined) return;
    this.#clock.cancelFrame(this.#handle);
    this.#handle = undefined;
  }

  #run(): void {
    this.#handle = undefined;
    const due = this.#due;
    const waiters = this.#waiters;
    this.#due = new Set();
    this.#waiters = [];
    const start = this.#clock.now();
    let firstError: { error: unknown } | undefined;
    for (const phase of PHASES) {
      for (const client of due) {
        try {
          phase(client);
        } catch (error: unknown) {
          // One failing console must not starve the others; the first error surfaces below.
          firstError ??= { error };
        }
      }
    }
    this.onFrame?.({ clients: due.size, workMs: this.#clock.now() - start });
    for (const resolve of waiters) resolve();
    if (firstError !== undefined) throw firstError.error;
  }
}
