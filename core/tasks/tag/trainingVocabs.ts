/** The tagger's vocabularies fitted on the training sentences of a tag corpus from per-word counts: words (normalised), characters, tags, the words seen once, and the corpus encoded with them. */

import type { Vocab } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import { fitVocabFromCounts } from '../common/text.ts';
import type { RunSpec } from '../spec.ts';
import { CharVocab, fitCharVocabCounted } from './chars.ts';
import type { TagCorpus } from './corpus.ts';
import { type CorpusEncoding, encodeCorpus } from './corpusEncoding.ts';
import { countedTags, type TrainingStatistics } from './trainingStatistics.ts';

/** What {@link fitTagVocabs} fits. */
export interface TagVocabs {
  words: Vocab;
  chars: CharVocab | null;
  /** The training tags, sorted. */
  tags: string[];
  /** Vocabulary ids seen exactly once in training (word dropout's candidates). */
  singletons: Set<number>;
  encoding: CorpusEncoding;
}

function summed<K>(
  ids: readonly number[],
  key: (id: number) => K,
  counts: Int32Array,
): Map<K, number> {
  const out = new Map<K, number>();
  for (const id of ids) {
    const k = key(id);
    out.set(k, (out.get(k) ?? 0) + (counts[id] as number));
  }
  return out;
}

/**
 * Fits the vocabularies on the training sentences of `corpus` (their `counted` statistics) as
 * token lists would be (the same counts), each distinct word normalised and spelt out once.
 * @param normalize a word's vocabulary key (normalizeWord)
 * @param fixedWords a word vocabulary to use as it is (a language model's) instead of fitting one
 * @throws ConfigError when training has fewer than 2 distinct tags.
 */
export function fitTagVocabs(
  spec: RunSpec,
  corpus: TagCorpus,
  counted: TrainingStatistics,
  normalize: (word: string) => string,
  fixedWords?: Vocab,
): TagVocabs {
  const counts = counted.wordCounts;
  const seen = corpus.wordNames.flatMap((_w, id) => ((counts[id] as number) > 0 ? [id] : []));
  const nameOf = (id: number) => corpus.wordNames[id] as string;
  const words =
    fixedWords ??
    fitVocabFromCounts(
      spec,
      summed(seen, (id) => normalize(nameOf(id)), counts),
    );
  const tags = countedTags(corpus, counted.tagCounts);
  if (tags.length < 2) {
    throw new ConfigError(
      `tag: the training part must have at least 2 distinct tags, got ${tags.length}. Choose another tag field or a larger file.`,
    );
  }
  const chars =
    spec.model.charEncoder === undefined
      ? null
      : new CharVocab(fitCharVocabCounted(seen.map((id) => [nameOf(id), counts[id] as number])));
  const tagIds = new Map(tags.map((t, i) => [t, i]));
  const encoding = encodeCorpus(corpus, { words, chars, normalize }, tagIds);
  const idCounts = summed(seen, (id) => encoding.wordIds[id] as number, counts);
  const singletons = new Set([...idCounts].filter(([, n]) => n === 1).map(([id]) => id));
  return { words, chars, tags, singletons, encoding };
}
