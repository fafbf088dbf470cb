/** A tag corpus as the tagger sees it: vocabulary ids, character ids and tag targets looked up once per distinct word and tag, and an example built only when a batch needs it. */

import { sequenceOf, type TokenStore, TokenStoreBuilder } from '../../data/tokenStore.ts';
import type { Vocab } from '../../data/vocab.ts';
import { IGNORE_INDEX } from '../common/batching.ts';
import type { CharVocab } from './chars.ts';
import { sentenceTags, sentenceWords, type TagCorpus } from './corpus.ts';
import type { TagExample, TagExamples } from './evaluate.ts';

/** Per corpus word id its vocabulary id (and characters), per corpus tag id its target. */
export interface CorpusEncoding {
  readonly corpus: TagCorpus;
  /** `[wordNames.length]`: the vocabulary id of each distinct word. */
  readonly wordIds: Int32Array;
  /** `[tagNames.length]`: each distinct tag's id, −100 for a tag the training part never had. */
  readonly targets: Int32Array;
  /** Sequence w: word w's character ids (CharVocab.encode); null without a character encoder. */
  readonly chars: TokenStore | null;
}

/**
 * Looks every distinct word and tag of `corpus` up once.
 * @param normalize the word → vocabulary key mapping (normalizeWord)
 */
export function encodeCorpus(
  corpus: TagCorpus,
  vocabs: { words: Vocab; chars: CharVocab | null; normalize: (word: string) => string },
  tagIds: ReadonlyMap<string, number>,
): CorpusEncoding {
  const { words, chars, normalize } = vocabs;
  const wordIds = Int32Array.from(corpus.wordNames, (w) => words.id(normalize(w)));
  const targets = Int32Array.from(corpus.tagNames, (t) => tagIds.get(t) ?? IGNORE_INDEX);
  let charStore: TokenStore | null = null;
  if (chars !== null) {
    const builder = new TokenStoreBuilder();
    for (const w of corpus.wordNames) builder.add(chars.encode(w), 0);
    charStore = builder.finish();
  }
  return { corpus, wordIds, targets, chars: charStore };
}

/** Sentence `i` of the corpus as an encoded example (its words, ids, tags, targets, characters). */
export function corpusExample(encoding: CorpusEncoding, i: number): TagExample {
  const { corpus, chars } = encoding;
  const words = sentenceWords(corpus, i);
  const tags = sentenceTags(corpus, i);
  return {
    words: Array.from(words, (w) => corpus.wordNames[w] as string),
    ids: Array.from(words, (w) => encoding.wordIds[w] as number),
    tags: Array.from(tags, (t) => corpus.tagNames[t] as string),
    targets: Array.from(tags, (t) => encoding.targets[t] as number),
    ...(chars !== null
      ? { chars: Array.from(words, (w) => Array.from(sequenceOf(chars, w))) }
      : {}),
  };
}

/** Sentences `indices` of the corpus as examples built one at a time, when a batch needs them. */
export function corpusExamples(encoding: CorpusEncoding, indices: readonly number[]): TagExamples {
  const { lengths } = encoding.corpus;
  return {
    count: indices.length,
    lengthOf: (k) => lengths[indices[k] as number] as number,
    at: (k) => corpusExample(encoding, indices[k] as number),
  };
}

/** The indices of the corpus's sentences that have words. */
export function nonEmptySentences(corpus: TagCorpus): number[] {
  const out: number[] = [];
  for (let i = 0; i < corpus.count; i++) if ((corpus.lengths[i] as number) > 0) out.push(i);
  return out;
}
