// Entry of the benchmark page: the runner calls these through page.evaluate().
// measure.js goes first: it wraps requestAnimationFrame before any widget uses it.
import './measure.js';
import { runAppendGroup, runAppendInterleaved } from './append.js';
import { prepareFlood, releaseFlood, retainedChars, runFlood } from './flood.js';
import { runHuge } from './huge.js';
import { runReading } from './reading.js';
import { releaseMany, runMany } from './many.js';
import { runNotebookAppend, runNotebookFlood } from './notebook.js';
import { runAppendSeen, runBurst } from './pacing.js';
import { SUBJECTS } from './subjects/index.js';
import { runWriteCost } from './write-cost.js';

const stage = () => document.getElementById('stage');
const subject = (id) => SUBJECTS[id] ?? fail(`unknown subject ${id}`);

function fail(message) {
  throw new Error(message);
}

window.bench = {
  subjects: () => Object.values(SUBJECTS).map(({ id, label, maxCapacity, suites = null }) => ({ id, label, maxCapacity, suites })),
  append: (options) => runAppendGroup({ ...options, subject: subject(options.subject) }, stage()),
  appendInterleaved: (options) => runAppendInterleaved({ ...options, subject: subject(options.subject) }, stage()),
  prepareFlood,
  flood: (options) => runFlood({ ...options, subject: subject(options.subject) }, stage()),
  retainedChars,
  many: (options) => runMany(options, stage()),
  huge: (options) => runHuge(options, stage()),
  writeCost: (options) => runWriteCost(options, stage()),
  burst: (options) => runBurst({ ...options, subject: subject(options.subject) }, stage()),
  appendSeen: (options) => runAppendSeen({ ...options, subject: subject(options.subject) }, stage()),
  notebookFlood: (options) => runNotebookFlood(options, stage()),
  notebookAppend: (options) => runNotebookAppend(options, stage()),
  reading: (options) => runReading(options, stage()),
  // The core and xterm headless, no widget: loaded only for this suite.
  programs: async (options) => (await import('./bundled/programs.js?bundle')).runPrograms(options),
  release: () => {
    releaseFlood();
    releaseMany();
  },
};
