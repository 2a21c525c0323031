// Several progress bars redrawn in place, with log lines printed above them, as
// tqdm (position=…) and rich's Progress draw theirs: each redraw moves the cursor
// up over the bars and erases each line. The demo runs this when neither
// python3-tqdm nor python3-rich is installed. Usage: multibar.js BARS SECONDS.
import { intArg, sleep, writeAll } from './out.js';

const bars = intArg(2, 'multibar.js BARS SECONDS');
const seconds = intArg(3, 'multibar.js BARS SECONDS');
const WIDTH = 32;
const FRAME_MS = 20;
const workers = Array.from({ length: bars }, (_, i) => ({ name: `worker ${i + 1}`, speed: 0.15 + 0.11 * i, done: 0, batch: 1 }));

function line({ name, done, batch }) {
  const filled = Math.floor(done * WIDTH);
  return (
    `\r\x1b[K${name}: batch ${String(batch).padStart(3)} ${String(Math.floor(done * 100)).padStart(3)}%|` +
    `\x1b[32m${'█'.repeat(filled)}\x1b[39m${' '.repeat(WIDTH - filled)}| ${Math.floor(done * 1000)}/1000`
  );
}

const draw = () => workers.map(line).join('\n');
writeAll(1, draw());
const start = performance.now();
let last = start;
while (performance.now() - start < seconds * 1000) {
  await sleep(FRAME_MS);
  const now = performance.now();
  const dt = (now - last) / 1000;
  last = now;
  // Back to the first bar's line, then log lines (they push the bars down), then the bars again.
  let out = bars > 1 ? `\x1b[${bars - 1}A` : '';
  for (const worker of workers) {
    worker.done += worker.speed * dt;
    if (worker.done >= 1) {
      out += `\r\x1b[K\x1b[1m${worker.name}\x1b[22m finished batch ${worker.batch}\n`;
      worker.done -= 1;
      worker.batch++;
    }
  }
  writeAll(1, out + draw());
}
writeAll(1, '\n');
