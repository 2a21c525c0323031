/**
 * The events `<bounded-console>` dispatches, on the element, bubbling. None is fired
 * per line: each is at most once a frame, or once per act of the reader or the page.
 */

/** Lines were dropped by the bound since the last frame: fired at most once a frame. */
export class LinesDroppedEvent extends Event {
  static readonly eventName = 'lines-dropped';
  /** Lines dropped since the previous event. */
  readonly count: number;
  /** Lines dropped since the last clear(), as `droppedLines`. */
  readonly total: number;

  constructor(count: number, total: number) {
    super(LinesDroppedEvent.eventName, { bubbles: true });
    this.count = count;
    this.total = total;
  }
}

/** The view started or stopped following the latest line (the reader scrolled away, or back). */
export class FollowChangeEvent extends Event {
  static readonly eventName = 'follow-change';
  readonly following: boolean;

  constructor(following: boolean) {
    super(FollowChangeEvent.eventName, { bubbles: true });
    this.following = following;
  }
}

/** clear() removed all output. */
export class ClearedEvent extends Event {
  static readonly eventName = 'cleared';

  constructor() {
    super(ClearedEvent.eventName, { bubbles: true });
  }
}

/** The element's events by name, for `HTMLElementEventMap`. */
export interface BoundedConsoleEventMap {
  [LinesDroppedEvent.eventName]: LinesDroppedEvent;
  [FollowChangeEvent.eventName]: FollowChangeEvent;
  [ClearedEvent.eventName]: ClearedEvent;
}
