// Many-consoles suite, in the page: a hundred consoles fed at once, to show they
// share one frame scheduler and what that costs the frame rate.
import { SUBJECTS } from './subjects/index.js';
import { countNodes, heapAfterGc, round3, startMonitors, summarize, widgetTime } from './measure.js';
import { chunked, makeLine } from './text.js';

const CHUNK_BYTES = 16 * 1024;
/** The feed runs on a timer, like data arriving from a socket, independently of frames. */
const FEED_EVERY_MS = 10;

/** The consoles of the last run, kept alive so the runner can measure the heap holding them. */
let live = [];

export function releaseMany() {
  for (const subject of live) subject.destroy();
  live = [];
}

export async function runMany({ count, capacity, bytesPerSecond, durationMs }, host) {
  const chunks = chunked((i) => makeLine(i, 80) + '\n', CHUNK_BYTES);
  const heapBefore = await heapAfterGc();
  const grid = document.createElement('div');
  const side = Math.ceil(Math.sqrt(count));
  grid.style.cssText = `display:grid;grid-template-columns:repeat(${side},1fr);grid-auto-rows:${Math.floor(100 / side)}vh;width:100vw`;
  host.replaceWith(grid);
  const consoles = [];
  live = consoles;
  for (let i = 0; i < count; i++) {
    const cell = document.createElement('div');
    grid.append(cell);
    consoles.push(await SUBJECTS['bounded-console'].create(capacity, cell));
  }

  const schedulerFrames = [];
  const stopObserving = consoles[0].observeFrames((report) => schedulerFrames.push(report));
  const stopMonitors = startMonitors();

  const start = performance.now();
  let written = 0;
  let next = 0;
  await new Promise((resolve) => {
    const feed = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(elapsed, durationMs) * (bytesPerSecond / 1e3);
      // Every console gets the same whole chunks; `written` is per console.
      const writeStart = performance.now();
      while (written + CHUNK_BYTES <= due) {
        const { text } = chunks[next];
        for (const subject of consoles) subject.append(text);
        written += text.length;
        next = (next + 1) % chunks.length;
      }
      widgetTime.ms += performance.now() - writeStart;
      if (elapsed >= durationMs) {
        clearInterval(feed);
        resolve();
      }
    }, FEED_EVERY_MS);
  });
  // Watched while fed; the catch-up below (each console applied and laid out at once,
  // as a test would) is not what a page sees while output streams in.
  const watched = stopMonitors();
  stopObserving();
  await Promise.all(consoles.map((subject) => subject.settle()));
  const elapsedMs = performance.now() - start;

  const clients = schedulerFrames.map((report) => report.clients);
  const work = schedulerFrames.map((report) => report.workMs);
  return {
    count,
    capacity,
    bytesPerConsole: written,
    mbPerSecPerConsole: round3(written / 1e3 / elapsedMs),
    elapsedMs: round3(elapsedMs),
    ...watched,
    animationFrames: watched.frames,
    schedulerFrames: schedulerFrames.length,
    clientsPerFrame: { ...summarize(clients), mean: round3(clients.reduce((a, b) => a + b, 0) / Math.max(1, clients.length)) },
    schedulerWorkMs: { ...summarize(work), samples: work.map(round3) },
    jsHeapBefore: heapBefore,
    jsHeapAfter: await heapAfterGc(),
    domNodes: countNodes(),
    retainedChars: consoles.reduce((sum, subject) => sum + subject.retainedChars(), 0),
  };
}
