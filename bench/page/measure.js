// Measuring tools shared by the in-page suites.
//
// The widgets work in three places: inside the calls the page makes (write,
// append), in animation-frame callbacks (xterm's render debouncer, the console's
// scheduler, the DOM log's follow-scroll) and in timer tasks of their own (xterm
// parses in setTimeout slices). requestAnimationFrame and setTimeout are wrapped
// here, before any widget runs, to time the last two; the suites time the calls
// themselves and add them to `widgetTime`. The suites' own frames and timers use
// the unwrapped functions and are not counted.

/** The unwrapped functions, for a suite's own frames and timers. */
export const rawRequestFrame = window.requestAnimationFrame.bind(window);
export const rawSetTimeout = window.setTimeout.bind(window);

/** Total milliseconds the widgets have run on the main thread, as far as measured. */
export const widgetTime = { ms: 0 };

/**
 * Milliseconds spent in the widgets' animation-frame callbacks, per frame (keyed by
 * the frame's timestamp, which every callback of one frame receives).
 */
export const frameWork = {
  /** Frame timestamp -> ms of widget callbacks in that frame. */
  byFrame: new Map(),
  /** Frame timestamp -> performance.now() when its first widget callback started. */
  firstStart: new Map(),
  reset() {
    this.byFrame.clear();
    this.firstStart.clear();
  },
};

window.requestAnimationFrame = (callback) =>
  rawRequestFrame((timestamp) => {
    const start = performance.now();
    if (!frameWork.firstStart.has(timestamp)) frameWork.firstStart.set(timestamp, start);
    try {
      callback(timestamp);
    } finally {
      const ms = performance.now() - start;
      frameWork.byFrame.set(timestamp, (frameWork.byFrame.get(timestamp) ?? 0) + ms);
      widgetTime.ms += ms;
    }
  });

window.setTimeout = (callback, delay, ...args) =>
  rawSetTimeout(() => {
    const start = performance.now();
    try {
      callback(...args);
    } finally {
      widgetTime.ms += performance.now() - start;
    }
  }, delay);

/** Resolves after `ms` on a timer that is not counted as widget work. */
function sleep(ms) {
  return new Promise((resolve) => rawSetTimeout(resolve, ms));
}

/** Resolves at the next animation frame, on a callback that is not counted as widget work. */
export function nextFrame() {
  return new Promise((resolve) => rawRequestFrame(() => resolve()));
}

/** Calls `onFrame(timestamp)` on every animation frame until the returned stop() is called. */
function everyFrame(onFrame) {
  let running = true;
  const loop = (timestamp) => {
    if (!running) return;
    onFrame(timestamp);
    rawRequestFrame(loop);
  };
  rawRequestFrame(loop);
  return () => {
    running = false;
  };
}

const channel = new MessageChannel();
const resumers = [];
channel.port1.onmessage = () => resumers.shift()?.();

/**
 * Yields to the event loop: a message task, so unlike setTimeout(0) it is not
 * clamped to 4 ms when nested, yet frames and timers still get their turn.
 */
export function yieldTask() {
  return new Promise((resolve) => {
    resumers.push(resolve);
    channel.port2.postMessage(0);
  });
}

/** JS heap in use after full collections, each from a fresh macrotask so no stale stack pointer keeps garbage alive. */
export async function heapAfterGc() {
  for (let i = 0; i < 2; i++) {
    await sleep(0);
    window.gc();
  }
  return performance.memory.usedJSHeapSize;
}

/** Element and text nodes in the document, shadow trees included (the console renders into one). */
export function countNodes(root = document) {
  let count = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    count++;
    if (node.shadowRoot) count += countNodes(node.shadowRoot);
  }
  return count;
}

/** Percentiles (nearest rank) and max of `values`; nulls when there are none. */
export function summarize(values) {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

/** Rounds to microseconds, so raw samples stay readable and small in the JSON. */
export function round3(value) {
  return Math.round(value * 1000) / 1000;
}

/**
 * Watches the main thread while a workload runs: gaps between animation frames,
 * how late a 20 ms timer fires (event-loop latency), long tasks (> 50 ms) and the
 * widgets' work in frame callbacks.
 */
export function startMonitors() {
  const frameTimes = [];
  const stopFrames = everyFrame((timestamp) => frameTimes.push(timestamp));

  const lateness = [];
  const TIMER_MS = 20;
  let stopped = false;
  const arm = () => {
    const due = performance.now() + TIMER_MS;
    sleep(TIMER_MS).then(() => {
      if (stopped) return;
      lateness.push(performance.now() - due);
      arm();
    });
  };
  arm();

  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration)));
  observer.observe({ type: 'longtask' });
  frameWork.reset();
  const widgetStart = widgetTime.ms;
  const start = performance.now();

  return () => {
    stopFrames();
    stopped = true;
    const widgetMs = widgetTime.ms - widgetStart;
    longTasks.push(...observer.takeRecords().map((entry) => entry.duration));
    observer.disconnect();
    const gaps = frameTimes.slice(1).map((time, i) => time - frameTimes[i]);
    const work = [...frameWork.byFrame.values()];
    return {
      frames: frameTimes.length,
      frameGapMs: { ...summarize(gaps), samples: gaps.map(round3) },
      frameCallbackMs: { ...summarize(work), samples: work.map(round3) },
      eventLoopLateMs: { ...summarize(lateness), samples: lateness.map(round3) },
      longTasks: { count: longTasks.length, totalMs: round3(longTasks.reduce((a, b) => a + b, 0)), maxMs: round3(Math.max(0, ...longTasks)) },
      widgetMs: round3(widgetMs),
      widgetBusy: round3(widgetMs / (performance.now() - start)),
    };
  };
}
