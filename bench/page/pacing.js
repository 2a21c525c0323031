// Pacing suite, in the page: how a subject paces frames under bursts, and what one
// append costs the way a page sees it.
//
// Bursts: N lines written in calls of K lines, one call per task (as a WebSocket or
// a fetch stream delivers chunks: one event each), as fast as the page runs them,
// the producer never waiting for a frame (only for a subject's own flow control).
// Frame gaps, event-loop lateness, long tasks and the widget's work per frame are
// watched from the first call until the last line is shown.
//
// Append as a page sees it: one line into a full console, written from a fresh task
// after a frame (rAF, then setTimeout 0), then nothing until the next frame has
// been rendered (a message posted from a callback of that frame runs once its
// style, layout and paint are done). Beside it, the same line appended and settled
// (`flush()` and a forced layout for the console) from a fresh task, and back to
// back as the append suite's tinybench cells do.
import { countNodes, frameWork, nextFrame, rawRequestFrame, rawSetTimeout, round3, startMonitors, summarize, widgetTime, yieldTask } from './measure.js';
import { lineBlock, makeLine } from './text.js';

/** Lines written beyond the capacity to fill a subject (xterm keeps its 24 rows on top). */
const FILL_EXTRA = 100;

/** Resolves on a message task: after the current task, and after a frame's rendering when posted from it. */
function afterTask() {
  return yieldTask().then(() => performance.now());
}

/** A fresh task after the next frame: rAF, then a 0 ms timeout (the widgets' own timers are wrapped; this one is not theirs). */
async function freshTaskAfterFrame() {
  await nextFrame();
  await new Promise((resolve) => rawSetTimeout(resolve, 0));
}

/**
 * The next frame: resolves with its timestamp, when its first callback started and
 * when the task after its rendering ran.
 */
function nextFrameRendered() {
  return new Promise((resolve) => {
    rawRequestFrame((timestamp) => {
      const start = performance.now();
      afterTask().then((rendered) => resolve({ timestamp, start, rendered }));
    });
  });
}

/** Unmeasured warm-up before the bursts: enough for the JIT and to fill the subject. */
const WARMUP_LINES = 20_000;

/**
 * One burst run of `subject`: `totalLines` lines of 80 characters in calls of
 * `perCall` lines, `bursts` times and more until `minMs` have passed (a burst takes
 * <bounded-console> a frame or two, too few frame gaps to judge), but no more once
 * `maxMs` have passed (a slow peer takes seconds per burst; at least one burst is
 * always measured).
 */
export async function runBurst({ subject: subjectModule, capacity, totalLines, perCall, bursts, minMs = 0, maxMs = Infinity }, host) {
  const block = lineBlock(perCall * 16, 80);
  const calls = Array.from({ length: 16 }, (_, i) => block.text.slice(i * perCall * 81, (i + 1) * perCall * 81));
  const subject = await subjectModule.create(capacity, host);
  try {
    // Unmeasured: a shorter burst first, so the JIT has compiled the widget and it is full.
    await burst(subject, calls, Math.max(capacity + FILL_EXTRA, WARMUP_LINES), perCall);
    const schedulerFrames = [];
    const stopObserving = subject.observeFrames?.((report) => schedulerFrames.push(report.workMs));
    const writeMs = [];
    const lastLineMs = [];
    const stop = startMonitors();
    const started = performance.now();
    for (let b = 0; b === 0 || ((b < bursts || performance.now() < started + minMs) && performance.now() < started + maxMs); b++) {
      const start = performance.now();
      writeMs.push(...(await burst(subject, calls, totalLines, perCall)));
      lastLineMs.push(round3(performance.now() - start));
    }
    const watched = stop();
    stopObserving?.();
    return {
      totalLines,
      perCall,
      bursts: lastLineMs.length,
      lastLineShownMs: lastLineMs,
      linesPerSec: Math.round((totalLines * lastLineMs.length * 1000) / lastLineMs.reduce((a, b) => a + b, 0)),
      writeCallMs: summarize(writeMs),
      /** Calls long enough to hold up a frame on their own (a quarter of one). */
      writeCallsOver4Ms: writeMs.filter((ms) => ms > 4).length,
      ...watched,
      schedulerWorkMs: stopObserving ? { ...summarize(schedulerFrames), samples: schedulerFrames.map(round3) } : null,
      notes: subject.describe?.() ?? null,
      domNodes: countNodes(),
    };
  } finally {
    subject.destroy();
  }
}

/**
 * Writes `totalLines` in calls of `perCall`, one call per task, then waits until
 * all is shown: the next frame (where the console applies it), then the subject's
 * settle() (xterm.js may still be parsing); resolves with each call's ms.
 */
async function burst(subject, calls, totalLines, perCall) {
  const times = [];
  for (let written = 0, next = 0; written < totalLines; written += perCall) {
    const wait = subject.backpressure?.();
    if (wait !== undefined) await wait;
    const start = performance.now();
    subject.append(calls[next]);
    const ms = performance.now() - start;
    widgetTime.ms += ms;
    times.push(ms);
    next = (next + 1) % calls.length;
    await yieldTask();
  }
  await nextFrame();
  await subject.settle();
  return times;
}

/** Append one line to a full subject keeping `capacity` lines, `samples` times each way (see the head of this file). */
export async function runAppendSeen({ subject: subjectModule, capacity, samples }, host) {
  const fill = lineBlock(capacity + FILL_EXTRA, 80).text;
  const lines = Array.from({ length: 64 }, (_, i) => makeLine(capacity + FILL_EXTRA + i, 80) + '\n');
  const subject = await subjectModule.create(capacity, host);
  try {
    subject.append(fill);
    await subject.settle();
    let next = 0;
    const line = () => lines[next++ % lines.length];
    const seen = [];
    // The first half of each list is warm-up: the JIT, and the subject's caches.
    for (let i = 0; i < 2 * samples; i++) {
      await freshTaskAfterFrame();
      const widgetBefore = widgetTime.ms;
      const start = performance.now();
      subject.append(line());
      const written = performance.now();
      widgetTime.ms += written - start;
      const frame = await nextFrameRendered();
      const frameStart = Math.min(frameWork.firstStart.get(frame.timestamp) ?? Infinity, frame.start);
      const frameCallbacks = frameWork.byFrame.get(frame.timestamp) ?? 0;
      const sample = {
        writeMs: written - start,
        // Widget work outside the call and the frame: xterm.js parses in a timer task.
        timerMs: Math.max(0, widgetTime.ms - widgetBefore - (written - start) - frameCallbacks),
        // From the frame's first callback to the task after its rendering: the
        // widgets' frame callbacks, then style, layout and paint.
        frameMs: frame.rendered - frameStart,
        // Of which the widgets' frame callbacks (the console's scheduler: apply,
        // render and the layout of its rows); the rest is the browser's style,
        // layout and paint of the frame.
        callbacksMs: frameCallbacks,
        wallMs: frame.rendered - start,
      };
      sample.seenMs = sample.writeMs + sample.timerMs + sample.frameMs;
      if (i >= samples) seen.push(sample);
    }
    /** Appends and settles 2 × `samples` times, each after `before()`; the ms of the second half, less any idle wait for a frame. */
    const settled = async (before) => {
      const times = [];
      for (let i = 0; i < 2 * samples; i++) {
        await before();
        const start = performance.now();
        subject.append(line());
        const idle = await subject.settle();
        if (i >= samples) times.push(performance.now() - start - idle);
      }
      return times;
    };
    const settledFresh = await settled(freshTaskAfterFrame);
    const backToBack = await settled(yieldTask);
    const stats = (values) => {
      const { p50, p95, max } = summarize(values);
      return { p50: round3(p50), p95: round3(p95), max: round3(max) };
    };
    return {
      capacity,
      samples,
      seen: Object.fromEntries(['writeMs', 'timerMs', 'frameMs', 'callbacksMs', 'seenMs', 'wallMs'].map((key) => [key, stats(seen.map((s) => s[key]))])),
      settledFreshMs: stats(settledFresh),
      backToBackMs: stats(backToBack),
    };
  } finally {
    subject.destroy();
  }
}
