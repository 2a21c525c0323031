// Append-cost suite, in the page: what one append call costs, layout included,
// for each case, capacity and number of lines per call (the reference post's figures).
import { Bench } from 'tinybench';
import { round3, yieldTask } from './measure.js';
import { lineBlock } from './text.js';

/** Line width of the appended text (plus its `\n`). */
const WIDTH = 64;
/** Lines beyond capacity written to fill a subject: xterm keeps its 24 rows on top of the scrollback. */
const FILL_EXTRA = 100;
/** Samples kept per cell in the results, evenly spaced through the sorted samples; the statistics use all of them. */
const SAMPLES_KEPT = 200;

/**
 * The cases. `ready` brings the subject into the case's starting state (not
 * timed); `call` is the timed operation.
 *   full:  the buffer is full before each call, so the call must drop lines.
 *   clear: the buffer is full, and the call clears it and then appends.
 *   empty: the subject is empty before each call.
 */
const CASES = {
  full: { ready: ensureFull, call: (subject, text) => appendAndSettle(subject, text) },
  clear: {
    ready: ensureFull,
    call: (subject, text) => {
      subject.clear();
      return appendAndSettle(subject, text);
    },
  },
  empty: {
    ready: async (subject) => {
      subject.clear();
      await subject.settle();
    },
    call: (subject, text) => appendAndSettle(subject, text),
  },
};

/** The call and the work to show its result: milliseconds, less any idle wait for a frame. */
async function appendAndSettle(subject, text) {
  const start = performance.now();
  subject.append(text);
  const idle = await subject.settle();
  const wall = performance.now() - start;
  return { ms: wall - idle, wall };
}

async function ensureFull(subject, fillText) {
  if (subject.full()) return;
  subject.clear();
  subject.append(fillText);
  await subject.settle();
}

/**
 * Measures every (case, lines per call) cell for one subject at one capacity,
 * on one subject instance. Each cell's first call is timed alone: past
 * `timeoutMs` the cell is recorded as a timeout and larger calls of that case are
 * skipped. Otherwise tinybench repeats the call for `timeMs` (counting the
 * untimed preparation too) and at least `minIterations` times, fewer if that
 * would exceed `cellLimitMs`.
 */
export async function runAppendGroup({ subject: subjectModule, capacity, cases, perCalls, warmupMs, timeMs, minIterations, timeoutMs, cellLimitMs }, host) {
  const block = lineBlock(capacity + FILL_EXTRA, WIDTH);
  const fillText = block.text;
  const subject = await subjectModule.create(capacity, host);
  const cells = [];
  try {
    await warmUp(subject, block, fillText, warmupMs);
    for (const caseId of cases) {
      const { ready, call } = CASES[caseId];
      let timedOut = false;
      for (const perCall of perCalls) {
        const cell = { case: caseId, perCall };
        cells.push(cell);
        if (timedOut) {
          Object.assign(cell, { status: 'timeout', skipped: true });
          continue;
        }
        const text = block.prefix(perCall);
        const readyStart = performance.now();
        await prepare(ready, subject, fillText);
        const readyMs = performance.now() - readyStart;
        const first = await call(subject, text);
        cell.firstMs = round3(first.ms);
        if (first.wall > timeoutMs) {
          cell.status = 'timeout';
          timedOut = true;
          continue;
        }
        Object.assign(cell, await repeat(subject, text, fillText, { ready, call }, { timeMs, minIterations, cellLimitMs, perIteration: first.wall + readyMs }));
      }
    }
  } finally {
    subject.destroy();
  }
  return cells;
}

/**
 * Appends 1 and 100 lines at a time to the full subject for `ms`, untimed: on a
 * fresh page the first cells would otherwise also measure the JIT compiling the
 * widget's code.
 */
async function warmUp(subject, block, fillText, ms) {
  await ensureFull(subject, fillText);
  const texts = [block.prefix(1), block.prefix(100)];
  const until = performance.now() + ms;
  for (let i = 0; performance.now() < until; i++) await appendAndSettle(subject, texts[i % 2]);
}

/**
 * Brings the subject into the case's starting state, then yields a task: the timed
 * call then starts on a fresh task, not inside the frame the last call ended in,
 * where work a subject defers to a timer (xterm's parser) would wait for that
 * frame's paint and count it.
 */
async function prepare(ready, subject, fillText) {
  await ready(subject, fillText);
  await yieldTask();
}

async function repeat(subject, text, fillText, { ready, call }, { timeMs, minIterations, cellLimitMs, perIteration }) {
  let readyMs = 0;
  const bench = new Bench({
    time: timeMs,
    iterations: Math.max(1, Math.min(minIterations, Math.floor(cellLimitMs / perIteration))),
    // Cheap calls get a short warm-up so the JIT has settled; for costly ones the
    // cell's first call, already made, is warm-up enough.
    warmup: perIteration * 4 < timeMs,
    warmupIterations: 1,
    warmupTime: timeMs / 4,
    retainSamples: true,
    throws: true,
  });
  bench.add(
    'call',
    async () => {
      const { ms, wall } = await call(subject, text);
      // The time budget counts the preparation too, so slow refills cannot stretch a cell.
      const cost = wall + readyMs;
      return { overriddenDuration: ms, overriddenIterationCost: cost };
    },
    {
      beforeEach: async () => {
        const start = performance.now();
        await prepare(ready, subject, fillText);
        readyMs = performance.now() - start;
      },
    },
  );
  await bench.run();
  const { latency } = bench.tasks[0].result;
  const samples = latency.samples;
  const step = Math.max(1, samples.length / SAMPLES_KEPT);
  const kept = [];
  for (let i = 0; i < samples.length; i += step) kept.push(round3(samples[Math.floor(i)]));
  return {
    status: 'ok',
    meanMs: round3(latency.mean),
    p50Ms: round3(latency.p50),
    p99Ms: round3(latency.p99),
    minMs: round3(latency.min),
    rme: Math.round(latency.rme * 10) / 10,
    samplesCount: latency.samplesCount,
    samples: kept,
  };
}
