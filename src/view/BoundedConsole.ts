import { ReactiveElement, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import {
  ChangeFeed,
  ConsoleBuffer,
  compileQuery,
  LineTimes,
  ansiLine,
  lineChunks,
  DEFAULT_MAX_LINE_LENGTH,
  DEFAULT_MAX_LINES,
  checkMaxLineLength,
  checkMaxLines,
  checkRows,
  type ChangeReader,
  type FindOptions,
  type FrameScheduler,
  type Position,
  type StreamName,
} from '../core/index.js';
import { Announcer } from './Announcer.js';
import { ClearedEvent, FindChangeEvent, FollowChangeEvent, LinesDroppedEvent, SelectionChangeEvent } from './events.js';
import type { FindController, FindResult } from './FindController.js';
import { RowHighlights } from './Highlights.js';
import { SelectionController } from './SelectionController.js';
import { ContrastAdjuster, parseColor, type Rgb } from './contrast.js';
import { colorRgb } from './renderLine.js';
import { sharedFrameScheduler, sharedIntervalScheduler } from './schedulers.js';
import { styles } from './styles.js';
import { VirtualRows } from './VirtualRows.js';

/** A frame applies pending input itself only up to this much while writes keep coming. */
const FRAME_APPLY_LIMIT_CHARS = 256 * 1024;
/** Milliseconds of writing through `writable` per frame before it waits for the frame (backpressure). */
const STREAM_WORK_PER_FRAME_MS = 8;
/** Most retained text copied out of written strings per quiet frame, so the copy is spread over frames (81 million characters at 1M lines of 80). */
const COMPACT_CHARS_PER_FRAME = 1024 * 1024;
/** Time a frame gives to applying pending input (see ConsoleBuffer.applyFor): what does not fit, the rest of a huge write say, goes on in the next frame. */
const APPLY_MS_PER_FRAME = 4;
/** Text crossed past max-line-length whose dropped characters are counted in one frame: 4 to 5 ms for a line laced with colours (frames after a 64 MiB one). */
const COUNT_CHARS_PER_FRAME = 4 * 1024 * 1024;
/** A hidden tab runs no frames; the stream waits at most this long, so it keeps flowing slowly. */
const STREAM_WAIT_LIMIT_MS = 100;
/** Longest flush-interval: a console that shows output less often than this would look dead. */
export const MAX_FLUSH_INTERVAL_MS = 60_000;
/** What a numeric attribute may hold: a plain decimal integer, no sign, space, exponent or fraction. */
const DECIMAL_INTEGER = /^[0-9]+$/;
/** A contrast ratio attribute: a plain decimal number such as `4.5`. */
const DECIMAL_NUMBER = /^[0-9]+(?:\.[0-9]+)?$/;
/** Least and default time between two announcements of new output (announce). */
const MIN_ANNOUNCE_INTERVAL_MS = 1000;
const DEFAULT_ANNOUNCE_INTERVAL_MS = 5000;
/** WCAG AA for text: the default least contrast of text against its background. */
export const DEFAULT_MINIMUM_CONTRAST = 4.5;

/**
 * A text console with a bounded scrollback that never freezes the page, however
 * fast output pours in. Writes only queue; once per frame the queue is clipped to
 * the last `max-lines` lines, applied, and the visible lines alone are rendered.
 *
 * @summary Bounded, frame-coalesced console output.
 * @attr max-lines - Most lines kept (default 5000); older lines are dropped and counted.
 * @attr max-line-length - Most columns kept of one line (default 100,000); the rest is dropped, counted and marked.
 * @attr rows - Height of the terminal screen that absolute moves, erases, scroll regions and the alternate screen act on (default: every retained line); 24 for full-screen programs.
 * @attr flush-interval - Milliseconds (1 to 60,000) between flushes on a fixed timer instead of every animation frame.
 * @attr label - Accessible name of the log (default "Console output").
 * @attr theme - `light`, `dark`, or `auto` (the operating system's preference); without it the console follows the page's `color-scheme`.
 * @attr announce - Opt-in for screen readers: a polite live region summarises new output ("120 new lines; last: …") at most every `announceIntervalMs` (5 s), never line by line.
 * @attr line-numbers - Shows each line's number in a gutter, counted from the first line written since clear(), so line 1,000,001 stays 1,000,001 as older lines are trimmed. Not selected or copied with the text.
 * @attr timestamps - Shows when each line arrived, in local time to the millisecond, in a gutter; stored as one entry per frame that brought lines, not per line. Not selected or copied with the text.
 * @attr wrap - Soft wrap: lines wrap at the viewport's width instead of scrolling sideways; the line at the top stays in view when it changes, on resize and on a font change.
 * @attr toolbar - Shows a small toolbar above the output: find, wrap, copy (the selection, or everything), download, clear.
 * @attr minimum-contrast - Least contrast ratio of text against its background, 1 to 21 (default 4.5, WCAG AA); colours too close to their background are adjusted as they are drawn. 1 turns it off.
 * @fires lines-dropped - {LinesDroppedEvent} Lines were dropped by the bound: at most once a frame, with the count since the last one and the total.
 * @fires follow-change - {FollowChangeEvent} The view started or stopped following the latest line.
 * @fires cleared - {ClearedEvent} clear() removed all output.
 * @fires selection-change - {SelectionChangeEvent} The selection was made, extended or cleared, or shrank as its first lines were trimmed.
 * @fires find-change - {FindChangeEvent} A find's count or current match changed: as the search goes on, on next/previous, and as output streams in.
 * @csspart viewport - The scrolling log (role="log").
 * @csspart rows - The block holding the visible line rows.
 * @csspart line - One rendered line.
 * @csspart stderr - Text written to stderr.
 * @csspart link - An OSC 8 hyperlink (http, https and mailto only).
 * @csspart gutter - A line's number (line-numbers).
 * @csspart timestamp - A line's arrival time (timestamps).
 * @csspart truncated - The mark at the end of a line cut at max-line-length.
 * @csspart jump - The button that returns to the latest line, shown while scrolled away.
 * @csspart dropped - The first row once lines were dropped by the bound, saying how many.
 * @csspart toolbar - The toolbar (toolbar attribute).
 * @csspart toolbar-button - A toolbar button; `data-action` names it (find, wrap, copy, download, clear).
 * @csspart find - The find bar (Ctrl/Cmd+F in the console).
 * @csspart find-input - The find bar's query field.
 * @csspart find-option - A find toggle: match case, whole word, regular expression.
 * @csspart find-status - "3 of 120": the current match and the count.
 * @csspart find-button - The find bar's previous, next and close buttons.
 * @cssproperty --bounded-console-selection-background - Background of selected text.
 * @cssproperty --bounded-console-match-background - Background of find matches.
 * @cssproperty --bounded-console-current-match-background - Background of the current find match.
 * @cssproperty --bounded-console-background - Background colour.
 * @cssproperty --bounded-console-foreground - Text colour.
 * @cssproperty --bounded-console-font-family - Monospace font stack.
 * @cssproperty --bounded-console-font-size - Font size (default 13px).
 * @cssproperty --bounded-console-line-height - Line height (default 1.25).
 * @cssproperty --bounded-console-padding-inline - Space left and right of the text (default 8px).
 * @cssproperty --bounded-console-color-0 - ANSI colour 0 (likewise 1 to 15); light and dark defaults.
 * @cssproperty --bounded-console-stderr-color - Colour of stderr text without a colour of its own.
 * @cssproperty --bounded-console-link-color - Colour of hyperlinks.
 * @cssproperty --bounded-console-jump-background - Background of the jump button.
 * @cssproperty --bounded-console-jump-foreground - Text colour of the jump button.
 */
export class BoundedConsole extends ReactiveElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    maxLines: {
      attribute: 'max-lines',
      reflect: true,
      noAccessor: true,
      converter: {
        fromAttribute: (value: string | null) => (value === null ? DEFAULT_MAX_LINES : Number(value)),
        toAttribute: (value: number) => String(value),
      },
    },
    maxLineLength: {
      attribute: 'max-line-length',
      reflect: true,
      noAccessor: true,
      converter: {
        fromAttribute: (value: string | null) => (value === null ? DEFAULT_MAX_LINE_LENGTH : Number(value)),
        toAttribute: (value: number) => String(value),
      },
    },
    flushInterval: {
      attribute: 'flush-interval',
      reflect: true,
      noAccessor: true,
      converter: {
        fromAttribute: (value: string | null) => (value === null ? null : Number(value)),
        toAttribute: (value: number | null) => (value === null ? null : String(value)),
      },
    },
    rows: {
      attribute: 'rows',
      reflect: true,
      noAccessor: true,
      converter: {
        fromAttribute: (value: string | null) => (value === null ? null : Number(value)),
        toAttribute: (value: number | null) => (value === null ? null : String(value)),
      },
    },
    label: { type: String },
    theme: { type: String, reflect: true, noAccessor: true },
    announce: { type: Boolean, reflect: true },
    lineNumbers: { type: Boolean, reflect: true, attribute: 'line-numbers' },
    timestamps: { type: Boolean, reflect: true },
    wrap: { type: Boolean, reflect: true },
    toolbar: { type: Boolean, reflect: true },
    minimumContrast: {
      attribute: 'minimum-contrast',
      reflect: true,
      noAccessor: true,
      converter: {
        fromAttribute: (value: string | null) => (value === null ? DEFAULT_MINIMUM_CONTRAST : Number(value)),
        toAttribute: (value: number) => String(value),
      },
    },
  };

  /** Accessible name of the log. */
  declare label: string;

  /** Whether new output is summarised for screen readers (see Announcer). */
  declare announce: boolean;

  /** Whether each line shows its number, counted from the first line written since clear(), so trimming keeps them. */
  declare lineNumbers: boolean;

  /**
   * Whether each line shows when it arrived (local time, to the millisecond: the frame
   * in which its first character was applied). Times are kept from when this is on.
   */
  declare timestamps: boolean;

  /**
   * Whether lines wrap at the viewport's width (soft wrap) instead of scrolling
   * sideways. The line at the top of the view stays there when it is turned on or
   * off, on resize and on a font change; following stays on.
   */
  declare wrap: boolean;

  /** Whether a small toolbar (find, wrap, copy, download, clear) shows above the output. */
  declare toolbar: boolean;

  readonly #times = new LineTimes();
  readonly #timeOf = (seq: number) => this.#times.timeOf(seq);

  #announcer: Announcer | undefined;
  #announceIntervalMs = DEFAULT_ANNOUNCE_INTERVAL_MS;
  #theme: Theme | null = null;
  #minimumContrast = DEFAULT_MINIMUM_CONTRAST;
  /** The adjuster rows are drawn with (null: none). */
  #contrast: ContrastAdjuster | null = null;
  /** Whether the colours must be read again before rows are drawn. */
  #colorsStale = true;
  /** Watches what can change the colours the browser resolves: the page's and the host's classes and styles. */
  #colorWatch: { observer: MutationObserver; media: MediaQueryList; onChange: () => void } | undefined;

  readonly #buffer: ConsoleBuffer;
  #rows: VirtualRows | undefined;
  #flushInterval: number | null = null;
  #scheduler: FrameScheduler | undefined;
  #writable: WritableStream<string | Uint8Array> | undefined;
  #streamWorkMs = 0;
  #wroteSinceFrame = false;
  readonly #client = { frame: () => this.#frame(), commit: () => this.#rows?.commit() };
  /** Each reader of line changes (rows, find) sees every change once. */
  #feed!: ChangeFeed;
  #findChanges: ChangeReader | undefined;
  readonly #highlights = new RowHighlights();
  #selection: SelectionController | undefined;
  #find: FindController | undefined;

  constructor() {
    super();
    this.label = 'Console output';
    this.announce = false;
    this.lineNumbers = false;
    this.timestamps = false;
    this.wrap = false;
    this.toolbar = false;
    this.#buffer = new ConsoleBuffer({ onPending: () => this.#scheduleFrame() });
    this.#feed = new ChangeFeed(this.#buffer.applied);
    // The element's events about its lines come from the core's one change emitter.
    this.#feed.subscribe((change) => {
      if (change.cleared) this.dispatchEvent(new ClearedEvent());
      else if (change.dropped > 0) this.dispatchEvent(new LinesDroppedEvent(change.dropped, change.droppedTotal));
    });
  }

  /** Most lines kept. Lowering it drops the oldest lines at once. Throws a RangeError unless an integer from 1 to 100,000,000. */
  get maxLines(): number {
    return this.#buffer.maxLines;
  }

  set maxLines(value: number) {
    const old = this.#buffer.maxLines;
    this.#buffer.maxLines = checkMaxLines(value ?? DEFAULT_MAX_LINES);
    this.requestUpdate('maxLines', old);
    this.#scheduleFrame();
  }

  /**
   * Height of the terminal screen in rows, as a terminal's rows: how many of the last
   * lines absolute cursor moves (`CSI H`, `CSI d`), erasing the display (`CSI 2J`,
   * `CSI 3J`), scroll regions (`CSI r`) and the alternate screen (`?1049h`) act on. Null
   * (the default): every retained line is the screen, its top the oldest line, so a
   * program's `clear` blanks every line. Set it (24 is a terminal's default) for
   * full-screen programs. Throws a RangeError unless null or an integer from 1.
   */
  get rows(): number | null {
    return this.#buffer.rows;
  }

  set rows(value: number | null) {
    const old = this.#buffer.rows;
    this.#buffer.rows = checkRows(value ?? null);
    this.requestUpdate('rows', old);
    this.#scheduleFrame();
  }

  /**
   * Most columns kept of one line (default 100,000); text past it is dropped, counted
   * in truncatedChars and marked at the line's end. Throws a RangeError unless an integer from 1.
   */
  get maxLineLength(): number {
    return this.#buffer.maxLineLength;
  }

  set maxLineLength(value: number) {
    const old = this.#buffer.maxLineLength;
    this.#buffer.maxLineLength = checkMaxLineLength(value ?? DEFAULT_MAX_LINE_LENGTH);
    this.requestUpdate('maxLineLength', old);
  }

  /**
   * `'light'`, `'dark'`, `'auto'` (the operating system's preference), or null (the
   * default) to follow the page's `color-scheme`, as the rest of the page does.
   * Throws a RangeError for anything else.
   */
  get theme(): Theme | null {
    return this.#theme;
  }

  set theme(value: Theme | null) {
    value ??= null;
    if (value !== null && !THEMES.includes(value)) {
      throw new RangeError(`theme must be ${THEMES.map((theme) => `'${theme}'`).join(', ')} or null, got ${String(value)}`);
    }
    const old = this.#theme;
    this.#theme = value;
    this.requestUpdate('theme', old);
    this.#colorsChanged();
  }

  /**
   * Least contrast ratio of text against its background, from 1 (off) to 21; default
   * 4.5 (WCAG AA). A colour too close to its background (black on a dark theme, a
   * page's own palette, a 256-colour or truecolour a program picked) is drawn moved
   * toward black or white just far enough, as xterm's minimumContrastRatio does.
   * Throws a RangeError for anything else.
   */
  get minimumContrast(): number {
    return this.#minimumContrast;
  }

  set minimumContrast(value: number) {
    value ??= DEFAULT_MINIMUM_CONTRAST;
    checkMinimumContrast(value);
    const old = this.#minimumContrast;
    this.#minimumContrast = value;
    this.requestUpdate('minimumContrast', old);
    this.#colorsChanged();
  }

  /** Least milliseconds between two announcements when `announce` is on: default 5000, at least 1000. */
  get announceIntervalMs(): number {
    return this.#announceIntervalMs;
  }

  set announceIntervalMs(value: number) {
    value ??= DEFAULT_ANNOUNCE_INTERVAL_MS;
    if (!(typeof value === 'number' && value >= MIN_ANNOUNCE_INTERVAL_MS && value <= 3_600_000)) {
      throw new RangeError(`announceIntervalMs must be a number of milliseconds from ${MIN_ANNOUNCE_INTERVAL_MS} to 3600000, got ${String(value)}`);
    }
    this.#announceIntervalMs = value;
    if (this.#announcer) this.#announcer.intervalMs = value;
  }

  /** Characters dropped past max-line-length since the last clear(). */
  get truncatedChars(): number {
    return this.#buffer.truncatedChars;
  }

  /** Milliseconds between flushes on a timer, or null to flush once per animation frame. */
  get flushInterval(): number | null {
    return this.#flushInterval;
  }

  set flushInterval(value: number | null) {
    value ??= null;
    checkFlushInterval(value);
    const old = this.#flushInterval;
    if (value === old) return;
    this.#flushInterval = value;
    if (this.#scheduler !== undefined && this.#scheduler === this.#defaultScheduler(old)) this.scheduler = this.#defaultScheduler(value);
    this.requestUpdate('flushInterval', old);
  }

  /**
   * The scheduler this console flushes on. By default all consoles on a page share
   * one that runs once per animation frame (or one per `flush-interval`); tests and
   * benchmarks may set their own.
   */
  get scheduler(): FrameScheduler {
    this.#scheduler ??= this.#defaultScheduler(this.#flushInterval);
    return this.#scheduler;
  }

  set scheduler(scheduler: FrameScheduler) {
    const pending = this.#scheduler?.framePending === true;
    this.#scheduler?.unschedule(this.#client);
    this.#scheduler = scheduler;
    if (pending || this.#buffer.pendingChars > 0) this.#scheduleFrame();
  }

  /** The retained lines, each followed by `\n`, then the current line. */
  get text(): string {
    return this.#buffer.text;
  }

  /** Retained lines, the current line included once it is not empty. */
  get lineCount(): number {
    return this.#buffer.lineCount;
  }

  /** Lines discarded by the bound since the last clear(). */
  get droppedLines(): number {
    return this.#buffer.droppedLines;
  }

  /** Whether the view sticks to the latest line (the reader has not scrolled away). */
  get following(): boolean {
    return this.#rows?.following ?? true;
  }

  /**
   * A stream to pipe output into (`response.body.pipeTo(el.writable)`), as stdout.
   * It applies backpressure: after about 8 ms of input in a frame it waits for the
   * frame. A new stream is returned once the previous one has closed or aborted.
   */
  get writable(): WritableStream<string | Uint8Array> {
    this.#writable ??= this.#createWritable();
    return this.#writable;
  }

  /**
   * Queues output; it is shown at the next frame. Strings are taken as they are;
   * bytes are UTF-8, decoded across calls separately for each stream.
   */
  write(text: string | Uint8Array, stream: StreamName = 'stdout'): void {
    this.#buffer.write(text, stream);
    this.#wroteSinceFrame = true;
  }

  /** Writes `text` followed by a line end. */
  writeln(text = ''): void {
    if (typeof text !== 'string') throw new TypeError(`writeln() takes a string, got ${typeof text}`);
    this.#buffer.write(text + '\n');
    this.#wroteSinceFrame = true;
  }

  /** Removes all output, pending output included, and resets droppedLines. The view follows new output again. */
  clear(): void {
    this.#buffer.clear();
    this.#rows?.reset();
    this.#announcer?.reset();
    this.#times.reset();
    this.#selection?.clear();
    this.#find?.update(0);
    this.#feed.cleared();
    this.#scheduleFrame();
  }

  /** Applies all pending output; resolves once the DOM shows it. */
  async flush(): Promise<void> {
    this.#buffer.apply();
    this.#stampTimes();
    this.#selection?.trim();
    this.#find?.update(this.#findChanges?.take() ?? Infinity);
    if (!this.isConnected) return;
    await this.updateComplete;
    await this.#wrapLoading;
    this.#rows?.render();
    this.#rows?.commit();
  }

  /**
   * The retained lines as a file, each followed by `\n`: plain text, or with `ansi`
   * their colours, attributes and links as escape sequences, so a terminal (or
   * another console) shows them as here. Built from the buffer in 1 Mi-character
   * chunks, never as one string of everything. Applies pending output first.
   */
  toBlob({ ansi = false }: { ansi?: boolean } = {}): Blob {
    const buffer = this.#buffer;
    const count = buffer.lineCount;
    const lineAt = ansi ? (index: number) => ansiLine(buffer.styledLine(index)) : (index: number) => buffer.line(index);
    return new Blob([...lineChunks(count, lineAt)], { type: ansi ? 'text/plain; charset=utf-8; variant=ansi' : 'text/plain; charset=utf-8' });
  }

  /** Saves the retained lines as a file (see toBlob), named `filename` (default `console.log`). */
  download(filename = 'console.log', options: { ansi?: boolean } = {}): void {
    const url = URL.createObjectURL(this.toBlob(options));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    // Browsers read the URL after click() returns; a minute later the Blob can go.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** Scrolls to the latest line and follows new output again. */
  scrollToLatest(): void {
    this.#rows?.scrollToLatest();
  }

  /**
   * The selected text, read from the buffer (not the drawn rows): the lines' text
   * joined by `\n`, without line numbers, timestamps or any label. '' when nothing is selected.
   */
  get selectedText(): string {
    return this.#selection?.text ?? '';
  }

  /** Selects every retained line (Ctrl/Cmd+A in the console). */
  selectAll(): void {
    this.#buffer.apply();
    this.#selection?.selectAll();
  }

  /**
   * Selects from one position to another, each `{ seq, col }`: a line's sequence
   * number (`droppedLines` + its index; the line numbers shown by `line-numbers`
   * less one) and a UTF-16 column (`Infinity` for the line's end). Lines trimmed
   * later leave the selection. Throws a TypeError for anything else.
   */
  select(from: Position, to: Position): void {
    if (this.#selection === undefined) throw new Error('select() needs the console rendered first: await el.updateComplete');
    this.#selection.select(from, to);
  }

  clearSelection(): void {
    this.#selection?.clear();
  }

  /** Copies the selected text to the clipboard. Resolves false when nothing is selected. */
  async copy(): Promise<boolean> {
    const text = this.selectedText;
    if (text === '') return false;
    await writeClipboard(text);
    return true;
  }

  /** Copies every retained line to the clipboard, each followed by `\n` (as `text`, lines joined the same way). */
  async copyAll(): Promise<void> {
    await writeClipboard(this.#buffer.text);
  }

  /**
   * Finds `query` in every retained line (plain text, case-insensitive, unless
   * `options` say `regex`, `caseSensitive` or `wholeWord`), highlights the matches in
   * view and moves to the match nearest the view. The search runs in slices of at most
   * 8 ms; the promise resolves with the count and the current match's index once every
   * line is searched. Counts keep up with new output (`find-change`). Throws a
   * TypeError for an empty query and a SyntaxError for an invalid regular expression.
   */
  find(query: string, options: FindOptions = {}): Promise<FindResult> {
    // Checked here, so a bad query throws at once even before the find code has loaded.
    compileQuery(query, options);
    this.#buffer.apply();
    return this.#finder().then((finder) => finder.find(query, options));
  }

  /** Moves to the next match of the current find, wrapping at the end (Enter in the find bar). */
  findNext(): void {
    this.#find?.next();
  }

  /** Moves to the previous match, wrapping at the start (Shift+Enter). */
  findPrevious(): void {
    this.#find?.previous();
  }

  /** Ends the find: highlights go, counting stops. */
  clearFind(): void {
    this.#find?.clear();
  }

  /** Opens the find bar and focuses its field (Ctrl/Cmd+F in the console); resolves once it is open. */
  async openFind(): Promise<void> {
    (await this.#finder()).openBar();
  }

  /**
   * The find controller and its bar, made at the first find: a text field in every
   * console's shadow root would cost memory (Chromium frees removed inputs late) for a
   * bar most consoles never open.
   */
  #findBar: HTMLElement | undefined;

  /** The find bar is a search landmark: named after this console, so several on a page are told apart. */
  #nameFindBar(): void {
    this.#findBar?.setAttribute('aria-label', `Find in ${this.label}`);
  }

  /** The find code is loaded at the first find: a page whose consoles never search never fetches it. */
  #finderLoading: Promise<FindController> | undefined;

  #finder(): Promise<FindController> {
    const rows = this.#rows;
    if (rows === undefined) return Promise.reject(new Error('find needs the console rendered first: await el.updateComplete'));
    this.#finderLoading ??= import('./FindController.js').then(({ FindController, createFindBar }) => {
      const bar = createFindBar();
      this.#findBar = bar.bar;
      this.#nameFindBar();
      this.renderRoot.append(bar.bar);
      this.#find = new FindController(this.#buffer.applied, rows, this.#highlights, bar, (query, result) =>
        this.dispatchEvent(new FindChangeEvent(query, result.count, result.index, result.complete)),
      );
      return this.#find;
    });
    return this.#finderLoading;
  }

  /** The current find's count and current match's index ({ count: 0, index: -1 } without one). */
  get findResult(): FindResult {
    return this.#find?.result ?? { count: 0, index: -1, complete: true };
  }

  /**
   * Attributes never throw. A numeric one that is not a plain decimal integer in
   * range, or a theme that is not one of the names, is reported once on the console
   * and changes nothing: the current value stays, and the attribute is set back to
   * it, so attribute and property always agree.
   */
  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const rule = ATTRIBUTE_RULES[name];
    if (rule !== undefined && value !== null && !rule.valid(value)) {
      const current = this[rule.property];
      console.warn(`<bounded-console>: ignoring ${name}="${value}", not ${rule.expected}; keeping ${String(current)}`);
      if (current === null) this.removeAttribute(name);
      else this.setAttribute(name, String(current));
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  /**
   * Copy events reach the console here, on the document, whichever way a browser fires
   * them: Chromium at the focused log (the event crosses the shadow boundary to the
   * document), Firefox at the document itself when nothing is selected the browser's way
   * (the console's rows never are). One for the log, or while it has focus, copies the
   * console's selection.
   */
  readonly #onDocumentCopy = (event: ClipboardEvent): void => {
    const viewport = this.renderRoot.querySelector('.viewport');
    if (this.#selection === undefined || viewport === null) return;
    if (event.composedPath().includes(viewport) || (this.renderRoot as ShadowRoot).activeElement === viewport) this.#selection.onCopy(event);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('copy', this.#onDocumentCopy);
    this.#rows?.connect();
    if (this.announce) this.#announcer?.start();
    this.#watchColors();
    this.#scheduleFrame();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('copy', this.#onDocumentCopy);
    this.#rows?.disconnect();
    // The page-wide highlights must not keep a removed console's rows alive.
    this.#highlights.clear();
    this.#unwatchColors();
    this.#announcer?.stop();
    this.#scheduler?.unschedule(this.#client);
  }

  /**
   * The shadow DOM is built once, with DOM calls (no markup parsed); each update
   * then sets the few things that change (the log's name, the toolbar and its states).
   * Lit's templates are not used: this one static tree did not need them, and without
   * lit-html the bundle is 3.3 kB gzip smaller (43.4 → 40.1 kB when it was done).
   */
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    const root = this.renderRoot;
    if (!this.hasUpdated) root.append(shadowTemplate().cloneNode(true));
    root.querySelector('.viewport')!.setAttribute('aria-label', this.label);
    if (this.toolbar) {
      const bar = (this.#toolbar ??= this.#createToolbar());
      if (bar.parentNode !== root) root.prepend(bar);
      bar.querySelector('[data-action=wrap]')!.setAttribute('aria-pressed', String(this.wrap));
      bar.querySelector('[data-action=copy]')!.textContent = this.#copied ? 'Copied' : 'Copy';
    } else {
      this.#toolbar?.remove();
    }
  }

  #toolbar: HTMLElement | undefined;

  /** The toolbar: find, wrap, copy, download, clear. One tab stop; the arrow keys move between its buttons. */
  #createToolbar(): HTMLElement {
    const bar = document.createElement('div');
    bar.className = 'toolbar';
    bar.setAttribute('part', 'toolbar');
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Console actions');
    const actions: Record<string, () => unknown> = {
      find: () => this.openFind(),
      wrap: () => (this.wrap = !this.wrap),
      copy: () => this.#copyFromToolbar(),
      download: () => this.download(),
      clear: () => this.clear(),
    };
    for (const [action, title, label] of TOOLBAR_BUTTONS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('part', 'toolbar-button');
      button.dataset.action = action;
      button.title = title;
      button.tabIndex = action === 'find' ? 0 : -1;
      button.textContent = label;
      button.addEventListener('click', () => void actions[action]!());
      bar.append(button);
    }
    bar.addEventListener('keydown', this.#onToolbarKey);
    return bar;
  }

  readonly #onToolbarKey = (event: KeyboardEvent): void => {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
    const step = keys[event.key];
    if (step === undefined) return;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.toolbar button')];
    const at = buttons.indexOf(event.target as HTMLButtonElement);
    const next = step === -Infinity ? 0 : step === Infinity ? buttons.length - 1 : (at + step + buttons.length) % buttons.length;
    event.preventDefault();
    buttons.forEach((button, i) => (button.tabIndex = i === next ? 0 : -1));
    buttons[next]!.focus();
  };

  /** Whether the copy button says "Copied" (for a moment after a copy). */
  #copied = false;

  async #copyFromToolbar(): Promise<void> {
    if (!(await this.copy())) await this.copyAll();
    this.#copied = true;
    this.requestUpdate();
    setTimeout(() => {
      this.#copied = false;
      this.requestUpdate();
    }, 1500);
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot;
    const part = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
    const dropped = document.createElement('div');
    dropped.className = 'line dropped';
    dropped.setAttribute('part', 'dropped');
    const applied = this.#buffer.applied;
    const rowChanges = this.#feed.reader();
    this.#findChanges = this.#feed.reader();
    const rows = new VirtualRows(
      {
        viewport: part('.viewport'),
        sizer: part('.sizer'),
        rows: part('.rows'),
        probe: part('.probe'),
        dropped,
        jump: part<HTMLButtonElement>('.jump'),
        jumpLabel: part('.jump-label'),
      },
      {
        get droppedLines() {
          return applied.droppedLines;
        },
        get lineCount() {
          return applied.lineCount;
        },
        get endsWithLineBreak() {
          return applied.endsWithLineBreak;
        },
        styledLine: (index) => applied.styledLine(index),
        takeChangedFrom: () => rowChanges.take(),
      },
      () => this.#scheduleFrame(),
      () => this.#contrastAdjuster(),
    );
    this.#rows = rows;
    this.#selection = new SelectionController(
      part('.viewport'),
      rows,
      applied,
      this.#highlights,
      () => this.dispatchEvent(new SelectionChangeEvent(this.#selection!.selection.empty)),
      () => this.#buffer.text,
    );
    rows.onRowsChanged = () => {
      this.#selection?.decorate();
      this.#find?.decorate();
    };
    part('.viewport').addEventListener('keydown', (event) => this.#onKeyDown(event));
    rows.connect();
    rows.render();
    rows.commit();
    rows.onFollowChange = (following) => this.dispatchEvent(new FollowChangeEvent(following));
    this.#announcer = new Announcer(part('.announcer'), applied, this.#announceIntervalMs);
  }

  /** Soft wrap's code is loaded the first time wrap is turned on. */
  #applyWrap(): void {
    const rows = this.#rows;
    if (rows === undefined) return;
    if (!this.wrap) {
      rows.setWrap(null);
      return;
    }
    this.#wrapLoading = import('./WrapLayout.js').then((module) => {
      if (this.wrap) rows.setWrap(module);
    });
  }

  /** While wrap's code loads: flush() waits for it, so what it resolves on is drawn wrapped. */
  #wrapLoading: Promise<void> | undefined;

  /** Keys in the log: select all, find, and scrolling that moves by lines and pages at any size. */
  #onKeyDown(event: KeyboardEvent): void {
    const command = event.ctrlKey || event.metaKey;
    if (command && !event.altKey && !event.shiftKey && (event.key === 'a' || event.key === 'A')) {
      event.preventDefault();
      this.selectAll();
    } else if (command && !event.altKey && (event.key === 'f' || event.key === 'F')) {
      event.preventDefault();
      void this.openFind();
    } else if (event.key === 'Escape' && !this.#selection!.selection.empty) {
      this.clearSelection();
    } else if (!command && !event.altKey && !event.shiftKey && this.#rows!.scrollForKey(event.key)) {
      event.preventDefault();
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('label')) this.#nameFindBar();
    // Lines already there when timestamps are turned on have no known arrival time.
    if (changed.has('timestamps') && this.timestamps) this.#times.reset(this.#buffer.applied.droppedLines + this.#buffer.applied.lineCount);
    if (this.#rows) {
      this.#rows.lineNumbers = this.lineNumbers;
      this.#rows.timestamps = this.timestamps ? this.#timeOf : null;
      this.#applyWrap();
    }
    if (!this.#announcer) return;
    if (this.announce && this.isConnected) this.#announcer.start();
    else this.#announcer.stop();
  }

  #frame(): void {
    this.#streamWorkMs = 0;
    // While a producer is still pouring in, big batches are applied inside write(),
    // in its own task; the frame then only renders what is applied, and catches up
    // once writing pauses. So a frame's work stays small, whatever the input rate.
    // A queue clipped to its last max-lines lines is cheap to apply, and is: the
    // producer then only clips, and each frame shows the newest lines.
    const wrote = this.#wroteSinceFrame;
    const flooding = wrote && this.#buffer.pendingChars > FRAME_APPLY_LIMIT_CHARS && !this.#buffer.pendingClipped;
    this.#wroteSinceFrame = false;
    // Anything else is applied for APPLY_MS_PER_FRAME at most: text interpreted in full
    // (cursor moves, links) that does not fit goes on in the next frame, ahead of later writes.
    if (flooding && this.#buffer.restChars === 0) this.#scheduleFrame();
    else if (this.#buffer.pendingChars > 0 && this.#buffer.applyFor(APPLY_MS_PER_FRAME) > 0) this.#scheduleFrame();
    this.#stampTimes();
    if (this.isConnected) this.#rows?.update();
    this.#selection?.trim();
    this.#find?.update(this.#findChanges?.take() ?? Infinity);
    this.#announcer?.noteOutput();
    this.#feed.poll();
    // Plain text is kept as written, uncopied, while output pours in (a flood replaces
    // it before anyone reads it). Once a frame passes with nothing written, the text
    // kept is copied into strings of its own, COMPACT_CHARS_PER_FRAME a frame, so it
    // stops holding alive any larger string it was sliced from.
    if (flooding) return;
    const shared = wrote ? this.#buffer.sharedChars : this.#buffer.compact(COMPACT_CHARS_PER_FRAME);
    // A huge line crossed past max-line-length has what it dropped counted over frames too.
    const uncounted = this.#buffer.countTruncated(COUNT_CHARS_PER_FRAME);
    if (shared > 0 || uncounted > 0) this.#scheduleFrame();
  }

  #scheduleFrame(): void {
    this.scheduler.schedule(this.#client);
  }

  /** Gives the lines applied since the last call their arrival time, before they are drawn. */
  #stampTimes(): void {
    if (!this.timestamps) return;
    const { droppedLines, lineCount } = this.#buffer.applied;
    this.#times.stamp(droppedLines + lineCount, Date.now());
    this.#times.trim(droppedLines);
  }

  /** The colours may have changed: they are read again before the next rows are drawn. */
  #colorsChanged(): void {
    if (this.#colorsStale) return;
    this.#colorsStale = true;
    this.#scheduleFrame();
  }

  #watchColors(): void {
    if (this.#colorWatch !== undefined) return;
    const onChange = () => this.#colorsChanged();
    const observer = new MutationObserver(onChange);
    const options = { attributes: true, attributeFilter: ['class', 'style', 'theme', 'data-theme'] };
    for (const node of [document.documentElement, document.body, this]) if (node) observer.observe(node, options);
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', onChange);
    this.#colorWatch = { observer, media, onChange };
    this.#colorsChanged();
  }

  #unwatchColors(): void {
    const watch = this.#colorWatch;
    if (watch === undefined) return;
    watch.observer.disconnect();
    watch.media.removeEventListener('change', watch.onChange);
    this.#colorWatch = undefined;
  }

  /**
   * The adjuster for minimum-contrast, from the colours the browser resolved for this
   * console (themes, light-dark() and the page's custom properties included): read
   * once, and again only after something that can change them. Null when off.
   */
  #contrastAdjuster(): ContrastAdjuster | null {
    if (!this.#colorsStale) return this.#contrast;
    this.#colorsStale = false;
    const previous = this.#contrast;
    this.#contrast = null;
    if (this.#minimumContrast <= 1 || !this.isConnected) return null;
    const probes = this.renderRoot.querySelectorAll('.palette > span');
    const colors = [...probes].map((probe) => parseColor(getComputedStyle(probe).color));
    const host = getComputedStyle(this);
    const background = parseColor(host.backgroundColor);
    const foreground = parseColor(host.color);
    // Not laid out, or a colour the browser gives in another form: draw as styled.
    if (background === null || foreground === null || colors.length !== 16 || colors.includes(null)) return null;
    const palette = { background, foreground, colors: colors as Rgb[] };
    // A class or style changed on the page but not the colours (the common case): the rows drawn stay.
    this.#contrast = previous?.serves(palette, this.#minimumContrast) ? previous : new ContrastAdjuster(palette, this.#minimumContrast, colorRgb);
    return this.#contrast;
  }

  #defaultScheduler(interval: number | null): FrameScheduler {
    return interval === null ? sharedFrameScheduler() : sharedIntervalScheduler(interval);
  }

  #createWritable(): WritableStream<string | Uint8Array> {
    const done = () => {
      if (this.#writable === stream) this.#writable = undefined;
    };
    const stream = new WritableStream<string | Uint8Array>({
      write: (chunk) => {
        const start = performance.now();
        try {
          this.write(chunk);
        } catch (error: unknown) {
          // The stream errors (pipeTo rejects); the next reader of `writable` gets a fresh one.
          this.#buffer.endBytes('stdout');
          done();
          throw error;
        }
        this.#streamWorkMs += performance.now() - start;
        if (this.#streamWorkMs < STREAM_WORK_PER_FRAME_MS) return undefined;
        return Promise.race([this.scheduler.nextFrame(), delay(STREAM_WAIT_LIMIT_MS)]).then(() => {
          this.#streamWorkMs = 0;
        });
      },
      close: () => {
        this.#buffer.endBytes('stdout');
        done();
      },
      abort: () => {
        this.#buffer.endBytes('stdout');
        done();
      },
    });
    return stream;
  }
}

/** Writes text to the system clipboard: the async Clipboard API, or the copy command where it is missing or refused. */
async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not allowed here (no focus, no permission, an insecure page): the copy command, from this call's user activation.
  }
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy, { capture: true, once: true });
  try {
    if (!document.execCommand('copy')) throw new Error('copy: the browser refused to write the clipboard');
  } finally {
    document.removeEventListener('copy', onCopy, { capture: true });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function checkFlushInterval(value: unknown): number | null {
  if (value === null || (typeof value === 'number' && value > 0 && value <= MAX_FLUSH_INTERVAL_MS)) return value;
  throw new RangeError(`flushInterval must be a number of milliseconds above 0 and at most ${MAX_FLUSH_INTERVAL_MS}, or null, got ${String(value)}`);
}

/** The toolbar's buttons: action, title, label. */
const TOOLBAR_BUTTONS = [
  ['find', 'Find (Ctrl+F)', 'Find'],
  ['wrap', 'Wrap long lines', 'Wrap'],
  ['copy', 'Copy the selection, or all the output', 'Copy'],
  ['download', 'Download the output as a text file', 'Download'],
  ['clear', 'Clear the output', 'Clear'],
] as const;

let shadowTree: DocumentFragment | undefined;

/** An element with attributes and children, made with DOM calls: nothing in the shadow tree is parsed as markup. */
function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The shadow tree every console starts with (cloned): the log and its rows, the probes for sizes and palette colours (16 spans), the live region and the jump button. */
function shadowTemplate(): DocumentFragment {
  if (shadowTree === undefined) {
    const hidden = { 'aria-hidden': 'true' };
    shadowTree = document.createDocumentFragment();
    shadowTree.append(
      element(
        'div',
        { class: 'viewport', part: 'viewport', role: 'log', 'aria-live': 'off', tabindex: '0' },
        element('div', { class: 'sizer' }),
        element('div', { class: 'rows', part: 'rows' }),
      ),
      element('div', { class: 'probe', ...hidden }, element('span', {}, '0000000000')),
      element('div', { class: 'announcer', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }),
      element('div', { class: 'palette', ...hidden }, ...Array.from({ length: 16 }, (_, i) => element('span', { class: `f${i}` }))),
      element(
        'button',
        { class: 'jump', part: 'jump', type: 'button', title: 'Jump to the latest output', hidden: '' },
        element('span', hidden, '↓'),
        ' ',
        element('span', { class: 'jump-label' }, 'Latest'),
      ),
    );
  }
  return shadowTree;
}

function checkMinimumContrast(value: unknown): number {
  if (typeof value === 'number' && value >= 1 && value <= 21) return value;
  throw new RangeError(`minimumContrast must be a number from 1 to 21, got ${String(value)}`);
}

export type Theme = 'light' | 'dark' | 'auto';
export type { FindResult } from './FindController.js';
const THEMES: readonly string[] = ['light', 'dark', 'auto'] satisfies Theme[];

/** The attributes whose values are checked, the property each sets, and what a valid value is. */
const ATTRIBUTE_RULES: Partial<Record<string, { property: 'maxLines' | 'maxLineLength' | 'flushInterval' | 'rows' | 'theme' | 'minimumContrast'; valid: (value: string) => boolean; expected: string }>> = {
  'max-lines': { property: 'maxLines', valid: (value) => decimalPasses(value, checkMaxLines), expected: 'a decimal integer in range' },
  'max-line-length': { property: 'maxLineLength', valid: (value) => decimalPasses(value, checkMaxLineLength), expected: 'a decimal integer in range' },
  'flush-interval': { property: 'flushInterval', valid: (value) => decimalPasses(value, checkFlushInterval), expected: 'a decimal integer in range' },
  rows: { property: 'rows', valid: (value) => decimalPasses(value, checkRows), expected: 'a decimal integer in range' },
  theme: { property: 'theme', valid: (value) => THEMES.includes(value), expected: THEMES.join(', ') },
  'minimum-contrast': {
    property: 'minimumContrast',
    valid: (value) => DECIMAL_NUMBER.test(value) && Number(value) >= 1 && Number(value) <= 21,
    expected: 'a decimal number from 1 to 21',
  },
};

function decimalPasses(value: string, check: (value: number) => unknown): boolean {
  if (!DECIMAL_INTEGER.test(value)) return false;
  try {
    check(Number(value));
    return true;
  } catch {
    return false;
  }
}
