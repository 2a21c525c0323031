// Runs the benchmark suites in headless Chromium and writes bench/results/.
// Usage: npm run bench [-- options]; node bench/run.js --help lists them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE } from './lib/options.js';
import { renderReport } from './lib/report.js';
import { serve } from './lib/server.js';
import { openSession } from './lib/session.js';
import { runAppendSuite, runFlatnessSuite } from './suites/append.js';
import { runFloodSuite, runStreamSuite } from './suites/flood.js';
import { runHugeSuite } from './suites/huge.js';
import { runReadingSuite } from './suites/reading.js';
import { runManySuite } from './suites/many.js';
import { runProgramsSuite } from './suites/programs.js';
import { runNotebookSuite } from './suites/notebook.js';
import { runPacingSuite } from './suites/pacing.js';
import { runWriteCostSuite } from './suites/write-cost.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.reportFrom) {
    const results = JSON.parse(await readFile(options.reportFrom, 'utf8'));
    await writeReport(results, options.reportFrom.replace(/\.json$/, ''));
    return;
  }
  if (!existsSync(join(root, 'dist', 'bounded-console.js'))) {
    console.error('bench: dist/bounded-console.js is missing; run "npm run build" (npm run bench does).');
    process.exit(1);
  }

  const started = Date.now();
  const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const server = await serve(root);
  const session = await openSession(server.origin);
  const date = new Date();
  const results = {
    date: date.toISOString(),
    machine: options.machine,
    environment: {
      browser: `Chromium ${session.version}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      os: `${platform()} ${release()}`,
      build: describeBuild(),
      loadAverageAtStart: loadavg().map((load) => Number(load.toFixed(2))),
    },
    options,
  };
  try {
    const subjectInfo = await session.withPage((page) => page.call('subjects'));
    results.subjects = subjectInfo.filter((subject) => options.subjects.includes(subject.id));
    const inSuite = (suite) => results.subjects.filter((subject) => subject.suites === null || subject.suites.includes(suite));
    if (options.suites.includes('append')) {
      results.append = await runAppendSuite(session, inSuite('append'), options, log);
      if (options.subjects.includes('bounded-console')) results.appendFlatness = await runFlatnessSuite(session, options, log);
    }
    if (options.suites.includes('flood')) {
      results.flood = await runFloodSuite(session, inSuite('flood'), options, log);
      if (options.subjects.includes('bounded-console')) results.stream = await runStreamSuite(session, options, log);
    }
    if (options.suites.includes('many')) results.many = await runManySuite(session, options, log);
    if (options.suites.includes('huge')) results.huge = await runHugeSuite(session, options, log);
    if (options.suites.includes('write-cost')) results.writeCost = await runWriteCostSuite(session, options, log);
    if (options.suites.includes('pacing')) results.pacing = await runPacingSuite(session, inSuite('pacing'), options, log);
    if (options.suites.includes('notebook')) results.notebook = await runNotebookSuite(session, options, log);
    if (options.suites.includes('programs')) results.programs = await runProgramsSuite(session, options, log);
    if (options.suites.includes('reading')) results.reading = await runReadingSuite(session, options, log);
  } finally {
    await session.close();
    await server.close();
  }
  results.durationSec = Math.round((Date.now() - started) / 1000);
  // Other work on the machine moves the figures; the load average tells how much there was.
  results.environment.loadAverageAtEnd = loadavg().map((load) => Number(load.toFixed(2)));

  const resultsDir = options.outDir ?? join(root, 'bench', 'results');
  const base = join(resultsDir, `${date.toISOString().slice(0, 10)}-${options.machine}`);
  await mkdir(resultsDir, { recursive: true });
  // The raw results first: a report bug must not lose a ten-minute run.
  await writeAtomically(`${base}.json`, JSON.stringify(results, null, 1) + '\n');
  await writeReport(results, base);
}

/** Writes `base`.html and the latest.md / latest-*.svg next to it, and prints the summary. */
async function writeReport(results, base) {
  const report = renderReport(results);
  const dir = dirname(base);
  const written = [`${base}.html`, join(dir, 'latest.md')];
  await writeAtomically(`${base}.html`, report.html);
  await writeAtomically(join(dir, 'latest.md'), report.markdown);
  for (const [name, svg] of [['latest-append.svg', report.appendSvg], ['latest-flood.svg', report.floodSvg]]) {
    if (svg === null) continue;
    await writeAtomically(join(dir, name), svg);
    written.push(join(dir, name));
  }
  console.log('\n' + report.terminal);
  console.log(`\nWrote ${written.join(', ')} (results: ${base}.json).`);
}

/** The commit measured, and whether the working tree (hence dist/) differed from it. */
function describeBuild() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'package.json') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** Writes through a .tmp file (ignored by git), so an interrupted run never leaves half a result. */
async function writeAtomically(path, text) {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
