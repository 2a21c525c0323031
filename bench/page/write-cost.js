// write()-cost suite, in the page: what one write() call costs a producer, apply
// excluded, for the small writes that bound the "one line per write" and "\r
// progress" floods. The element's scheduler is replaced by one whose frames never
// come, so nothing is applied by a frame while the calls are timed; what write()
// still does inside (clip or apply once 4 Mi characters are queued) is found in
// the timings and reported apart, per event and per call.
import { ConsoleBuffer, FrameScheduler } from '/dist/lib/core/index.js';
import { round3, summarize, yieldTask } from './measure.js';
import { makeLine } from './text.js';

/** Calls timed together: performance.now() twice per block costs nothing per call. */
const BLOCK = 4096;
/** Distinct strings cycled through, as a producer's writes are fresh strings. */
const POOL = 1024;
/** A block this much dearer than the median block held a clip or apply inside write(), or a garbage collection. */
const EVENT_FACTOR = 4;

/** The writes: 14 characters, a `\r` progress update (the progress flood's shape); 80, one line with its `\n`. */
const WRITES = {
  14: (i) => `\rprogress ${String(i % 1000).padStart(3)}%`,
  80: (i) => makeLine(i, 79) + '\n',
};

/** A scheduler whose frames never come: the console queues, and nothing applies it. */
const neverClock = { requestFrame: () => 0, cancelFrame() {}, now: () => performance.now() };

/**
 * The targets, each `create(capacity)` -> { write(text), reset() }:
 *   element: <bounded-console>.write(), on a scheduler that never fires.
 *   core: ConsoleBuffer.write() as imported from the package's core, default options.
 *   core-queue-only: the same with maxPendingChars at 1 Gi, so write() never clips.
 *   call-floor: a function that only adds the length: the loop and the call itself.
 */
const TARGETS = {
  element: async (capacity, host) => {
    const el = document.createElement('bounded-console');
    el.maxLines = capacity;
    el.style.height = '100%';
    host.append(el);
    await el.updateComplete;
    el.scheduler = new FrameScheduler(neverClock);
    return { write: (text) => el.write(text), reset: () => el.clear(), destroy: () => el.remove() };
  },
  core: (capacity) => bufferTarget({ maxLines: capacity }),
  'core-queue-only': (capacity) => bufferTarget({ maxLines: capacity, maxPendingChars: 2 ** 30 }),
  'call-floor': () => {
    let sink = 0;
    return {
      write: (text) => {
        sink += text.length;
      },
      reset: () => {
        sink = 0;
      },
      destroy() {},
    };
  },
};

function bufferTarget(options) {
  let buffer = new ConsoleBuffer(options);
  return {
    write: (text) => buffer.write(text),
    reset: () => {
      buffer = new ConsoleBuffer(options);
    },
    destroy() {},
  };
}

/** `calls` writes of `texts` (cycled), timed in blocks; resolves with the block times in ms. */
function timeBlocks(target, texts, calls) {
  const blocks = new Float64Array(Math.ceil(calls / BLOCK));
  const write = target.write;
  let next = 0;
  for (let b = 0, done = 0; done < calls; b++) {
    const count = Math.min(BLOCK, calls - done);
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      write(texts[next]);
      next = (next + 1) & (POOL - 1);
    }
    blocks[b] = performance.now() - start;
    done += count;
  }
  return blocks;
}

/**
 * One rep: the per-call cost over all `calls`, the per-call cost of the ordinary
 * blocks (the queue alone), and the slow blocks: where write() clipped or applied
 * the queue (every 4 Mi characters), or V8 collected garbage, with their cost
 * above an ordinary block's.
 */
function analyse(blocks, calls) {
  const total = blocks.reduce((a, b) => a + b, 0);
  const median = summarize(blocks).p50;
  const events = [...blocks].filter((ms) => ms > EVENT_FACTOR * median && ms - median > 0.05);
  const eventMs = events.reduce((a, ms) => a + ms - median, 0);
  return {
    nsPerCall: (total * 1e6) / calls,
    queueNsPerCall: (median * 1e6) / BLOCK,
    events: events.length,
    eventMsEach: events.length ? eventMs / events.length : 0,
    eventNsPerCall: (eventMs * 1e6) / calls,
  };
}

/**
 * For each target and write size: one unmeasured rep (the JIT), then `reps` reps of
 * `calls` writes into a fresh console keeping `capacity` lines; medians over reps.
 */
export async function runWriteCost({ targets = Object.keys(TARGETS), sizes = [14, 80], calls = 1_000_000, reps = 5, capacity = 10_000 }, host) {
  const results = [];
  for (const id of targets) {
    for (const size of sizes) {
      const texts = Array.from({ length: POOL }, (_, i) => WRITES[size](i));
      if (texts.some((text) => text.length !== size)) throw new Error(`write-cost: a ${size}-character write is not ${size} characters`);
      const target = await TARGETS[id](capacity, host);
      try {
        const runs = [];
        for (let rep = -1; rep < reps; rep++) {
          target.reset();
          await yieldTask();
          const run = analyse(timeBlocks(target, texts, calls), calls);
          if (rep >= 0) runs.push(run);
        }
        const median = (key) => round3(summarize(runs.map((run) => run[key])).p50);
        results.push({
          target: id,
          size,
          calls,
          reps,
          nsPerCall: median('nsPerCall'),
          // On a shared machine other work only ever adds time: the fastest rep is the
          // one it disturbed least (the floor's slow blocks show how much it did).
          nsPerCallMin: round3(Math.min(...runs.map((run) => run.nsPerCall))),
          queueNsPerCall: median('queueNsPerCall'),
          events: median('events'),
          eventMsEach: median('eventMsEach'),
          eventNsPerCall: median('eventNsPerCall'),
          runs: runs.map((run) => Object.fromEntries(Object.entries(run).map(([key, value]) => [key, round3(value)]))),
        });
      } finally {
        target.reset();
        target.destroy();
      }
    }
  }
  return results;
}
