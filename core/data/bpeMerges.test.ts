/** Tests of the incremental BPE merge loop against recounting every pair of every word before each merge (the definition), on random words and on NSMC's reviews. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { learnMerges } from './bpeMerges.ts';
import { learnBpe, wordTokens } from './tokenizers.ts';

type Words = { symbols: readonly string[]; n: number }[];

/** The definition: recount every pair, take the most frequent (ties: the key that sorts first). */
function recountingMerges(words: Words, limit: number): [string, string][] {
  let vocab = words.map((w) => ({ symbols: [...w.symbols], n: w.n }));
  const merges: [string, string][] = [];
  while (merges.length < limit) {
    const pairs = new Map<string, number>();
    for (const { symbols, n } of vocab) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + n);
      }
    }
    let bestKey = '';
    let bestCount = 0;
    for (const [key, n] of pairs) {
      if (n > bestCount || (n === bestCount && key < bestKey)) {
        bestKey = key;
        bestCount = n;
      }
    }
    if (bestCount < 2) break;
    const [a, b] = bestKey.split('\u0000') as [string, string];
    merges.push([a, b]);
    vocab = vocab.map(({ symbols: s, n }) => {
      const next: string[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(s[i] as string);
      }
      return { symbols: next, n };
    });
  }
  return merges;
}

describe('learnMerges', () => {
  it('learns the merges of the definition on random words over small alphabets (repeats, ties, runs)', () => {
    const random = new Random(7);
    for (let round = 0; round < 40; round++) {
      const alphabet = 'abcde'.slice(0, 2 + (round % 4));
      const words: Words = Array.from({ length: 1 + Math.floor(random.next() * 60) }, () => ({
        symbols: Array.from(
          { length: 1 + Math.floor(random.next() * 9) },
          () => alphabet[Math.floor(random.next() * alphabet.length)] as string,
        ),
        n: 1 + Math.floor(random.next() * 4),
      }));
      expect(learnMerges(words, 200)).toEqual(recountingMerges(words, 200));
    }
  });

  it('learns the merges of the definition on NSMC reviews, Korean and punctuation included', () => {
    const lines = readFileSync('../shared/data/nsmc-sample/nsmc_sample_10k.txt', 'utf8')
      .split('\n')
      .slice(1, 1500)
      .map((line) => line.split('\t')[1] ?? '');
    const counts = new Map<string, number>();
    for (const line of lines)
      for (const w of wordTokens(line)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const words: Words = [...counts].map(([w, n]) => ({ symbols: [...w, '</w>'], n }));
    const want = recountingMerges(words, 150);
    expect(want.length).toBe(150);
    expect(learnMerges(words, 150)).toEqual(want);
  });

  it('stops when no pair occurs twice, and learnBpe gives its merges', () => {
    expect(learnMerges([{ symbols: ['a', 'b', 'c'], n: 1 }], 5)).toEqual([]);
    expect(learnMerges([{ symbols: ['a', 'a', 'a', 'a'], n: 1 }], 5)).toEqual([['a', 'a']]);
    expect(learnMerges([{ symbols: ['a', 'a', 'a', 'a'], n: 2 }], 5)).toEqual([
      ['a', 'a'],
      ['aa', 'aa'],
    ]);
    const bpe = learnBpe(['low lower lowest', 'low low'], { merges: 3, lowercase: false });
    expect(bpe.merges.length).toBe(3);
  });
});
