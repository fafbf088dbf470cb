/** Tests of the token interner: ids in first-seen order, the same id whether a token is looked up whole, as a range of a longer text or by its code units, and no mix-up when the table grows past 100,000 tokens. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { HASH_START, hashStep, TokenInterner } from './tokenInterner.ts';

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
