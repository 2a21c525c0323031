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

/** The suite's table in the report: one row per variant, flood and one-line append side by side. */
export function notebookTable(notebook) {
  const label = { jupyterlab: 'JupyterLab default renderer', 'bounded-console': 'ours, RawStreamOutputAreaModel', 'bounded-console-labmodel': "ours, JupyterLab's OutputAreaModel" };
  const fixed = (value, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : '-');
  const rows = notebook.flood.map((run) => {
    const append = notebook.append.find((a) => a.variant === run.variant);
    const appendCell = !append || append.error ? `failed: ${append?.error ?? 'not run'}` : `${fixed(append.appendMs.p50, 2)} / ${fixed(append.appendMs.max, 2)}`;
    if (run.error) return [label[run.variant] ?? run.variant, `failed: ${run.error}`, '', '', '', appendCell];
    return [
      label[run.variant] ?? run.variant,
      run.complete ? `all, ${(run.shownMs / 1000).toFixed(2)} s${run.lastLineShown ? '' : ' (last line not shown)'}` : `not done in ${(run.timeLimitMs / 1000).toFixed(0)} s: ${run.linesSent.toLocaleString('en')} lines`,
      run.linesPerSec.toLocaleString('en'),
      `${fixed(run.frameGapMs.p50)} / ${fixed(run.frameGapMs.p99)} / ${fixed(run.frameGapMs.max)}`,
      fixed(run.longTasks.maxMs, 0),
      appendCell,
    ];
  });
  const { linesPerSec, appendMedian } = notebook.ratios;
  const first = notebook.flood[0] ?? {};
  return {
    title: `JupyterLab OutputArea: ${first.totalLines?.toLocaleString('en')} print() lines in ${first.perMessage?.toLocaleString('en')}-line stream messages (ours / default: ${fixed(linesPerSec, 0)}x lines/s, default / ours: ${fixed(appendMedian, 0)}x per appended line)`,
    headers: ['variant', 'last line shown', 'lines/s', 'frame gap p50/p99/max ms', 'longest task ms', 'one line into 10,000: median / max ms'],
    rows,
  };
}
