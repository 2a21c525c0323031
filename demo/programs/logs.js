// Coloured log lines at a steady rate: levels in colour on stdout, warnings and
// errors on stderr, as a busy service prints them. Usage: logs.js LINES RATE (lines/s).
// The output is the same on every run (a seeded generator, timestamps from the line number).
import { intArg, sleep, writeAll } from './out.js';

const lines = intArg(2, 'logs.js LINES RATE');
const rate = intArg(3, 'logs.js LINES RATE');
const TICK_MS = 10;

let seed = 42;
function random() {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const LEVELS = [
  { name: 'DEBUG', colour: '\x1b[36m', weight: 0.25, stream: 1 },
  { name: 'INFO ', colour: '\x1b[32m', weight: 0.68, stream: 1 },
  { name: 'WARN ', colour: '\x1b[33;1m', weight: 0.05, stream: 2 },
  { name: 'ERROR', colour: '\x1b[31;1m', weight: 0.02, stream: 2 },
];
const COMPONENTS = ['http', 'db', 'cache', 'auth', 'queue', 'mailer'];
const PATHS = ['/api/items', '/api/users', '/login', '/static/app.js', '/api/search', '/health'];
const WARNINGS = ['slow query took', 'retrying request after', 'cache miss storm for', 'queue depth high at'];
const ERRORS = ['connection reset by peer after', 'timeout waiting for lock after', 'upstream 502 after'];
const START = Date.UTC(2026, 0, 1, 9, 0, 0);

function level() {
  let r = random();
  for (const candidate of LEVELS) if ((r -= candidate.weight) < 0) return candidate;
  return LEVELS[1];
}

function message(lvl, n) {
  const ms = Math.floor(random() * 900) + 3;
  if (lvl.name.startsWith('WARN')) return `${pick(WARNINGS)} ${ms} ms`;
  if (lvl.name === 'ERROR') return `${pick(ERRORS)} ${ms} ms (request ${n})`;
  const status = random() < 0.9 ? '\x1b[32m200\x1b[39m' : '\x1b[33m404\x1b[39m';
  return `${pick(['GET', 'GET', 'POST', 'PUT'])} ${pick(PATHS)}/${n % 9973} ${status} ${ms}ms`;
}

function line(n) {
  const lvl = level();
  const time = new Date(START + Math.floor((n * 1000) / rate)).toISOString();
  const component = pick(COMPONENTS).padEnd(6);
  return [lvl.stream, `${DIM}${time}${RESET} ${lvl.colour}${lvl.name}${RESET} \x1b[35m[${component}]\x1b[39m ${message(lvl, n)}\n`];
}

const start = performance.now();
let written = 0;
let warnings = 0;
while (written < lines) {
  const due = Math.min(lines, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
  // Consecutive lines of one stream go in one write; a change of stream flushes, so the two pipes keep the order.
  let pending = '';
  let pendingStream = 1;
  for (; written < due; written++) {
    const [stream, text] = line(written + 1);
    if (stream !== pendingStream && pending) {
      writeAll(pendingStream, pending);
      pending = '';
    }
    pendingStream = stream;
    pending += text;
    if (stream === 2) warnings++;
  }
  if (pending) writeAll(pendingStream, pending);
  if (written < lines) await sleep(TICK_MS);
}
writeAll(1, `${DIM}--${RESET} ${lines} lines, ${warnings} of them warnings and errors on stderr\n`);
