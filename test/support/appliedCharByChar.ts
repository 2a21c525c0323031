import { ConsoleBuffer, type ConsoleBufferOptions } from '../../src/core/index.js';
import { Screen } from '../../src/core/Screen.js';

/** The reference: every character written and applied alone, so nothing is ever clipped, and no batch holds a whole line to fold. */
export function appliedCharByChar(stream: string, options: number | ConsoleBufferOptions): ConsoleBuffer {
  const buffer = new ConsoleBuffer(typeof options === 'number' ? { maxLines: options } : options);
  for (const char of stream) {
    buffer.write(char);
    buffer.apply();
  }
  return buffer;
}

/**
 * All a reader can see of a buffer: text, line count, dropped lines, every line's style
 * runs, and the columns dropped past maxLineLength while no line was dropped (those count
 * only lines the console built, and a batch drops lines unbuilt that one character at a
 * time builds).
 */
export function seenByReader(buffer: ConsoleBuffer): unknown {
  const runs: (number[] | null)[] = [];
  for (let i = 0; i < buffer.lineCount; i++) {
    const line = buffer.styledLine(i);
    runs.push(line.runs === null ? null : Array.from(line.runs));
  }
  const truncatedChars = buffer.droppedLines === 0 ? buffer.truncatedChars : 'not compared';
  return { text: buffer.text, lineCount: buffer.lineCount, droppedLines: buffer.droppedLines, truncatedChars, runs };
}

/** Characters the screen is handed to print while `run` runs: what the terminal path interprets. */
export function printedBy(run: () => void): number {
  const print = Screen.prototype.print;
  let printed = 0;
  Screen.prototype.print = function (this: Screen, text: string, start: number, end: number, oneColumn?: boolean) {
    printed += end - start;
    return print.call(this, text, start, end, oneColumn);
  };
  try {
    run();
  } finally {
    Screen.prototype.print = print;
  }
  return printed;
}
