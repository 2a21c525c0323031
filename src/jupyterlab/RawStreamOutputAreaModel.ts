import type * as nbformat from '@jupyterlab/nbformat';
import { OutputAreaModel, type IOutputAreaModel } from '@jupyterlab/outputarea';
import type { IOutputModel } from '@jupyterlab/rendermime';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Signal, type ISignal } from '@lumino/signaling';
import { STDERR_MIME_TYPE, STDOUT_MIME_TYPE } from './mimeTypes.js';
import { RawStreamText } from './RawStreamText.js';

/**
 * One stream output (`stdout` or `stderr`) whose text is the raw stream the kernel
 * sent, kept in a {@link RawStreamText}: appending a message costs its length, and
 * a renderer following `streamText.changed` receives each message's text as sent.
 * `data`, `toJSON()` and a saved notebook hold the raw text too (JupyterLab's own
 * model holds it after its `\r`/`\b` processing).
 */
export class RawStreamOutputModel implements IOutputModel {
  readonly type = 'stream';
  readonly executionCount: nbformat.ExecutionCount = null;
  readonly trusted: boolean;
  readonly name: nbformat.StreamType;
  readonly streamText: RawStreamText;

  constructor(options: IOutputModel.IOptions & { value: nbformat.IStream }) {
    const { value } = options;
    if (value.name !== 'stdout' && value.name !== 'stderr') throw new TypeError(`a stream output is named stdout or stderr, not ${JSON.stringify(value.name)}`);
    this.name = value.name;
    this.trusted = options.trusted ?? false;
    this.streamText = new RawStreamText(streamTextOf(value));
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get data(): ReadonlyPartialJSONObject {
    return { [this.name === 'stderr' ? STDERR_MIME_TYPE : STDOUT_MIME_TYPE]: this.streamText.text };
  }

  get metadata(): ReadonlyPartialJSONObject {
    return {};
  }

  /** Replaces the text with the bundle's (a renderer's edit, as `OutputModel` allows); other data is ignored. */
  setData(options: IRenderMime.IMimeModel.ISetDataOptions): void {
    const text = options.data?.[this.name === 'stderr' ? STDERR_MIME_TYPE : STDOUT_MIME_TYPE];
    if (typeof text === 'string') this.streamText.text = text;
    this._changed.emit();
  }

  toJSON(): nbformat.IStream {
    return { output_type: 'stream', name: this.name, text: this.streamText.text };
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    this.streamText.dispose();
    Signal.clearData(this);
  }

  private _isDisposed = false;
  private readonly _changed = new Signal<this, void>(this);
}

/** Creates {@link RawStreamOutputModel}s for stream outputs, and whatever `fallback` creates for the others. */
export class RawStreamContentFactory implements IOutputAreaModel.IContentFactory {
  constructor(private readonly fallback: IOutputAreaModel.IContentFactory = OutputAreaModel.defaultContentFactory) {}

  createOutputModel(options: IOutputModel.IOptions): IOutputModel {
    return isStream(options.value) ? new RawStreamOutputModel({ ...options, value: options.value }) : this.fallback.createOutputModel(options);
  }
}

/**
 * An `OutputAreaModel` that keeps stream outputs as the kernel sent them.
 *
 * JupyterLab's model merges consecutive stream messages of one name by applying
 * `\r` and `\b` to the accumulated text (so cursor-up sequences such as nested
 * tqdm bars' `ESC[A` land in the wrong place, and each message costs the size of
 * the output). This one merges them by appending the raw text, so
 * `<bounded-console>` interprets the stream as a terminal would, and each message
 * costs its own length. Everything else (non-stream outputs, `clear(wait)`,
 * `shouldCombine`, trust, JSON) behaves as `OutputAreaModel`.
 *
 * Use it wherever an `OutputArea` is built: `new OutputArea({ model: new RawStreamOutputAreaModel(), rendermime })`.
 * Outputs loaded from a notebook (`fromJSON`, `values`) hold the text as saved;
 * later messages append to it raw.
 */
export class RawStreamOutputAreaModel extends OutputAreaModel {
  constructor(options: IOutputAreaModel.IOptions = {}) {
    super({ ...options, contentFactory: new RawStreamContentFactory(options.contentFactory) });
  }

  override add(output: nbformat.IOutput): number {
    if (!isStream(output)) return super.add(output);
    if (this.clearNext) {
      this.clear();
      this.clearNext = false;
    }
    const value: nbformat.IStream = { output_type: 'stream', name: output.name, text: streamTextOf(output) };
    const last = this.length > 0 ? this.get(this.length - 1) : undefined;
    if (last instanceof RawStreamOutputModel && !last.isDisposed && last.name === value.name && this.shouldCombine({ value, lastModel: last })) {
      last.streamText.append(value.text as string);
      return this.length;
    }
    return this.list.push(this.contentFactory.createOutputModel({ value, trusted: this.trusted }));
  }
}

function isStream(output: nbformat.IOutput): output is nbformat.IStream {
  return output.output_type === 'stream';
}

/** nbformat allows a stream's text as one string or as a list of strings to join. */
function streamTextOf(value: nbformat.IStream): string {
  const { text } = value;
  if (typeof text === 'string') return text;
  if (Array.isArray(text) && text.every((piece) => typeof piece === 'string')) return text.join('');
  throw new TypeError('a stream output\'s text is a string or a list of strings');
}
