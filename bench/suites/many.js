// Many-consoles suite: a hundred <bounded-console> on one page, all fed at once.

const MB = 1e6;

export async function runManySuite(session, options, log) {
  const settings = { ...options.many, durationMs: options.durationMs };
  const result = { ...settings };
  try {
    await session.withPage(async (page) => {
      const heapBefore = await page.heap();
      Object.assign(result, await page.call('many', settings));
      result.heapBefore = heapBefore;
      result.heapAfter = await page.heap();
      await page.call('release');
      result.heapReleased = await page.heap();
    });
    log(
      `many    ${result.count} consoles x ${(result.mbPerSecPerConsole).toFixed(2)} MB/s: frame gap p99 ${result.frameGapMs.p99.toFixed(1)} ms, ` +
        `${result.schedulerFrames} scheduler frames for ${result.animationFrames} animation frames, ${result.clientsPerFrame.mean} consoles per frame, ` +
        `heap ${(result.heapBefore.total / MB).toFixed(1)} -> ${(result.heapAfter.total / MB).toFixed(1)} MB (held ${((result.heapAfter.total - result.heapReleased.total) / MB).toFixed(1)})`,
    );
  } catch (error) {
    result.error = error.message;
    log(`many    failed: ${error.message}`);
  }
  return result;
}
