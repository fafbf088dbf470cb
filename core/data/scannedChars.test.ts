/** Tests of the character scanner: the same grapheme clusters as Intl.Segmenter on every character it takes beside each kind of neighbour and on random texts of letters, Hangul, controls, symbols and emoji sequences, and the texts it leaves to the segmenter. */
import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../test/support/randomText.ts';
import { scannedCharTokens } from './scannedChars.ts';
import { charTokens, segmenterCharTokens } from './tokenizers.ts';
import { UNSUPPORTED, WIDE_END, wideClasses } from './wordClasses.ts';

describe('scannedCharTokens', () => {
  it("gives Intl.Segmenter's clusters on 50,000 random strings of letters, Hangul, controls, symbols and emoji sequences", () => {
    const alphabet = ['a', 'Z', '1', ' ', '.', '\r', '\n', '\t', '\u0007', 'é', '’', '—', '€'];
    alphabet.push('한', '국', 'ㅋ', '😀', '👍', '❤', '©', '★', '\ufe0f', '\u{1f3fb}', '\u200d');
    // NOTE: left to the segmenter: a combining accent, conjoining jamo, a keycap, Greek.
    alphabet.push('\u{1f1ea}', '\u{1f1f8}', '\u0301', '\u1100', '\u1161', '\u20e3', 'λ');
    const mismatches: string[] = [];
    let scanned = 0;
    for (const { text: s } of randomTexts({ alphabet, seed: 13, count: 50_000, maxLength: 8 })) {
      const got = scannedCharTokens(s);
      if (got === null) continue;
      scanned++;
      if (JSON.stringify(got) !== JSON.stringify(segmenterCharTokens(s))) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
    expect(scanned).toBeGreaterThan(10_000);
  });

  it('cuts every character of the tables, alone and beside each kind of neighbour, as the segmenter', () => {
    const classes = wideClasses();
    const neighbours = ['a', '7', ' ', '\r', '\n', '한', 'é', '😀', '\ufe0f'];
    const mismatches: string[] = [];
    for (let u = 0; u < WIDE_END; u++) {
      if (classes[u] === UNSUPPORTED) continue;
      const ch = String.fromCharCode(u);
      for (const text of [ch, ...neighbours.flatMap((x) => [x + ch, ch + x])]) {
        const got = scannedCharTokens(text);
        if (got !== null && JSON.stringify(got) !== JSON.stringify(segmenterCharTokens(text)))
          mismatches.push(JSON.stringify(text));
      }
      if (scannedCharTokens(`a${ch}b`) === null) mismatches.push(`refused ${JSON.stringify(ch)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reads Korean reviews, Latin text and tweets without the segmenter, and leaves other scripts to it', () => {
    for (const text of ['배우들 연기가 최고 ㅋㅋ', 'Café “don’t”\r\n', 'nice 👍🏻❤️ 🇪🇸']) {
      expect(scannedCharTokens(text)).toEqual(segmenterCharTokens(text));
    }
    for (const text of ['cafe\u0301', 'Ελλάδα', '\u1100\u1161', 'a\ufe0f']) {
      expect(scannedCharTokens(text)).toBeNull();
      expect(charTokens(text)).toEqual(segmenterCharTokens(text));
    }
  });
});
