import { BoundedConsole } from './view/BoundedConsole.js';
import type { BoundedConsoleEventMap } from './view/events.js';

export { BoundedConsole } from './view/BoundedConsole.js';
export { sharedFrameScheduler, sharedIntervalScheduler } from './view/schedulers.js';
export type { StreamName } from './core/index.js';
export type { Theme } from './view/BoundedConsole.js';
export { ClearedEvent, FindChangeEvent, FollowChangeEvent, LinesDroppedEvent, SelectionChangeEvent, type BoundedConsoleEventMap } from './view/events.js';

customElements.define('bounded-console', BoundedConsole);

declare global {
  interface HTMLElementTagNameMap {
    'bounded-console': BoundedConsole;
  }
  interface HTMLElementEventMap extends BoundedConsoleEventMap {}
}
