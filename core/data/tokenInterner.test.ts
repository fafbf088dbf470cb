/** Tests of the token interner: ids in first-seen order, the same id whether a token is looked up whole or as a range of a longer text, and no mix-up when the table grows past 100,000 tokens. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { AsciiWordReader, asciiWordTokens } from './asciiWords.ts';
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

describe('AsciiWordReader', () => {
  it('gives the ids of the first tokens asciiWordTokens cuts', () => {
    const interner = new TokenInterner();
    const ids: number[] = [];
    const text = "it's 3,000.5 bad... really, bad! isn't it";
    const reader = new AsciiWordReader(interner, { max: 100, lowercase: false });
    expect(reader.read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text));
    expect(new AsciiWordReader(interner, { max: 4, lowercase: false }).read(text, ids)).toBe(true);
    expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text).slice(0, 4));
    expect(ids[2]).toBe(interner.idOf('bad'));
  });

  it('reads lowercased tokens as toLowerCase would spell them, interning each once', () => {
    const interner = new TokenInterner();
    const reader = new AsciiWordReader(interner, { max: 100, lowercase: true });
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
      new AsciiWordReader(interner, { max, lowercase: true }).read(s, ids);
      const want = asciiWordTokens(s.toLowerCase()).slice(0, max);
      if (JSON.stringify(ids.map((id) => interner.tokens[id])) !== JSON.stringify(want)) {
        mismatches.push(s);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a text that is not plain ASCII and leaves the interner untouched', () => {
    const interner = new TokenInterner();
    const reader = new AsciiWordReader(interner, { max: 2, lowercase: true });
    const ids = [7];
    for (const s of ['good café', 'snake_case words', 'a:b', 'the \u212Aelvin sign']) {
      expect(reader.read(s, ids)).toBe(false);
    }
    expect(interner.tokens).toEqual([]);
    expect(ids).toEqual([7]);
  });
});
