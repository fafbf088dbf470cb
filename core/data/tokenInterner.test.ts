/** Tests of the token interner: ids in first-seen order, the same id whether a token is looked up whole, as a range of a longer text or by its code units, and no mix-up when the table grows past 100,000 tokens. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { AsciiWordReader, asciiWordTokens } from './asciiWords.ts';
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
    const refused = ['good café', 'snake_case words', 'a:b', 'the \u212Aelvin sign'];
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
    const reader = new AsciiWordReader(interner, { max: 100_000, lowercase: true });
    const ids: number[] = [];
    const long = Array.from({ length: 3000 }, (_, i) => `Word${i % 7}, it's`).join(' ');
    for (const text of [long, 'Short Word3.', long.slice(0, 50), '']) {
      expect(reader.read(text, ids)).toBe(true);
      expect(ids.map((id) => interner.tokens[id])).toEqual(asciiWordTokens(text.toLowerCase()));
    }
  });
});
