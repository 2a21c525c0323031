// Flood suite: each workload into each subject for a fixed time, on a fresh page,
// with the heap measured before the subject exists, after the flood (subject
// alive) and once the subject is destroyed (the difference is what it held); then <bounded-console> streaming a fixed volume as fast as it takes it.

const MB = 1e6;

export async function runFloodSuite(session, subjects, options, log) {
  const runs = [];
  for (const workload of options.workloads) {
    for (const subject of subjects) {
      const capacities = subject.id === 'bounded-console' ? options.floodCapacities : options.peerCapacities;
      for (const capacity of capacities.filter((capacity) => capacity <= subject.maxCapacity)) {
        const run = await measure(session, { workload, subject: subject.id, capacity, durationMs: options.durationMs, sliceMs: options.sliceMs, warmupMs: options.floodWarmupMs });
        runs.push(run);
        log(`flood   ${workload.padEnd(9)} ${subject.id.padEnd(16)} ${String(capacity).padStart(9)} lines  ${summary(run)}`);
      }
    }
  }
  return runs;
}

/** Streams `options.streamBytes` of plain 64 KB chunks into <bounded-console>, the producer yielding only every 50 ms. */
export async function runStreamSuite(session, options, log) {
  const runs = [];
  if (options.streamBytes <= 0) return runs;
  for (const capacity of options.streamCapacities) {
    const run = await measure(session, { workload: 'plain', subject: 'bounded-console', capacity, totalBytes: options.streamBytes, sliceMs: 50 });
    runs.push(run);
    log(`stream  ${(options.streamBytes / 1024 ** 3).toFixed(2)} GiB bounded-console ${String(capacity).padStart(9)} lines  ${summary(run)}`);
  }
  return runs;
}

async function measure(session, { workload, subject, capacity, ...run }) {
  const result = { workload, subject, capacity };
  try {
    await session.withPage(async (page) => {
      await page.call('prepareFlood', workload);
      const heapBefore = await page.heap();
      Object.assign(result, await page.call('flood', { subject, capacity, ...run }));
      result.heapBefore = heapBefore;
      result.heapAfter = await page.heap();
      result.retainedChars = await page.call('retainedChars');
      await page.call('release');
      result.heapReleased = await page.heap();
    });
  } catch (error) {
    result.error = error.message;
  }
  return result;
}

function summary(run) {
  if (run.error) return `failed: ${run.error}`;
  const work = run.schedulerWorkMs ?? run.frameCallbackMs;
  return [
    `${run.mbPerSec.toFixed(1)} MB/s`,
    `frame gap p99 ${run.frameGapMs.p99?.toFixed(1)} ms`,
    `event loop p99 ${run.eventLoopLateMs.p99?.toFixed(1)} ms`,
    `work p99 ${work.p99?.toFixed(2) ?? '-'} ms`,
    `heap ${(run.heapBefore.total / MB).toFixed(1)} -> ${(run.heapAfter.total / MB).toFixed(1)} MB (held ${((run.heapAfter.total - run.heapReleased.total) / MB).toFixed(1)})`,
  ].join(', ');
}
