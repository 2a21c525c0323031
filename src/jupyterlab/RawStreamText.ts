import type { IObservableString } from '@jupyterlab/observables';
import { Signal, type ISignal } from '@lumino/signaling';

/**
 * The text of one stream output exactly as the kernel sent it: `\r`, `\b` and
 * escape sequences untouched, each message appended in O(its length).
 *
 * JupyterLab's `ObservableString` rebuilds its whole string on every insert, and
 * `OutputAreaModel` applies its own `\r`/`\b` handling to the accumulated text on
 * every message; both cost the size of the output per message. Here an append is a
 * `+=` (V8 keeps the pieces as a rope and copies them once, when the text is read),
 * announced as an `insert` at the end whose `value` is the new text alone, so a
 * renderer that follows the events never reads the whole text.
 *
 * Edits other than appends (`remove`, an insert before the end, setting `text`)
 * work as on `ObservableString` and are announced the same way, so followers
 * rebuild from `text`.
 */
export class RawStreamText implements IObservableString {
  readonly type = 'String' as const;

  constructor(initial = '') {
    this._text = initial;
  }

  get changed(): ISignal<this, IObservableString.IChangedArgs> {
    return this._changed;
  }

  get text(): string {
    return this._text;
  }

  set text(value: string) {
    if (value === this._text) return;
    const end = this._text.length;
    this._text = value;
    this._changed.emit({ type: 'set', start: 0, end, value });
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Appends `text`: the same as `insert(text.length, text)`. */
  append(text: string): void {
    this.insert(this._text.length, text);
  }

  insert(index: number, text: string): void {
    if (text === '') return;
    const at = Math.max(0, Math.min(index, this._text.length));
    this._text = at === this._text.length ? this._text + text : this._text.slice(0, at) + text + this._text.slice(at);
    this._changed.emit({ type: 'insert', start: at, end: at + text.length, value: text });
  }

  remove(start: number, end: number): void {
    const from = Math.max(0, Math.min(start, this._text.length));
    const to = Math.max(from, Math.min(end, this._text.length));
    if (from === to) return;
    const value = this._text.slice(from, to);
    this._text = this._text.slice(0, from) + this._text.slice(to);
    this._changed.emit({ type: 'remove', start: from, end: to, value });
  }

  clear(): void {
    this.text = '';
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    Signal.clearData(this);
    this._text = '';
  }

  private _text: string;
  private _isDisposed = false;
  private readonly _changed = new Signal<this, IObservableString.IChangedArgs>(this);
}
