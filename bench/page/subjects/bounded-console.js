// Subject: <bounded-console>, the element under test, as built in dist/.
import { sharedFrameScheduler } from 'bounded-console';

export const id = 'bounded-console';
export const label = '<bounded-console>';
/** Its line buffer is paged and its view virtualized, so a million lines is within reach. */
export const maxCapacity = 1_000_000;

/** A console retaining `capacity` lines, filling `host`; resolves once it has rendered. */
export async function create(capacity, host) {
  const el = document.createElement('bounded-console');
  el.maxLines = capacity;
  el.style.height = '100%';
  host.append(el);
  await el.updateComplete;
  return {
    element: el,
    /** write() only queues; the shared scheduler applies it at the next frame. */
    append(text) {
      el.write(text);
    },
    clear() {
      el.clear();
    },
    /** Applies and renders what is pending now, as the next frame would, then lays the page out. */
    async settle() {
      await el.flush();
      void el.offsetHeight;
      return 0;
    },
    /**
     * Waits for the frames the console still asks for once output has stopped: it
     * copies the text it kept out of the written strings, a budget per frame.
     */
    async quiesce() {
      const until = performance.now() + 30_000;
      while (el.scheduler.framePending && performance.now() < until) await new Promise((resolve) => requestAnimationFrame(resolve));
    },
    full: () => el.lineCount >= capacity,
    retainedChars: () => el.text.length,
    /** Reports each scheduler frame: how many consoles ran and their work in ms. */
    observeFrames(onFrame) {
      const scheduler = sharedFrameScheduler();
      scheduler.onFrame = onFrame;
      return () => {
        scheduler.onFrame = undefined;
      };
    },
    destroy() {
      el.remove();
    },
  };
}
