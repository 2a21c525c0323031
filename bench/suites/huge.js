// Single-huge-write suite: for each size and content, a fresh page writes N MiB into
// <bounded-console> in one call, a few times, and reports the longest task it caused.

export async function runHugeSuite(session, options, log) {
  const runs = [];
  for (const mib of options.huge.sizes) {
    for (const content of options.huge.contents) {
      const result = { content, mib };
      try {
        Object.assign(result, await session.withPage((page) => page.call('huge', { content, mib, reps: options.huge.reps, capacity: options.huge.capacity })));
      } catch (error) {
        result.error = error.message;
      }
      runs.push(result);
      log(`huge    ${content.padEnd(9)} ${String(mib).padStart(4)} MiB  ${summary(result)}`);
    }
  }
  return runs;
}

function summary(run) {
  if (run.error) return `failed: ${run.error}`;
  const gbPerSec = run.chars / run.longestMs.p50 / 1e6;
  return [
    `longest task ${run.longestMs.p50.toFixed(1)} ms (${gbPerSec.toFixed(2)} GB/s; write ${run.writeMs.p50.toFixed(1)}, frame ${run.frameMs.p50.toFixed(1)} ms)`,
    `target ${(run.mib / 2 + 1000 / 60).toFixed(1)} ms`,
    `indexOf pass ${run.indexOfPassMs.toFixed(1)} ms, newline count ${run.newlineCountMs.toFixed(1)} ms`,
    `${run.runs.at(-1).lineCount} lines, ${run.runs.at(-1).droppedLines} dropped, ${run.runs.at(-1).truncatedChars} truncated`,
  ].join(', ');
}
