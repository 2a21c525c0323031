// Starts Debian's Jupyter server with an IPython kernel for `npm run notebook`, and
// makes sure neither outlives this process.
//
// Everything it reads or writes is in a temporary directory of its own (config,
// runtime, data, IPython's profile, the kernels' working directory), removed on stop:
// none of the user's Jupyter or IPython configuration is read, nothing is written
// into the project. The server binds 127.0.0.1 with a random token passed in a
// config file only this user can read (never on a command line, which `ps` shows),
// and its IOPub rate limits are off so that floods reach the page.
//
// Stopping: SIGTERM to the server, which shuts its kernels down; after a grace
// period SIGKILL to the server and to every kernel's process group still alive. The
// kernels' pids are learnt from the server's children as they appear (each kernel
// leads a session of its own, so its pid is its process group), so a kernel is
// killed even when the server crashed first. On Linux the server also gets SIGTERM
// from the kernel if this process dies without a chance to clean up (PR_SET_PDEATHSIG).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupAlive } from '../server/runs.js';

/**
 * Debian's Python, the one its jupyter-server and python3-ipykernel packages are for
 * (not a pyenv or venv python3 on PATH). BOUNDED_CONSOLE_NOTEBOOK_PYTHON names another.
 */
export const PYTHON = process.env.BOUNDED_CONSOLE_NOTEBOOK_PYTHON || '/usr/bin/python3';
export const INSTALL_HINT = 'install Debian\'s Jupyter server and IPython kernel: sudo apt-get install jupyter-server python3-ipykernel (python3-tqdm for the progress bars)';
export const HOST = '127.0.0.1';
/** The one kernel this server offers. */
export const KERNEL_NAME = 'python3';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 3000;
const KERNEL_POLL_MS = 250;
const DIR_PREFIX = 'bounded-console-notebook-';

/**
 * Launches the server with PR_SET_PDEATHSIG set to SIGTERM, then execs it: if
 * the Node process dies, even by SIGKILL, Linux sends the server SIGTERM and it
 * shuts its kernels down. Elsewhere (no prctl) it just execs. The server and its
 * kernels run at nice 10, as the demo's programs do: on a machine with few cores
 * the browser showing their output gets the processor first, so the page keeps its
 * frames while a kernel floods it; with cores to spare this changes nothing.
 */
const LAUNCHER = `
import ctypes, os, signal, sys
try:
    os.nice(10)
except OSError:
    pass
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
except (AttributeError, OSError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)  # the parent died before the prctl
os.execv(sys.executable, [sys.executable, "-m", "jupyter_server"] + sys.argv[2:])
`;

/** Null when Debian's Python has jupyter_server and ipykernel, else one line saying what to install. */
export function missingJupyter() {
  if (!existsSync(PYTHON)) return `no ${PYTHON}: ${INSTALL_HINT}`;
  const probe = spawnSync(PYTHON, ['-c', 'import jupyter_server, ipykernel'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status === 0) return null;
  const module = /No module named '([^']+)'/.exec(probe.stderr ?? '')?.[1];
  return `${PYTHON} ${module ? `has no ${module}` : 'cannot import jupyter_server and ipykernel'}: ${INSTALL_HINT}`;
}

/** A port free on 127.0.0.1 right now (the server is told not to move to another if it is taken meanwhile). */
async function freePort() {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

/** The pids of `pid`'s children (Linux: /proc; elsewhere `ps`). */
function childrenOf(pid) {
  const tasks = `/proc/${pid}/task`;
  if (existsSync('/proc/self/task')) {
    const children = [];
    try {
      for (const task of readdirSync(tasks)) {
        const listed = readFileSync(join(tasks, task, 'children'), 'utf8').trim();
        if (listed !== '') children.push(...listed.split(/\s+/).map(Number));
      }
    } catch {
      // the process is gone
    }
    return children;
  }
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  return (ps.stdout ?? '')
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/).map(Number))
    .filter(([, parent]) => parent === pid)
    .map(([child]) => child);
}

/**
 * Removes the directories of earlier runs whose process is gone: one killed outright
 * (SIGKILL) had no chance to. Each is named after the pid that made it.
 */
function removeStaleDirectories() {
  for (const name of readdirSync(tmpdir())) {
    const owner = name.startsWith(DIR_PREFIX) ? Number(/^(\d+)-/.exec(name.slice(DIR_PREFIX.length))?.[1]) : NaN;
    if (!(owner > 0) || owner === process.pid) continue;
    try {
      process.kill(owner, 0);
    } catch (error) {
      if (error.code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

async function writePrivate(file, text) {
  await writeFile(file, text, { mode: 0o600 });
}

/**
 * Starts the server and waits until it answers. Resolves with
 * { url, port, token, pid, kernelPids(), exited, stop() }; rejects with the server's own words if it fails.
 * `log` takes each line the server prints (its token masked), `onKernel` each kernel's pid as it is found.
 * @param {{ log?: (line: string) => void, onKernel?: (pid: number) => void }} options
 */
export async function startJupyter({ log = () => {}, onKernel = () => {} } = {}) {
  removeStaleDirectories();
  const dir = await mkdtemp(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  const paths = Object.fromEntries(['config', 'runtime', 'data', 'data/kernels/python3', 'ipython', 'work', 'tmp'].map((name) => [name, join(dir, name)]));
  for (const path of Object.values(paths)) await mkdir(path, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('hex');
  const port = await freePort();
  await writePrivate(
    join(paths['data/kernels/python3'], 'kernel.json'),
    JSON.stringify({
      argv: [PYTHON, '-Xfrozen_modules=off', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
      display_name: 'Python 3 (Debian)',
      language: 'python',
    }),
  );
  const configFile = join(paths.config, 'jupyter_server_config.json');
  await writePrivate(
    configFile,
    JSON.stringify({
      ServerApp: {
        ip: HOST,
        port,
        port_retries: 0,
        token,
        password: '',
        open_browser: false,
        allow_root: true,
        allow_remote_access: false,
        root_dir: paths.work,
        iopub_data_rate_limit: 0,
        iopub_msg_rate_limit: 0,
        jpserver_extensions: {},
      },
      // Our kernelspec is found first, in JUPYTER_DATA_DIR, and takes the name python3 from the system's.
      KernelSpecManager: { ensure_native_kernel: false },
    }),
  );
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(JUPYTER|JPY|IPYTHON|PYTHON)/.test(name)) delete env[name];
  Object.assign(env, {
    JUPYTER_NO_CONFIG: '1',
    JUPYTER_CONFIG_DIR: paths.config,
    JUPYTER_RUNTIME_DIR: paths.runtime,
    JUPYTER_DATA_DIR: paths.data,
    IPYTHONDIR: paths.ipython,
    TMPDIR: paths.tmp,
    PYTHONUNBUFFERED: '1',
    // debugpy, which ipykernel imports, warns about frozen modules on every start.
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  });
  const child = spawn(PYTHON, ['-c', LAUNCHER, String(process.pid), `--config=${configFile}`], {
    cwd: paths.work,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  let said = '';
  const listen = (chunk) => {
    said = (said + chunk).slice(-4000);
    for (const line of String(chunk).split('\n')) if (line.trim() !== '') log(line.replaceAll(token, '…'));
  };
  child.stdout.on('data', listen);
  child.stderr.on('data', listen);
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));

  const kernels = new Set();
  const watch = setInterval(() => {
    for (const kernel of childrenOf(pid)) {
      if (kernels.has(kernel)) continue;
      kernels.add(kernel);
      onKernel(kernel);
    }
    for (const kernel of kernels) if (!groupAlive(kernel)) kernels.delete(kernel);
  }, KERNEL_POLL_MS);
  watch.unref();

  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const kernel of childrenOf(pid)) kernels.add(kernel);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // gone already
        }
        const timer = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
        await Promise.race([exited, timer]);
      }
      killNow();
      await exited;
    })());
  /** Synchronous, for process exit too: SIGKILL the server's group and every kernel's, and remove the directory. */
  let killed = false;
  const killNow = () => {
    // Once only: after that the pids may belong to other processes.
    if (killed) return;
    killed = true;
    clearInterval(watch);
    for (const group of [pid, ...kernels]) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    kernels.clear();
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://${HOST}:${port}`;
  const started = performance.now();
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the Jupyter server exited at start:\n${said.replaceAll(token, '…').trim()}`);
    }
    try {
      const response = await fetch(`${url}/api/kernelspecs`, { headers: { Authorization: `token ${token}` } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > START_TIMEOUT_MS) {
      await stop();
      throw new Error(`the Jupyter server did not answer within ${START_TIMEOUT_MS / 1000} s:\n${said.replaceAll(token, '…').trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, token, pid, kernelPids: () => [...kernels], exited, stop, killNow };
}
