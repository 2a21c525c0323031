// Notebook suite: JupyterLab's real OutputArea with its default renderer against
// bounded-console/jupyterlab, in the same run (bench/page/notebook.js). A flood of
// print() lines in large stream messages, capped in time for the default renderer
// (it needed 462 s for 200,000 lines in the issue's run), and the cost of one line
// appended to an output already holding 10,000.

const VARIANTS = ['jupyterlab', 'bounded-console', 'bounded-console-labmodel'];

export async function runNotebookSuite(session, options, log) {
  const { totalLines, perMessage, timeLimitMs, maxLines, appendLines, samples } = options.notebook;
  const flood = [];
  const append = [];
  for (const variant of VARIANTS) {
    const run = await measure(session, 'notebookFlood', { variant, totalLines, perMessage, timeLimitMs, maxLines });
    flood.push(run);
    log(`notebook flood  ${variant.padEnd(24)} ${floodSummary(run)}`);
  }
  for (const variant of VARIANTS) {
    const run = await measure(session, 'notebookAppend', { variant, lines: appendLines, samples, maxLines });
    append.push(run);
    log(`notebook append ${variant.padEnd(24)} ${run.error ? `failed: ${run.error}` : `one line into ${appendLines} lines: median ${run.appendMs.p50.toFixed(2)} ms, max ${run.appendMs.max.toFixed(2)} ms`}`);
  }
  const ratios = compare(flood, append);
  if (ratios.appendMedian !== null) log(`notebook         one line appended: default renderer / ours = ${ratios.appendMedian.toFixed(0)}x`);
  if (ratios.linesPerSec !== null) log(`notebook         flood throughput: ours / default renderer = ${ratios.linesPerSec.toFixed(0)}x`);
  return { flood, append, ratios };
}

async function measure(session, call, args) {
  try {
    return await session.withPage((page) => page.call(call, args));
  } catch (error) {
    return { ...args, error: error.message };
  }
}

function floodSummary(run) {
  if (run.error) return `failed: ${run.error}`;
  const done = run.complete ? `all ${run.linesSent.toLocaleString('en')} lines` : `not done in ${(run.timeLimitMs / 1000).toFixed(0)} s: ${run.linesSent.toLocaleString('en')} lines sent`;
  return [
    `${done}, last shown after ${(run.shownMs / 1000).toFixed(2)} s${run.lastLineShown ? '' : ' (last line NOT shown)'}`,
    `${run.linesPerSec.toLocaleString('en')} lines/s`,
    `frame gaps p50 ${run.frameGapMs.p50?.toFixed(1)} / p99 ${run.frameGapMs.p99?.toFixed(1)} / max ${run.frameGapMs.max?.toFixed(1)} ms`,
    `longest task ${run.longTasks.maxMs.toFixed(0)} ms`,
  ].join(', ');
}

/** Ours (raw-stream model) against the default renderer, same run. */
function compare(flood, append) {
  const find = (runs, variant) => runs.find((run) => run.variant === variant && !run.error);
  const [defaultFlood, oursFlood] = [find(flood, 'jupyterlab'), find(flood, 'bounded-console')];
  const [defaultAppend, oursAppend] = [find(append, 'jupyterlab'), find(append, 'bounded-console')];
  return {
    linesPerSec: defaultFlood && oursFlood ? oursFlood.linesPerSec / defaultFlood.linesPerSec : null,
    appendMedian: defaultAppend && oursAppend ? defaultAppend.appendMs.p50 / oursAppend.appendMs.p50 : null,
  };
}
