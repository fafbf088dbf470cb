/** Tests of the UTF-8 interner: first-seen ids for byte ranges, each distinct token decoded once, equal bytes found whatever their hash's neighbours. */
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from './encoding.ts';
import { hashBytes, Utf8Interner } from './utf8Interner.ts';

/** The id of each word of `text` (split on spaces), looked up from its bytes in place. */
function idsOf(interner: Utf8Interner, text: string): number[] {
  const bytes = encodeUtf8(text);
  const ids: number[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 32) continue;
    ids.push(interner.idOf(bytes, start, i, hashBytes(bytes, start, i)));
    start = i + 1;
  }
  return ids;
}

describe('Utf8Interner', () => {
  it('gives ids in first-seen order and the decoded tokens by id', () => {
    const interner = new Utf8Interner();
    expect(idsOf(interner, 'the cat 서울 the é 서울 cat 😀')).toEqual([0, 1, 2, 0, 3, 2, 1, 4]);
    expect(interner.tokens).toEqual(['the', 'cat', '서울', 'é', '😀']);
    expect(idsOf(interner, 'é cat')).toEqual([3, 1]);
  });

  it('tells apart tokens with the same hash, and the empty token', () => {
    const interner = new Utf8Interner();
    const bytes = encodeUtf8('abcab');
    expect(interner.idOf(bytes, 0, 2, 7)).toBe(0);
    expect(interner.idOf(bytes, 1, 3, 7)).toBe(1);
    expect(interner.idOf(bytes, 0, 3, 7)).toBe(2);
    expect(interner.idOf(bytes, 3, 5, 7)).toBe(0);
    expect(interner.idOf(bytes, 2, 2, 7)).toBe(3);
    expect(interner.tokens).toEqual(['ab', 'bc', 'abc', '']);
  });

  it('keeps every token through the table and pool growing', () => {
    const interner = new Utf8Interner();
    const words = Array.from({ length: 5000 }, (_, i) => `${'x'.repeat(i % 90)}w${i}ü`);
    expect(idsOf(interner, words.join(' '))).toEqual(words.map((_, i) => i));
    expect(idsOf(interner, [...words].reverse().join(' '))).toEqual(words.map((_, i) => 4999 - i));
    expect(interner.tokens).toEqual(words);
  });

  it('refuses a new token that is not UTF-8 with the decoder’s TypeError', () => {
    const interner = new Utf8Interner();
    for (const bad of [[0xff], [0x61, 0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0x80]]) {
      const bytes = Uint8Array.from(bad);
      expect(() =>
        interner.idOf(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length)),
      ).toThrow(TypeError);
    }
    expect(interner.tokens).toEqual([]);
  });
});
