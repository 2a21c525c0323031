// Deterministic text for the workloads: fixed-width lines, so any number of lines
// is a prefix of one long string and costs no extra memory to produce.

const FILLER = 'the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';

/** Line `index`, exactly `width` characters, no line end; neighbouring lines differ. */
export function makeLine(index, width) {
  const head = String(index).padStart(8, '0') + ' ';
  const from = index % 37;
  const body = FILLER.repeat(Math.ceil((width + from) / FILLER.length) + 1).slice(from, from + width - head.length);
  return head + body;
}

/** Text of `count` lines of `width` characters, each ended by `\n`, with `prefix(n)` giving the first n of them. */
export function lineBlock(count, width) {
  const parts = new Array(count);
  for (let i = 0; i < count; i++) parts[i] = makeLine(i, width) + '\n';
  const text = parts.join('');
  return {
    text,
    /** The first `n` lines: a slice, not a copy. */
    prefix: (n) => text.slice(0, n * (width + 1)),
  };
}

const POOL = 16;

/** Whole lines made by `render(index)` packed into chunks of at most `bytes`, `POOL` different chunks. */
export function chunked(render, bytes = 64 * 1024) {
  const chunks = [];
  let index = 0;
  for (let c = 0; c < POOL; c++) {
    let text = '';
    let lines = 0;
    for (let line = render(index); text.length + line.length <= bytes; line = render(++index)) {
      text += line;
      lines++;
    }
    chunks.push({ text, lines });
  }
  return chunks;
}

/**
 * The flood workloads: each is a pool of writes the producer cycles through.
 * Text is ASCII, so characters are bytes.
 */
export const WORKLOADS = {
  plain: {
    label: 'plain 80-char lines, 64 KB writes',
    make: () => chunked((i) => makeLine(i, 80) + '\n'),
  },
  lines: {
    label: 'one 80-char line per write',
    make: () => Array.from({ length: 4096 }, (_, i) => ({ text: makeLine(i, 80) + '\n', lines: 1 })),
  },
  lines100: {
    label: '100 80-char lines per write',
    make: () => chunked((i) => makeLine(i, 80) + '\n', 100 * 81),
  },
  sgr: {
    label: 'coloured lines (SGR per line), 64 KB writes',
    make: () => chunked((i) => `\x1b[${31 + (i % 6)}m${makeLine(i, 80)}\x1b[0m\n`),
  },
  progress: {
    label: '\\r progress updates, a line end every 100',
    make: () => Array.from({ length: 100 }, (_, p) => (p < 99 ? { text: `\rprogress ${p}%`, lines: 0 } : { text: '\rprogress 100%\n', lines: 1 })),
  },
};
