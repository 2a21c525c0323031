// The fixed list of programs the demo server runs. A client names one and gives
// bounded integers; nothing it sends becomes a path or a shell word: each value is
// parsed as a decimal integer in range and passed as one argv item to a program
// whose path is fixed here when the server starts.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROGRAMS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'programs');

/** Absolute path of an executable: the first of `preferred` that exists, else the first on PATH. */
function which(name, preferred = []) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir.startsWith('/'));
  for (const candidate of [...preferred, ...dirs.map((dir) => join(dir, name))]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

// Debian's own interpreter first: python3-tqdm and python3-rich install for it.
const PYTHON = which('python3', ['/usr/bin/python3']);
const SEQ = which('seq', ['/usr/bin/seq']);
const LS = which('ls', ['/usr/bin/ls', '/bin/ls']);
const NODE = process.execPath;

/** Whether `python3 -c "import <module>"` works; asked once, when the server starts. */
function pythonHas(module) {
  if (PYTHON === null) return false;
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/**
 * The multi-bar display: tqdm, else rich, else a Node program drawing the same
 * thing. BOUNDED_CONSOLE_DEMO_MULTIBAR=tqdm|rich|node picks one (for trying each).
 */
function multibarProgram() {
  const wanted = process.env.BOUNDED_CONSOLE_DEMO_MULTIBAR;
  for (const kind of wanted ? [wanted] : ['tqdm', 'rich']) {
    if ((kind === 'tqdm' || kind === 'rich') && pythonHas(kind)) {
      return { kind, file: PYTHON, script: join(PROGRAMS, `multibar_${kind}.py`) };
    }
  }
  return { kind: 'node', file: NODE, script: join(PROGRAMS, 'multibar.js') };
}
const MULTIBAR = multibarProgram();

/** What every child gets as its environment: fixed, nothing from the client or the server's own. */
const CHILD_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  TERM: 'xterm-256color',
  COLUMNS: '100',
  LINES: '30',
  PYTHONIOENCODING: 'utf-8',
};

/** The issue's `for i in range(10**7): print(i)`, with the count from argv. */
const PYTHON_LOOP = "for i in range(int(__import__('sys').argv[1])): print(i)";

/**
 * name -> { title, about, params: { name: { label, min, max, default } }, argv(values) -> [file, ...args], shown(values) }.
 * `shown` is the command line as a person would type it, for the page.
 */
const ALL = {
  seq: {
    title: 'seq 1 N',
    about: 'coreutils seq, one number per line, as fast as the pipe takes it',
    params: { lines: { label: 'lines', min: 1, max: 100_000_000, default: 10_000_000 } },
    available: SEQ !== null,
    argv: ({ lines }) => [SEQ, '1', String(lines)],
    shown: ({ lines }) => `seq 1 ${lines}`,
  },
  python: {
    title: 'python3 print loop',
    about: 'CPython unbuffered (-u): one write per print',
    params: { lines: { label: 'lines', min: 1, max: 100_000_000, default: 10_000_000 } },
    available: PYTHON !== null,
    argv: ({ lines }) => [PYTHON, '-u', '-c', PYTHON_LOOP, String(lines)],
    shown: ({ lines }) => `python3 -u -c "${PYTHON_LOOP}" ${lines}`,
  },
  logs: {
    title: 'Coloured logs + stderr',
    about: 'a Node program: levels in colour on stdout, warnings and errors on stderr, at a fixed rate',
    params: {
      lines: { label: 'lines', min: 1, max: 10_000_000, default: 200_000 },
      rate: { label: 'lines/s', min: 1, max: 1_000_000, default: 5_000 },
    },
    available: true,
    argv: ({ lines, rate }) => [NODE, join(PROGRAMS, 'logs.js'), String(lines), String(rate)],
    shown: ({ lines, rate }) => `node demo/programs/logs.js ${lines} ${rate}`,
  },
  progress: {
    title: '\\r progress bar',
    about: 'a Node program redrawing one line with \\r, as pip and curl do',
    params: {
      seconds: { label: 'seconds', min: 1, max: 600, default: 10 },
      rate: { label: 'redraws/s', min: 1, max: 100_000, default: 2_000 },
    },
    available: true,
    argv: ({ seconds, rate }) => [NODE, join(PROGRAMS, 'progress.js'), String(seconds), String(rate)],
    shown: ({ seconds, rate }) => `node demo/programs/progress.js ${seconds} ${rate}`,
  },
  multibar: {
    title: `Multi-bar (${MULTIBAR.kind})`,
    about:
      MULTIBAR.kind === 'node'
        ? 'a Node program drawing several bars and moving the cursor up, as tqdm does (install python3-tqdm for the real one)'
        : `Python's ${MULTIBAR.kind}, several bars at once, redrawn by moving the cursor up`,
    params: {
      bars: { label: 'bars', min: 1, max: 8, default: 4 },
      seconds: { label: 'seconds', min: 1, max: 600, default: 10 },
    },
    available: MULTIBAR.kind === 'node' || PYTHON !== null,
    argv: ({ bars, seconds }) => [MULTIBAR.file, MULTIBAR.script, String(bars), String(seconds)],
    shown: ({ bars, seconds }) =>
      `${MULTIBAR.kind === 'node' ? 'node demo/programs/multibar.js' : `python3 demo/programs/multibar_${MULTIBAR.kind}.py`} ${bars} ${seconds}`,
  },
  firehose: {
    title: 'Firehose, pipe-speed',
    about: 'a Node program writing 64 KiB of numbered lines per write, waiting only for the pipe, for N seconds',
    params: { seconds: { label: 'seconds', min: 1, max: 60, default: 5 } },
    available: true,
    argv: ({ seconds }) => [NODE, join(PROGRAMS, 'firehose.js'), String(seconds)],
    shown: ({ seconds }) => `node demo/programs/firehose.js ${seconds}`,
  },
  ls: {
    title: 'ls -lR /usr in colour',
    about: "GNU ls's own colours, about 10 MB",
    params: {},
    available: LS !== null,
    argv: () => [LS, '-lR', '--color=always', '/usr'],
    shown: () => 'ls -lR --color=always /usr',
  },
};

/** The generators this machine can run, by name. */
export const GENERATORS = Object.fromEntries(Object.entries(ALL).filter(([, generator]) => generator.available));

export { CHILD_ENV, PROGRAMS };

/** What the page is told: names, titles, parameters and their bounds. */
export function describeGenerators() {
  return Object.entries(GENERATORS).map(([name, { title, about, params, shown }]) => ({
    name,
    title,
    about,
    params: Object.entries(params).map(([key, spec]) => ({ name: key, ...spec })),
    // The command line with {name} where each parameter's value goes.
    template: shown(Object.fromEntries(Object.keys(params).map((key) => [key, `{${key}}`]))),
  }));
}

function defaults(params) {
  return Object.fromEntries(Object.entries(params).map(([key, spec]) => [key, spec.default]));
}

const DECIMAL = /^[0-9]{1,12}$/;

/**
 * Parses a run's query parameters against a generator's declared ones: each must
 * be a plain decimal integer within bounds, unknown or repeated names are refused.
 * Returns { values } or { error } (a sentence for a 400).
 */
export function parseParams(generator, searchParams) {
  const values = defaults(generator.params);
  const seen = new Set();
  for (const [key, raw] of searchParams) {
    const spec = Object.hasOwn(generator.params, key) ? generator.params[key] : undefined;
    const known = Object.keys(generator.params);
    if (spec === undefined) {
      return { error: `unknown parameter "${clip(key)}"; this generator takes ${known.length ? known.join(', ') : 'none'}` };
    }
    if (seen.has(key)) return { error: `parameter "${key}" is given twice` };
    seen.add(key);
    const value = DECIMAL.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
      return { error: `${key} must be a whole number from ${spec.min} to ${spec.max}, got "${clip(raw)}"` };
    }
    values[key] = value;
  }
  return { values };
}

/** Client text quoted in an error message, cut short and without control characters. */
function clip(text) {
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
