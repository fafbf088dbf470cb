/** Tests of the word scanner: the same tokens as Intl.Segmenter's word boundaries on every string of seeded random samples (ASCII; Latin letters, quotes and punctuation with Hangul), and the characters it leaves to the segmenter. */
import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../test/support/randomText.ts';
import { scannedWordTokens } from './scannedWords.ts';
import { segmenterWordTokens, wordTokens } from './tokenizers.ts';

describe('scannedWordTokens', () => {
  it("gives Intl.Segmenter's tokens on 50,000 random strings of letters, digits and punctuation", () => {
    const alphabet = 'abZ 09.\',;:!?-()"\t\n\r#$%&*+/<=>@[]\\^`{|}~';
    const mismatches: string[] = [];
    for (const { text: s } of randomTexts({ alphabet, seed: 7, count: 50_000, maxLength: 14 })) {
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
    const mismatches: string[] = [];
    for (const { text: s } of randomTexts({ alphabet, seed: 9, count: 50_000, maxLength: 12 })) {
      expect(scannedWordTokens(s)).not.toBeNull();
      if (JSON.stringify(scannedWordTokens(s)) !== JSON.stringify(segmenterWordTokens(s)))
        mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });

  it("gives Intl.Segmenter's tokens on 50,000 random strings of emoji, skin tones, variation selectors, joiners, flags, symbols and letters", () => {
    const alphabet = [
      'a',
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
      '→',
    ];
    // NOTE: VS16, a skin tone, ZWJ, regional indicators E and S, a keycap, an emoji letter (🅰).
    alphabet.push('\ufe0f', '\u{1f3fb}', '\u200d', '\u{1f1ea}', '\u{1f1f8}', '\u20e3', '\u{1f170}');
    const mismatches: string[] = [];
    let scanned = 0;
    for (const { text: s } of randomTexts({ alphabet, seed: 10, count: 50_000, maxLength: 8 })) {
      const got = scannedWordTokens(s);
      if (got === null) continue;
      scanned++;
      if (JSON.stringify(got) !== JSON.stringify(segmenterWordTokens(s))) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
    expect(scanned).toBeGreaterThan(5_000);
  });

  it('leaves underscores, combining marks, keycaps, ZWJ after a letter and other scripts to the segmenter', () => {
    for (const s of ['snake_case', 'cafe\u0301', '1\ufe0f\u20e3', 'a\u200d😀', 'Ελλάδα', '東京']) {
      expect(scannedWordTokens(s)).toBeNull();
      expect(wordTokens(s)).toEqual(segmenterWordTokens(s));
    }
    const scannable = ['plain text, 42!', '고향은 좋다', 'Café “don’t” — Zürich…', 'a:b 10:30 l·l'];
    scannable.push('nice 👍🏻❤️ 🇪🇸! 👨‍👩‍👧 €5 → ★');
    for (const s of scannable) {
      expect(scannedWordTokens(s)).not.toBeNull();
      expect(wordTokens(s)).toEqual(segmenterWordTokens(s));
    }
  });
});
