// Reading suite: copy everything and find (a rare and a common query) at each
// capacity, <bounded-console> against xterm.js's search addon in the same run.

export const READING_CAPACITIES = [1000, 100_000, 1_000_000];

export async function runReadingSuite(session, options, log) {
  const runs = [];
  for (const capacity of options.reading?.capacities ?? READING_CAPACITIES) {
    let result;
    try {
      result = await session.withPage((page) => page.call('reading', { capacity, reps: 3 }));
    } catch (error) {
      result = { capacity, error: error.message };
    }
    runs.push(result);
    log(`reading ${String(capacity).padStart(9)} lines  ${summary(result)}`);
  }
  return runs;
}

function summary(run) {
  if (run.error) return `failed: ${run.error}`;
  const side = (name, subject) =>
    subject.skipped
      ? `${name}: ${subject.skipped}`
      : `${name}: copy ${subject.copyMs.toFixed(1)} ms${subject.copyPartMs === undefined ? '' : ` (all but the ends ${subject.copyPartMs.toFixed(1)} ms)`}; find rare first ${subject.find.rare.firstMs.toFixed(1)} / count ${subject.find.rare.countMs.toFixed(1)} ms (${subject.find.rare.count}); common first ${subject.find.common.firstMs.toFixed(1)} / count ${subject.find.common.countMs.toFixed(1)} ms (${subject.find.common.count}); worst frame gap ${Math.max(subject.find.rare.frameGapMaxMs, subject.find.common.frameGapMaxMs).toFixed(0)} ms; ${wrapSummary(name, subject.wrap)}`;
  return [side('ours', run.ours), side('xterm', run.xterm)].join(' | ');
}

/** Ours: wrap turned on (shown, every line measured); xterm: the resize that reflows its buffer to as narrow a width. */
function wrapSummary(name, wrap) {
  if (wrap === undefined) return '';
  const what = name === 'ours' ? `wrap on: shown ${wrap.shownMs.toFixed(1)} ms, all measured ${wrap.measuredMs.toFixed(0)} ms` : `resize to 48 columns (reflow) ${wrap.shownMs.toFixed(1)} ms`;
  return `${what}, worst frame gap ${wrap.frameGapMaxMs.toFixed(0)} ms, ${wrap.longTasks} long tasks`;
}
