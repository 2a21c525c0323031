import { expect } from 'chai';
import { codePointWidth } from '../../src/core/index.js';
import { KNOWN_ONE_COLUMN, NOT_KNOWN_ONE_COLUMN_ABOVE_C1, oneColumnUntil } from '../../src/core/charWidth.js';

describe('charWidth', () => {
  it('should take every character of the known one-column class for one column wide, as codePointWidth does', () => {
    const known = new RegExp(`^[${KNOWN_ONE_COLUMN}]$`);
    const wrong: string[] = [];
    for (let code = 0xa0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (known.test(String.fromCharCode(code)) && codePointWidth(code) !== 1) wrong.push(code.toString(16));
    }
    expect(wrong).to.deep.equal([]);
  });

  it('should split the characters from U+00A0 on between the known one-column class and its complement', () => {
    const known = new RegExp(`^[${KNOWN_ONE_COLUMN}]$`);
    const other = new RegExp(`^[${NOT_KNOWN_ONE_COLUMN_ABOVE_C1}]$`);
    const wrong: string[] = [];
    for (let code = 0xa0; code < 0x10000; code++) {
      const char = String.fromCharCode(code);
      if (known.test(char) === other.test(char)) wrong.push(code.toString(16));
    }
    expect(wrong).to.deep.equal([]);
  });

  it('should find the first character that is not one column and one unit, in short and long text', () => {
    for (const pad of [3, 100]) {
      const text = 'a'.repeat(pad) + '━█…é';
      expect(oneColumnUntil(text + '中x', 0, text.length + 2)).to.equal(text.length);
      expect(oneColumnUntil(text + 'e\u0301', 0, text.length + 2)).to.equal(text.length + 1);
      expect(oneColumnUntil(text + '😀', 0, text.length + 2)).to.equal(text.length);
      expect(oneColumnUntil(text, 0, text.length)).to.equal(text.length);
    }
  });
});
