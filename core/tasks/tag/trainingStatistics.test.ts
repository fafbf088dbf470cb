/** Tests of the training statistics read in file order: the counts, tag set and baseline that passes over the training part in its own shuffled order give (ties and word order included). */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { sentenceTags, sentenceWords, type TagCorpus, TagCorpusBuilder } from './corpus.ts';
import { readTagCorpus } from './data.ts';
import { countedTags, trainingStatistics } from './trainingStatistics.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** IOB1 NER (entities opening with I-), a repeated word with two tags. */
const IOB1 =
  'EU I-ORG\nrejects O\nGerman I-MISC\ncall O\n\nPeter I-PER\nBlackburn I-PER\r\n\nEU I-ORG\nEU O\ncall O\n';

/**
 * The reference: the sentences visited in the part's order, one Map of tag counts per word in
 * first-seen order, the most frequent tag the first to reach the top count.
 */
function reference(corpus: TagCorpus, part: readonly number[]) {
  const wordCounts = new Array<number>(corpus.wordNames.length).fill(0);
  const perWord = new Map<string, Map<string, number>>();
  const overall = new Map<string, number>();
  for (const i of part) {
    const words = sentenceWords(corpus, i);
    const tags = sentenceTags(corpus, i);
    words.forEach((w, k) => {
      const word = corpus.wordNames[w] as string;
      const tag = corpus.tagNames[tags[k] as number] as string;
      wordCounts[w] = (wordCounts[w] as number) + 1;
      const counts = perWord.get(word) ?? new Map<string, number>();
      perWord.set(word, counts.set(tag, (counts.get(tag) ?? 0) + 1));
      overall.set(tag, (overall.get(tag) ?? 0) + 1);
    });
  }
  const top = (m: Map<string, number>) =>
    [...m].reduce((a, b) => (b[1] > a[1] ? b : a))[0] as string;
  return {
    wordCounts,
    tags: [...overall.keys()].sort(),
    byWord: [...perWord].map(([w, m]) => [w, top(m)]),
    fallback: overall.size === 0 ? '' : top(overall),
  };
}

/** 300 sentences of 1–12 words from 40, each tagged one of four tags at random. */
function randomCorpus(): TagCorpus {
  const builder = new TagCorpusBuilder();
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let s = 0; s < 300; s++) {
    const length = 1 + next(12);
    const tokens = Array.from({ length }, () => `w${next(40)}`);
    builder.add(
      tokens,
      tokens.map(() => ['O', 'B-X', 'I-X', 'B-Y'][next(4)] as string),
    );
  }
  return builder.finish();
}

describe('trainingStatistics', () => {
  it('counts words, sorts the tag set and keeps the first-seen tag on a tie', async () => {
    const { corpus } = await readTagCorpus(bytes(IOB1), { fileName: 'ner.txt' });
    const counted = trainingStatistics(corpus, [0, 2]);
    expect(Array.from(counted.wordCounts)).toEqual([3, 1, 1, 2, 0, 0]);
    expect(countedTags(corpus, counted.tagCounts)).toEqual(['B-MISC', 'B-ORG', 'O']);
    // 'EU': B-ORG twice, O once; 'call': O; overall O (4) over B-ORG (2).
    expect([...counted.baseline.byWord]).toEqual([
      ['EU', 'B-ORG'],
      ['rejects', 'O'],
      ['German', 'B-MISC'],
      ['call', 'O'],
    ]);
    expect(counted.baseline.fallback).toBe('O');
    expect(trainingStatistics(corpus, [2]).baseline.byWord.get('EU')).toBe('B-ORG');
  });

  it('breaks ties and orders words by the part order, not the file order', async () => {
    const { corpus } = await readTagCorpus(bytes(IOB1), { fileName: 'ner.txt' });
    // Sentence 2 holds 'EU' as B-ORG then O: read first, B-ORG comes first for 'EU'.
    const swapped = trainingStatistics(corpus, [2, 0]);
    expect([...swapped.baseline.byWord]).toEqual([
      ['EU', 'B-ORG'],
      ['call', 'O'],
      ['rejects', 'O'],
      ['German', 'B-MISC'],
    ]);
    const tied = new TagCorpusBuilder();
    tied.add(['x', 'y'], ['A', 'A']);
    tied.add(['y', 'x'], ['B', 'B']);
    const pair = tied.finish();
    expect(trainingStatistics(pair, [0, 1]).baseline).toEqual({
      byWord: new Map([
        ['x', 'A'],
        ['y', 'A'],
      ]),
      fallback: 'A',
    });
    expect(trainingStatistics(pair, [1, 0]).baseline).toEqual({
      byWord: new Map([
        ['y', 'B'],
        ['x', 'B'],
      ]),
      fallback: 'B',
    });
    expect(trainingStatistics(corpus, [1]).baseline).toEqual({
      byWord: new Map([
        ['Peter', 'B-PER'],
        ['Blackburn', 'I-PER'],
      ]),
      fallback: 'B-PER',
    });
  });

  it('gives what passes in the part order give, for shuffled parts of every size', () => {
    const corpus = randomCorpus();
    const all = Array.from({ length: corpus.count }, (_, i) => i);
    for (const [seed, size] of [
      [1, 0],
      [2, 1],
      [3, 17],
      [4, 200],
      [5, 300],
    ] as const) {
      const part = new Random(seed).shuffle([...all]).slice(0, size);
      const counted = trainingStatistics(corpus, part);
      const expected = reference(corpus, part);
      expect(Array.from(counted.wordCounts)).toEqual(expected.wordCounts);
      expect(countedTags(corpus, counted.tagCounts)).toEqual(expected.tags);
      expect([...counted.baseline.byWord]).toEqual(expected.byWord);
      expect(counted.baseline.fallback).toBe(expected.fallback);
    }
  });
});
