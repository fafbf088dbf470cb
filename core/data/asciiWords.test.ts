/** Tests of the plain-ASCII word scanner: the same tokens as Intl.Segmenter's word boundaries on every string of a seeded random sample, and the characters it leaves to the segmenter. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { asciiWordTokens, isPlainAscii } from './asciiWords.ts';
import { segmenterWordTokens, wordTokens } from './tokenizers.ts';

describe('asciiWordTokens', () => {
  it("gives Intl.Segmenter's tokens on 50,000 random strings of letters, digits and punctuation", () => {
    const alphabet = 'abZ 09.\',;!?-()"\t\n\r#$%&*+/<=>@[]\\^`{|}~';
    const random = new Random(7);
    const mismatches: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      let s = '';
      const len = 1 + Math.floor(random.next() * 14);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(random.next() * alphabet.length)];
      const want = segmenterWordTokens(s);
      if (JSON.stringify(asciiWordTokens(s)) !== JSON.stringify(want)) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps words joined by apostrophes, periods and digit separators as the segmenter does', () => {
    const text = "Don't pay $1,000.50 e.g. for 3.14 a.1 it's 'quoted' (x)-y";
    expect(asciiWordTokens(text)).toEqual(segmenterWordTokens(text));
    expect(asciiWordTokens(text)).toContain("don't".replace('d', 'D'));
    expect(asciiWordTokens(text)).toContain('1,000.50');
  });

  it('leaves non-ASCII, underscores and colons to the segmenter', () => {
    for (const s of ['고향은 좋다', 'snake_case', 'a:b', 'café']) {
      expect(isPlainAscii(s)).toBe(false);
      expect(wordTokens(s)).toEqual(segmenterWordTokens(s));
    }
    expect(isPlainAscii('plain text, 42!')).toBe(true);
  });
});
