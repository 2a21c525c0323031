// Pacing suite: for each subject, on fresh pages, frame pacing under bursts (N lines
// in calls of K lines, one call per task) and the cost of one append the way a page
// sees it, beside the same append settled back to back (see bench/page/pacing.js).

/** The DOM log that clears on overflow keeps one line after appending one to a full log: no full buffer to measure. */
const NOT_FULL_AFTER_APPEND = ['dom-log-clear'];

export async function runPacingSuite(session, subjects, options, log) {
  const { totalLines, perCall, bursts, minMs, maxMs, capacity, samples } = options.pacing;
  const runs = [];
  for (const subject of subjects.filter((s) => capacity <= s.maxCapacity && !NOT_FULL_AFTER_APPEND.includes(s.id))) {
    const run = { subject: subject.id, capacity };
    try {
      run.burst = await session.withPage((page) => page.call('burst', { subject: subject.id, capacity, totalLines, perCall, bursts, minMs, maxMs }));
    } catch (error) {
      run.burst = { error: error.message };
    }
    // The producer alone is the floor under the bursts' frame gaps; it has no append to see.
    if (subject.id !== 'producer-only') {
      try {
        run.appendSeen = await session.withPage((page) => page.call('appendSeen', { subject: subject.id, capacity, samples }));
      } catch (error) {
        run.appendSeen = { error: error.message };
      }
    }
    runs.push(run);
    log(`pacing  ${subject.id.padEnd(16)} ${String(capacity).padStart(7)} lines  ${summary(run)}`);
  }
  return runs;
}

function summary({ burst, appendSeen }) {
  const parts = [];
  if (burst.error) parts.push(`burst failed: ${burst.error}`);
  else {
    const gaps = burst.frameGapMs;
    parts.push(`burst: frame gap p50/p99/max ${gaps.p50?.toFixed(1)}/${gaps.p99?.toFixed(1)}/${gaps.max?.toFixed(1)} ms, longest task ${burst.longTasks.count ? `${burst.longTasks.maxMs.toFixed(0)} ms` : '< 50 ms'}, ${burst.linesPerSec} lines/s`);
  }
  if (appendSeen === undefined) return parts.join('; ');
  if (appendSeen.error) parts.push(`append failed: ${appendSeen.error}`);
  else {
    const { seen, settledFreshMs, backToBackMs } = appendSeen;
    parts.push(`append: seen ${seen.seenMs.p50.toFixed(2)} ms (write ${seen.writeMs.p50.toFixed(3)}, frame ${seen.frameMs.p50.toFixed(2)} of which callbacks ${seen.callbacksMs.p50.toFixed(2)}, wall ${seen.wallMs.p50.toFixed(1)}), settled fresh ${settledFreshMs.p50.toFixed(3)}, back to back ${backToBackMs.p50.toFixed(3)} ms`);
  }
  return parts.join('; ');
}
