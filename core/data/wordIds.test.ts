/** Tests of the word-id reader: the ids of Intl.Segmenter's word tokens, from a text or from a field's UTF-8 bytes, on seeded random samples, and the texts it leaves to the segmenter with the interner untouched. */
import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../test/support/randomText.ts';
import { TokenInterner } from './tokenInterner.ts';
import { segmenterCharTokens, segmenterWordTokens } from './tokenizers.ts';
import { WordIdReader } from './wordIds.ts';

const encode = (s: string) => new TextEncoder().encode(s);

/**
 * Reads `count` random texts of `alphabet` with a reader of random `max` (and random case when
 * `lowercase` is 'random'), from the text and from its UTF-8 bytes; what differs from
 * Intl.Segmenter's tokens (or clusters), and how many texts the reader took.
 */
function compareWithSegmenter(o: {
  alphabet: readonly string[];
  seed: number;
  count: number;
  maxLength: number;
  lowercase: boolean | 'random';
  chars?: boolean;
}): { mismatches: string[]; read: number } {
  const interner = new TokenInterner();
  const ids: number[] = [];
  const mismatches: string[] = [];
  let read = 0;
  const cut = o.chars === true ? segmenterCharTokens : segmenterWordTokens;
  for (const { text: s, random } of randomTexts(o)) {
    const max = 1 + Math.floor(random.next() * 6);
    const lowercase = o.lowercase === 'random' ? random.next() < 0.5 : o.lowercase;
    const want = JSON.stringify(cut(lowercase ? s.toLowerCase() : s).slice(0, max));
    const reader = new WordIdReader(interner, { max, lowercase, chars: o.chars === true });
    const textRead = reader.read(s, ids);
    if (textRead) {
      read++;
      if (JSON.stringify(ids.map((id) => interner.tokens[id])) !== want) mismatches.push(s);
      if (reader.blank !== (s.trim() === '')) mismatches.push(`blank ${s}`);
    }
    // NOTE: a field's bytes after a space, scanned as plain ASCII when they are, as the rows do.
    const bytes = encode(` ${s}`);
    const count = reader.scanBytes(bytes, 1, bytes.length, bytes.length === s.length + 1);
    if (count >= 0 !== textRead) mismatches.push(`text and bytes disagree: ${s}`);
    if (count >= 0) {
      reader.idsOf(count, ids);
      if (JSON.stringify(ids.map((id) => interner.tokens[id])) !== want)
        mismatches.push(`bytes ${s}`);
    }
  }
  return { mismatches, read };
}

describe('WordIdReader', () => {
  it('gives the ids of the first tokens Intl.Segmenter cuts', () => {
    const interner = new TokenInterner();
    const ids: number[] = [];
    const text = "it's 3,000.5 bad... really, bad! isn't it";
    const reader = new WordIdReader(interner, { max: 100, lowercase: false });
    expect(reader.read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(segmenterWordTokens(text));
    expect(new WordIdReader(interner, { max: 4, lowercase: false }).read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(segmenterWordTokens(text).slice(0, 4));
    expect(ids[2]).toBe(interner.idOf('bad'));
  });

  it('reads lowercased tokens as toLowerCase would spell them, interning each once', () => {
    const interner = new TokenInterner();
    const reader = new WordIdReader(interner, { max: 100, lowercase: true });
    const ids: number[] = [];
    const text = "Don't PAY $1,000.50, e.G. Bad BAD bad.";
    expect(reader.read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(segmenterWordTokens(text.toLowerCase()));
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

  it('cuts what Intl.Segmenter cuts from the lowercased text on 20,000 random strings', () => {
    const alphabet = [..."abZQ 09.',;:!?-()\t\n#$%&*+/<=>@[]^`{|}~"];
    const got = compareWithSegmenter({
      alphabet,
      seed: 11,
      count: 20_000,
      maxLength: 16,
      lowercase: true,
    });
    expect(got.mismatches).toEqual([]);
    expect(got.read).toBe(20_000);
  });

  it('refuses a text with characters it leaves to the segmenter and leaves the interner untouched', () => {
    const interner = new TokenInterner();
    const reader = new WordIdReader(interner, { max: 2, lowercase: true });
    const ids = [7];
    const refused = ['good cafe\u0301', 'snake_case words', 'the \u212Aelvin sign', 'Ελλάδα'];
    // NOTE: a capital whose lowercase is two code units, one that lowercases outside the tables,
    // a soft hyphen (Format), such a character last, a lone surrogate, a keycap (an emoji's
    // variation selector after a digit), a control.
    refused.push(
      'İstanbul',
      'Ɓe',
      'co\u00adop',
      `${'word '.repeat(2000)}\u0301`,
      'lone \ud800 half',
      'keycap 1\ufe0f\u20e3 now',
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
      expect(ids.map((id) => interner.tokens[id])).toEqual(segmenterWordTokens(text.toLowerCase()));
    }
  });

  it("gives the ids of Intl.Segmenter's tokens for 30,000 random strings of Hangul, jamo and ASCII, from the text and from its bytes", () => {
    const alphabet = ['a', 'B', '1', '0', '.', "'", ',', ';', ' ', '!', '"', '-', '\t'];
    alphabet.push('한', '국', '가', '힣', 'ㅋ', 'ㅠ', 'ㄱ', 'ㆎ', 'ㅏ');
    const got = compareWithSegmenter({
      alphabet,
      seed: 5,
      count: 30_000,
      maxLength: 12,
      lowercase: true,
    });
    expect(got.mismatches).toEqual([]);
    expect(got.read).toBe(30_000);
  });

  it("gives the ids of Intl.Segmenter's tokens for 30,000 random strings of Latin letters, quotes, punctuation, spaces, Hangul and ASCII, from the text and from its bytes", () => {
    const alphabet = ['a', 'Z', '1', '.', "'", ',', ' ', '!', '_', '한', 'é', 'É', 'ß', 'Ÿ', 'ł'];
    // NOTE: quotes and apostrophes (’ joins letters and digits as ' does), a dash, an ellipsis,
    // guillemets, no-break and em spaces, a line separator, symbols, and characters the reader
    // leaves to the segmenter (a combining accent, a middle dot, a soft hyphen, İ).
    alphabet.push('’', '‘', '“', '”', '—', '…', '«', '»', '\u00a0', '\u2003', '\u2028');
    alphabet.push('×', '°', '¿', 'ª', 'µ', ':', '·', '\u0301', '\u00ad', 'İ');
    const got = compareWithSegmenter({
      alphabet,
      seed: 8,
      count: 30_000,
      maxLength: 10,
      lowercase: 'random',
    });
    expect(got.mismatches).toEqual([]);
    // Most strings avoid the few characters left to the segmenter.
    expect(got.read).toBeGreaterThan(10_000);
  });

  it("gives the ids of Intl.Segmenter's tokens for 30,000 random strings with emoji, skin tones, joiners and flags, from the text and from its bytes, past the kept tokens too", () => {
    const alphabet = [
      'a',
      'B',
      '1',
      ' ',
      '.',
      '!',
      'é',
      '한',
      '😀',
      '👍',
      '❤',
      '⚽',
      '©',
      '★',
      '€',
    ];
    alphabet.push('\ufe0f', '\u{1f3fb}', '\u200d', '\u{1f1ea}', '\u{1f1f8}', '\u20e3');
    const got = compareWithSegmenter({
      alphabet,
      seed: 12,
      count: 30_000,
      maxLength: 8,
      lowercase: true,
    });
    expect(got.mismatches).toEqual([]);
    expect(got.read).toBeGreaterThan(5_000);
  });

  it("reads characters as Intl.Segmenter's grapheme clusters for 30,000 random strings, from the text and from its bytes", () => {
    const alphabet = ['a', 'B', '1', ' ', '.', '\t', '\n', 'É', '’', '한', 'ㅋ', '😀', '❤', '€'];
    alphabet.push('\ufe0f', '\u{1f3fb}', '\u200d', '\u{1f1ea}', '\u{1f1f8}', '\u0301', 'λ');
    const got = compareWithSegmenter({
      alphabet,
      seed: 14,
      count: 30_000,
      maxLength: 8,
      lowercase: 'random',
      chars: true,
    });
    expect(got.mismatches).toEqual([]);
    expect(got.read).toBeGreaterThan(10_000);
  });

  it('refuses bytes that are not UTF-8 or spell a character it leaves to the segmenter', () => {
    const reader = new WordIdReader(new TokenInterner(), { max: 10, lowercase: true });
    const cases = [
      [0xed, 0x95], // a cut sequence
      [0xed, 0x95, 0x9c, 0x80], // a stray continuation byte
      [0xe0, 0x81, 0x81], // an overlong 'A'
      [0xed, 0xa0, 0x80], // a surrogate
      [0xc1, 0xa1], // an overlong 'a'
      [0xe0, 0x83, 0xa9], // an overlong é
      [0xc3], // a cut é
      [0xcc, 0x81], // a combining acute accent
      [0xc2, 0xad], // a soft hyphen
      [0xf0, 0x9f, 0x98], // a cut emoji
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xf0, 0x90, 0x90, 0x80], // an astral letter (Deseret)
      [0xe2, 0x80, 0x8b], // a zero-width space
    ];
    for (const bytes of cases) {
      const b = Uint8Array.from([0x61, 0x20, ...bytes]);
      expect(reader.scanBytes(b, 0, b.length, false)).toBe(-1);
    }
    const ok = encode('좋아요 ㅋㅋ');
    expect(reader.scanBytes(ok, 0, ok.length, false)).toBe(2);
    const latin = encode('Café “don’t” — Zürich…');
    expect(reader.scanBytes(latin, 0, latin.length, false)).toBe(7);
    const emoji = encode('good 👍🏻❤️ 🇪🇸 👨‍👩‍👧');
    expect(reader.scanBytes(emoji, 0, emoji.length, false)).toBe(5);
  });
});
