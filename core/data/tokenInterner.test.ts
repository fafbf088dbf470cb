/** Tests of the token interner: ids in first-seen order, the same id whether a token is looked up whole or as a range of a longer text, and no mix-up when the table grows past 100,000 tokens. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { asciiWordIds, asciiWordTokens } from './asciiWords.ts';
import { TokenInterner } from './tokenInterner.ts';

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
  });
});

describe('asciiWordIds', () => {
  it('gives the ids of the first tokens asciiWordTokens cuts', () => {
    const interner = new TokenInterner();
    const ids: number[] = [];
    const text = "it's 3,000.5 bad... really, bad! isn't it";
    asciiWordIds(text, interner, 100, ids);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text));
    asciiWordIds(text, interner, 4, ids);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text).slice(0, 4));
    expect(ids[2]).toBe(interner.idOf('bad'));
  });
});
