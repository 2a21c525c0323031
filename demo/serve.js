// `npm start`: the demo server on 127.0.0.1 (PORT=… or --port … to change; 0 picks a free port).
import { setPriority } from 'node:os';
import { createDemoServer, HOST } from './server/http.js';

const SERVER_NICENESS = 5;

function parsePort() {
  const args = process.argv.slice(2);
  let value = process.env.PORT;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') value = args[++i];
    else if (args[i].startsWith('--port=')) value = args[i].slice('--port='.length);
    else fail(`unknown argument "${args[i]}"; usage: node demo/serve.js [--port N]`);
  }
  if (value === undefined || value === '') return 8080;
  const number = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(number >= 0 && number <= 65535)) fail(`the port must be a number from 0 to 65535, got "${value}"`);
  return number;
}

function fail(message) {
  console.error(`bounded-console demo: ${message}`);
  process.exit(1);
}

const port = parsePort();
// The demo's producers (this server and, lower still, its children) yield the CPU to
// the browser that shows their output: on a machine with few cores the page keeps
// its frames; with cores to spare this changes nothing.
try {
  setPriority(SERVER_NICENESS);
} catch {
  // not allowed: run as we are
}
const server = await createDemoServer();

server.on('error', (error) => {
  if (error.code === 'EADDRINUSE') fail(`port ${port} is already in use; pick another: PORT=${port + 1} npm start (or --port ${port + 1})`);
  if (error.code === 'EACCES') fail(`not allowed to listen on port ${port}; pick another, e.g. PORT=8080 npm start`);
  fail(`cannot listen on ${HOST}:${port}: ${error.message}`);
});

server.listen(port, HOST, () => {
  console.log(`bounded-console demo: http://${HOST}:${server.address().port}/`);
});

// No child outlives the server: SIGTERM to every group on a signal, SIGKILL to any left on exit.
process.on('exit', () => server.runs.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, async () => {
    const stopped = server.runs.stopAll('stopped: the server is shutting down');
    server.close();
    server.closeAllConnections();
    const deadline = new Promise((resolve) => setTimeout(resolve, 1000));
    await Promise.race([stopped, deadline]);
    process.exit(0);
  });
}
