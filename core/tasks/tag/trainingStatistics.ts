/** The training part's statistics in one pass over a tag corpus in file order — word and tag counts and the "most frequent tag per word" baseline — equal to what passes over the part in its own (shuffled) order give, without that order's random reads. */
import type { TagCorpus } from './corpus.ts';
import type { IdArray } from './idColumn.ts';

/** What {@link trainingStatistics} counts over the training sentences. */
export interface TrainingStatistics {
  /** `[wordNames.length]`: how often each word occurs. */
  readonly wordCounts: Int32Array;
  /** `[tagNames.length]`: how often each tag occurs. */
  readonly tagCounts: Int32Array;
  /**
   * The most frequent tag of every word (ties: the tag seen first with it; words in the order
   * first seen), and the overall most frequent tag (ties: the one seen first).
   */
  readonly baseline: { byWord: Map<string, string>; fallback: string };
}

/** Where something was first seen in the part's order: its sentence's place in the part and its place in the sentence. */
class FirstSeen {
  readonly rank: Int32Array;
  readonly position: Int32Array;

  constructor(n: number) {
    this.rank = new Int32Array(n).fill(0x7fffffff);
    this.position = new Int32Array(n);
  }

  /** True when `a` was seen first before `b`. */
  before(a: number, b: number): boolean {
    const ra = this.rank[a] as number;
    const rb = this.rank[b] as number;
    return ra < rb || (ra === rb && (this.position[a] as number) < (this.position[b] as number));
  }
}

/** Tallies of (word, tag) pairs in typed arrays, each word's chained in the order its tags came: per tally its tag, count, where it was first seen with the word, and the next tally. */
class Tallies {
  tag = new Int32Array(1024);
  count = new Int32Array(1024);
  rank = new Int32Array(1024);
  position = new Int32Array(1024);
  next = new Int32Array(1024);
  size = 0;

  /** A new tally (the last of its chain); returns its index. */
  add(tag: number, count: number, rank: number, position: number): number {
    if (this.size === this.tag.length) this.grow();
    const i = this.size++;
    this.tag[i] = tag;
    this.count[i] = count;
    this.rank[i] = rank;
    this.position[i] = position;
    this.next[i] = -1;
    return i;
  }

  private grow(): void {
    const wider = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.tag = wider(this.tag);
    this.count = wider(this.count);
    this.rank = wider(this.rank);
    this.position = wider(this.position);
    this.next = wider(this.next);
  }
}

/**
 * Per word its tag counts: the sole tag in a typed array while a word has had one (its count is
 * the word's), a chain of tallies once it has more.
 */
class TagCountsPerWord {
  /** −1: unseen; a tag id: the only tag seen with the word so far; −2 − i: several, tally i first. */
  private readonly sole: Int32Array;
  private readonly tallies = new Tallies();

  constructor(words: number) {
    this.sole = new Int32Array(words).fill(-1);
  }

  /**
   * Word `w` seen with tag `t` at (`rank`, `position`); `seenBefore` occurrences of `w` came
   * before, first seen where `words` says (not yet updated for this one).
   */
  add(w: number, t: number, rank: number, position: number, seenBefore: number, words: FirstSeen) {
    const sole = this.sole[w] as number;
    if (sole === t) return;
    if (sole === -1) {
      this.sole[w] = t;
      return;
    }
    const tallies = this.tallies;
    let i: number;
    if (sole >= 0) {
      // NOTE: every occurrence so far had the sole tag, so it was first seen where the word was.
      i = tallies.add(sole, seenBefore, words.rank[w] as number, words.position[w] as number);
      this.sole[w] = -2 - i;
    } else i = -2 - sole;
    for (;;) {
      if (tallies.tag[i] === t) {
        tallies.count[i] = (tallies.count[i] as number) + 1;
        if (rank < (tallies.rank[i] as number)) {
          tallies.rank[i] = rank;
          tallies.position[i] = position;
        }
        return;
      }
      const next = tallies.next[i] as number;
      if (next === -1) break;
      i = next;
    }
    const added = tallies.add(t, 1, rank, position);
    tallies.next[i] = added;
  }

  /** Word `w`'s most frequent tag (ties: the one first seen with it). */
  mostFrequent(w: number): number {
    const sole = this.sole[w] as number;
    if (sole >= 0) return sole;
    const { tag, count, rank, position, next } = this.tallies;
    let top = -2 - sole;
    for (let i = next[top] as number; i !== -1; i = next[i] as number) {
      const c = count[i] as number;
      const topCount = count[top] as number;
      const better =
        c > topCount ||
        (c === topCount &&
          ((rank[i] as number) < (rank[top] as number) ||
            (rank[i] === rank[top] && (position[i] as number) < (position[top] as number))));
      if (better) top = i;
    }
    return tag[top] as number;
  }
}

/** Each sentence's place in `sentences`, −1 for one not in it. */
function ranksOf(count: number, sentences: readonly number[]): Int32Array {
  const rank = new Int32Array(count).fill(-1);
  for (let r = 0; r < sentences.length; r++) rank[sentences[r] as number] = r;
  return rank;
}

/** The ids `0..n` with a count, ordered by where each was first seen (a counting sort on the rank, then by position within a rank). */
function inFirstSeenOrder(counts: Int32Array, first: FirstSeen, ranks: number): number[] {
  const starts = new Int32Array(ranks + 1);
  let seen = 0;
  for (let id = 0; id < counts.length; id++) {
    if ((counts[id] as number) === 0) continue;
    starts[(first.rank[id] as number) + 1]++;
    seen++;
  }
  for (let r = 0; r < ranks; r++) starts[r + 1] = (starts[r + 1] as number) + (starts[r] as number);
  const order = new Int32Array(seen);
  for (let id = 0; id < counts.length; id++) {
    if ((counts[id] as number) === 0) continue;
    const r = first.rank[id] as number;
    order[starts[r] as number] = id;
    starts[r] = (starts[r] as number) + 1;
  }
  // NOTE: ids first seen in one sentence sit together; order them by position (few each).
  const out = Array.from(order);
  for (let i = 1; i < out.length; i++) {
    const id = out[i] as number;
    let j = i - 1;
    while (j >= 0 && first.before(id, out[j] as number)) {
      out[j + 1] = out[j] as number;
      j--;
    }
    out[j + 1] = id;
  }
  return out;
}

/**
 * Counts the words and tags of `sentences` (distinct indices into the corpus, in the part's
 * order) and finds each word's most frequent tag, reading the corpus once in file order; the
 * order of `sentences` decides only ties and the baseline's word order, through each sentence's
 * rank in it.
 */
export function trainingStatistics(
  corpus: TagCorpus,
  sentences: readonly number[],
): TrainingStatistics {
  const W = corpus.wordNames.length;
  const T = corpus.tagNames.length;
  const rankOf = ranksOf(corpus.count, sentences);
  const wordCounts = new Int32Array(W);
  const tagCounts = new Int32Array(T);
  const words = new FirstSeen(W);
  const tags = new FirstSeen(T);
  const perWord = new TagCountsPerWord(W);
  for (let i = 0; i < corpus.count; i++) {
    const rank = rankOf[i] as number;
    if (rank === -1) continue;
    // NOTE: indexed in the chunks, as a view per sentence would cost an allocation each.
    const wordIds = corpus.wordChunks[corpus.chunkOf[i] as number] as IdArray;
    const tagIds = corpus.tagChunks[corpus.chunkOf[i] as number] as IdArray;
    const start = corpus.starts[i] as number;
    const end = start + (corpus.lengths[i] as number);
    for (let k = start; k < end; k++) {
      const w = wordIds[k] as number;
      const t = tagIds[k] as number;
      const before = wordCounts[w] as number;
      perWord.add(w, t, rank, k - start, before, words);
      wordCounts[w] = before + 1;
      tagCounts[t] = (tagCounts[t] as number) + 1;
      // NOTE: a sentence is read in order, so within one rank the first seen is the first read.
      if (rank < (words.rank[w] as number)) {
        words.rank[w] = rank;
        words.position[w] = k - start;
      }
      if (rank < (tags.rank[t] as number)) {
        tags.rank[t] = rank;
        tags.position[t] = k - start;
      }
    }
  }
  const byWord = new Map<string, string>();
  for (const w of inFirstSeenOrder(wordCounts, words, sentences.length)) {
    byWord.set(corpus.wordNames[w] as string, corpus.tagNames[perWord.mostFrequent(w)] as string);
  }
  let fallback = -1;
  for (const t of inFirstSeenOrder(tagCounts, tags, sentences.length)) {
    if (fallback === -1 || (tagCounts[t] as number) > (tagCounts[fallback] as number)) fallback = t;
  }
  return {
    wordCounts,
    tagCounts,
    baseline: { byWord, fallback: fallback === -1 ? '' : (corpus.tagNames[fallback] as string) },
  };
}

/** The distinct tags counted, sorted (code-unit order). */
export function countedTags(corpus: TagCorpus, tagCounts: Int32Array): string[] {
  return corpus.tagNames.filter((_, t) => (tagCounts[t] as number) > 0).sort();
}
