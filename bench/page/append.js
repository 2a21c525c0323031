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

/** Runs `call` under tinybench for `timeMs` (at least `minIterations` times, within `cellLimitMs`): tinybench's latency statistics. */
async function timeCalls(subject, text, fillText, { ready, call }, { timeMs, minIterations, cellLimitMs, perIteration, warmup = true }) {
  let readyMs = 0;
  const bench = new Bench({
    time: timeMs,
    iterations: Math.max(1, Math.min(minIterations, Math.floor(cellLimitMs / perIteration))),
    // Cheap calls get a short warm-up so the JIT has settled; for costly ones the
    // cell's first call, already made, is warm-up enough.
    warmup: warmup && perIteration * 4 < timeMs,
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
  return bench.tasks[0].result.latency;
}

async function repeat(subject, text, fillText, steps, options) {
  const latency = await timeCalls(subject, text, fillText, steps, options);
  return {
    status: 'ok',
    ...summarizeSamples(latency.samples),
    meanMs: round3(latency.mean),
    p50Ms: round3(latency.p50),
    p99Ms: round3(latency.p99),
    minMs: round3(latency.min),
    rme: Math.round(latency.rme * 10) / 10,
  };
}

/** Median, p99, min, mean and up to SAMPLES_KEPT evenly spaced sorted samples. */
function summarizeSamples(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const middle = sorted.length >> 1;
  const p50 = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const step = Math.max(1, sorted.length / SAMPLES_KEPT);
  const kept = [];
  for (let i = 0; i < sorted.length; i += step) kept.push(round3(sorted[Math.floor(i)]));
  return {
    meanMs: round3(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    p50Ms: round3(p50),
    p99Ms: round3(at(0.99)),
    minMs: round3(sorted[0]),
    samplesCount: sorted.length,
    samples: kept,
  };
}

/**
 * Append cost against capacity for one subject, with the capacities interleaved in
 * time. The machine here changes speed for seconds at a time (the same call costs
 * 2× more in some stretches than in others, on any page), so capacities measured one
 * after another compare moments as much as capacities. Here one instance per capacity
 * sits in the same box, all on screen, and for each call size `rounds` rounds each
 * give every capacity a short tinybench cell, starting at a different capacity each
 * round. Each capacity's figure pools its samples from all rounds.
 */
export async function runAppendInterleaved({ subject: subjectModule, capacities, perCalls, rounds, warmupMs, timeMs, minIterations, cellLimitMs }, host) {
  const previous = host.style.position;
  host.style.position = 'relative';
  const instances = [];
  try {
    for (const capacity of capacities) {
      const box = document.createElement('div');
      box.style.cssText = 'position: absolute; inset: 0';
      host.append(box);
      const block = lineBlock(capacity + FILL_EXTRA, WIDTH);
      const subject = await subjectModule.create(capacity, box);
      instances.push({ capacity, box, block, subject });
      await warmUp(subject, block, block.text, warmupMs);
    }
    const full = CASES.full;
    const results = [];
    for (const perCall of perCalls) {
      const pooled = instances.map(() => []);
      const roundMedians = instances.map(() => []);
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < instances.length; k++) {
          const index = (k + round) % instances.length;
          const { capacity, block, subject } = instances[index];
          if (perCall > capacity) continue;
          const text = block.prefix(perCall);
          await prepare(full.ready, subject, block.text);
          const first = await full.call(subject, text);
          const latency = await timeCalls(subject, text, block.text, full, { timeMs, minIterations, cellLimitMs, perIteration: first.wall, warmup: false });
          pooled[index].push(...latency.samples);
          roundMedians[index].push(round3(latency.p50));
        }
      }
      instances.forEach(({ capacity }, index) => {
        if (pooled[index].length === 0) return;
        results.push({ capacity, perCall, status: 'ok', roundP50Ms: roundMedians[index], ...summarizeSamples(pooled[index]) });
      });
    }
    return results;
  } finally {
    for (const { subject, box } of instances) {
      subject.destroy();
      box.remove();
    }
    host.style.position = previous;
  }
}
