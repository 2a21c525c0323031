/** The frame clock a scheduler is given: `requestAnimationFrame` in a page, a manual stepper in tests. */
export interface FrameClock {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Milliseconds, monotonic. */
  now(): number;
  /**
   * Makes the browser lay out now (reading a layout property), so that the frame's
   * measured cost includes the layout its DOM writes cause; called after the commits.
   */
  layout?(): void;
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
  /** Every client's frame() and commit(), and the layout they caused. */
  readonly workMs: number;
}

/**
 * The estimate of a client's cost follows a dearer frame at once and a cheaper one
 * by this share of the difference: a frame too full costs more than one too empty.
 */
const COST_DECAY = 0.25;

/** Runs `work`; returns its error, if any. One failing console must not starve the others. */
function tryRun(work: () => void): { error: unknown } | undefined {
  try {
    work();
    return undefined;
  } catch (error: unknown) {
    return { error };
  }
}

/**
 * Coalesces work onto frames: any number of `schedule()` calls between two frames
 * cost one frame, in which each scheduled client runs once. Many consoles on one
 * page share one scheduler, so a flood into a hundred of them is one frame callback.
 * At most one frame is requested at a time; the set of due clients is swapped out
 * before any runs, so a client may schedule itself again for the next frame.
 */
export class FrameScheduler {
  readonly #clock: FrameClock;
  readonly #budgetMs: number;
  #due = new Set<FrameClient>();
  #handle: number | undefined;
  #waiters: (() => void)[] = [];
  /**
   * Running estimate of what one client costs a frame, layout included. The budget
   * check between clients sees only their script; most of a busy console's cost can
   * be the layout after it, so this decides how many clients a frame takes.
   */
  #costPerClientMs = 0;
  /** Called after each frame with what it cost. */
  onFrame: ((report: FrameReport) => void) | undefined;

  /**
   * `budgetMs`: once a frame's work passes it, or would by the estimate of what
   * each client costs with its layout, the clients not yet run stay due and run
   * first in the next frame, so many busy consoles spread over frames instead of
   * stretching one (each frame runs at least one client). Default 8 ms.
   */
  constructor(clock: FrameClock, { budgetMs = 8 }: { budgetMs?: number } = {}) {
    this.#clock = clock;
    this.#budgetMs = budgetMs;
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
    const ran: FrameClient[] = [];
    const cost = this.#costPerClientMs;
    const limit = cost > 0 ? Math.max(1, Math.floor(this.#budgetMs / cost)) : Infinity;
    for (const client of due) {
      if (ran.length > 0 && (ran.length >= limit || this.#clock.now() - start > this.#budgetMs)) {
        // Over budget: the rest go first next frame (ahead of clients scheduled meanwhile).
        const later = [...due].slice(ran.length);
        this.#due = new Set([...later, ...this.#due]);
        this.#request();
        break;
      }
      ran.push(client);
      const error = tryRun(() => client.frame());
      firstError ??= error;
    }
    for (const client of ran) {
      const error = tryRun(() => client.commit?.());
      firstError ??= error;
    }
    if (ran.length > 0) this.#clock.layout?.();
    const workMs = this.#clock.now() - start;
    if (ran.length > 0) {
      const perClient = workMs / ran.length;
      this.#costPerClientMs = perClient >= cost ? perClient : cost + COST_DECAY * (perClient - cost);
    }
    this.onFrame?.({ clients: ran.length, workMs });
    for (const resolve of waiters) resolve();
    if (firstError !== undefined) throw firstError.error;
  }
}
