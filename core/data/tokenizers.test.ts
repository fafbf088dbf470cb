/** Tests of the char, word and BPE tokenizers. */
import { describe, expect, it } from 'vitest';
import {
  charTokens,
  detokenize,
  END_OF_WORD,
  learnBpe,
  tokenize,
  wordTokens,
} from './tokenizers.ts';

describe('tokenizers', () => {
  it('splits characters as grapheme clusters (Hangul syllables, emoji with modifiers)', () => {
    expect(charTokens('한글 👍🏽!')).toEqual(['한', '글', ' ', '👍🏽', '!']);
  });

  it('splits words by Unicode boundaries, keeps Korean eojeol whole and punctuation apart', () => {
    expect(wordTokens('고향은 서울이에요. Hello, world!')).toEqual([
      '고향은',
      '서울이에요',
      '.',
      'Hello',
      ',',
      'world',
      '!',
    ]);
    expect(tokenize({ kind: 'word', lowercase: true }, "Don't STOP")).toEqual(["don't", 'stop']);
  });

  it('learns BPE merges from training texts only and applies them by rank', () => {
    const bpe = learnBpe(['low lower lowest', 'low low'], { merges: 3, lowercase: false });
    // 'low' alone 3 times, inside 'lower'/'lowest' twice: the whole word merges before the prefix.
    expect(bpe.merges).toEqual([
      ['l', 'o'],
      ['lo', `w${END_OF_WORD}`],
      ['lo', 'w'],
    ]);
    // 'lowly' never appeared in training: it is still covered by learned pieces plus characters.
    expect(tokenize(bpe, 'low lowly')).toEqual([
      `low${END_OF_WORD}`,
      'low',
      'l',
      `y${END_OF_WORD}`,
    ]);
    expect(detokenize(bpe, tokenize(bpe, 'low lowly'))).toBe('low lowly');
  });

  it('stops learning when no pair repeats and rejects a negative merge count', () => {
    expect(learnBpe(['ab'], { merges: 10, lowercase: false }).merges).toEqual([]);
    expect(() => learnBpe([], { merges: -1, lowercase: false })).toThrow(
      'learnBpe: merges must be a non-negative integer, got -1.',
    );
  });

  it('learns Korean subwords', () => {
    const bpe = learnBpe(['영화 좋아', '영화 최고', '좋은 영화'], { merges: 1, lowercase: false });
    expect(bpe.merges).toEqual([['영', `화${END_OF_WORD}`]]);
    expect(tokenize(bpe, '영화 좋다')).toEqual([`영화${END_OF_WORD}`, '좋', `다${END_OF_WORD}`]);
  });
});
