/** The "most frequent tag per word" baseline's counts over a tag corpus: per word its tags' counts (typed arrays while a word has had one tag), and the overall most frequent tag. */
import type { TagCorpus } from './corpus.ts';
import type { IdArray } from './idColumn.ts';

function mostFrequent(counts: Iterable<[number, number]>): number {
  let best = -1;
  let n = -1;
  for (const [t, c] of counts) {
    if (c > n) {
      best = t;
      n = c;
    }
  }
  return best;
}

/** Per word its tag counts in the order the tags were first seen with it: typed arrays while a word has had one tag, a map once it has more. */
class TagCountsPerWord {
  /** Words in the order first seen. */
  readonly order: number[] = [];
  /** −1: unseen; a tag id: the only tag seen with the word so far; −2: several (see `several`). */
  private readonly sole: Int32Array;
  private readonly soleCount: Int32Array;
  private readonly several = new Map<number, Map<number, number>>();

  constructor(words: number) {
    this.sole = new Int32Array(words).fill(-1);
    this.soleCount = new Int32Array(words);
  }

  add(w: number, t: number): void {
    const sole = this.sole[w] as number;
    if (sole === t) {
      this.soleCount[w] = (this.soleCount[w] as number) + 1;
      return;
    }
    if (sole === -1) {
      this.sole[w] = t;
      this.soleCount[w] = 1;
      this.order.push(w);
      return;
    }
    let counts = this.several.get(w);
    if (counts === undefined) {
      counts = new Map([[sole, this.soleCount[w] as number]]);
      this.several.set(w, counts);
      this.sole[w] = -2;
    }
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }

  /** Word `w`'s most frequent tag (ties: the one seen first with it). */
  mostFrequent(w: number): number {
    const sole = this.sole[w] as number;
    return sole >= 0 ? sole : mostFrequent(this.several.get(w) as Map<number, number>);
  }
}

/**
 * The most frequent tag of every word of `sentences` (ties: the tag seen first; words in the
 * order first seen), and the overall most frequent tag — the "most frequent tag per word" baseline.
 */
export function mostFrequentTagsOf(
  corpus: TagCorpus,
  sentences: readonly number[],
): { byWord: Map<string, string>; fallback: string } {
  const perWord = new TagCountsPerWord(corpus.wordNames.length);
  const overall = new Int32Array(corpus.tagNames.length);
  const tagOrder: number[] = [];
  for (const i of sentences) {
    // NOTE: indexed in the chunks, as a view per sentence would cost an allocation each.
    const words = corpus.wordChunks[corpus.chunkOf[i] as number] as IdArray;
    const tags = corpus.tagChunks[corpus.chunkOf[i] as number] as IdArray;
    const start = corpus.starts[i] as number;
    const end = start + (corpus.lengths[i] as number);
    for (let k = start; k < end; k++) {
      const t = tags[k] as number;
      perWord.add(words[k] as number, t);
      if (overall[t] === 0) tagOrder.push(t);
      overall[t] = (overall[t] as number) + 1;
    }
  }
  const byWord = new Map<string, string>();
  for (const w of perWord.order) {
    byWord.set(corpus.wordNames[w] as string, corpus.tagNames[perWord.mostFrequent(w)] as string);
  }
  const fallback =
    tagOrder.length === 0
      ? ''
      : (corpus.tagNames[mostFrequent(tagOrder.map((t) => [t, overall[t] as number]))] as string);
  return { byWord, fallback };
}
