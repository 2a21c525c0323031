// Runs the demo's programs and streams their output over one HTTP response,
// stdout and stderr kept apart by a framing described in the README ("Wire format").
//
// Backpressure is end to end: when the response cannot take more (the page reads
// slowly, or not at all), both of the child's pipes are paused, so the child blocks
// in write() once the kernel's pipe buffer is full, and this process holds at most
// BUFFER_BOUND_BYTES for the run. A browser that keeps reading a response nobody
// reads (Firefox does, into its own memory) gets no TCP backpressure, so a client
// may ask for credit flow control too (header `X-Flow-Control: credit`): it then
// reports the bytes it has consumed (GET /api/ack/ID?token=…&bytes=N), and no more
// than CREDIT_WINDOW_BYTES are ever sent ahead of that. Each child leads a process group of its own, and
// the whole group is killed when the response closes early, times out, or the
// server stops: SIGTERM, then SIGKILL after KILL_GRACE_MS if any of it is left.
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { setPriority } from 'node:os';
import { CHILD_ENV, PROGRAMS } from './generators.js';

/**
 * Children run at a lower CPU priority (nice 10): on a busy machine the browser
 * showing their output gets the processor before the producers flooding it, so the
 * page keeps its frames; on an idle machine it changes nothing.
 */
const CHILD_NICENESS = 10;

/** Frame kinds: one byte, then the payload length as 4 bytes big-endian, then the payload. */
export const FRAME = { stdout: 1, stderr: 2, event: 3 };
/** Most bytes the server holds for one run, whatever the reader does (see `buffered()`). */
export const BUFFER_BOUND_BYTES = 512 * 1024;
/** With credit flow control, the most payload bytes sent and not yet reported consumed. */
export const CREDIT_WINDOW_BYTES = 8 * 1024 * 1024;
const KILL_GRACE_MS = 400;
const NEWLINE = 0x0a;

function header(kind, length) {
  const bytes = Buffer.allocUnsafe(5);
  bytes[0] = kind;
  bytes.writeUInt32BE(length, 1);
  return bytes;
}

/** Bytes for the log: B, kB or MB. */
function size(bytes) {
  if (bytes < 1e4) return `${Math.round(bytes)} B`;
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

function countNewlines(chunk) {
  let count = 0;
  for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** Whether any process of group `pgid` is still there (a zombie not yet reaped counts). */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

export class Runs {
  #runs = new Map();
  #nextId = 1;

  /** @param {{ maxRuns: number, maxSeconds: number, log: (line: string) => void }} options */
  constructor({ maxRuns, maxSeconds, log }) {
    this.maxRuns = maxRuns;
    this.maxSeconds = maxSeconds;
    this.log = log;
  }

  get size() {
    return this.#runs.size;
  }

  /** The runs in progress, for GET /api/runs. */
  list() {
    return [...this.#runs.values()].map((run) => run.summary());
  }

  /**
   * Starts `generator` with parsed `values` and streams it into `response`.
   * The caller has checked the cap (`size < maxRuns`).
   */
  start(name, generator, values, response, { credit = false } = {}) {
    const run = new Run(this.#nextId++, name, generator, values, response, this, credit);
    this.#runs.set(run.id, run);
    run.onEnd = () => this.#runs.delete(run.id);
    return run;
  }

  /**
   * A client's report that it has consumed `bytes` of run `id`'s payload; returns
   * an error sentence, or null when taken. The token, from the run's start event,
   * keeps other runs' clients from acknowledging for it.
   */
  ack(id, token, bytes) {
    const run = this.#runs.get(id);
    if (run === undefined) return 'no such run (it may have ended)';
    return run.ack(token, bytes);
  }

  /** Stops every run (server shutting down); resolves once all their children are reaped. */
  stopAll(reason) {
    return Promise.all([...this.#runs.values()].map((run) => run.stop(reason)));
  }

  /** Last resort on process exit: SIGKILL every group still known, synchronously. */
  killAllNow() {
    for (const run of this.#runs.values()) if (run.pid !== undefined) signalGroup(run.pid, 'SIGKILL');
  }
}

class Run {
  stdoutBytes = 0;
  stderrBytes = 0;
  stdoutLines = 0;
  stderrLines = 0;
  maxBuffered = 0;
  paused = false;
  /** Payload bytes written to the response, and (with credit flow control) reported consumed. */
  sentBytes = 0;
  ackedBytes = 0;
  /** Why it is ending when the server ended it; undefined while it runs or when the child exited by itself. */
  stopReason = undefined;
  onEnd = () => {};

  constructor(id, name, generator, values, response, runs, credit) {
    this.id = id;
    this.credit = credit;
    this.token = randomBytes(16).toString('hex');
    this.name = name;
    this.values = values;
    this.response = response;
    this.runs = runs;
    this.command = generator.shown(values);
    this.started = performance.now();
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));

    const [file, ...args] = generator.argv(values);
    // detached: the child leads a new process group (and session), so the group can be killed whole.
    this.child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: CHILD_ENV, cwd: PROGRAMS });
    this.child.once('spawn', () => this.#spawned());
    this.child.once('error', (error) => this.#failed(error));
    this.child.once('close', (code, signal) => this.#closed(code, signal));
    // A response closed before its end: Stop, a closed tab, a dropped connection.
    response.once('close', () => {
      if (!response.writableFinished) this.stop('stopped: the client went away');
    });
  }

  get pid() {
    return this.child.pid;
  }

  /** Bytes this process holds for the run: unsent response data, and what is read but not yet sent. */
  buffered() {
    const { stdout, stderr } = this.child;
    return this.response.writableLength + (stdout?.readableLength ?? 0) + (stderr?.readableLength ?? 0);
  }

  summary() {
    const buffered = this.buffered();
    this.maxBuffered = Math.max(this.maxBuffered, buffered);
    return {
      id: this.id,
      generator: this.name,
      params: this.values,
      pid: this.pid,
      stdoutBytes: this.stdoutBytes,
      stderrBytes: this.stderrBytes,
      buffered,
      maxBuffered: this.maxBuffered,
      paused: this.paused,
      credit: this.credit,
      unacknowledged: this.credit ? this.sentBytes - this.ackedBytes : null,
      seconds: this.#seconds(),
    };
  }

  #seconds() {
    return (performance.now() - this.started) / 1000;
  }

  #spawned() {
    const { response, child } = this;
    try {
      setPriority(child.pid, CHILD_NICENESS);
    } catch {
      // Not allowed here, or already gone: it runs at the server's priority.
    }
    if (response.destroyed) {
      this.stop('stopped: the client went away');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Run-Pid': String(child.pid),
    });
    response.socket?.setNoDelay(true);
    const flow = this.credit ? { token: this.token, windowBytes: CREDIT_WINDOW_BYTES } : {};
    this.#event({ event: 'start', id: this.id, generator: this.name, params: this.values, pid: child.pid, command: this.command, ...flow });
    response.on('drain', () => this.#flow());
    child.stdout.on('data', (chunk) => this.#send(FRAME.stdout, chunk));
    child.stderr.on('data', (chunk) => this.#send(FRAME.stderr, chunk));
    this.timeout = setTimeout(() => this.stop(`stopped: ran for ${this.runs.maxSeconds} s, the most a run may`), this.runs.maxSeconds * 1000);
  }

  #failed(error) {
    if (this.child.pid !== undefined) return; // an error after the spawn (a failed kill): the close event still comes
    const { response } = this;
    if (!response.headersSent) {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`could not start ${this.name}: ${error.code ?? error.message}\n`);
    }
    this.#finish(`failed to start: ${error.code ?? error.message}`);
  }

  #send(kind, chunk) {
    if (kind === FRAME.stdout) {
      this.stdoutBytes += chunk.length;
      this.stdoutLines += countNewlines(chunk);
    } else {
      this.stderrBytes += chunk.length;
      this.stderrLines += countNewlines(chunk);
    }
    const { response } = this;
    if (response.destroyed) return;
    response.cork();
    response.write(header(kind, chunk.length));
    response.write(chunk);
    response.uncork();
    this.sentBytes += chunk.length;
    this.maxBuffered = Math.max(this.maxBuffered, this.buffered());
    this.#flow();
  }

  /**
   * Reads the child's pipes only while the response has room and, with credit flow
   * control, the client is less than a window behind; else the child blocks on its writes.
   */
  #flow() {
    const { stdout, stderr } = this.child;
    const behind = this.credit && this.sentBytes - this.ackedBytes >= CREDIT_WINDOW_BYTES;
    const pause = this.response.writableNeedDrain || behind;
    if (pause === this.paused || this.response.destroyed) return;
    this.paused = pause;
    if (pause) {
      stdout.pause();
      stderr.pause();
    } else {
      stdout.resume();
      stderr.resume();
    }
  }

  ack(token, bytes) {
    const given = Buffer.from(String(token));
    const expected = Buffer.from(this.token);
    if (!this.credit || given.length !== expected.length || !timingSafeEqual(given, expected)) return 'wrong token for this run';
    if (bytes > this.sentBytes) return `bytes=${bytes} is more than the ${this.sentBytes} sent`;
    this.ackedBytes = Math.max(this.ackedBytes, bytes);
    this.#flow();
    return null;
  }

  #event(value) {
    const payload = Buffer.from(JSON.stringify(value));
    if (this.response.destroyed) return;
    this.response.write(Buffer.concat([header(FRAME.event, payload.length), payload]));
  }

  /** Ends the run early: SIGTERM to the group, SIGKILL if anything is left after the grace. Resolves when reaped. */
  stop(reason) {
    if (this.stopReason === undefined && this.ended === undefined) {
      this.stopReason = reason;
      const { pid, child } = this;
      if (pid !== undefined) {
        signalGroup(pid, 'SIGTERM');
        // A child that ignores SIGTERM still loses its pipes.
        child.stdout?.destroy();
        child.stderr?.destroy();
        const killer = setTimeout(() => {
          if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
        }, KILL_GRACE_MS);
        killer.unref();
      }
    }
    return this.closed;
  }

  #closed(code, signal) {
    const how = this.stopReason ?? (signal !== null ? `killed by ${signal}` : `exit ${code}`);
    const { response } = this;
    if (!response.destroyed && response.headersSent && !response.writableEnded) {
      this.#event({
        event: 'exit',
        code,
        signal,
        reason: how,
        stdoutBytes: this.stdoutBytes,
        stderrBytes: this.stderrBytes,
        stdoutLines: this.stdoutLines,
        stderrLines: this.stderrLines,
        seconds: this.#seconds(),
      });
      response.end();
    }
    this.#finish(how);
  }

  #finish(how) {
    if (this.ended !== undefined) return;
    this.ended = how;
    clearTimeout(this.timeout);
    const seconds = this.#seconds();
    const params = Object.entries(this.values).map(([key, value]) => ` ${key}=${value}`).join('');
    this.runs.log(
      `run ${this.id}: ${this.name}${params} (pid ${this.pid ?? '-'}): ${size(this.stdoutBytes)} stdout, ` +
        `${size(this.stderrBytes)} stderr in ${seconds.toFixed(2)} s (${size(this.stdoutBytes / seconds)}/s); ${how}; ` +
        `at most ${Math.ceil(this.maxBuffered / 1024)} KiB buffered`,
    );
    this.onEnd();
    this.resolveClosed();
  }
}
