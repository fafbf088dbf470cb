/** Tests of the word-break tables beyond ASCII: every character they take, beside every kind of neighbour, is cut by the word scanner and the word-id reader exactly as Intl.Segmenter cuts it, as typed and lowercased. */
import { describe, expect, it } from 'vitest';
import { scannedWordTokens } from './scannedWords.ts';
import { TokenInterner } from './tokenInterner.ts';
import { segmenterWordTokens } from './tokenizers.ts';
import * as ascii from './wordClasses.ts';
import { WIDE_END, wideClasses, wideFold } from './wordClasses.ts';
import { WordIdReader } from './wordIds.ts';

const classes = wideClasses();
const lower = wideFold(classes, true);
const taken: string[] = [];
for (let u = 128; u < WIDE_END; u++) {
  if (classes[u] !== ascii.UNSUPPORTED) taken.push(String.fromCharCode(u));
}

describe('wordClasses', () => {
  it('takes the Latin letters, quotes, punctuation and symbols of Latin-1, Latin Extended, General Punctuation and the symbol blocks up to U+2BFF', () => {
    expect(taken.length).toBe(3172);
    for (const ch of ['é', 'Ü', 'ß', 'ł', 'ǅ'])
      expect(classes[ch.charCodeAt(0)]).toBe(ascii.LETTER);
    for (const ch of ['’', '‘']) expect(classes[ch.charCodeAt(0)]).toBe(ascii.MID_NUM_LET);
    for (const ch of ['“', '—', '…', '«', '×', '€', '→', '①', '─', '★', '♥', '⚽', '✅'])
      expect(classes[ch.charCodeAt(0)]).toBe(ascii.OTHER);
    for (const ch of ['·', '‧']) expect(classes[ch.charCodeAt(0)]).toBe(ascii.MID_LETTER);
    for (const ch of ['\u00ad', '\u200b', '\u200d', '\u202f', '\u2060', 'ℓ', 'Ⅻ', 'Ⓐ', '\u20e3'])
      expect(classes[ch.charCodeAt(0)]).toBe(ascii.UNSUPPORTED);
  });

  it('lowercases as toLowerCase does, leaving to the segmenter the capitals whose lowercase is not in the tables', () => {
    const same = wideFold(classes, false);
    expect(String.fromCharCode(lower[0xc9] as number)).toBe('é');
    expect(lower[0x178]).toBe(0xff); // Ÿ → ÿ
    expect(lower[0x130]).toBe(0); // İ → i + U+0307
    expect(lower[0x181]).toBe(0); // Ɓ → ɓ (IPA Extensions)
    expect(same[0xc9]).toBe(0xc9);
    for (let u = 0; u < WIDE_END; u++) {
      const l = lower[u] as number;
      if (l !== 0 && classes[u] !== ascii.UNSUPPORTED)
        expect(String.fromCharCode(l)).toBe(String.fromCharCode(u).toLowerCase());
    }
  });

  it("cuts every character it takes, alone and beside each kind of neighbour, as Intl.Segmenter's word tokens, by the word scanner and the word-id reader", () => {
    // NOTE: a letter, a digit, both joiners, a MidNum, a space, a symbol, Hangul, and the table's
    // own kinds; each character is tried before, after and between them, and doubled.
    const neighbours = ['a', 'Z', '7', "'", '.', ',', ':', ' ', '!', '한', 'é', '’', '·', '—'];
    neighbours.push('\u00a0');
    const interner = new TokenInterner();
    const readers = [true, false].map(
      (lowercase) => new WordIdReader(interner, { max: 1000, lowercase }),
    );
    const ids: number[] = [];
    const mismatches: string[] = [];
    // NOTE: the symbol blocks (over 2,600 characters, all of one kind) beside fewer neighbours.
    const few = ['a', '7', '.', ' ', '한', '’', '—'];
    for (const ch of taken) {
      const texts = [ch, ch + ch, `${ch}a${ch}`];
      for (const x of ch.charCodeAt(0) < 0x20a0 ? neighbours : few)
        texts.push(x + ch, ch + x, x + ch + x, `a${ch}${x}`, `1${ch}${x}`);
      for (const text of texts) {
        const scanned = JSON.stringify(scannedWordTokens(text));
        if (scanned === 'null' || scanned !== JSON.stringify(segmenterWordTokens(text)))
          mismatches.push(`scanned ${JSON.stringify(text)}: ${scanned}`);
        for (const [m, reader] of readers.entries()) {
          const lowercase = m === 0;
          if (!reader.read(text, ids)) {
            // Only a capital whose lowercase leaves the tables may be refused.
            if (!(lowercase && [...text].some((c) => lower[c.charCodeAt(0)] === 0)))
              mismatches.push(`refused ${JSON.stringify(text)}`);
            continue;
          }
          const want = segmenterWordTokens(lowercase ? text.toLowerCase() : text);
          const got = ids.map((id) => interner.tokens[id]);
          if (JSON.stringify(got) !== JSON.stringify(want))
            mismatches.push(
              `${JSON.stringify(text)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
