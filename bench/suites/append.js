// Append-cost suite: for each capacity, each subject on a fresh page measures all
// its (case, lines per call) cells. Capacities are the outer loop so that noise
// from other work on the machine falls on all subjects alike.
import { perCallsFor } from '../lib/options.js';

export async function runAppendSuite(session, subjects, options, log) {
  const groups = [];
  const capacities = [...options.capacities].sort((a, b) => a - b);
  for (const capacity of capacities) {
    for (const subject of subjects) {
      if (capacity > subject.maxCapacity) continue;
      const perCalls = perCallsFor(options.perCalls, capacity, options.perCallsLimitedAt);
      const started = Date.now();
      const group = { subject: subject.id, capacity };
      try {
        group.cells = await session.withPage((page) =>
          page.call('append', {
            subject: subject.id,
            capacity,
            cases: options.cases,
            perCalls,
            warmupMs: options.warmupMs,
            timeMs: options.timeMs,
            minIterations: options.minIterations,
            timeoutMs: options.timeoutMs,
            cellLimitMs: options.cellLimitMs,
          }),
        );
      } catch (error) {
        group.error = error.message;
      }
      groups.push(group);
      log(`append  ${subject.id.padEnd(16)} ${String(capacity).padStart(9)} lines  ${summary(group)}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  return groups;
}

/** One line per group: the full-buffer cost of the smallest and largest call. */
function summary(group) {
  if (group.error) return `failed: ${group.error}`;
  const full = group.cells.filter((cell) => cell.case === 'full');
  const show = (cell) => (cell === undefined ? '' : `${cell.perCall}/call ${cell.status === 'ok' ? `${cell.meanMs.toFixed(3)} ms` : cell.status}`);
  return [show(full[0]), show(full.at(-1))].filter(Boolean).join(', ');
}
