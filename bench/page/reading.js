// Reading suite, in the page: copying and finding over everything a console keeps,
// <bounded-console> against xterm.js with its search addon, at the same capacity.
import { Terminal } from '@xterm/xterm';
import { SearchAddon } from '@xterm/addon-search';
import { nextFrame, round3, startMonitors, summarize } from './measure.js';
import { lineBlock } from './text.js';

/** One line in this many holds the rare query, so a find must scan nearly everything. */
const RARE_EVERY = 10_000;
const RARE = 'needle';
/** In most lines of the filler text: a find with many matches. */
const COMMON = 'fox';

/** `count` 80-character lines, one in RARE_EVERY with the rare query in it. */
function text(count) {
  const { text: base } = lineBlock(count, 80);
  return base.replace(/^(\d*0000) /gm, `$1 ${RARE} `);
}

const median = (values) => summarize(values).p50;

/**
 * The string as the clipboard gets it: V8 may hand back a rope of the pieces it was
 * joined from, flattened only when read; a search through it reads it all.
 */
function flat(text) {
  text.indexOf('\u0000');
  return text;
}

/** Runs `find` and reports when the first match was shown, when the count was final, and the main thread meanwhile. */
async function timeFind(el, query) {
  const monitors = startMonitors();
  // A frame first, so a find that blocks the thread shows as a frame gap.
  await nextFrame();
  const start = performance.now();
  let firstMs = null;
  const onChange = (event) => {
    if (firstMs === null && event.index >= 0) firstMs = performance.now() - start;
  };
  el.addEventListener('find-change', onChange);
  const result = await el.find(query);
  const countMs = performance.now() - start;
  el.removeEventListener('find-change', onChange);
  await nextFrame();
  const watched = monitors();
  el.clearFind();
  return { firstMs: round3(firstMs ?? countMs), countMs: round3(countMs), count: result.count, frameGapMaxMs: round3(watched.frameGapMs.max ?? 0), longTasks: watched.longTasks.count };
}

async function ours(capacity, reps, stage) {
  const el = document.createElement('bounded-console');
  el.setAttribute('max-lines', String(capacity));
  el.style.height = '400px';
  stage.append(el);
  await el.updateComplete;
  el.write(text(capacity));
  await el.flush();
  const copy = [];
  let copied = 0;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    el.selectAll();
    copied = flat(el.selectedText).length;
    copy.push(performance.now() - start);
    el.clearSelection();
    await nextFrame();
  }
  // A selection of all but the first and last lines: the text is cut from the buffer, not taken whole.
  const partial = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    el.select({ seq: 1, col: 3 }, { seq: capacity - 2, col: 5 });
    flat(el.selectedText);
    partial.push(performance.now() - start);
    el.clearSelection();
    await nextFrame();
  }
  const finds = { rare: [], common: [] };
  for (let i = 0; i < reps; i++) {
    finds.rare.push(await timeFind(el, RARE));
    finds.common.push(await timeFind(el, COMMON));
  }
  const wrap = await timeWrap(el, reps);
  el.remove();
  return { copyMs: round3(median(copy)), copyPartMs: round3(median(partial)), copiedChars: copied, find: summarizeFinds(finds), wrap };
}

/** Waits until the console asks for no more frames (its wrap measuring, or copying kept text), at most 60 s. */
async function idle(el) {
  const until = performance.now() + 60_000;
  while (el.scheduler.framePending && performance.now() < until) await nextFrame();
}

/**
 * Soft wrap turned on over everything kept, in a viewport narrower than the lines: when
 * the view shows them wrapped (flush() resolves), when every line has been measured
 * (the console asks for no more frames), and the main thread meanwhile.
 */
async function timeWrap(el, reps) {
  el.style.width = '400px';
  await el.flush();
  await idle(el);
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const monitors = startMonitors();
    await nextFrame();
    const start = performance.now();
    el.wrap = true;
    await el.flush();
    const shownMs = performance.now() - start;
    await idle(el);
    const measuredMs = performance.now() - start;
    await nextFrame();
    const watched = monitors();
    runs.push({ shownMs, measuredMs, frameGapMaxMs: watched.frameGapMs.max ?? 0, longTasks: watched.longTasks.count });
    el.wrap = false;
    await el.flush();
    await idle(el);
  }
  return summarizeRuns(runs);
}

/** Medians of each figure over runs, and the worst frame gap and long-task count. */
function summarizeRuns(runs) {
  const out = {};
  for (const key of Object.keys(runs[0])) {
    const values = runs.map((run) => run[key]);
    out[key] = round3(key === 'frameGapMaxMs' || key === 'longTasks' ? Math.max(...values) : median(values));
  }
  return out;
}

/** xterm.js always wraps: the same narrowing is a resize, which reflows its whole buffer. */
async function timeReflow(term, reps) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const monitors = startMonitors();
    await nextFrame();
    const start = performance.now();
    term.resize(48, term.rows);
    const shownMs = performance.now() - start;
    await nextFrame();
    const watched = monitors();
    runs.push({ shownMs, measuredMs: shownMs, frameGapMaxMs: watched.frameGapMs.max ?? 0, longTasks: watched.longTasks.count });
    term.resize(100, term.rows);
    await nextFrame();
  }
  return summarizeRuns(runs);
}

function summarizeFinds(finds) {
  const out = {};
  for (const [kind, runs] of Object.entries(finds)) {
    out[kind] = {
      firstMs: round3(median(runs.map((run) => run.firstMs))),
      countMs: round3(median(runs.map((run) => run.countMs))),
      count: runs[0].count,
      frameGapMaxMs: round3(Math.max(...runs.map((run) => run.frameGapMaxMs))),
      longTasks: Math.max(...runs.map((run) => run.longTasks)),
    };
  }
  return out;
}

async function xterm(capacity, reps, stage) {
  const host = document.createElement('div');
  host.style.height = '400px';
  stage.append(host);
  const term = new Terminal({ scrollback: capacity, cols: 100, rows: 24, convertEol: true, allowProposedApi: true });
  const search = new SearchAddon();
  term.loadAddon(search);
  term.open(host);
  const all = text(capacity);
  for (let at = 0; at < all.length; at += 1 << 20) await new Promise((resolve) => term.write(all.slice(at, at + (1 << 20)), resolve));
  const copy = [];
  let copied = 0;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    term.selectAll();
    copied = flat(term.getSelection()).length;
    copy.push(performance.now() - start);
    term.clearSelection();
    await nextFrame();
  }
  const finds = { rare: [], common: [] };
  for (let i = 0; i < reps; i++) {
    for (const [kind, query] of [
      ['rare', RARE],
      ['common', COMMON],
    ]) {
      // With decorations the addon counts every match (its "3 of 120"), as a find bar shows it.
      const monitors = startMonitors();
      await nextFrame();
      const start = performance.now();
      const counted = new Promise((resolve) => {
        const subscription = search.onDidChangeResults((event) => {
          subscription.dispose();
          resolve(event.resultCount);
        });
      });
      search.findNext(query, { decorations: { matchOverviewRuler: '#888', activeMatchColorOverviewRuler: '#f80' } });
      const firstMs = performance.now() - start;
      const count = await counted;
      const countMs = performance.now() - start;
      await nextFrame();
      const watched = monitors();
      search.clearDecorations();
      finds[kind].push({ firstMs: round3(firstMs), countMs: round3(countMs), count, frameGapMaxMs: round3(watched.frameGapMs.max ?? 0), longTasks: watched.longTasks.count });
    }
  }
  const wrap = await timeReflow(term, reps);
  term.dispose();
  host.remove();
  return { copyMs: round3(median(copy)), copiedChars: copied, find: summarizeFinds(finds), wrap };
}

/** Both subjects at one capacity (xterm only up to `xtermMax`: about 1.2 kB a line at 100 columns). */
export async function runReading({ capacity, reps = 3, xtermMax = 1_000_000 }, stage) {
  const result = { capacity, ours: await ours(capacity, reps, stage) };
  if (capacity <= xtermMax) result.xterm = await xterm(capacity, reps, stage);
  else result.xterm = { skipped: `not run above ${xtermMax.toLocaleString()} lines: about 1.2 kB of buffer a line` };
  return result;
}
