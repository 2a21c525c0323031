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

/**
 * Append cost against capacity for <bounded-console>, with the capacities
 * interleaved in time on one page (see runAppendInterleaved in the page): the
 * per-capacity groups above run minutes apart, and this machine's speed drifts by
 * up to 2× over seconds, so they cannot tell a capacity's cost from a moment's.
 */
export async function runFlatnessSuite(session, options, log) {
  const flat = options.flat;
  const capacities = [...options.capacities].filter((capacity) => capacity >= flat.minCapacity).sort((a, b) => a - b);
  if (flat.rounds === 0 || capacities.length < 2) return null;
  const started = Date.now();
  const result = { capacities, rounds: flat.rounds };
  try {
    result.cells = await session.withPage((page) =>
      page.call('appendInterleaved', {
        subject: 'bounded-console',
        capacities,
        perCalls: flat.perCalls,
        rounds: flat.rounds,
        warmupMs: flat.warmupMs,
        timeMs: flat.timeMs,
        minIterations: options.minIterations,
        cellLimitMs: options.cellLimitMs,
      }),
    );
  } catch (error) {
    result.error = error.message;
  }
  const ones = (result.cells ?? []).filter((cell) => cell.perCall === 1).map((cell) => cell.p50Ms);
  const spread = ones.length > 1 ? `, max/min ×${(Math.max(...ones) / Math.min(...ones)).toFixed(2)}` : '';
  log(`append  interleaved capacities ${result.error ? `failed: ${result.error}` : `1 line/call ${ones.map((v) => v.toFixed(3)).join(' ')} ms${spread}`}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}
