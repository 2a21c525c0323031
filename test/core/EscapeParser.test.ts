import { expect } from 'chai';
import { EscapeParser, MAX_STRING_LENGTH, type EscapeHandler } from '../../src/core/index.js';

/** Records what the parser reports, merging adjacent prints. */
class Recorder implements EscapeHandler {
  events: string[] = [];
  print(text: string, start: number, end: number): void {
    const last = this.events.at(-1);
    if (last?.startsWith('print:')) this.events[this.events.length - 1] = last + text.slice(start, end);
    else this.events.push('print:' + text.slice(start, end));
  }
  execute(code: number): void {
    this.events.push(`exec:${code}`);
  }
  csi(final: number, params: Int32Array, count: number, subParams: number, prefix: number, intermediates: number): void {
    const values = Array.from(params.subarray(0, count), (v, i) => ((subParams >> i) & 1 ? ':' : '') + v);
    const marks = (prefix ? String.fromCharCode(prefix) : '') + (intermediates ? String.fromCharCode(intermediates) : '');
    this.events.push(`csi:${marks}${values.join(',')}${String.fromCharCode(final)}`);
  }
  osc(payload: string): void {
    this.events.push(`osc:${payload}`);
  }
  esc(final: number, intermediates: number): void {
    this.events.push(`esc:${intermediates ? String.fromCharCode(intermediates) : ''}${String.fromCharCode(final)}`);
  }
}

function parse(...chunks: string[]): string[] {
  const parser = new EscapeParser();
  const recorder = new Recorder();
  for (const chunk of chunks) parser.parse(chunk, recorder);
  return recorder.events;
}

const SAMPLE = 'a\x1b[1;38;5;200mb\x1b[?25l\x1b]8;;https://x.test/\x07link\x1b]8;;\x1b\\\r\n\x1b[38:2::1:2:3m😀é\x1bPq#1\x1b\\\x1b(Bz\tend';

describe('EscapeParser', () => {
  it('should report text, controls, CSI, OSC and other escape sequences', () => {
    expect(parse(SAMPLE)).to.deep.equal([
      'print:a',
      'csi:1,38,5,200m',
      'print:b',
      'csi:?25l',
      'osc:8;;https://x.test/',
      'print:link',
      'osc:8;;',
      'exec:13',
      'exec:10',
      'csi:38,:2,:-1,:1,:2,:3m',
      'print:😀é',
      'esc:(B',
      'print:z',
      'exec:9',
      'print:end',
    ].reduce<string[]>((merged, event) => {
      const last = merged.at(-1);
      if (last?.startsWith('print:') && event.startsWith('print:')) merged[merged.length - 1] = last + event.slice(6);
      else merged.push(event);
      return merged;
    }, []));
  });

  it('should report the same events for every split of the input into two writes', () => {
    const whole = parse(SAMPLE);
    for (let cut = 0; cut <= SAMPLE.length; cut++) {
      expect(parse(SAMPLE.slice(0, cut), SAMPLE.slice(cut)), `cut at ${cut}`).to.deep.equal(whole);
    }
  });

  it('should report the same events when written one code unit at a time, never splitting a surrogate pair', () => {
    expect(parse(...SAMPLE.split(''))).to.deep.equal(parse(SAMPLE));
  });

  it('should dispatch an escape written whole as one that arrives a character at a time: finals, intermediates, controls and strings inside', () => {
    const escapes = ['\x1b7', '\x1b8', '\x1b(B', '\x1b(0', '\x1b#8', '\x1b F', '\x1b((B', '\x1b(\x07B', '\x1b(\x18B', '\x1b\x7f7', '\x1b\x857', '\x1b\x1b7', '\x1b\\', '\x1b=', '\x1b>', '\x1b]2;t\x07', '\x1bPq\x1b\\', '\x1bX.\x1b\\', '\x1b^.\x1b\\', '\x1b_.\x1b\\', '\x1b[1m', '\x1b(', '\x1b'];
    for (const escape of escapes) {
      const text = `a${escape}b${escape}${escape}c`;
      expect(parse(text), JSON.stringify(text)).to.deep.equal(parse(...text.split('')));
    }
    expect(parse('\x1b(Bx\x1b#8\x1b7')).to.deep.equal(['esc:(B', 'print:x', 'esc:#8', 'esc:7']);
  });

  it('should read CSI sequences the same in one pass as one character at a time: markers, intermediates, too many parameters', () => {
    const tricky = 'a\x1b[??1hb\x1b[1;2$pc\x1b[<5;6Md\x1b[' + '1;'.repeat(40) + '2me\x1b[12:3:4mf\x1b[?1049;25lg\x1b[5';
    expect(parse(tricky)).to.deep.equal(parse(...tricky.split('')));
    expect(parse(tricky).filter((event) => event.startsWith('csi'))).to.deep.equal(['csi:$1,2p', 'csi:<5,6M', `csi:${Array(32).fill('1').join(',')}m`, 'csi:12,:3,:4m', 'csi:?1049,25l']);
  });

  it('should execute C0 controls met inside a CSI sequence, and cancel one on CAN', () => {
    expect(parse('\x1b[1\n2m')).to.deep.equal(['exec:10', 'csi:12m']);
    expect(parse('\x1b[31\x18x')).to.deep.equal(['print:x']);
    expect(parse('\x1b[31\x1b[32m')).to.deep.equal(['csi:32m']);
  });

  it('should consume DCS, SOS, PM and APC strings whole and show nothing of them', () => {
    expect(parse('a\x1bP1$r\x1b\\b\x1bXsos\x1b\\c\x1b^pm\x1b\\d\x1b_apc\x1b\\e')).to.deep.equal(['print:abcde']);
  });

  it('should keep at most 32 parameters and clamp huge values', () => {
    // As xterm does: the first 32 are kept, the rest (digits too) ignored, and the sequence still takes effect.
    const kept = `csi:${Array(32).fill('1').join(',')}m`;
    expect(parse(`\x1b[${'1;'.repeat(40)}m!`)).to.deep.equal([kept, 'print:!']);
    expect(parse(`\x1b[${'1;'.repeat(31)}1;2345;6m!`)).to.deep.equal([kept, 'print:!']);
    // Split anywhere, the same.
    const parser = new EscapeParser();
    const recorder = new Recorder();
    for (const char of `\x1b[${'1;'.repeat(40)}31m!`) parser.parse(char, recorder);
    expect(recorder.events).to.deep.equal([kept, 'print:!']);
    expect(parse('\x1b[99999999999999999999A')).to.deep.equal(['csi:1000000000A']);
  });

  it('should abandon a string that never ends past its length bound, without storing it, and show text again after the next line feed', () => {
    const parser = new EscapeParser();
    const recorder = new Recorder();
    parser.parse('before\x1b]0;', recorder);
    const junk = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 8; i++) parser.parse(junk, recorder); // 8 MiB, never terminated
    parser.parse('still junk\nafter', recorder);
    expect(recorder.events).to.deep.equal(['print:before', 'exec:10', 'print:after']);
    expect(MAX_STRING_LENGTH).to.be.lessThan(1024 * 1024);
  });

  it('should say a printed text is one column a unit only when every character of it is, however long the text', () => {
    const reports: [string, boolean | undefined][] = [];
    const handler: EscapeHandler = { print: (text, start, end, oneColumn) => void reports.push([text.slice(start, end), oneColumn]), execute() {}, csi() {}, osc() {}, esc() {} };
    const parser = new EscapeParser();
    const narrow = ['ab', 'x'.repeat(15), 'x'.repeat(16), 'x'.repeat(17), 'progress ━━━━━━━━━━━━━━━━━━━━ 50%', '█'.repeat(300), 'é'.repeat(40)];
    const other = ['中', 'x'.repeat(15) + '中', 'x'.repeat(16) + '中', 'x'.repeat(40) + '中' + 'y'.repeat(40), 'x'.repeat(30) + 'e\u0301', 'x'.repeat(30) + '😀', '━'.repeat(20) + '✓'];
    for (const text of [...narrow, ...other]) parser.parse(text + '\n', handler);
    for (const [text, oneColumn] of reports) {
      if (narrow.includes(text)) expect(oneColumn, text).to.equal(true);
      else expect(oneColumn, text).to.not.equal(true);
    }
    expect(reports.map(([text]) => text)).to.deep.equal([...narrow, ...other]);
  });

  it('should show C1 controls and DEL as nothing', () => {
    expect(parse('a\x7fb\x9bc\x85d')).to.deep.equal(['print:a', 'print:b', 'print:c', 'print:d'].reduce<string[]>((m, e) => (m.length ? [m[0] + e.slice(6)] : [e]), []));
  });
});
