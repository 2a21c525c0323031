// Flood suite, in the page: a producer writes as much as each subject accepts for
// a fixed time (or a fixed volume), while the main thread is watched.
import { countNodes, heapAfterGc, round3, startMonitors, summarize, widgetTime, yieldTask } from './measure.js';
import { WORKLOADS } from './text.js';

let pool = [];
/** The subject of the last run, kept alive so the runner can measure the heap holding it. */
let live = null;

/** Builds the writes of `workload` before the heap baseline is taken. */
export function prepareFlood(workload) {
  pool = WORKLOADS[workload].make();
}

/**
 * Writes the pool round-robin in slices of `sliceMs`, yielding between slices so
 * frames and timers run, until `durationMs` or `totalBytes` is reached, obeying
 * the subject's flow control; then waits until everything written is shown.
 */
async function produce(subject, { durationMs, totalBytes, sliceMs }) {
  const start = performance.now();
  const until = start + durationMs;
  let bytes = 0;
  let lines = 0;
  let writes = 0;
  let writeMs = 0;
  let waitMs = 0;
  let next = 0;
  let now = start;
  while (now < until && bytes < totalBytes) {
    const sliceEnd = now + sliceMs;
    let wait;
    while (now < sliceEnd && bytes < totalBytes) {
      wait = subject.backpressure?.();
      if (wait !== undefined) break;
      const piece = pool[next];
      next = (next + 1) % pool.length;
      subject.append(piece.text);
      const after = performance.now();
      writeMs += after - now;
      now = after;
      bytes += piece.text.length;
      lines += piece.lines;
      writes++;
    }
    if (wait !== undefined) {
      const waitStart = performance.now();
      await wait;
      waitMs += performance.now() - waitStart;
    } else {
      await yieldTask();
    }
    now = performance.now();
  }
  widgetTime.ms += writeMs;
  const producedAt = performance.now();
  await subject.settle();
  const end = performance.now();
  return {
    bytes,
    lines,
    writes,
    elapsedMs: round3(end - start),
    settleMs: round3(end - producedAt),
    writeMs: round3(writeMs),
    flowControlWaitMs: round3(waitMs),
    mbPerSec: round3(bytes / 1e3 / (end - start)),
    linesPerSec: Math.round((lines * 1e3) / (end - start)),
  };
}

/** One flood (or stream) run of `subject` at `capacity`; resolves with its measurements. */
export async function runFlood({ subject: subjectModule, capacity, durationMs = Infinity, totalBytes = Infinity, sliceMs, warmupMs = 0 }, host) {
  releaseFlood();
  const heapBefore = await heapAfterGc();
  const subject = await subjectModule.create(capacity, host);
  live = subject;
  // Unmeasured: the first frames of any widget run its code before the JIT has
  // compiled it; the figures are for the flood that follows, the widget full.
  if (warmupMs > 0) await produce(subject, { durationMs: warmupMs, totalBytes: Infinity, sliceMs });
  const schedulerFrames = [];
  const stopObserving = subject.observeFrames?.((report) => schedulerFrames.push(report.workMs));
  const stopMonitors = startMonitors();
  const produced = await produce(subject, { durationMs, totalBytes, sliceMs });
  const watched = stopMonitors();
  stopObserving?.();
  const notes = subject.describe?.() ?? null;
  // Work a widget defers until output stops (<bounded-console> copies the text it
  // kept out of the written strings) runs before the heap is read, unmeasured.
  const quietStart = performance.now();
  await subject.quiesce?.();
  const quiesceMs = round3(performance.now() - quietStart);
  return {
    quiesceMs,
    notes,
    ...produced,
    ...watched,
    widgetMsPerMB: round3(watched.widgetMs / (produced.bytes / 1e6)),
    schedulerWorkMs: stopObserving ? { ...summarize(schedulerFrames), samples: schedulerFrames.map(round3) } : null,
    jsHeapBefore: heapBefore,
    jsHeapAfter: await heapAfterGc(),
    domNodes: countNodes(),
  };
}

/** Characters the last subject retains, for those that can tell (read after the heap was measured: it builds the text). */
export function retainedChars() {
  return live?.retainedChars?.() ?? null;
}

/** Destroys the last subject, so the runner can measure the heap without it: the difference is what it held. */
export function releaseFlood() {
  live?.destroy();
  live = null;
}
