/** Tests of the word-id reader: the ids of the tokens wordTokens cuts (Intl.Segmenter's for Hangul), from a text or from a field's UTF-8 bytes, on seeded random samples, and the texts it leaves to the segmenter with the interner untouched. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { asciiWordTokens } from './asciiWords.ts';
import { TokenInterner } from './tokenInterner.ts';
import { wordTokens } from './tokenizers.ts';
import { WordIdReader } from './wordIds.ts';

const encode = (s: string) => new TextEncoder().encode(s);

describe('WordIdReader', () => {
  it('gives the ids of the first tokens asciiWordTokens cuts', () => {
    const interner = new TokenInterner();
    const ids: number[] = [];
    const text = "it's 3,000.5 bad... really, bad! isn't it";
    const reader = new WordIdReader(interner, { max: 100, lowercase: false });
    expect(reader.read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text));
    expect(new WordIdReader(interner, { max: 4, lowercase: false }).read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text).slice(0, 4));
    expect(ids[2]).toBe(interner.idOf('bad'));
  });

  it('reads lowercased tokens as toLowerCase would spell them, interning each once', () => {
    const interner = new TokenInterner();
    const reader = new WordIdReader(interner, { max: 100, lowercase: true });
    const ids: number[] = [];
    const text = "Don't PAY $1,000.50, e.G. Bad BAD bad.";
    expect(reader.read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text.toLowerCase()));
    expect(ids.slice(-4)).toEqual([
      interner.idOf('bad'),
      interner.idOf('bad'),
      interner.idOf('bad'),
      interner.idOf('.'),
    ]);
    const known = interner.tokens.length;
    expect(reader.read('BAD pay', ids)).toBe(true);
    expect(interner.tokens.length).toBe(known);
  });

  it('cuts what asciiWordTokens cuts from the lowercased text on 20,000 random strings', () => {
    const alphabet = "abZQ 09.',;!?-()\t\n#$%&*+/<=>@[]^`{|}~";
    const random = new Random(11);
    const interner = new TokenInterner();
    const ids: number[] = [];
    const mismatches: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const len = 1 + Math.floor(random.next() * 16);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(random.next() * alphabet.length)];
      const max = 1 + Math.floor(random.next() * 6);
      new WordIdReader(interner, { max, lowercase: true }).read(s, ids);
      const want = asciiWordTokens(s.toLowerCase()).slice(0, max);
      if (JSON.stringify(ids.map((id) => interner.tokens[id])) !== JSON.stringify(want)) {
        mismatches.push(s);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a text with characters other than plain ASCII and Hangul and leaves the interner untouched', () => {
    const interner = new TokenInterner();
    const reader = new WordIdReader(interner, { max: 2, lowercase: true });
    const ids = [7];
    const refused = ['good café', 'snake_case words', 'a:b', 'the \u212Aelvin sign', '좋아요…'];
    // NOTE: a non-ASCII character last, a lone surrogate, an emoji (two code units), a control.
    refused.push(
      `${'word '.repeat(2000)}\u00e9`,
      'lone \ud800 half',
      'smile \u{1F600} now',
      'bell\u0007',
    );
    for (const s of refused) {
      expect(reader.read(s, ids)).toBe(false);
    }
    expect(interner.tokens).toEqual([]);
    expect(ids).toEqual([7]);
  });

  it('reads a text longer than its buffer, and after it shorter ones, the same as token by token', () => {
    const interner = new TokenInterner();
    const reader = new WordIdReader(interner, { max: 100_000, lowercase: true });
    const ids: number[] = [];
    const long = Array.from({ length: 3000 }, (_, i) => `Word${i % 7}, it's`).join(' ');
    for (const text of [long, 'Short Word3.', long.slice(0, 50), '']) {
      expect(reader.read(text, ids)).toBe(true);
      expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text.toLowerCase()));
    }
  });

  it("gives the ids of Intl.Segmenter's tokens for 30,000 random strings of Hangul, jamo and ASCII, from the text and from its bytes", () => {
    const alphabet = ['a', 'B', '1', '0', '.', "'", ',', ';', ' ', '!', '"', '-', '\t'];
    alphabet.push('한', '국', '가', '힣', 'ㅋ', 'ㅠ', 'ㄱ', 'ㆎ', 'ㅏ');
    const random = new Random(5);
    const interner = new TokenInterner();
    const ids: number[] = [];
    const mismatches: string[] = [];
    for (let n = 0; n < 30_000; n++) {
      let s = '';
      const len = 1 + Math.floor(random.next() * 12);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(random.next() * alphabet.length)];
      const max = 1 + Math.floor(random.next() * 6);
      const want = JSON.stringify(wordTokens(s.toLowerCase()).slice(0, max));
      const reader = new WordIdReader(interner, { max, lowercase: true });
      reader.read(s, ids);
      if (JSON.stringify(ids.map((id) => interner.tokens[id])) !== want) mismatches.push(s);
      const bytes = encode(` ${s}`);
      const count = reader.scanBytes(bytes, 1, bytes.length, bytes.length === s.length + 1);
      reader.idsOf(count, ids);
      if (JSON.stringify(ids.map((id) => interner.tokens[id])) !== want)
        mismatches.push(`bytes ${s}`);
      if (reader.blank !== (s.trim() === '')) mismatches.push(`blank ${s}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses bytes that are not UTF-8 or spell a character it leaves to the segmenter', () => {
    const reader = new WordIdReader(new TokenInterner(), { max: 10, lowercase: true });
    const cases = [
      [0xed, 0x95], // a cut sequence
      [0xed, 0x95, 0x9c, 0x80], // a stray continuation byte
      [0xe0, 0x81, 0x81], // an overlong 'A'
      [0xed, 0xa0, 0x80], // a surrogate
      [0xc3, 0xa9], // é
      [0xf0, 0x9f, 0x98, 0x80], // an emoji
      [0xe2, 0x80, 0xa6], // …
    ];
    for (const bytes of cases) {
      const b = Uint8Array.from([0x61, 0x20, ...bytes]);
      expect(reader.scanBytes(b, 0, b.length, false)).toBe(-1);
    }
    const ok = encode('좋아요 ㅋㅋ');
    expect(reader.scanBytes(ok, 0, ok.length, false)).toBe(2);
  });
});
