/** Tests of vocabulary building, encoding and serialisation. */
import { describe, expect, it } from 'vitest';
import { BOS_ID, buildVocab, EOS_ID, PAD_ID, UNK_ID, Vocab, vocabSizeFromCounts } from './vocab.ts';

describe('Vocab', () => {
  const lists = [['a', 'b', 'a'], ['a', 'c', 'b'], ['d']];

  it('puts <pad> <unk> <bos> <eos> first and orders tokens by frequency then text', () => {
    const v = buildVocab(lists);
    expect(v.tokens).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b', 'c', 'd']);
    expect([PAD_ID, UNK_ID, BOS_ID, EOS_ID]).toEqual([0, 1, 2, 3]);
  });

  it('applies minFreq and maxSize', () => {
    expect(buildVocab(lists, { minFreq: 2 }).tokens.slice(4)).toEqual(['a', 'b']);
    expect(buildVocab(lists, { maxSize: 5 }).tokens.slice(4)).toEqual(['a']);
    expect(() => buildVocab(lists, { maxSize: 3 })).toThrow(
      'buildVocab: maxSize must be an integer ≥ 4, got 3.',
    );
  });

  it('maps unknown tokens to <unk>, wraps with <bos>/<eos> and decodes back', () => {
    const v = buildVocab(lists);
    const ids = v.encode(['a', 'zzz'], { bos: true, eos: true });
    expect(ids).toEqual([2, 4, 1, 3]);
    expect(v.decode([...ids, 5])).toEqual(['a', '<unk>']);
  });

  it('round-trips through JSON and refuses a vocabulary without the specials first', () => {
    const v = buildVocab(lists);
    expect(Vocab.fromJSON(JSON.parse(JSON.stringify(v.toJSON()))).tokens).toEqual(v.tokens);
    expect(() => new Vocab(['a'])).toThrow("Vocab: token 0 must be '<pad>', got 'a'.");
  });
});

describe('vocabSizeFromCounts', () => {
  it('gives the size buildVocab builds, for every min count and cap', () => {
    const words = 'the cat sat on the mat the dog sat on a log with a cat'.split(' ');
    const lists = [words, words.slice(3), ['zebra']];
    const counts = new Map<string, number>();
    for (const list of lists) for (const w of list) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const minFreq of [1, 2, 3, 5]) {
      for (const maxSize of [undefined, 4, 6, 9, 100]) {
        expect(
          vocabSizeFromCounts(counts.values(), { minFreq, maxSize }),
          `${minFreq} ${maxSize}`,
        ).toBe(buildVocab(lists, { minFreq, maxSize }).size);
      }
    }
  });
});
