/** Tests of the word scanner: the same tokens as Intl.Segmenter's word boundaries on every string of seeded random samples (ASCII; Latin letters, quotes and punctuation with Hangul), and the characters it leaves to the segmenter. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { isScannable, scannedWordTokens } from './scannedWords.ts';
import { segmenterWordTokens, wordTokens } from './tokenizers.ts';

describe('scannedWordTokens', () => {
  it("gives Intl.Segmenter's tokens on 50,000 random strings of letters, digits and punctuation", () => {
    const alphabet = 'abZ 09.\',;:!?-()"\t\n\r#$%&*+/<=>@[]\\^`{|}~';
    const random = new Random(7);
    const mismatches: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      let s = '';
      const len = 1 + Math.floor(random.next() * 14);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(random.next() * alphabet.length)];
      const want = segmenterWordTokens(s);
      if (JSON.stringify(scannedWordTokens(s)) !== JSON.stringify(want)) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps words joined by apostrophes, periods and digit separators as the segmenter does', () => {
    const text = "Don't pay $1,000.50 e.g. for 3.14 a.1 it's 'quoted' (x)-y";
    expect(scannedWordTokens(text)).toEqual(segmenterWordTokens(text));
    expect(scannedWordTokens(text)).toContain("don't".replace('d', 'D'));
    expect(scannedWordTokens(text)).toContain('1,000.50');
  });

  it("gives Intl.Segmenter's tokens on 50,000 random strings of Latin letters, quotes, punctuation, spaces and Hangul", () => {
    const alphabet = ['a', 'Z', '1', '.', "'", ',', ' ', '!', 'é', 'É', 'ß', 'ł', '’', '‘', '“'];
    alphabet.push('—', '…', '«', '\u00a0', '\u2003', '×', 'ª', '한', '국', 'ㅋ', 'ㅠ', ':', '·');
    const random = new Random(9);
    const mismatches: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      let s = '';
      const len = 1 + Math.floor(random.next() * 12);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(random.next() * alphabet.length)];
      expect(isScannable(s)).toBe(true);
      if (JSON.stringify(scannedWordTokens(s)) !== JSON.stringify(segmenterWordTokens(s)))
        mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });

  it('leaves underscores, colons, combining marks, emoji and other scripts to the segmenter', () => {
    for (const s of ['snake_case', 'cafe\u0301', 'nice 👍', 'Ελλάδα', '東京', 'co\u00adop']) {
      expect(isScannable(s)).toBe(false);
      expect(wordTokens(s)).toEqual(segmenterWordTokens(s));
    }
    for (const s of ['plain text, 42!', '고향은 좋다', 'Café “don’t” — Zürich…', 'a:b 10:30 l·l']) {
      expect(isScannable(s)).toBe(true);
      expect(wordTokens(s)).toEqual(segmenterWordTokens(s));
    }
  });
});
