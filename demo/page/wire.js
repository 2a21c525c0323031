// Reads the demo server's run stream: frames of [kind: 1 byte][length: 4 bytes,
// big-endian][payload], kind 1 stdout, 2 stderr, 3 a JSON event ("start" first,
// "exit" last). See "Wire format" in the README.
export const FRAME = { stdout: 1, stderr: 2, event: 3 };
const HEADER_BYTES = 5;

/**
 * Splits a run's response body into its stdout, returned as a stream of bytes to
 * pipe into a console's `writable`, while stderr bytes go to `onStderr(bytes)` and
 * events to `onEvent(object)`. Order is kept: the stream is pulled one piece at a
 * time (high-water mark 0), so stderr is written only once the stdout before it
 * has been taken, and a slow console slows the reading of the response (and so the
 * server, and the program).
 */
export function demux(body, { onStderr, onEvent, onBytes = () => {} }) {
  const reader = body.getReader();
  let chunk = new Uint8Array(0);
  let at = 0;
  const head = new Uint8Array(HEADER_BYTES);
  let headLength = 0;
  let kind = 0;
  let remaining = 0;
  let event = [];

  /** The next piece of stdout, or null at the end of the body. Stderr and events are handled on the way. */
  async function nextStdout() {
    for (;;) {
      if (at === chunk.length) {
        const { done, value } = await reader.read();
        if (done) {
          if (headLength > 0 || remaining > 0) throw new Error('the run stream was cut off inside a frame');
          return null;
        }
        chunk = value;
        at = 0;
        continue;
      }
      if (remaining === 0 && kind !== FRAME.event) {
        // A header, possibly split across reads.
        const take = Math.min(HEADER_BYTES - headLength, chunk.length - at);
        head.set(chunk.subarray(at, at + take), headLength);
        headLength += take;
        at += take;
        if (headLength < HEADER_BYTES) continue;
        headLength = 0;
        kind = head[0];
        remaining = new DataView(head.buffer).getUint32(1);
        if (kind !== FRAME.stdout && kind !== FRAME.stderr && kind !== FRAME.event) throw new Error(`unknown frame kind ${kind}`);
        if (kind !== FRAME.event) continue;
      }
      const take = Math.min(remaining, chunk.length - at);
      const piece = chunk.subarray(at, at + take);
      at += take;
      remaining -= take;
      if (kind === FRAME.event) {
        event.push(piece.slice());
        if (remaining > 0) continue;
        const bytes = new Uint8Array(event.reduce((sum, part) => sum + part.length, 0));
        let offset = 0;
        for (const part of event) {
          bytes.set(part, offset);
          offset += part.length;
        }
        event = [];
        kind = 0;
        onEvent(JSON.parse(new TextDecoder().decode(bytes)));
        continue;
      }
      if (take === 0) continue;
      onBytes(kind, take);
      if (kind === FRAME.stderr) onStderr(piece);
      else return piece;
    }
  }

  return new ReadableStream(
    {
      async pull(controller) {
        const piece = await nextStdout();
        if (piece === null) controller.close();
        else controller.enqueue(piece);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Runs this tab may stream at once. Browsers open at most 6 connections to one
 * host:port, and each run holds one for its whole length; one is kept free for the
 * acknowledgements below and the page's other requests.
 */
export const MAX_RUNS_PER_TAB = 5;
let runsInTab = 0;

/**
 * Runs `generator` on the server with `params` and streams it into `sink`
 * ({ writable, writeStderr(bytes) }). Resolves with the exit event; rejects with
 * the server's message when it refuses the run (400, 404, 429), or with an
 * AbortError when `signal` aborts (the server then kills the program).
 *
 * It asks for credit flow control: every quarter window of bytes the console has
 * taken is reported to the server, which sends no more than a window ahead. So a
 * slow console slows the program in every browser, also in one that would read
 * the response into its own memory regardless (Firefox).
 */
export async function runOnServer(generator, params, sink, { signal, onEvent = () => {}, onBytes = () => {} } = {}) {
  if (runsInTab >= MAX_RUNS_PER_TAB) {
    throw new Error(`This tab already streams ${MAX_RUNS_PER_TAB} runs, as many as a browser's connections to one server allow: stop one first.`);
  }
  runsInTab++;
  try {
    return await streamRun(generator, params, sink, { signal, onEvent, onBytes });
  } finally {
    runsInTab--;
  }
}

async function streamRun(generator, params, sink, { signal, onEvent, onBytes }) {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  const response = await fetch(`/api/run/${encodeURIComponent(generator)}?${query}`, { signal, cache: 'no-store', headers: { 'X-Flow-Control': 'credit' } });
  if (!response.ok) {
    const error = new Error((await response.text()).trim() || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  let exit = null;
  let credit = null;
  let consumed = 0;
  let acked = 0;
  const stdout = demux(response.body, {
    onStderr: (bytes) => sink.writeStderr(bytes),
    onEvent: (event) => {
      if (event.event === 'start' && event.token) credit = { id: event.id, token: event.token, every: Math.max(1, Math.floor(event.windowBytes / 4)) };
      if (event.event === 'exit') exit = event;
      onEvent(event);
    },
    onBytes: (kind, bytes) => {
      onBytes(kind, bytes);
      consumed += bytes;
      if (credit === null || consumed - acked < credit.every || signal?.aborted) return;
      acked = consumed;
      // Fire and forget: a lost acknowledgement is made up by the next one.
      fetch(`/api/ack/${credit.id}?token=${credit.token}&bytes=${consumed}`, { cache: 'no-store' }).catch(() => {});
    },
  });
  await stdout.pipeTo(sink.writable, { signal });
  if (exit === null) throw new Error('the server ended the stream without an exit event');
  return exit;
}
