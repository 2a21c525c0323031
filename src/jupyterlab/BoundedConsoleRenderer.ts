import type { IObservableString } from '@jupyterlab/observables';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { BoundedConsole } from '../view/BoundedConsole.js';
import { checkMaxLines } from '../core/index.js';
import { STDERR_MIME_TYPE } from './mimeTypes.js';

/** Options of {@link BoundedConsoleRenderer}. */
export interface BoundedConsoleRendererOptions {
  /** The console's `max-lines` (the element's default, 5000, when left out). */
  maxLines?: number;
  /** Most rows tall the output grows before it scrolls (default 24). */
  maxRows?: number;
}

/** What a renderer has done, so the cost per message can be checked without a clock. */
export interface BoundedConsoleRenderStats {
  /** Characters written to the console in all (appends, redrawn lines and rewrites). */
  writtenChars: number;
  /** Appends: new text at the end of what was shown, written alone. */
  appends: number;
  /** Times the last line changed in place (JupyterLab's `\r` handling) and was redrawn alone. */
  lineRedraws: number;
  /** Times the text no longer extended what was shown before its last line, so the console was cleared and the whole text written again. */
  rewrites: number;
}

const DEFAULT_MAX_ROWS = 24;

/** Throws `RangeError` for options a renderer would refuse; returns them otherwise. */
export function checkRendererOptions(options: BoundedConsoleRendererOptions): BoundedConsoleRendererOptions {
  if (options.maxLines !== undefined) checkMaxLines(options.maxLines);
  const { maxRows } = options;
  if (maxRows !== undefined && (!Number.isInteger(maxRows) || maxRows < 1)) throw new RangeError(`maxRows must be a positive integer, got ${String(maxRows)}`);
  return options;
}

/**
 * A JupyterLab renderer for `application/vnd.jupyter.stdout` and
 * `application/vnd.jupyter.stderr` that shows the output in `<bounded-console>`.
 *
 * JupyterLab calls `renderModel()` with the whole accumulated text after every
 * message. This renderer instead follows the model's `streamText.changed`: text
 * inserted at the end of what it has shown is written alone, so a message costs
 * its own length however long the output is. A change inside the last line (how
 * JupyterLab's model applies `\r` and `\b`) redraws that line alone; any other
 * change clears the console and writes the whole text again, counted in
 * `stats.rewrites`. With a model that has no `streamText` (an error's traceback,
 * a plain `MimeModel`) it compares the text with what it showed.
 *
 * Fed by {@link RawStreamOutputAreaModel} the console receives the stream as the
 * kernel sent it, so `\r`, `\b` and cursor moves (nested tqdm bars) render as in a
 * terminal. Stream text is never HTML: the console draws text only.
 */
export class BoundedConsoleRenderer extends Widget implements IRenderMime.IRenderer {
  /** The console the output is written to. */
  readonly console: BoundedConsole;
  readonly mimeType: string;
  readonly stats: BoundedConsoleRenderStats = { writtenChars: 0, appends: 0, lineRedraws: 0, rewrites: 0 };

  constructor(options: IRenderMime.IRendererOptions, rendererOptions: BoundedConsoleRendererOptions = {}) {
    super();
    const { maxLines, maxRows = DEFAULT_MAX_ROWS } = checkRendererOptions(rendererOptions);
    this.mimeType = options.mimeType;
    this.stream = options.mimeType === STDERR_MIME_TYPE ? 'stderr' : 'stdout';
    this.maxRows = maxRows;
    this.addClass('jp-BoundedConsoleOutput');
    this.node.dataset['mimeType'] = options.mimeType;
    const el = createConsole();
    if (maxLines !== undefined) el.maxLines = maxLines;
    el.label = this.stream === 'stderr' ? 'Standard error' : 'Standard output';
    // JupyterLab's theme where there is one; the console's own defaults elsewhere
    // (a var() of an undefined property leaves the console's property unset).
    el.style.cssText = [
      '--bounded-console-background: var(--jp-layout-color0)',
      '--bounded-console-foreground: var(--jp-content-font-color1)',
      '--bounded-console-font-family: var(--jp-code-font-family)',
      '--bounded-console-font-size: var(--jp-code-font-size)',
    ].join(';');
    this.console = el;
    this.setRows(1);
    this.node.append(el);
  }

  /** Shows `model`'s text: only what is new since the last call when the model follows its changes. */
  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    if (model !== this.model) this.bind(model);
    else if (this.source === null) this.showData(model);
    return Promise.resolve();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.source?.changed.disconnect(this.onTextChanged, this);
    this.source = null;
    if (this.rowsFrame !== 0) cancelAnimationFrame(this.rowsFrame);
    super.dispose();
  }

  private bind(model: IRenderMime.IMimeModel): void {
    this.source?.changed.disconnect(this.onTextChanged, this);
    this.model = model;
    this.source = streamTextOf(model);
    this.pendingFrom = null;
    this.lastText = null;
    if (this.source === null) {
      this.showData(model);
      return;
    }
    this.source.changed.connect(this.onTextChanged, this);
    if (this.shownLength > 0) this.rewrite(this.source.text);
    else this.append(this.source.text);
  }

  /** A model without `streamText`: its text is compared with the last one shown. */
  private showData(model: IRenderMime.IMimeModel): void {
    const value = model.data[this.mimeType];
    const text = typeof value === 'string' ? value : '';
    const last = this.lastText;
    this.lastText = text;
    if (text === last) return;
    if (last === null) this.append(text);
    else if (text.length >= last.length && text.startsWith(last)) this.append(text.slice(last.length));
    else this.rewrite(text);
  }

  private onTextChanged(_sender: IObservableString, change: IObservableString.IChangedArgs): void {
    if (this.pendingFrom === null && change.type === 'insert' && change.start === this.shownLength) {
      this.append(change.value);
      return;
    }
    // JupyterLab's model applies `\r` as a removal and an insertion in one
    // message: settle once both have happened.
    if (this.pendingFrom === null) queueMicrotask(() => this.settle());
    this.pendingFrom = Math.min(this.pendingFrom ?? Infinity, change.start);
  }

  private settle(): void {
    const from = this.pendingFrom;
    this.pendingFrom = null;
    if (from === null || this.source === null) return;
    const text = this.source.text;
    if (from >= this.lineStart && text.length >= this.lineStart) {
      this.stats.lineRedraws++;
      const line = text.slice(this.lineStart);
      this.shownLength = this.lineStart;
      this.console.write('\r\x1b[K', this.stream);
      this.stats.writtenChars += 4;
      this.append(line);
    } else {
      this.rewrite(text);
    }
  }

  private rewrite(text: string): void {
    this.stats.rewrites++;
    this.console.clear();
    this.shownLength = 0;
    this.lineStart = 0;
    this.append(text);
  }

  private append(text: string): void {
    if (text === '') return;
    this.stats.appends++;
    this.stats.writtenChars += text.length;
    this.console.write(text, this.stream);
    const newline = text.lastIndexOf('\n');
    if (newline >= 0) this.lineStart = this.shownLength + newline + 1;
    this.shownLength += text.length;
    this.growLater();
  }

  /** Grows the output with its lines up to `maxRows`, reading the line count once a frame at most, and never once it is full height. */
  private growLater(): void {
    if (this.rows >= this.maxRows || this.rowsFrame !== 0) return;
    this.rowsFrame = requestAnimationFrame(() => {
      this.rowsFrame = 0;
      this.setRows(Math.min(this.maxRows, Math.max(1, this.console.lineCount)));
    });
  }

  private setRows(rows: number): void {
    this.rows = rows;
    // One row more than the lines: room for the current line and a horizontal scrollbar.
    this.console.style.height = `calc(${rows + 1} * var(--bounded-console-line-height, 1.25) * var(--bounded-console-font-size, 13px))`;
  }

  private readonly stream: 'stdout' | 'stderr';
  private readonly maxRows: number;
  private model: IRenderMime.IMimeModel | null = null;
  private source: IObservableString | null = null;
  /** Length of the model's text the console shows. */
  private shownLength = 0;
  /** Where the last shown line starts in the model's text. */
  private lineStart = 0;
  /** Earliest position changed by an edit other than an append, until settled. */
  private pendingFrom: number | null = null;
  /** The text last shown, for models without `streamText`. */
  private lastText: string | null = null;
  private rows = 0;
  private rowsFrame = 0;
}

/**
 * A `<bounded-console>`, defining the element first if the page has not. Defined
 * here rather than on import: a page (or another JupyterLab extension) that loaded
 * its own copy of bounded-console keeps its definition, and this renderer uses
 * only the element's public API.
 */
function createConsole(): BoundedConsole {
  if (customElements.get('bounded-console') === undefined) customElements.define('bounded-console', BoundedConsole);
  return document.createElement('bounded-console') as BoundedConsole;
}

/** The model's observable stream text, when it has one (JupyterLab's `IOutputModel` of a stream does). */
function streamTextOf(model: IRenderMime.IMimeModel): IObservableString | null {
  const text = (model as { streamText?: unknown }).streamText;
  if (typeof text !== 'object' || text === null) return null;
  const candidate = text as Partial<IObservableString>;
  return typeof candidate.text === 'string' && typeof candidate.changed?.connect === 'function' ? (candidate as IObservableString) : null;
}
