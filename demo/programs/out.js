// Blocking writes to stdout (fd 1) and stderr (fd 2), as a C program makes them:
// when the pipe is full the program waits in write(), which is what lets the demo
// server's backpressure reach it. A closed pipe (the server stopped the run) ends it.
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `data` (a string or bytes) to `fd`. */
export function writeAll(fd, data) {
  let bytes = typeof data === 'string' ? Buffer.from(data) : data;
  while (bytes.length > 0) {
    let written;
    try {
      written = writeSync(fd, bytes);
    } catch (error) {
      if (error.code === 'EPIPE') process.exit(0);
      // A descriptor someone made non-blocking: wait a moment, as a blocked write would.
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    bytes = bytes.subarray(written);
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Parses argv[index] as a positive integer, or exits with usage. */
export function intArg(index, name) {
  const value = Number(process.argv[index]);
  if (!Number.isSafeInteger(value) || value < 1) {
    process.stderr.write(`usage: ${name}\n`);
    process.exit(2);
  }
  return value;
}
