/** Tests of the UTF-8 interner: first-seen ids for byte ranges, each distinct token decoded once, equal bytes found whatever their hash's neighbours. */
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from './encoding.ts';
import { hashBytes, packBytes, Utf8Interner } from './utf8Interner.ts';

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

  it('tells apart tokens of the same hash and length that share their last 8 bytes, across growth', () => {
    // NOTE: 4 hashes for 3,000 tokens of 7–12 bytes: long probe runs, the table rehashed and the
    // records grown twice on the way, and a token past 8 bytes differs from others of its hash and
    // length only before its last 8 ('3---------', '15--------').
    const words = Array.from({ length: 3000 }, (_, i) =>
      encodeUtf8(`${i}`.padEnd(7 + (i % 6), '-')),
    );
    const interner = new Utf8Interner();
    const idOf = (i: number) => {
      const w = words[i] as Uint8Array;
      const [low, high] = packBytes(w, 0, w.length);
      return interner.idOfPacked(w, 0, w.length, i % 4, low, high);
    };
    const order = words.map((_, i) => i);
    expect(order.map(idOf)).toEqual(order);
    expect([...order].reverse().map(idOf)).toEqual([...order].reverse());
    expect(interner.tokens).toEqual(words.map((w) => new TextDecoder().decode(w)));
  });

  it('finds equal tokens under one hash past 8 bytes and tells apart their first bytes', () => {
    const interner = new Utf8Interner();
    const bytes = encodeUtf8('a12345678 b12345678 a12345678 서12345678 b12345678 12345678');
    const ids = [0, 10, 20, 30, 42, 52].map((start, k, all) => {
      const end = k + 1 < all.length ? (all[k + 1] as number) - 1 : bytes.length;
      const [low, high] = packBytes(bytes, start, end);
      return interner.idOfPacked(bytes, start, end, 7, low, high);
    });
    expect(ids).toEqual([0, 1, 0, 2, 1, 3]);
    expect(interner.tokens).toEqual(['a12345678', 'b12345678', '서12345678', '12345678']);
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
