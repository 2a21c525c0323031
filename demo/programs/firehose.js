// Writes numbered 80-column lines as fast as the pipe takes them, 64 KiB per write,
// for SECONDS seconds. Usage: firehose.js SECONDS. Each write blocks while the pipe
// is full, so the reader sets the pace.
import { intArg, writeAll } from './out.js';

const seconds = intArg(2, 'firehose.js SECONDS');
const LINE = 80;
const LINES_PER_WRITE = Math.floor((64 * 1024) / LINE);
const DIGITS = 12;
const FILLER = ' the quick brown fox jumps over the lazy dog, pack my box with five dozen jugs.';
const template = Buffer.alloc(LINE * LINES_PER_WRITE);
for (let i = 0; i < LINES_PER_WRITE; i++) {
  template.write(`firehose ${'0'.repeat(DIGITS)}${FILLER}`.slice(0, LINE - 1) + '\n', i * LINE, 'latin1');
}
const FIRST_DIGIT = 'firehose '.length;

let number = 0;
const deadline = performance.now() + seconds * 1000;
while (performance.now() < deadline) {
  const chunk = Buffer.from(template);
  for (let i = 0; i < LINES_PER_WRITE; i++) {
    // The line number, written into the template's zeros from the right.
    let n = ++number;
    for (let at = i * LINE + FIRST_DIGIT + DIGITS - 1; n > 0; at--, n = Math.floor(n / 10)) chunk[at] = 48 + (n % 10);
  }
  writeAll(1, chunk);
}
