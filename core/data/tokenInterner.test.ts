/** Tests of the token interner: ids in first-seen order, the same id whether a token is looked up whole, as a range of a longer text or by its code units, and no mix-up when the table grows past 100,000 tokens. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { HASH_START, hashStep, packHigh, TokenInterner } from './tokenInterner.ts';

describe('TokenInterner', () => {
  it('gives ids in first-seen order, the same for a range as for the whole token', () => {
    const interner = new TokenInterner();
    expect(interner.idOf('great')).toBe(0);
    expect(interner.idOf('awful')).toBe(1);
    expect(interner.idOfRange('so great!', 3, 8)).toBe(0);
    expect(interner.idOfRange('so great!', 3, 7)).toBe(2);
    expect(interner.idOf('')).toBe(3);
    expect(interner.tokens).toEqual(['great', 'awful', 'grea', '']);
  });

  it('keeps 120,000 distinct tokens apart through every growth of its table', () => {
    const interner = new TokenInterner();
    const random = new Random(3);
    const words = Array.from(
      { length: 120_000 },
      (_, i) => `${i.toString(36)}${random.next() < 0.5 ? 'x' : ''}`,
    );
    const unique = [...new Set(words)];
    const ids = unique.map((w) => interner.idOf(w));
    expect(ids).toEqual(unique.map((_, i) => i));
    expect(unique.map((w) => interner.idOfRange(` ${w} `, 1, w.length + 1))).toEqual(ids);
    expect(interner.tokens).toEqual(unique);
    expect(unique.map((w) => interner.findCodes(codesOf(w), 0, w.length, hashOf(w)))).toEqual(ids);
  });

  it('finds a token by its code units with its id, and gives -1 for one it does not hold', () => {
    const interner = new TokenInterner();
    const long = 'x'.repeat(20_000);
    for (const w of ['great', 'gréat', long, 'grea']) interner.idOf(w);
    const codes = codesOf(` great gréat ${long} greatly`);
    expect(interner.findCodes(codes, 1, 6, hashOf('great'))).toBe(0);
    expect(interner.findCodes(codes, 7, 12, hashOf('gréat'))).toBe(1);
    expect(interner.findCodes(codes, 13, 13 + long.length, hashOf(long))).toBe(2);
    expect(interner.findCodes(codes, 1, 5, hashOf('grea'))).toBe(3);
    const greatly = codes.length - 7;
    expect(interner.findCodes(codes, greatly, codes.length, hashOf('greatly'))).toBe(-1);
    // NOTE: the same hash with other code units is a different token, not a match.
    expect(interner.findCodes(codesOf('greet'), 0, 5, hashOf('great'))).toBe(-1);
    expect(interner.tokens).toHaveLength(4);
  });

  it('finds ASCII bytes read through a lowercase table by their packed last bytes as by their code units', () => {
    const interner = new TokenInterner();
    const random = new Random(4);
    const words = Array.from({ length: 3000 }, (_, i) => {
      let w = '';
      for (let n = 1 + (i % 20); n > 0; n--) w += 'abcxyz019.,'[Math.floor(random.next() * 11)];
      return w;
    });
    for (const w of [...words.slice(0, 2000), '한국', 'a한', 'é']) interner.idOf(w);
    const fold = Uint8Array.from({ length: 256 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
    const mismatches: string[] = [];
    for (const w of words) {
      if ([...w].some((ch) => ch.charCodeAt(0) >= 128)) continue;
      const upper = w.toUpperCase();
      const bytes = Uint8Array.from(upper, (ch) => ch.charCodeAt(0));
      let low = 0;
      let high = 0;
      for (const b of bytes) {
        high = packHigh(low, high);
        low = (low << 8) | (fold[b] as number);
      }
      const want = interner.findCodes(codesOf(w), 0, w.length, hashOf(w));
      if (interner.findPacked(bytes, 0, bytes.length, hashOf(w), low, high, fold) !== want)
        mismatches.push(w);
    }
    expect(mismatches).toEqual([]);
    // NOTE: the same hash, length and last 8 bytes with another start is another token.
    const long = 'abcdefghijkl';
    interner.idOf(long);
    const other = Uint8Array.from('zbcdefghijkl', (ch) => ch.charCodeAt(0));
    let low = 0;
    let high = 0;
    for (const b of other) {
      high = packHigh(low, high);
      low = (low << 8) | b;
    }
    expect(interner.findPacked(other, 0, 12, hashOf(long), low, high, fold)).toBe(-1);
  });
});

/** `text`'s UTF-16 code units. */
function codesOf(text: string): Uint16Array {
  return Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}

/** FNV-1a of `text` as the interner hashes it. */
function hashOf(text: string): number {
  let h = HASH_START;
  for (let i = 0; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  return h | 0;
}
