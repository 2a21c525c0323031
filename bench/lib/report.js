// Turns a results object into the terminal summary, latest.md, the HTML report and
// the two SVGs for the README. Every figure shown is read from the results JSON.
import { barPanel, escapeXml, formatNumber, legend, logLogPanel, svgDocument, text } from './charts.js';
import { notebookTable } from '../suites/notebook.js';

const MB = 1e6;
const MiB = 1024 * 1024;
const SUBJECT_COLORS = { 'bounded-console': '#1b9e77', 'dom-log': '#d95f02', 'dom-log-clear': '#7570b3', xterm: '#c51b7d', 'xterm-webgl': '#e7298a', patternfly: '#66a61e', 'ansi-up': '#a6761d', jupyterlab: '#e6ab02' };
const CAPACITY_COLORS = ['#08306b', '#2171b5', '#41ab5d', '#b8a000', '#e6550d', '#a50f15', '#54278f'];
const CASE_TITLES = { full: 'appending to a full buffer', clear: 'clearing, then appending', empty: 'appending to an empty widget' };
const WORKLOAD_TITLES = { plain: 'plain, 64 KB writes', lines: 'one line per write', lines100: '100 lines per write', sgr: 'coloured (SGR), 64 KB writes', progress: '\\r progress updates' };
/** Group labels under the bars, where space is short. */
const WORKLOAD_SHORT = { plain: 'plain', lines: '1 line/write', lines100: '100 lines/write', sgr: 'SGR', progress: '\\r progress' };
const FRAME_MS = 1000 / 60;
/** Issue #2's targets. */
const TARGET_MB_PER_SEC = 1000;
const TARGET_WORK_P99_MS = 4;
const HEAP_SLACK_BYTES = 4 * MiB;
/** Issue #4's targets. */
const TARGET_XTERM_RATIO = 50;
const TARGET_EVENT_LOOP_P99_MS = 20;
const TARGET_FLAT_RATIO = 2;
const TARGET_DOM_RATIO = 10;
const DOM_TARGET_CAPACITY = 50_000;
/** Issue #12's targets: a small write() under 100 ns, apply excluded; bursts paced at one frame (p99). */
const TARGET_WRITE_NS = 100;
/** Issue #9's target for one write of N MiB: its longest task at most N/2 ms plus one frame. */
const hugeTargetMs = (mib) => mib / 2 + FRAME_MS;

export function renderReport(results) {
  const subjects = results.subjects;
  const label = (id) => subjects.find((subject) => subject.id === id)?.label ?? id;
  const tables = [];
  const appendSubjects = subjects.filter((subject) => !subject.suites || subject.suites.includes('append'));
  if (results.append) tables.push(...appendTables(results, appendSubjects, label));
  const flatness = results.append ? flatnessTable(results) : null;
  if (flatness) tables.push(flatness);
  if (results.flood?.length) tables.push(floodTable(results, label));
  if (results.stream?.length) tables.push(streamTable(results));
  if (results.many) tables.push(manyTable(results.many));
  if (results.huge?.length) tables.push(hugeTable(results.huge));
  if (results.writeCost?.cells?.length) tables.push(writeCostTable(results.writeCost));
  if (results.pacing?.length) tables.push(...pacingTables(results.pacing, label));
  if (results.notebook) tables.push(notebookTable(results.notebook));
  const targets = checkTargets(results);
  const appendSvg = results.append ? appendChart(results, appendSubjects, label) : null;
  const floodSvg = results.flood?.length ? floodChart(results, subjects, label) : null;
  const heading = `bounded-console benchmarks: ${results.machine}, ${results.date.slice(0, 10)}`;
  const environment = describeEnvironment(results);
  return {
    terminal: [heading, environment, '', ...tables.map(toText), targetsText(targets)].join('\n'),
    markdown: [`# ${heading}`, '', environment, '', ...tables.map(toMarkdown), '## Targets (issues #2, #4, #9 and #12)', '', ...targets.map((t) => `- ${verdict(t)}: ${t.text}`), '', notes(results).markdown].join('\n') + '\n',
    html: toHtml(heading, environment, tables, targets, appendSvg, floodSvg, notes(results).items),
    appendSvg,
    floodSvg,
  };
}

function describeEnvironment({ environment: env, durationSec, options }) {
  const load = env.loadAverageAtStart ? `; load average ${env.loadAverageAtStart[0]} at start, ${env.loadAverageAtEnd[0]} at end` : '';
  return `${env.browser}, ${env.cpu} (${env.cores} cores, ${env.memoryGiB} GiB), Node ${env.node}, ${env.os}; build ${env.build}${load}; run took ${durationSec} s${options.quick ? ' (--quick)' : ''}.`;
}

// ---- Data access -------------------------------------------------------------

/** Median ms of one append cell, or null (timeout, skipped, missing). */
function cellMs(results, subject, capacity, caseId, perCall) {
  const group = results.append.find((g) => g.subject === subject && g.capacity === capacity);
  const cell = group?.cells?.find((c) => c.case === caseId && c.perCall === perCall);
  return cell?.status === 'ok' ? cell.p50Ms : null;
}

function cellStatus(results, subject, capacity, caseId, perCall) {
  const group = results.append.find((g) => g.subject === subject && g.capacity === capacity);
  if (group?.error) return 'error';
  return group?.cells?.find((c) => c.case === caseId && c.perCall === perCall)?.status ?? null;
}

function ratio(value, reference) {
  if (value === null || reference === null || reference === 0) return '';
  const r = value / reference;
  return `×${r >= 10 ? Math.round(r) : Number(r.toPrecision(2))}`;
}

function ms(value) {
  if (value === null || value === undefined) return '-';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3);
}

function mb(bytes) {
  return (bytes / MB).toFixed(1);
}

/** Heap the subject held: with it alive, minus once it was destroyed (same page, so no baseline drift). */
function held(run) {
  return run.heapAfter.total - run.heapReleased.total;
}

function heapCell(run) {
  return `${mb(run.heapBefore.total)} → ${mb(run.heapAfter.total)} (${mb(held(run))})`;
}

/** The widget's own per-frame work: the scheduler's report for the console, its frame callbacks for the others. */
function work(run) {
  return run.schedulerWorkMs ?? run.frameCallbackMs;
}

// ---- Tables ----------------------------------------------------------------

function appendTables(results, subjects, label) {
  const capacities = [...new Set(results.append.map((g) => g.capacity))].sort((a, b) => a - b);
  const peers = subjects.filter((s) => s.id !== 'bounded-console');
  const hasBounded = subjects.some((s) => s.id === 'bounded-console');
  return results.options.cases.map((caseId) => ({
    title: `Append cost, ${CASE_TITLES[caseId]}: median ms per call, layout included (× = subject / <bounded-console>)`,
    headers: ['lines kept', 'lines/call', ...subjects.map((s) => label(s.id))],
    rows: capacities.flatMap((capacity) =>
      [...new Set([1, capacity])].map((perCall) => {
        const reference = hasBounded ? cellMs(results, 'bounded-console', capacity, caseId, perCall) : null;
        return [
          formatNumber(capacity),
          perCall === capacity ? `${formatNumber(perCall)} (all)` : formatNumber(perCall),
          ...subjects.map((s) => {
            if (capacity > s.maxCapacity) return '';
            const value = cellMs(results, s.id, capacity, caseId, perCall);
            if (value === null) return cellStatus(results, s.id, capacity, caseId, perCall) ?? '-';
            return peers.includes(s) ? `${ms(value)} ${ratio(value, reference)}` : ms(value);
          }),
        ];
      }),
    ),
  }));
}

function floodTable(results, label) {
  const bounded = (run) => results.flood.find((r) => r.subject === 'bounded-console' && r.workload === run.workload && r.capacity === run.capacity && !r.error);
  return {
    title: `Flood, ${results.options.durationMs / 1000} s per run: throughput (× = subject / <bounded-console> at the same lines kept), frame gaps, event-loop lateness, widget work per frame, heap`,
    headers: ['workload', 'subject', 'lines kept', 'MB/s', 'lines/s', 'frame gap p50/p95/p99/max ms', 'event loop p99 ms', 'work/frame p99 ms', 'widget busy', 'widget ms per MB', 'long tasks', 'heap MB before → after (held)', 'DOM nodes', 'notes'],
    brief: [0, 1, 2, 3, 5, 6, 7, 9, 11],
    rows: results.flood.map((run) => {
      if (run.error) return [run.workload, label(run.subject), formatNumber(run.capacity), failure(run.error), '', '', '', '', '', '', '', '', '', ''];
      const reference = bounded(run);
      const gaps = run.frameGapMs;
      return [
        run.workload,
        label(run.subject),
        formatNumber(run.capacity),
        `${run.mbPerSec.toFixed(1)}${run.subject === 'bounded-console' ? '' : ` ${ratio(run.mbPerSec, reference?.mbPerSec ?? null)}`}`,
        formatNumber(Math.round(run.linesPerSec / 1000) * 1000),
        `${ms(gaps.p50)} / ${ms(gaps.p95)} / ${ms(gaps.p99)} / ${ms(gaps.max)}`,
        ms(run.eventLoopLateMs.p99),
        ms(work(run).p99),
        `${Math.round(100 * run.widgetBusy)}%`,
        ms(run.widgetMsPerMB),
        run.longTasks.count === 0 ? '0' : `${run.longTasks.count} (max ${ms(run.longTasks.maxMs)})`,
        heapCell(run),
        String(run.domNodes),
        notesCell(run.notes),
      ];
    }),
  };
}

/**
 * A failed run's cell: the first line of the page's error without Playwright's
 * prefix, so "WebGL unavailable: …" reads as the subject's own verdict.
 */
function failure(error) {
  const first = error.split('\n')[0].replace(/^page\.evaluate: (Error: )?/, '');
  return first.startsWith('WebGL unavailable') ? first : `failed: ${first}`;
}

/** Median (nearest rank) of `values`. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
}

/** What a subject reported about its run (describe()): the WebGL renderer, whether the last line was shown, lines kept untrimmed. */
function notesCell(notes) {
  if (!notes) return '';
  const parts = [];
  if (notes.renderer) parts.push(/SwiftShader/i.test(notes.renderer) ? 'WebGL on SwiftShader (CPU, no GPU)' : `WebGL on ${notes.renderer}`);
  if (notes.contextLost) parts.push('WebGL context lost');
  if (notes.lastLineShown !== undefined) parts.push(notes.lastLineShown ? 'last line shown' : 'last line NOT shown');
  if (notes.trimmed === false) parts.push(`untrimmed: ${formatNumber(notes.linesKept)} lines kept`);
  return parts.join('; ');
}

/** ns per call: tenths below 100. */
function ns(value) {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

const WRITE_TARGETS = {
  element: '<bounded-console>.write() (scheduler never fires)',
  core: 'ConsoleBuffer.write() (core, default options)',
  'core-queue-only': 'ConsoleBuffer.write(), maxPendingChars 1 Gi (never clips)',
  'call-floor': 'floor: a function adding the length',
};
const WRITE_CONTENT = { 14: '14 chars: \\r progress update', 80: '80 chars: one line with its \\n' };

function writeCostTable(writeCost) {
  return {
    title: `write() per call, apply excluded: ${formatNumber(writeCost.calls)} calls per rep, median of ${writeCost.reps} reps, ${formatNumber(writeCost.capacity)} lines kept (slow blocks: 4,096-call blocks over 4× the median one, where write() clipped or applied its queue every 4 Mi characters, or V8 collected garbage)`,
    headers: ['write', 'target', 'ns per call, all (median rep)', 'fastest rep', 'ns per call, ordinary blocks', 'slow blocks', 'ms each above an ordinary block', 'their ns per call', `target < ${TARGET_WRITE_NS} ns`],
    labelColumns: 2,
    rows: writeCost.cells.map((cell) => [
      WRITE_CONTENT[cell.size] ?? `${cell.size} chars`,
      WRITE_TARGETS[cell.target] ?? cell.target,
      ns(cell.nsPerCall),
      cell.nsPerCallMin === undefined ? '-' : ns(cell.nsPerCallMin),
      ns(cell.queueNsPerCall),
      String(cell.events),
      ms(cell.eventMsEach),
      ns(cell.eventNsPerCall),
      cell.target === 'element' ? (cell.nsPerCall < TARGET_WRITE_NS ? 'met' : 'missed') : '',
    ]),
  };
}

function pacingTables(runs, label) {
  const first = runs.find((run) => run.burst && !run.burst.error)?.burst;
  const tables = [];
  tables.push({
    title: first
      ? `Bursts: ${formatNumber(first.totalLines)} lines of 80 characters in ${formatNumber(first.perCall)}-line calls, one call per task, as fast as the page runs them (at least 5 bursts and 3 s, at most 10 s), ${formatNumber(runs[0].capacity)} lines kept: frames from the first call until the last line is shown`
      : 'Bursts',
    headers: ['subject', 'bursts', 'ms to last line shown, median / max', 'lines/s', 'frames', 'frame gap p50/p99/max ms', 'gaps over one frame', 'event loop p99 ms', 'longest task', 'work/frame p99 ms', 'longest write call ms (calls over 4 ms)', 'notes'],
    labelColumns: 1,
    rows: runs.map(({ subject, burst }) => {
      if (burst.error) return [label(subject), failure(burst.error), '', '', '', '', '', '', '', '', '', ''];
      const gaps = burst.frameGapMs;
      const late = gaps.samples.filter((gap) => gap > FRAME_MS * 1.5).length;
      return [
        label(subject),
        String(burst.bursts),
        `${ms(median(burst.lastLineShownMs))} / ${ms(Math.max(...burst.lastLineShownMs))}`,
        formatNumber(burst.linesPerSec),
        String(burst.frames),
        `${ms(gaps.p50)} / ${ms(gaps.p99)} / ${ms(gaps.max)}`,
        `${late} (${((100 * late) / Math.max(1, gaps.samples.length)).toFixed(1)}%)`,
        ms(burst.eventLoopLateMs.p99),
        burst.longTasks.count === 0 ? 'none ≥ 50 ms' : `${ms(burst.longTasks.maxMs)} ms (${burst.longTasks.count} ≥ 50 ms)`,
        ms(work(burst).p99),
        `${ms(burst.writeCallMs.max)} (${burst.writeCallsOver4Ms})`,
        notesCell(burst.notes),
      ];
    }),
  });
  tables.push({
    title: `One line appended to a full ${formatNumber(runs[0].capacity)}-line subject, medians (p95): as a page sees it, from a fresh task after a frame (rAF, then setTimeout 0) to the task after the next frame's rendering; then appended and settled (flush and forced layout) from such a task, and back to back as the append suite's tinybench cells`,
    headers: ['subject', 'write call ms', 'widget timers ms', 'next frame ms (rAF callbacks → rendered)', 'of which widget callbacks ms', 'seen: call + timers + frame ms', 'wall ms (with the wait for vsync)', 'settled, fresh task ms', 'settled, back to back ms'],
    labelColumns: 1,
    rows: runs.filter((run) => run.appendSeen).map(({ subject, appendSeen: a }) => {
      if (a.error) return [label(subject), failure(a.error), '', '', '', '', '', '', ''];
      const cell = (stat) => `${ms(stat.p50)} (${ms(stat.p95)})`;
      return [label(subject), cell(a.seen.writeMs), cell(a.seen.timerMs), cell(a.seen.frameMs), cell(a.seen.callbacksMs), cell(a.seen.seenMs), cell(a.seen.wallMs), cell(a.settledFreshMs), cell(a.backToBackMs)];
    }),
  });
  return tables;
}

/** Heap growth allowed by issue #2: twice the retained text plus a few MB. */
function heapLimit(run) {
  return 2 * run.retainedChars + HEAP_SLACK_BYTES;
}

function streamTable(results) {
  return {
    title: 'Streaming a fixed volume into <bounded-console> as fast as it takes it (plain 64 KB writes)',
    headers: ['lines kept', 'volume', 'seconds', 'MB/s', 'work/frame p99 ms', 'frame gap p99 ms', 'heap MB before → after (held)', 'retained text MB', 'limit MB (2× text + 4 MiB)', 'heap target'],
    rows: results.stream.map((run) => {
      if (run.error) return [formatNumber(run.capacity), `failed: ${run.error}`, '', '', '', '', '', '', '', ''];
      return [
        formatNumber(run.capacity),
        `${(run.bytes / 1024 ** 3).toFixed(2)} GiB`,
        (run.elapsedMs / 1000).toFixed(2),
        run.mbPerSec.toFixed(0),
        ms(run.schedulerWorkMs.p99),
        ms(run.frameGapMs.p99),
        heapCell(run),
        mb(run.retainedChars),
        mb(heapLimit(run)),
        held(run) <= heapLimit(run) ? 'met' : 'missed',
      ];
    }),
  };
}

function manyTable(many) {
  if (many.error) return { title: 'Many consoles', headers: ['result'], rows: [[`failed: ${many.error}`]] };
  return {
    title: `${many.count} <bounded-console> on one page, each fed ${(many.bytesPerSecond / MB).toFixed(0)} MB/s for ${many.durationMs / 1000} s`,
    headers: ['MB/s each', 'frame gap p50/p99/max ms', 'event loop p99 ms', 'scheduler frames / animation frames', 'consoles per scheduler frame (mean, max)', 'work/frame p99 ms', 'heap MB before → after (held)', 'retained text MB', 'DOM nodes'],
    rows: [
      [
        many.mbPerSecPerConsole.toFixed(2),
        `${ms(many.frameGapMs.p50)} / ${ms(many.frameGapMs.p99)} / ${ms(many.frameGapMs.max)}`,
        ms(many.eventLoopLateMs.p99),
        `${many.schedulerFrames} / ${many.animationFrames}`,
        `${many.clientsPerFrame.mean.toFixed(1)}, ${many.clientsPerFrame.max}`,
        ms(many.schedulerWorkMs.p99),
        heapCell(many),
        mb(many.retainedChars),
        String(many.domNodes),
      ],
    ],
  };
}

/** GB/s of `chars` (ASCII: bytes) handled in `ms`. */
function gbPerSec(chars, ms) {
  return ms > 0 ? (chars / ms / 1e6).toFixed(2) : '-';
}

function hugeTable(runs) {
  return {
    title: 'One write() of N MiB into <bounded-console> (5,000 lines kept): the longest task it causes, the write call or a frame after it (median of the writes, with min–max); the floor is V8\'s indexOf over the same string',
    headers: ['content', 'MiB', 'longest task ms (min–max)', 'GB/s', 'target ms (N/2 + 1 frame)', 'write ms', 'frame ms', 'indexOf pass ms (GB/s)', 'newlines counted by indexOf ms', 'lines kept / dropped / truncated chars'],
    brief: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    labelColumns: 1,
    rows: runs.map((run) => {
      if (run.error) return [run.content, String(run.mib), `failed: ${run.error}`, '', '', '', '', '', '', ''];
      const last = run.runs.at(-1);
      return [
        run.content,
        String(run.mib),
        `${ms(run.longestMs.p50)} (${ms(Math.min(...run.runs.map((r) => r.longestMs)))}–${ms(run.longestMs.max)})`,
        gbPerSec(run.chars, run.longestMs.p50),
        `${ms(hugeTargetMs(run.mib))} ${run.longestMs.p50 <= hugeTargetMs(run.mib) ? 'met' : 'missed'}`,
        ms(run.writeMs.p50),
        ms(run.frameMs.p50),
        `${ms(run.indexOfPassMs)} (${gbPerSec(run.chars, run.indexOfPassMs)})`,
        ms(run.newlineCountMs),
        `${formatNumber(last.lineCount)} / ${formatNumber(last.droppedLines)} / ${formatNumber(last.truncatedChars)}`,
      ];
    }),
  };
}

function checkTargets(results) {
  const targets = [];
  for (const run of (results.huge ?? []).filter((r) => !r.error)) {
    targets.push({
      met: run.longestMs.p50 <= hugeTargetMs(run.mib),
      text: `one write of ${run.mib} MiB (${run.label}): longest task ≤ ${ms(hugeTargetMs(run.mib))} ms (N/2 ms + one frame, issue #9): ${ms(run.longestMs.p50)} ms median, ${gbPerSec(run.chars, run.longestMs.p50)} GB/s`,
    });
  }
  const floodOk = (results.flood ?? []).filter((run) => !run.error && run.subject === 'bounded-console');
  const plain10k = floodOk.find((run) => run.workload === 'plain' && run.capacity === 10_000);
  if (plain10k) {
    targets.push({ met: plain10k.mbPerSec >= TARGET_MB_PER_SEC, text: `≥ 1 GB/s ingested, plain 64 KB writes at 10k lines: ${plain10k.mbPerSec.toFixed(0)} MB/s` });
  }
  for (const workload of [...new Set(floodOk.map((run) => run.workload))]) {
    const runs = floodOk.filter((run) => run.workload === workload);
    const worst = runs.reduce((a, b) => (b.schedulerWorkMs.p99 > a.schedulerWorkMs.p99 ? b : a));
    targets.push({
      met: worst.schedulerWorkMs.p99 <= TARGET_WORK_P99_MS,
      text: `widget work per frame p99 ≤ 4 ms at every capacity, ${WORKLOAD_TITLES[workload]}: worst ${ms(worst.schedulerWorkMs.p99)} ms (at ${formatNumber(worst.capacity)} lines)`,
    });
  }
  const floodAll = (results.flood ?? []).filter((run) => !run.error);
  const xterm10k = floodAll.find((run) => run.workload === 'plain' && run.subject === 'xterm' && run.capacity === 10_000);
  const floor = floodAll.find((run) => run.workload === 'plain' && run.subject === 'producer-only');
  if (plain10k && xterm10k) {
    const times = plain10k.mbPerSec / xterm10k.mbPerSec;
    targets.push({ met: times >= TARGET_XTERM_RATIO, text: `plain flood ≥ 50× xterm.js at 10k lines: ×${times.toFixed(0)} (${plain10k.mbPerSec.toFixed(0)} vs ${xterm10k.mbPerSec.toFixed(1)} MB/s)` });
    // Gaps are whole vsync intervals, so two widgets that drop no frame at p99 tie at
    // one interval; the tie is broken by the share of gaps longer than one interval.
    const long = (run) => run.frameGapMs.samples.filter((gap) => gap > FRAME_MS * 1.5).length / run.frameGapMs.samples.length;
    const tied = plain10k.frameGapMs.p99 === xterm10k.frameGapMs.p99;
    const share = (run) => `${(long(run) * 100).toFixed(1)}%`;
    targets.push({
      met: plain10k.frameGapMs.p99 < xterm10k.frameGapMs.p99 || (tied && long(plain10k) < long(xterm10k)),
      tied: tied && long(plain10k) === long(xterm10k),
      text: `plain flood frame-gap p99 lower than xterm.js's at 10k lines: ${ms(plain10k.frameGapMs.p99)} vs ${ms(xterm10k.frameGapMs.p99)} ms${tied ? ' (tied); gaps over one frame' : '; gaps over one frame'} ${share(plain10k)} vs ${share(xterm10k)}`,
    });
  }
  if (plain10k) {
    const floorText = floor ? `; the producer alone, no widget: ${ms(floor.eventLoopLateMs.p99)} ms` : '';
    targets.push({
      met: plain10k.eventLoopLateMs.p99 <= TARGET_EVENT_LOOP_P99_MS,
      text: `plain flood event-loop lateness p99 ≤ 20 ms at 10k lines: ${ms(plain10k.eventLoopLateMs.p99)} ms${floorText}`,
    });
  }
  if (results.append) targets.push(...appendTargets(results));
  for (const cell of (results.writeCost?.cells ?? []).filter((c) => c.target === 'element')) {
    targets.push({ met: cell.nsPerCall < TARGET_WRITE_NS, text: `write() of ${cell.size} characters under ${TARGET_WRITE_NS} ns per call, apply excluded (issue #12): ${ns(cell.nsPerCall)} ns (ordinary blocks ${ns(cell.queueNsPerCall)} ns)` });
  }
  const ourBurst = (results.pacing ?? []).find((run) => run.subject === 'bounded-console' && run.burst && !run.burst.error)?.burst;
  if (ourBurst) {
    targets.push({ met: ourBurst.frameGapMs.p99 <= FRAME_MS * 1.05, text: `frame gap p99 one frame (16.7 ms) under bursts of ${formatNumber(ourBurst.totalLines)} lines in ${formatNumber(ourBurst.perCall)}-line calls (issue #12): p99 ${ms(ourBurst.frameGapMs.p99)}, max ${ms(ourBurst.frameGapMs.max)} ms over ${ourBurst.frames} frames` });
  }
  for (const run of (results.stream ?? []).filter((r) => !r.error)) {
    targets.push({
      met: held(run) <= heapLimit(run),
      text: `heap after streaming ${(run.bytes / 1024 ** 3).toFixed(2)} GiB at ${formatNumber(run.capacity)} lines within 2× the retained text + 4 MiB: the console held ${mb(held(run))} MB for ${mb(run.retainedChars)} MB of text (limit ${mb(heapLimit(run))} MB)`,
    });
  }
  return targets;
}

/**
 * Issue #4's append targets: flat in capacity from 1k to 1M lines, and far cheaper
 * than the DOM log at 50k. Flatness is judged on the run that interleaves the
 * capacities in time; the per-capacity groups' figures are shown too, as a note,
 * since they also compare moments minutes apart.
 */
function appendTargets(results) {
  const targets = [];
  for (const flat of flatnessRatios(results)) {
    targets.push({
      met: flat.ratio <= TARGET_FLAT_RATIO,
      text: `append cost flat in capacity (within 2×), full buffer, ${flat.perCall} line${flat.perCall === 1 ? '' : 's'} per call, ${flat.span}, capacities interleaved: ${flat.low.ms === flat.high.ms ? `${ms(flat.low.ms)} ms at every capacity` : `${ms(flat.low.ms)} ms (${formatNumber(flat.low.capacity)}) to ${ms(flat.high.ms)} ms (${formatNumber(flat.high.capacity)})`}, ×${flat.ratio.toFixed(2)}`,
    });
  }
  const capacities = [...new Set(results.append.filter((g) => g.subject === 'bounded-console').map((g) => g.capacity))].filter((c) => c >= 1000).sort((a, b) => a - b);
  if (capacities.length >= 2) {
    const span = `${formatNumber(capacities[0])} to ${formatNumber(capacities.at(-1))} lines`;
    for (const perCall of [1, 10, 100, 1000]) {
      const costs = capacities.map((capacity) => ({ capacity, ms: cellMs(results, 'bounded-console', capacity, 'full', perCall) }));
      if (costs.some((cost) => cost.ms === null)) continue;
      const { low, high } = extremes(costs);
      targets.push({
        note: true,
        met: high.ms / low.ms <= TARGET_FLAT_RATIO,
        text: `append cost against capacity, full buffer, ${perCall} line${perCall === 1 ? '' : 's'} per call, ${span}, each capacity measured in its own group, minutes apart: ${ms(low.ms)} ms (${formatNumber(low.capacity)}) to ${ms(high.ms)} ms (${formatNumber(high.capacity)}), ×${(high.ms / low.ms).toFixed(2)}`,
      });
    }
  }
  const ours = cellMs(results, 'bounded-console', DOM_TARGET_CAPACITY, 'full', 1);
  const dom = cellMs(results, 'dom-log', DOM_TARGET_CAPACITY, 'full', 1);
  if (ours !== null && dom !== null) {
    targets.push({
      met: dom / ours >= TARGET_DOM_RATIO,
      text: `append ≥ 10× cheaper than the DOM log appending 1 line to a full buffer at 50k lines: ${ms(ours)} vs ${ms(dom)} ms, ×${(dom / ours).toFixed(0)}`,
    });
  }
  return targets;
}

/** "met", "missed", "tied" for a comparison that came out equal, or "note" for a figure shown beside a target. */
function verdict(target) {
  return target.note ? 'note' : target.tied ? 'tied' : target.met ? 'met' : 'missed';
}

function extremes(costs) {
  return { low: costs.reduce((a, b) => (b.ms < a.ms ? b : a)), high: costs.reduce((a, b) => (b.ms > a.ms ? b : a)) };
}

/**
 * For each call size measured at every capacity of the interleaved run: the cost by
 * capacity (median of the pooled samples) and its max/min ratio.
 */
function flatnessRatios(results) {
  const flat = results.appendFlatness;
  if (!flat?.cells) return [];
  const out = [];
  for (const perCall of [...new Set(flat.cells.map((c) => c.perCall))].sort((a, b) => a - b)) {
    const costs = flat.capacities.map((capacity) => {
      const cell = flat.cells.find((c) => c.capacity === capacity && c.perCall === perCall);
      return { capacity, ms: cell?.p50Ms ?? null, rounds: cell?.roundP50Ms ?? [] };
    });
    if (costs.some((cost) => cost.ms === null)) continue;
    const { low, high } = extremes(costs);
    out.push({ perCall, costs, low, high, ratio: high.ms / low.ms, span: `${formatNumber(flat.capacities[0])} to ${formatNumber(flat.capacities.at(-1))} lines` });
  }
  return out;
}

function flatnessTable(results) {
  const flats = flatnessRatios(results);
  if (flats.length === 0) return null;
  const { capacities, rounds } = results.appendFlatness;
  return {
    title: `Append cost against capacity, <bounded-console>, full buffer, capacities interleaved on one page: median ms per call of ${rounds} rounds pooled (in brackets: the lowest and highest round median)`,
    headers: ['lines/call', ...capacities.map((c) => `${formatNumber(c)} lines`), 'max / min'],
    labelColumns: 1,
    rows: flats.map((flat) => [
      formatNumber(flat.perCall),
      ...flat.costs.map((cost) => `${ms(cost.ms)} (${ms(Math.min(...cost.rounds))}–${ms(Math.max(...cost.rounds))})`),
      `×${flat.ratio.toFixed(2)}`,
    ]),
  };
}

function targetsText(targets) {
  if (targets.length === 0) return '';
  return ['Targets (issues #2, #4, #9 and #12):', ...targets.map((t) => `  ${verdict(t).toUpperCase().padEnd(6)} ${t.text}`)].join('\n');
}

/** A table for the terminal: only its `brief` columns when it names them, to keep lines short. */
function toText({ title, headers, rows, brief, labelColumns = 3 }) {
  if (brief) {
    const pick = (cells) => brief.map((i) => cells[i]);
    return toText({ title, headers: pick(headers), rows: rows.map(pick), labelColumns });
  }
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i < labelColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [title, line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''].join('\n');
}

function toMarkdown({ title, headers, rows, labelColumns = 3 }) {
  const cell = (value) => value.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  return [`### ${cell(title)}`, '', `| ${headers.map(cell).join(' | ')} |`, `|${headers.map((_, i) => (i < labelColumns ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), ''].join('\n');
}

function notes(results) {
  const slice = results.options.sliceMs ?? 8;
  const items = [
    'Append cost: one call (write or append) plus the work to show it: <bounded-console> `el.write()` then `await el.flush()` and a forced layout; the DOM logs append (and trim) then scroll to the bottom, which forces layout; xterm.js `write()` until its parse callback, then the frame in which it renders, with a forced layout in that frame. The idle wait for that frame is left out. Medians of tinybench samples.',
    'Cases: "full" and "clear" start each call from a full buffer (refilled, untimed, when a call emptied it); "empty" from an empty widget. A cell whose first call exceeds the timeout is recorded as "timeout" and larger calls of that case are skipped.',
    'xterm.js keeps its 24 rows on top of `scrollback` = lines kept; the others keep exactly that many lines.',
    `Flood: the producer writes in ${slice} ms slices and yields (MessageChannel) so frames and timers run; it pauses xterm.js while more than 1 MB is unparsed (write callbacks every 64 KB). Throughput counts until everything written is shown. Text is ASCII, so characters are bytes. Each subject first takes ${results.options.floodWarmupMs ?? 0} ms of the same flood, unmeasured, so the figures are for a widget whose code the JIT has compiled, already full.`,
    'No widget (producer only): the same producer writing into nothing. Chromium runs the message that starts the next slice before a timer that fell due during the last one, so the 20 ms timer is up to two slices late with no widget at all; this row is that floor under every other event-loop figure.',
    'Frame gaps come from requestAnimationFrame timestamps (vsync-aligned, so they are multiples of 16.7 ms); event-loop lateness from a 20 ms timer; long tasks from PerformanceObserver.',
    "Work per frame: <bounded-console>'s scheduler report (`sharedFrameScheduler().onFrame`: apply, render and the layout of its rows, which the scheduler makes the browser do inside the frame so that its frame budget counts it). Once 4 Mi characters are pending, write() clips the queue to its last max-lines lines (or, where clipping is not exact or would keep too much, applies it); that work is not in this figure but is in widget busy and ms per MB. For the others, the time in their animation-frame callbacks: xterm.js's render without the layout after it (its parsing runs in its own timer tasks), the DOM logs' follow-scroll with the layout it forces.",
    'Widget busy and ms per MB: all the main-thread time measured in the widget (its write/append calls, its animation-frame callbacks and its own setTimeout tasks, where xterm.js parses; requestAnimationFrame and setTimeout are wrapped to time them), as a share of the run and per MB written. Style, layout and paint the browser does after the frame callbacks are in no subject\'s figure but show in the frame gaps.',
    'Heap: Chromium after forced collections (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage): JS heap + DOM (embedder) heap + ArrayBuffer backing stores, before the subject is created, after the flood with the subject alive (once it has done the work it defers until output stops: <bounded-console> copies the text it kept out of the written strings), and after destroying it; "held" is the last two\'s difference (the before/after difference also moves by a few MB as the fresh page settles). The JSON also has `performance.memory.usedJSHeapSize` after `gc()`. MB = 10^6 bytes.',
  ];
  if (results.huge?.length) {
    items.push(
      'One huge write: one `write()` of N MiB into a fresh <bounded-console> keeping 5,000 lines; the longest task is the longer of the write call (which applies inside once 4 Mi characters are queued) and the longest scheduler frame after it until the console is idle (its report: apply, render, the layout of its rows), median of the writes, each after one unmeasured 1 MiB write of the same content. Target (issue #9): N/2 ms plus one frame. The floors are V8 over the same string: one `indexOf` pass that finds nothing, and counting its newlines with one `indexOf` call each.',
    );
  }
  // Outside code spans, a bare <bounded-console> would be taken for an HTML tag.
  const escapeOutsideCode = (item) => item.split('`').map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;') : part)).join('`');
  return { markdown: ['## How it was measured', '', ...items.map((item) => `- ${escapeOutsideCode(item)}`)].join('\n'), items };
}

// ---- Charts -----------------------------------------------------------------

function appendChart(results, subjects, label) {
  const cases = results.options.cases;
  const capacities = [...new Set(results.append.map((g) => g.capacity))].sort((a, b) => a - b);
  const values = results.append.flatMap((g) => g.cells ?? []).filter((c) => c.status === 'ok').map((c) => c.p50Ms).filter((v) => v > 0);
  const yDomain = [10 ** Math.floor(Math.log10(Math.min(...values))), 10 ** Math.ceil(Math.log10(Math.max(...values, FRAME_MS)))];
  const xDomain = [1, 10 ** Math.ceil(Math.log10(Math.max(...capacities)))];
  const panelW = 300;
  const panelH = 232;
  const rowH = panelH + 24;
  const top = 58;
  const width = 20 + subjects.length * panelW;
  const height = top + cases.length * rowH + 10;
  const parts = [
    text(10, 20, `Append cost per call, layout included (median ms, log-log) — ${results.machine}, ${results.date.slice(0, 10)}`, 'font-size="14" font-weight="600"'),
    text(10, 44, 'lines kept:', 'fill="#444"'),
    legend(80, 44, capacities.map((capacity, i) => ({ color: CAPACITY_COLORS[i % CAPACITY_COLORS.length], label: formatNumber(capacity) }))),
    text(width - 10, 44, 'dashed: one frame (16.7 ms)   × = timeout', 'text-anchor="end" fill="#444"'),
  ];
  cases.forEach((caseId, row) => {
    const rowY = top + row * rowH;
    parts.push(text(10, rowY + 16, `(${'abc'[row]}) ${CASE_TITLES[caseId]}`, 'font-size="13" font-weight="600"'));
    subjects.forEach((subject, col) => {
      const series = capacities
        .filter((capacity) => capacity <= subject.maxCapacity)
        .map((capacity) => {
          const group = results.append.find((g) => g.subject === subject.id && g.capacity === capacity);
          const cells = (group?.cells ?? []).filter((c) => c.case === caseId);
          return {
            color: CAPACITY_COLORS[capacities.indexOf(capacity) % CAPACITY_COLORS.length],
            points: cells.filter((c) => c.status === 'ok').map((c) => [c.perCall, c.p50Ms]),
            timeouts: cells.filter((c) => c.status === 'timeout').map((c) => c.perCall),
          };
        });
      parts.push(
        logLogPanel({
          x: 10 + col * panelW,
          y: rowY + 22,
          w: panelW - 10,
          h: panelH,
          title: label(subject.id),
          xDomain,
          yDomain,
          series,
          referenceY: FRAME_MS,
          xLabel: 'lines per call',
          yLabel: col === 0 ? 'ms per call' : undefined,
        }),
      );
    });
  });
  return svgDocument(width, height, parts.join('\n'));
}

function floodChart(results, allSubjects, label) {
  // The producer-only floor is in the table; as a bar it would dwarf every widget.
  const subjects = allSubjects.filter((s) => s.id !== 'producer-only');
  const okRuns = results.flood.filter((run) => !run.error);
  const workloads = results.options.workloads;
  const peerCapacity = results.options.peerCapacities[0];
  const peers = subjects.filter((s) => s.id !== 'bounded-console');
  const find = (workload, subject, capacity) => okRuns.find((run) => run.workload === workload && run.subject === subject && run.capacity === capacity);
  const panelW = 330;
  const panelH = 230;
  const rowH = panelH + 40;
  const parts = [text(10, 20, `Flood, ${results.options.durationMs / 1000} s per run — ${results.machine}, ${results.date.slice(0, 10)}`, 'font-size="14" font-weight="600"')];
  let rowY = 34;
  const row = (heading, entries, panels) => {
    parts.push(text(10, rowY + 14, heading, 'font-size="13" font-weight="600"'));
    parts.push(legend(30 + heading.length * 8, rowY + 14, entries));
    panels.forEach((panel, index) => parts.push(barPanel({ x: 10 + index * panelW, y: rowY + 26, w: panelW - 10, h: panelH, ...panel })));
    rowY += rowH;
  };
  const groups = (bars) => workloads.map((workload) => ({ label: WORKLOAD_SHORT[workload], bars: bars(workload) }));
  const short = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : Number(v.toPrecision(2)).toString());

  const subjectEntries = subjects.map((s) => ({ color: SUBJECT_COLORS[s.id], label: label(s.id) }));
  const bySubject = (value) =>
    groups((workload) =>
      subjects.map((s) => {
        const run = find(workload, s.id, peerCapacity);
        const v = run ? value(run) : null;
        return { value: v, color: SUBJECT_COLORS[s.id], note: v === null ? '' : short(v), title: `${label(s.id)}: ${v}` };
      }),
    );
  row(`All subjects, ${formatNumber(peerCapacity)} lines kept`, subjectEntries, [
    { title: 'Throughput, MB/s (log)', log: true, groups: bySubject((run) => run.mbPerSec) },
    { title: 'Frame gap p99, ms (dashed: one frame)', referenceLine: FRAME_MS, groups: bySubject((run) => run.frameGapMs.p99) },
    { title: 'Event-loop lateness p99, ms', groups: bySubject((run) => run.eventLoopLateMs.p99) },
    { title: 'Heap held (JS + DOM + buffers), MB', groups: bySubject((run) => held(run) / MB) },
  ]);

  const versus = (value) =>
    groups((workload) =>
      peers.map((s) => {
        const run = find(workload, s.id, peerCapacity);
        const reference = find(workload, 'bounded-console', peerCapacity);
        const v = run && reference && value(reference) > 0 ? value(run) / value(reference) : null;
        return { value: v, color: SUBJECT_COLORS[s.id], note: v === null ? '' : `×${short(v)}`, title: `${label(s.id)} ÷ <bounded-console>: ${v}` };
      }),
    );
  row(
    'Each peer ÷ <bounded-console> (log; dashed: equal)',
    peers.map((s) => ({ color: SUBJECT_COLORS[s.id], label: label(s.id) })),
    [
      { title: 'Throughput ratio (below 1: slower)', log: true, referenceLine: 1, groups: versus((run) => run.mbPerSec) },
      { title: 'Frame gap p99 ratio (above 1: janky)', log: true, referenceLine: 1, groups: versus((run) => run.frameGapMs.p99) },
      { title: 'Event-loop p99 ratio', log: true, referenceLine: 1, groups: versus((run) => Math.max(run.eventLoopLateMs.p99, 1)) },
      { title: 'Heap held ratio', log: true, referenceLine: 1, groups: versus((run) => Math.max(held(run), MiB / 10)) },
    ],
  );

  const capacities = results.options.floodCapacities;
  const capacityColor = (i) => CAPACITY_COLORS[Math.round((i * (CAPACITY_COLORS.length - 1)) / Math.max(1, capacities.length - 1))];
  const byCapacity = (value) =>
    groups((workload) =>
      capacities.map((capacity, i) => {
        const run = find(workload, 'bounded-console', capacity);
        const v = run ? value(run) : null;
        return { value: v, color: capacityColor(i), note: v === null ? '' : short(v), title: `${formatNumber(capacity)} lines: ${v}` };
      }),
    );
  row(
    '<bounded-console> by lines kept',
    capacities.map((capacity, i) => ({ color: capacityColor(i), label: formatNumber(capacity) })),
    [
      { title: 'Throughput, MB/s (log; dashed: 1 GB/s)', log: true, referenceLine: TARGET_MB_PER_SEC, groups: byCapacity((run) => run.mbPerSec) },
      { title: 'Work per frame p99, ms (dashed: 4 ms)', referenceLine: TARGET_WORK_P99_MS, groups: byCapacity((run) => run.schedulerWorkMs.p99) },
      { title: 'Frame gap p99, ms (dashed: one frame)', referenceLine: FRAME_MS, groups: byCapacity((run) => run.frameGapMs.p99) },
      { title: 'Heap held, MB', groups: byCapacity((run) => held(run) / MB) },
    ],
  );
  return svgDocument(20 + 4 * panelW, rowY, parts.join('\n'));
}

// ---- HTML -------------------------------------------------------------------

function toHtml(heading, environment, tables, targets, appendSvg, floodSvg, noteItems) {
  const inline = (svg) => svg.replace(/^<svg /, '<svg class="chart" ');
  const table = ({ title, headers, rows }) =>
    `<h3>${escapeXml(title)}</h3>\n<table>\n<tr>${headers.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr>\n${rows
      .map((row) => `<tr>${row.map((cell, i) => `<td${i < 3 ? '' : ' class="n"'}>${escapeXml(cell)}</td>`).join('')}</tr>`)
      .join('\n')}\n</table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(heading)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1400px; }
  table { border-collapse: collapse; margin: 8px 0 24px; font-size: 12.5px; }
  th, td { border: 1px solid #ddd; padding: 3px 8px; }
  th { background: #f4f4f4; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .chart { max-width: 100%; height: auto; display: block; margin: 12px 0; }
  .met { color: #17702b; } .missed { color: #b00020; font-weight: 600; } .tied { color: #8a6d00; font-weight: 600; } .note { color: #555; }
</style>
</head>
<body>
<h1>${escapeXml(heading)}</h1>
<p>${escapeXml(environment)}</p>
${targets.length ? `<h2>Targets (issues #2, #4, #9 and #12)</h2>\n<ul>${targets.map((t) => `<li><span class="${verdict(t)}">${verdict(t)}</span>: ${escapeXml(t.text)}</li>`).join('\n')}</ul>` : ''}
${appendSvg ? `<h2>Append cost</h2>\n${inline(appendSvg)}` : ''}
${floodSvg ? `<h2>Flood</h2>\n${inline(floodSvg)}` : ''}
<h2>Tables</h2>
${tables.map(table).join('\n')}
<h2>How it was measured</h2>
<ul>${noteItems.map((item) => `<li>${escapeXml(item)}</li>`).join('\n')}</ul>
</body>
</html>
`;
}
