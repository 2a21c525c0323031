// Single-huge-write suite, in the page: one write() of N MiB into a fresh
// <bounded-console>, and the longest task it causes: the write call itself (which
// applies inside once 4 Mi characters are queued) and the frames that follow it
// until the console is idle (apply, render, and the layout of its rows).
import { SUBJECTS } from './subjects/index.js';
import { nextFrame, round3, summarize, yieldTask } from './measure.js';
import { makeLine } from './text.js';

const MiB = 1024 * 1024;
const FILLER = 'the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';
const CJK = '终端里的一行中文文字，没有换行，宽字符各占两列。';

/** The contents: `block(i)` is the i-th piece of text; pieces repeat until the text is N MiB. */
export const HUGE_CONTENTS = {
  line: { label: 'one line, no newline', block: () => FILLER },
  lines: { label: '80-char lines', block: (i) => makeLine(i, 80) + '\n' },
  empty: { label: 'empty lines', block: () => '\n' },
  sgr: { label: 'SGR-coloured 80-char lines', block: (i) => `\x1b[${31 + (i % 6)}m${makeLine(i, 80)}\x1b[0m\n` },
  redraw: { label: '80-char lines, each redrawn once after \\r', block: (i) => `${makeLine(i, 40)}\r${makeLine(i + 1, 80)}\n` },
  'line-sgr': { label: 'one line, SGR every 80 chars', block: (i) => `\x1b[${31 + (i % 6)}m${makeLine(i, 80)}\x1b[0m ` },
  'line-tab': { label: 'one line, a tab every 40 chars', block: (i) => `${makeLine(i, 40)}\t` },
  'line-cjk': { label: 'one line of CJK (wide) text', block: (i) => CJK.slice(i % 7) + CJK.slice(0, i % 7) },
  'line-csi': { label: 'one line, an erase, cursor move or backspace every 11 chars', block: (i) => makeLine(i, 10) + ['\x1b[K', '\x1b[2C', '\b'][i % 3] },
  'line-ctl': { label: 'one line, a BEL, DEL or C1 control every 12 chars', block: (i) => makeLine(i, 11) + ['\x07', '\x7f', '\x85'][i % 3] },
  'line-osc8': { label: 'one line, an OSC 8 link every 12 chars', block: (i) => `\x1b]8;;https://example.com/${i % 1000}\x1b\\${makeLine(i, 12)}\x1b]8;;\x1b\\` },
  'sgr-only': { label: 'SGR sequences and nothing else', block: (i) => `\x1b[${31 + (i % 6)};${1 + (i % 4)}m` },
  'lines-up': { label: '20-char lines, each redrawn after a cursor up and an erase', block: (i) => `${makeLine(i, 20)}\n\x1b[A\x1b[2K${makeLine(i + 1, 20)}\n` },
};

/** Distinct pieces in the repeated block: enough that neighbouring lines differ. */
const BLOCK_PIECES = 4096;

/**
 * Up to `mib` MiB of `content`, whole pieces (an escape sequence cut short at the
 * end would make the console treat the whole write as holding any escape), as one
 * flat string decoded from bytes as a network stream's text would be (a sequential
 * one-byte string, not a rope of repeats).
 */
function makeText(content, mib) {
  const make = HUGE_CONTENTS[content].block;
  const parts = [];
  for (let i = 0; i < BLOCK_PIECES; i++) parts.push(make(i));
  const block = new TextEncoder().encode(parts.join(''));
  // Where the pieces end in the block, in bytes.
  const encoder = new TextEncoder();
  const ends = [];
  for (let i = 0, end = 0; i < parts.length; i++) ends.push((end += encoder.encode(parts[i]).length));
  const whole = Math.floor((mib * MiB) / block.length);
  const rest = mib * MiB - whole * block.length;
  const last = ends.filter((end) => end <= rest).at(-1) ?? 0;
  const bytes = new Uint8Array(whole * block.length + last);
  for (let at = 0; at < bytes.length; at += block.length) bytes.set(block.subarray(0, Math.min(block.length, bytes.length - at)), at);
  return new TextDecoder().decode(bytes);
}

/** Median ms of `reps` runs of `f`. */
function timed(f, reps) {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return summarize(times).p50;
}

/** What V8's indexOf costs over `text`: one pass that finds nothing, and counting its newlines. */
function floors(text) {
  const pass = timed(() => text.indexOf('\u0001'), 3);
  let newlines = 0;
  const count = timed(() => {
    newlines = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++;
  }, 1);
  return { indexOfPassMs: round3(pass), newlineCountMs: round3(count), newlines };
}

/** One write of `text` into a fresh console: ms of the write call and of each frame the console then ran. */
async function oneWrite(text, capacity, host) {
  const subject = await SUBJECTS['bounded-console'].create(capacity, host);
  const el = subject.element;
  try {
    await subject.settle();
    await nextFrame();
    await yieldTask();
    const frames = [];
    const stopObserving = subject.observeFrames((report) => frames.push(report.workMs));
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration)));
    observer.observe({ type: 'longtask' });
    const start = performance.now();
    el.write(text);
    const writeMs = performance.now() - start;
    // The frames that apply and render it, and those that copy the kept text out of it once output stopped.
    const until = performance.now() + 60_000;
    do await nextFrame();
    while ((el.scheduler.framePending || frames.length === 0) && performance.now() < until);
    stopObserving();
    longTasks.push(...observer.takeRecords().map((entry) => entry.duration));
    observer.disconnect();
    const frameMs = Math.max(0, ...frames);
    return {
      writeMs: round3(writeMs),
      frameMs: round3(frameMs),
      frames: frames.length,
      longestMs: round3(Math.max(writeMs, frameMs)),
      longTaskMaxMs: round3(Math.max(0, ...longTasks)),
      lineCount: el.lineCount,
      droppedLines: el.droppedLines,
      truncatedChars: el.truncatedChars,
    };
  } finally {
    subject.destroy();
  }
}

/**
 * Writes `mib` MiB of `content` in one call, `reps` times (each into a fresh console,
 * after one unmeasured write of 1 MiB of the same content to warm the JIT).
 */
export async function runHuge({ content, mib, reps, capacity }, host) {
  const text = makeText(content, mib);
  const floor = floors(text);
  await oneWrite(text.slice(0, MiB), capacity, host);
  const runs = [];
  for (let i = 0; i < reps; i++) runs.push(await oneWrite(text, capacity, host));
  const pick = (key) => runs.map((run) => run[key]);
  return {
    content,
    label: HUGE_CONTENTS[content].label,
    mib,
    chars: text.length,
    capacity,
    ...floor,
    writeMs: summarize(pick('writeMs')),
    frameMs: summarize(pick('frameMs')),
    longestMs: summarize(pick('longestMs')),
    runs,
  };
}
