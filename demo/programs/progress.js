// One progress line redrawn with \r, as pip, curl and wget draw theirs, with a
// line kept at every tenth. Usage: progress.js SECONDS RATE (redraws per second).
import { intArg, sleep, writeAll } from './out.js';

const seconds = intArg(2, 'progress.js SECONDS RATE');
const rate = intArg(3, 'progress.js SECONDS RATE');
const TOTAL_MB = 4096;
const WIDTH = 30;
const TICK_MS = 10;

function bar(fraction, elapsed) {
  const filled = Math.round(fraction * WIDTH);
  const done = fraction * TOTAL_MB;
  const speed = elapsed > 0 ? done / elapsed : 0;
  const eta = Math.max(0, seconds - elapsed);
  return (
    `\r\x1b[1mdataset.tar\x1b[22m  \x1b[32m${'━'.repeat(filled)}\x1b[90m${'━'.repeat(WIDTH - filled)}\x1b[39m ` +
    `${(fraction * 100).toFixed(1).padStart(5)}%  ${done.toFixed(1).padStart(6)}/${TOTAL_MB} MB  ` +
    `\x1b[36m${speed.toFixed(1)} MB/s\x1b[39m  eta ${eta.toFixed(1)} s`
  );
}

const start = performance.now();
let redraws = 0;
let tenths = 0;
for (;;) {
  const elapsed = (performance.now() - start) / 1000;
  const fraction = Math.min(1, elapsed / seconds);
  const due = Math.max(1, Math.floor(elapsed * rate) - redraws);
  let out = '';
  for (let i = 0; i < due; i++) out += bar(fraction, elapsed);
  redraws += due;
  while (tenths < Math.floor(fraction * 10)) {
    tenths++;
    out += `\r\x1b[K\x1b[32m✔\x1b[39m part ${tenths}/10 verified (${redraws} redraws so far)\n` + bar(fraction, elapsed);
  }
  writeAll(1, out);
  if (fraction >= 1) break;
  await sleep(TICK_MS);
}
writeAll(1, `\n\x1b[1mdone:\x1b[22m ${redraws} redraws in ${seconds} s\n`);
