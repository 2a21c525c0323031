// Subject: PatternFly's React LogViewer (@patternfly/react-log-viewer, React 19),
// the log widget of OpenShift's console. Its `data` grows with each write and
// `scrollToRow` follows the last line; the line array is sliced to the capacity
// before each render, as the app using it must do: the LogViewer keeps whatever
// it is given. React and PatternFly ship CommonJS, so the view is bundled by the
// bench server (../bundled/patternfly.js), loaded when the first one is created.

export const id = 'patternfly';
export const label = 'PatternFly LogViewer (React)';
export const maxCapacity = 100_000;
export const suites = ['flood', 'pacing'];

export async function create(capacity, host) {
  const { mountLogViewer } = await import('../bundled/patternfly.js?bundle');
  const box = document.createElement('div');
  box.style.cssText = 'height:100%';
  host.append(box);
  /** Complete lines, trimmed to `capacity` when a render takes them, and the unfinished last line. */
  let lines = [];
  let current = '';
  let queued = false;
  const store = {
    snapshot() {
      queued = false;
      if (lines.length > capacity) lines = lines.slice(-capacity);
      return current === '' ? lines.slice() : [...lines.slice(Math.max(0, lines.length - capacity + 1)), current];
    },
  };
  const view = mountLogViewer(box, store);
  const lastLine = () => (current !== '' ? current : lines.at(-1) ?? '');
  return {
    element: box,
    append(text) {
      const pieces = text.split('\n');
      pieces[0] = current + pieces[0];
      current = pieces.pop();
      // A `\r` restarts the line, as the other DOM subjects do.
      for (const piece of pieces) lines.push(piece.slice(piece.lastIndexOf('\r') + 1));
      current = current.slice(current.lastIndexOf('\r') + 1);
      // Lines are kept between renders up to twice the capacity, then cut once.
      if (lines.length > 2 * capacity) lines = lines.slice(-capacity);
      if (!queued) {
        queued = true;
        view.update();
      }
    },
    clear() {
      lines = [];
      current = '';
      view.flush();
    },
    /** Renders what is queued, then waits for the scroll LogViewer makes in a timer after rendering, and a frame. */
    async settle() {
      view.flush();
      await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      void box.offsetHeight;
      return 0;
    },
    full: () => lines.length >= capacity,
    /** Whether the last line written is on screen once settled: LogViewer's follow does not always get there. */
    describe() {
      const want = lastLine().replace(/\x1b\[[0-9;]*m/g, '');
      const area = box.getBoundingClientRect();
      const shown = [...box.querySelectorAll('.pf-v6-c-log-viewer__text')].some((row) => {
        const rect = row.getBoundingClientRect();
        return row.textContent === want && rect.bottom <= area.bottom + 1 && rect.top >= area.top - 1;
      });
      return { lastLineShown: shown, linesKept: Math.min(lines.length, capacity) + (current === '' ? 0 : 1) };
    },
    destroy() {
      view.unmount();
      box.remove();
    },
  };
}
