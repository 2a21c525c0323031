// Drives the demo page: floods the console from inside the page and shows what it costs.

/**
 * Work done per task before giving the browser a turn, like a stream of network
 * messages. Short enough to leave most of each 16.7 ms frame to the console and the
 * browser: with 8 ms slices frame rates measured lower on a two-core machine.
 */
const SLICE_MS = 5;
const FIGURES_INTERVAL_MS = 250;
const CHUNK_BYTES = 64 * 1024;
const LINE_LENGTH = 80;
const LINES_PER_CHUNK = Math.floor(CHUNK_BYTES / LINE_LENGTH);
/** One-line writes between clock reads: reading the clock per line would cost more than the write. */
const LINES_PER_CLOCK_READ = 256;
const MIN_DURATION_S = 0.5;
const MAX_DURATION_S = 120;

const PANGRAMS = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';
const FILLER = PANGRAMS.repeat(2);

const byId = (id) => document.getElementById(id);
const consoleElement = byId('console');
const maxLinesInput = byId('max-lines');
const maxLinesError = byId('max-lines-error');
const durationInput = byId('duration');
const durationError = byId('duration-error');
const floodChunksButton = byId('flood-chunks');
const floodLinesButton = byId('flood-lines');
const stopButton = byId('stop');
const progress = byId('progress');
const status = byId('status');
const figures = {
  mbPerSecond: byId('mb-per-s'),
  linesPerSecond: byId('lines-per-s'),
  retained: byId('retained'),
  dropped: byId('dropped'),
  fps: byId('fps'),
  worstGap: byId('worst-gap'),
};

const integer = new Intl.NumberFormat('en');
const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

await customElements.whenDefined('bounded-console');

// ---- Output ---------------------------------------------------------------

let nextLineNumber = 1;

/** An 80-character line, newline included; the text shifts with the number so scrolling is visible. */
function numberedLine(number) {
  const prefix = `line ${String(number).padStart(9, '0')} `;
  const offset = number % PANGRAMS.length;
  return `${prefix}${FILLER.slice(offset, offset + LINE_LENGTH - 1 - prefix.length)}\n`;
}

const floodKinds = {
  chunks: {
    label: 'plain lines, 64 KB chunks',
    writeUntil(sliceEnd, totals) {
      do {
        let chunk = '';
        for (let i = 0; i < LINES_PER_CHUNK; i++) chunk += numberedLine(nextLineNumber++);
        consoleElement.write(chunk);
        totals.chars += chunk.length;
        totals.lines += LINES_PER_CHUNK;
      } while (performance.now() < sliceEnd);
    },
  },
  lines: {
    label: 'one line per write',
    writeUntil(sliceEnd, totals) {
      do {
        for (let i = 0; i < LINES_PER_CLOCK_READ; i++) {
          const line = numberedLine(nextLineNumber++);
          consoleElement.write(line);
          totals.chars += line.length;
        }
        totals.lines += LINES_PER_CLOCK_READ;
      } while (performance.now() < sliceEnd);
    },
  },
};

// A message is a task with no delay; setTimeout(0) is clamped to 4 ms once nested,
// which would idle the producer for a third of every slice.
const channel = new MessageChannel();
let resumeProducer = () => {};
channel.port1.onmessage = () => resumeProducer();

function yieldToBrowser() {
  return new Promise((resolve) => {
    resumeProducer = resolve;
    channel.port2.postMessage(null);
  });
}

/** The flood running or last run: what it wrote and when. */
let run = null;
let stopController = null;

async function flood(kind, seconds) {
  stopController = new AbortController();
  const { signal } = stopController;
  const start = performance.now();
  run = { seconds, start, end: null, chars: 0, lines: 0 };
  setFlooding(true);
  status.textContent = `Flooding: ${kind.label}, for ${oneDecimal.format(seconds)} s…`;

  const deadline = start + seconds * 1000;
  for (let now = start; now < deadline && !signal.aborted; now = performance.now()) {
    kind.writeUntil(Math.min(now + SLICE_MS, deadline), run);
    await yieldToBrowser();
  }

  run.end = performance.now();
  setFlooding(false);
  showFigures();
  const elapsed = (run.end - run.start) / 1000;
  status.textContent =
    `${signal.aborted ? 'Stopped' : 'Done'}: wrote ${integer.format(run.lines)} lines ` +
    `(${oneDecimal.format(run.chars / 1e6)} MB) in ${oneDecimal.format(elapsed)} s.`;
}

function setFlooding(flooding) {
  const focused = document.activeElement;
  floodChunksButton.disabled = flooding;
  floodLinesButton.disabled = flooding;
  stopButton.disabled = !flooding;
  // A button disabled under the keyboard drops focus to the page; hand it to the one that now acts.
  if (focused?.disabled) (flooding ? stopButton : floodChunksButton).focus();
}

function readDuration() {
  const seconds = durationInput.valueAsNumber;
  const valid = seconds >= MIN_DURATION_S && seconds <= MAX_DURATION_S;
  durationError.textContent = valid ? '' : `Enter a duration from ${MIN_DURATION_S} to ${MAX_DURATION_S} seconds.`;
  durationInput.setAttribute('aria-invalid', String(!valid));
  return valid ? seconds : null;
}

function startFlood(kind) {
  const seconds = readDuration();
  if (seconds !== null) flood(kind, seconds);
}

floodChunksButton.addEventListener('click', () => startFlood(floodKinds.chunks));
floodLinesButton.addEventListener('click', () => startFlood(floodKinds.lines));
stopButton.addEventListener('click', () => stopController?.abort());
durationInput.addEventListener('change', readDuration);

byId('hello').addEventListener('click', () => {
  consoleElement.writeln('Hello from the demo page!');
  consoleElement.write('\x1b[32m✔\x1b[0m ANSI colours work; the next line goes to stderr.\n');
  consoleElement.write('oops\n', 'stderr');
  showFigures();
});

byId('clear').addEventListener('click', () => {
  consoleElement.clear();
  nextLineNumber = 1;
  showFigures();
});

maxLinesInput.addEventListener('change', () => {
  try {
    consoleElement.maxLines = maxLinesInput.valueAsNumber;
    maxLinesError.textContent = '';
    maxLinesInput.setAttribute('aria-invalid', 'false');
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    maxLinesError.textContent = error.message;
    maxLinesInput.setAttribute('aria-invalid', 'true');
  }
  showFigures();
});

// ---- Figures --------------------------------------------------------------

/** Frame timestamps of the last second, plus the one before it so the first gap is known. */
const frameTimes = [];

function countFrame(time) {
  frameTimes.push(time);
  while (frameTimes.length > 1 && frameTimes[1] < time - 1000) frameTimes.shift();
  requestAnimationFrame(countFrame);
}
requestAnimationFrame(countFrame);

function frameFigures(now) {
  const windowStart = now - 1000;
  let frames = 0;
  let worstGap = 0;
  for (let i = 0; i < frameTimes.length; i++) {
    if (frameTimes[i] >= windowStart) frames++;
    if (i > 0) worstGap = Math.max(worstGap, frameTimes[i] - frameTimes[i - 1]);
  }
  // A frame still awaited counts too: a page that stopped drawing has a growing gap.
  if (frameTimes.length > 0) worstGap = Math.max(worstGap, now - frameTimes.at(-1));
  return { frames, worstGap };
}

function showFigures() {
  const now = performance.now();
  if (run !== null) {
    const elapsed = ((run.end ?? now) - run.start) / 1000;
    if (elapsed > 0) {
      figures.mbPerSecond.textContent = oneDecimal.format(run.chars / 1e6 / elapsed);
      figures.linesPerSecond.textContent = integer.format(Math.round(run.lines / elapsed));
    }
    progress.value = run.end === null ? Math.min(1, elapsed / run.seconds) : 1;
  }
  figures.retained.textContent = integer.format(consoleElement.lineCount);
  figures.dropped.textContent = integer.format(consoleElement.droppedLines);
  const { frames, worstGap } = frameFigures(now);
  figures.fps.textContent = integer.format(frames);
  figures.worstGap.textContent = integer.format(Math.round(worstGap));
}

setInterval(showFigures, FIGURES_INTERVAL_MS);
showFigures();
