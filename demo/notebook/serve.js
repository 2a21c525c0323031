// `npm run notebook`: a Jupyter server and IPython kernel (Debian's), and a notebook
// page in front of them on 127.0.0.1 (PORT=… or --port …, default 8088; 0 picks a
// free port). It prints one address with a token; the server and its kernels stop with it.
import { setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { HOST, missingJupyter, startJupyter } from './jupyter.js';
import { createNotebookServer } from './server.js';

const PREFIX = 'bounded-console notebook:';
const SERVER_NICENESS = 5;
/** Jupyter's lines worth showing: warnings, errors, and what happens to kernels. */
const WORTH_SHOWING = /^\[[WEC] |Kernel (started|shutdown|restarted|interrupted)|^(Traceback|\w+Error)/;

function fail(message) {
  console.error(`${PREFIX} ${message}`);
  process.exit(1);
}

function parsePort() {
  let options;
  try {
    ({ values: options } = parseArgs({ options: { port: { type: 'string' } } }));
  } catch (error) {
    fail(`${error.message}; usage: node demo/notebook/serve.js [--port N]`);
  }
  const value = options.port ?? process.env.PORT ?? '8088';
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) fail(`the port must be a number from 0 to 65535, got "${value}"`);
  return Number(value);
}

const port = parsePort();
// As the demo server does: the producers yield the CPU to the browser showing their output.
try {
  setPriority(SERVER_NICENESS);
} catch {
  // not allowed: run as we are
}
const missing = missingJupyter();
if (missing !== null) fail(missing);

let jupyter;
try {
  jupyter = await startJupyter({
    log: (line) => {
      if (WORTH_SHOWING.test(line)) console.log(`jupyter: ${line}`);
    },
    onKernel: (pid) => console.log(`${PREFIX} kernel pid ${pid}`),
  });
} catch (error) {
  fail(error.message);
}
// No kernel outlives this process: SIGKILL to whatever is left, whichever way it exits.
process.on('exit', () => jupyter.killNow());
jupyter.exited.then(({ code, signal }) => {
  if (!stopping) fail(`the Jupyter server stopped (${signal ?? `exit ${code}`}); its kernels were stopped too`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await jupyter.stop();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, shutdown);

const server = await createNotebookServer({ jupyter });
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE') fail(`port ${port} is already in use; pick another: PORT=${port + 1} npm run notebook (or --port ${port + 1})`);
  fail(`cannot listen on ${HOST}:${port}: ${error.message}`);
});
server.listen(port, HOST, () => {
  console.log(`${PREFIX} jupyter server pid ${jupyter.pid} on ${HOST}:${jupyter.port}`);
  console.log(`${PREFIX} http://${HOST}:${server.address().port}/?token=${server.pageToken}`);
});
