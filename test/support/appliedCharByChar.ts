import { ConsoleBuffer } from '../../src/core/index.js';

/** The reference: every character written and applied alone, so nothing is ever clipped. */
export function appliedCharByChar(stream: string, maxLines: number): ConsoleBuffer {
  const buffer = new ConsoleBuffer({ maxLines });
  for (const char of stream) {
    buffer.write(char);
    buffer.apply();
  }
  return buffer;
}
