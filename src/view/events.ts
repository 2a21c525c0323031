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

/** The selection changed: made, extended, cleared, or shrunk because its first lines were trimmed. */
export class SelectionChangeEvent extends Event {
  static readonly eventName = 'selection-change';
  /** Whether anything is selected now. */
  readonly empty: boolean;

  constructor(empty: boolean) {
    super(SelectionChangeEvent.eventName, { bubbles: true });
    this.empty = empty;
  }
}

/** What a find has found: fired as the scan goes on, when the current match moves, and while output streams in (at most once a frame). */
export class FindChangeEvent extends Event {
  static readonly eventName = 'find-change';
  /** The query, or '' once the find was closed. */
  readonly query: string;
  /** Matches in the retained lines (found so far, until `complete`). */
  readonly count: number;
  /** The current match's index (0 is the oldest), or -1 for none. */
  readonly index: number;
  /** Whether every retained line has been searched. */
  readonly complete: boolean;

  constructor(query: string, count: number, index: number, complete: boolean) {
    super(FindChangeEvent.eventName, { bubbles: true });
    this.query = query;
    this.count = count;
    this.index = index;
    this.complete = complete;
  }
}

/** The element's events by name, for `HTMLElementEventMap`. */
export interface BoundedConsoleEventMap {
  [LinesDroppedEvent.eventName]: LinesDroppedEvent;
  [FollowChangeEvent.eventName]: FollowChangeEvent;
  [ClearedEvent.eventName]: ClearedEvent;
  [SelectionChangeEvent.eventName]: SelectionChangeEvent;
  [FindChangeEvent.eventName]: FindChangeEvent;
}
