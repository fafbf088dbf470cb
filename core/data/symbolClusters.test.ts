/** Tests of the emoji and symbol clusters: the pictograph tables are the runtime's Extended_Pictographic, and the clusters users type (skin tones, ZWJ families, flags, emoji presentation) end where Intl.Segmenter's tokens do. */
import { describe, expect, it } from 'vitest';
import { symbolEnd } from './symbolClusters.ts';
import { segmenterWordTokens } from './tokenizers.ts';

const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;

describe('symbolEnd', () => {
  it('takes every pictograph of the emoji blocks that is not a letter, and no other astral character', () => {
    const wrong: string[] = [];
    for (let cp = 0x1f000; cp < 0x1fb00; cp++) {
      const s = String.fromCodePoint(cp);
      const regional = cp >= 0x1f1e6 && cp <= 0x1f1ff;
      const skinTone = cp >= 0x1f3fb && cp <= 0x1f3ff;
      const emoji = PICTOGRAPHIC.test(s) && !/\p{Alphabetic}/u.test(s) && !skinTone;
      if ((symbolEnd(s, 0, 2) === 2) !== (emoji || regional)) wrong.push(cp.toString(16));
    }
    for (const s of ['\u{10400}', '\u{1fb00}', '\u{20000}']) expect(symbolEnd(s, 0, 2)).toBe(-1);
    expect(wrong).toEqual([]);
  });

  it('joins by ZWJ exactly the BMP pictographs', () => {
    const wrong: string[] = [];
    for (let u = 0xa0; u < 0x2c00; u++) {
      const s = `😀\u200d${String.fromCharCode(u)}`;
      if ((symbolEnd(s, 0, s.length) === s.length) !== PICTOGRAPHIC.test(s.slice(-1)))
        wrong.push(u.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('ends the clusters users type where the segmenter does', () => {
    const texts = ['👍🏻x', '❤️a', '👨‍👩‍👧b', '🇪🇸🇪', '🇪🇸a', '⚽️⚽', '★️!', '!🏻', '😀😀'];
    for (const text of texts) {
      const first = segmenterWordTokens(text)[0] as string;
      expect(symbolEnd(text, 0, text.length), text).toBe(first.length);
    }
    // Left to the segmenter: ZWJ after a symbol that is not a pictograph, or before one, or at
    // the end; anything attached to a flag; a skin tone or a lone surrogate to begin with.
    for (const text of ['!\u200d😀', '😀\u200d!', '😀\u200d', '🇪🇸\ufe0f', '\u{1f3fb}', '\ud83d']) {
      expect(symbolEnd(text, 0, text.length), text).toBe(-1);
    }
  });
});
