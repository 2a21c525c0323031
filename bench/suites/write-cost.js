// write()-cost suite: on one fresh page, the per-call cost of write() for 14- and
// 80-character writes, apply excluded (see bench/page/write-cost.js).

export async function runWriteCostSuite(session, options, log) {
  const result = { ...options.writeCost };
  try {
    result.cells = await session.withPage((page) => page.call('writeCost', options.writeCost));
  } catch (error) {
    result.error = error.message;
  }
  for (const cell of result.cells ?? []) {
    const events = cell.events > 0 ? `, ${cell.events} slow blocks (clip, apply or GC) of ${cell.eventMsEach.toFixed(2)} ms (${cell.eventNsPerCall.toFixed(1)} ns per call)` : '';
    log(`write   ${cell.target.padEnd(16)} ${String(cell.size).padStart(3)} chars  ${cell.nsPerCall.toFixed(1)} ns per call (fastest rep ${cell.nsPerCallMin?.toFixed(1)}, queue alone ${cell.queueNsPerCall.toFixed(1)} ns)${events}`);
  }
  if (result.error) log(`write   failed: ${result.error}`);
  return result;
}
