import { FrameScheduler } from '../core/index.js';

/** Lays the page out now if anything changed (a no-op otherwise): see FrameClock.layout. */
const layout = (): void => void document.documentElement.offsetWidth;

let frameScheduler: FrameScheduler | undefined;
const intervalSchedulers = new Map<number, FrameScheduler>();

/** The scheduler every console on the page shares by default: one callback per animation frame. */
export function sharedFrameScheduler(): FrameScheduler {
  frameScheduler ??= new FrameScheduler({
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    now: () => performance.now(),
    layout,
  });
  return frameScheduler;
}

/** A scheduler whose "frames" come from a fixed timer (qtconsole's 100 ms), shared per interval. */
export function sharedIntervalScheduler(intervalMs: number): FrameScheduler {
  let scheduler = intervalSchedulers.get(intervalMs);
  if (scheduler === undefined) {
    scheduler = new FrameScheduler({
      requestFrame: (callback) => setTimeout(callback, intervalMs),
      cancelFrame: (handle) => clearTimeout(handle),
      now: () => performance.now(),
      layout,
    });
    intervalSchedulers.set(intervalMs, scheduler);
  }
  return scheduler;
}
