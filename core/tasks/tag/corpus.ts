/** Tagged sentences stored compactly for training: per token a word id and a tag id in typed arrays (offsets + lengths per sentence), each distinct word and tag kept once as a string. */

import { chunkTagParts, type TagScheme } from '../../data/tagScheme.ts';
import { TokenInterner } from '../../data/tokenInterner.ts';
import { type TokenStore, TokenStoreBuilder } from '../../data/tokenStore.ts';

/**
 * `count` sentences; sentence i's tokens are `words.ids[words.offsets[i] ..][..lengths[i]]` as ids
 * into `wordNames`, its tags the same range of `tags.ids` as ids into `tagNames`.
 */
export interface TagCorpus {
  readonly count: number;
  /** Distinct words as in the file, by id (first seen first). */
  readonly wordNames: readonly string[];
  /** Distinct tags, by id (first seen first). */
  readonly tagNames: readonly string[];
  /** Word ids per sentence (labels unused). */
  readonly words: TokenStore;
  /** Tag ids per sentence, at the same offsets as `words` (labels unused). */
  readonly tags: TokenStore;
}

/** Sentence `i`'s `[start, end)` in the corpus's id arrays. */
export function sentenceRange(corpus: TagCorpus, i: number): [number, number] {
  const start = corpus.words.offsets[i] as number;
  return [start, start + (corpus.words.lengths[i] as number)];
}

/** Builds a {@link TagCorpus} one sentence at a time, interning words and tags. */
export class TagCorpusBuilder {
  private readonly wordInterner = new TokenInterner();
  private readonly tagInterner = new TokenInterner();
  private readonly words = new TokenStoreBuilder();
  private readonly tags = new TokenStoreBuilder();
  private wordIds = new Int32Array(256);
  private tagIds = new Int32Array(256);

  /** Appends one sentence (parallel tokens and tags). */
  add(tokens: readonly string[], tags: readonly string[]): void {
    if (tokens.length > this.wordIds.length) {
      this.wordIds = new Int32Array(tokens.length * 2);
      this.tagIds = new Int32Array(tokens.length * 2);
    }
    for (let k = 0; k < tokens.length; k++) {
      this.wordIds[k] = this.wordInterner.idOf(tokens[k] as string);
      this.tagIds[k] = this.tagInterner.idOf(tags[k] as string);
    }
    this.words.add(this.wordIds.subarray(0, tokens.length), 0);
    this.tags.add(this.tagIds.subarray(0, tokens.length), 0);
  }

  /** The corpus of the sentences added. */
  finish(): TagCorpus {
    const words = this.words.finish();
    return {
      count: words.count,
      wordNames: this.wordInterner.tokens,
      tagNames: this.tagInterner.tokens,
      words,
      tags: this.tags.finish(),
    };
  }
}

/** The chunk-tag scheme of the corpus's tags (as `detectTagScheme` over every sentence), each distinct tag parsed once. */
export function corpusTagScheme(corpus: TagCorpus): TagScheme {
  const parts = corpus.tagNames.map(chunkTagParts);
  let iob1 = false;
  for (let i = 0; i < corpus.count; i++) {
    const [start, end] = sentenceRange(corpus, i);
    let prevType: string | null = null;
    for (let k = start; k < end; k++) {
      const t = parts[corpus.tags.ids[k] as number];
      if (t === null || t === undefined) {
        prevType = null;
        continue;
      }
      if (t.prefix === 'S' || t.prefix === 'E' || t.prefix === 'L') return 'bioes';
      if (t.prefix === 'I' && prevType !== t.type) iob1 = true;
      prevType = t.type;
    }
  }
  return iob1 ? 'iob1' : 'iob2';
}

/**
 * The corpus with its tags rewritten from `scheme` to IOB2 as `toIob2` rewrites each sentence,
 * working on tag ids: each distinct tag is parsed once and each rewritten tag spelt once.
 */
export function corpusToIob2(corpus: TagCorpus, scheme: TagScheme): TagCorpus {
  const parts = corpus.tagNames.map(chunkTagParts);
  const interner = new TokenInterner();
  /** Per tag id: its id as it is (slot 0), with prefix B (1) and with prefix I (2); −1 until needed. */
  const memo = new Int32Array(3 * corpus.tagNames.length).fill(-1);
  const spelt = (tag: number, slot: number, spell: () => string): number => {
    const at = 3 * tag + slot;
    if (memo[at] === -1) memo[at] = interner.idOf(spell());
    return memo[at] as number;
  };
  const ids = new Int32Array(corpus.tags.ids.length);
  for (let i = 0; i < corpus.count; i++) {
    const [start, end] = sentenceRange(corpus, i);
    let prevType: string | null = null;
    for (let k = start; k < end; k++) {
      const tag = corpus.tags.ids[k] as number;
      const t = parts[tag];
      if (t === null || t === undefined) {
        ids[k] = spelt(tag, 0, () => corpus.tagNames[tag] as string);
        prevType = null;
        continue;
      }
      let prefix = t.prefix;
      if (scheme === 'bioes')
        prefix = prefix === 'S' ? 'B' : prefix === 'E' || prefix === 'L' ? 'I' : prefix;
      if (scheme === 'iob1' && prefix === 'I' && prevType !== t.type) prefix = 'B';
      const spell = () => `${prefix}-${t.type}`;
      // NOTE: the scheme found on this corpus leaves only B and I; any other prefix is not memoised.
      ids[k] =
        prefix === 'B' || prefix === 'I'
          ? spelt(tag, prefix === 'B' ? 1 : 2, spell)
          : interner.idOf(spell());
      prevType = t.type;
    }
  }
  return { ...corpus, tagNames: interner.tokens, tags: { ...corpus.tags, ids } };
}

/** How often each word id occurs in `sentences` (indices into the corpus). */
export function wordCounts(corpus: TagCorpus, sentences: readonly number[]): Int32Array {
  const counts = new Int32Array(corpus.wordNames.length);
  for (const i of sentences) {
    const [start, end] = sentenceRange(corpus, i);
    for (let k = start; k < end; k++) {
      const w = corpus.words.ids[k] as number;
      counts[w] = (counts[w] as number) + 1;
    }
  }
  return counts;
}

/** The distinct tags of `sentences`, sorted (code-unit order). */
export function tagSet(corpus: TagCorpus, sentences: readonly number[]): string[] {
  const seen = new Uint8Array(corpus.tagNames.length);
  for (const i of sentences) {
    const [start, end] = sentenceRange(corpus, i);
    for (let k = start; k < end; k++) seen[corpus.tags.ids[k] as number] = 1;
  }
  return corpus.tagNames.filter((_, t) => seen[t] === 1).sort();
}

function mostFrequent(counts: Map<number, number>): number {
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

/**
 * The most frequent tag of every word of `sentences` (ties: the tag seen first; words in the
 * order first seen), and the overall most frequent tag — the "most frequent tag per word" baseline.
 */
export function mostFrequentTagsOf(
  corpus: TagCorpus,
  sentences: readonly number[],
): { byWord: Map<string, string>; fallback: string } {
  const perWord = new Map<number, Map<number, number>>();
  const overall = new Map<number, number>();
  for (const i of sentences) {
    const [start, end] = sentenceRange(corpus, i);
    for (let k = start; k < end; k++) {
      const w = corpus.words.ids[k] as number;
      const t = corpus.tags.ids[k] as number;
      let counts = perWord.get(w);
      if (counts === undefined) {
        counts = new Map();
        perWord.set(w, counts);
      }
      counts.set(t, (counts.get(t) ?? 0) + 1);
      overall.set(t, (overall.get(t) ?? 0) + 1);
    }
  }
  const byWord = new Map<string, string>();
  for (const [w, counts] of perWord) {
    byWord.set(corpus.wordNames[w] as string, corpus.tagNames[mostFrequent(counts)] as string);
  }
  const fallback = overall.size === 0 ? '' : (corpus.tagNames[mostFrequent(overall)] as string);
  return { byWord, fallback };
}
