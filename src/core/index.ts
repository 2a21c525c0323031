export { ConsoleBuffer, DEFAULT_MAX_LINES, MAX_LINES_LIMIT, checkMaxLines } from './ConsoleBuffer.js';
export type { ConsoleBufferOptions, StreamName } from './ConsoleBuffer.js';
export { FrameScheduler } from './FrameScheduler.js';
export type { FrameClient, FrameClock, FrameReport } from './FrameScheduler.js';
export { PagedLines } from './PagedLines.js';
export { detachString, joinDetached } from './detachString.js';
