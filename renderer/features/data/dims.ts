/** Estimates the sizes a model needs from a dataset preview: vocabulary, classes, tags, features, lengths. */
import { CAPTION_MIN_FREQ } from '../../../core/data/captions/captionSplits.ts';
import {
  charTokens,
  type Inspection,
  labelOf,
  vocabSizeFromCounts,
  wordTokens,
} from '../../../core/data/index.ts';
import { DEFAULT_BPE_MERGES } from '../../../core/tasks/common/text.ts';
import { isMostlyKorean } from '../../../core/tasks/seq2seq/data.ts';
import { DEFAULT_TOKENIZERS, type RunSpec } from '../../../core/tasks/spec.ts';
import { fitCharVocab } from '../../../core/tasks/tag/chars.ts';
import { normalizeWord } from '../../../core/tasks/tag/index.ts';
import type { SizeHints } from '../../../core/tasks/task.ts';
import type { Preview } from './preview.ts';

/** How many texts are tokenised for an estimate. */
const SAMPLE = 20_000;

function columnValues(preview: Preview, name: string | undefined): string[] | null {
  if (name === undefined) return null;
  const i = preview.columns.indexOf(name);
  return i === -1 ? null : preview.rows.map((r) => r[i] ?? '');
}

/**
 * Vocabulary size of `texts` under `tokenizer` as the core fits it (words and BPE lower-cased),
 * counting tokens seen at least `minFreq` times and keeping at most `maxVocab` with the specials.
 * BPE is estimated by its symbols plus merges. Only the first 20,000 texts are read, so large files
 * are underestimated.
 */
export function estimateVocab(
  texts: readonly string[],
  data: RunSpec['data'],
  tokenizer: 'char' | 'word' | 'bpe',
): number {
  const split = tokenizer === 'word' ? wordTokens : charTokens;
  const tokens = texts
    .slice(0, SAMPLE)
    .flatMap((t) => split(tokenizer === 'char' ? t : t.toLowerCase()));
  return vocabOf(tokens, data, tokenizer === 'bpe' ? (data.bpeMerges ?? DEFAULT_BPE_MERGES) : 0);
}

/** The specials and the tokens seen at least `minFreq` times (plus `extra`), at most `maxVocab` in all (the core's vocabFromCounts counts the specials in it). */
function vocabOf(tokens: readonly string[], data: RunSpec['data'], extra: number): number {
  const counts = new Map<string, number>();
  for (const tok of tokens) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  const size = vocabSizeFromCounts(counts.values(), { minFreq: data.minFreq ?? 1 }) + extra;
  return data.maxVocab === undefined ? size : Math.min(size, data.maxVocab);
}

/** A captioner's vocabulary under the spec's min. count (default 2) and max. vocabulary, from its training captions' token counts. */
export function captionVocabSize(counts: readonly number[], data: RunSpec['data']): number {
  return vocabSizeFromCounts(counts, {
    minFreq: data.minFreq ?? CAPTION_MIN_FREQ,
    maxSize: data.maxVocab,
  });
}

/** The tokenizer the core uses for one seq2seq side (a mostly-Korean side is read as characters). */
function sideTokenizer(texts: readonly string[], data: RunSpec['data']) {
  return isMostlyKorean(texts.slice(0, SAMPLE))
    ? 'char'
    : (data.tokenizer ?? DEFAULT_TOKENIZERS.seq2seq);
}

function distinct(values: readonly string[]): number {
  return new Set(values.map(labelOf).filter((v) => v !== null)).size;
}

/** Sizes for core's describeModel from the loaded data and the spec's column choices (tag's tags are its classes). */
export function datasetDims(spec: RunSpec, preview: Preview, inspection: Inspection): SizeHints {
  const d = spec.data;
  switch (spec.task) {
    case 'classify': {
      const labels = columnValues(preview, d.labelColumn);
      const texts = columnValues(preview, d.textColumn);
      return {
        ...(labels !== null ? { numClasses: distinct(labels) } : {}),
        ...(texts !== null
          ? { vocabSize: estimateVocab(texts, d, d.tokenizer ?? DEFAULT_TOKENIZERS.classify) }
          : {}),
      };
    }
    case 'generate': {
      const texts = columnValues(preview, d.textColumn);
      return texts !== null
        ? { vocabSize: estimateVocab(texts, d, d.tokenizer ?? DEFAULT_TOKENIZERS.generate) }
        : {};
    }
    case 'seq2seq': {
      const source = columnValues(preview, d.sourceColumn);
      const target = columnValues(preview, d.targetColumn);
      return {
        ...(source !== null
          ? { vocabSize: estimateVocab(source, d, sideTokenizer(source, d)) }
          : {}),
        ...(target !== null
          ? { targetVocabSize: estimateVocab(target, d, sideTokenizer(target, d)) }
          : {}),
      };
    }
    case 'tag': {
      // NOTE: as the core fits them: words normalised (lower case, digits → 0), characters of the
      // words as written, kept when seen CHAR_MIN_COUNT times.
      const words = preview.rows
        .slice(0, SAMPLE)
        .flatMap((r) => (r[0] ?? '').split(' ').filter((w) => w !== ''));
      const tags = new Set(preview.rows.flatMap((r) => (r[1] ?? '').split(' ')));
      const tagColumn = inspection.columns[1];
      return {
        vocabSize: vocabOf(words.map(normalizeWord), d, 0),
        charVocabSize: fitCharVocab(words).length,
        numClasses: tagColumn !== undefined ? Math.max(tagColumn.distinct, tags.size) : tags.size,
      };
    }
    case 'forecast':
      return { numFeatures: 1 + (d.featureColumns?.length ?? 0) };
    case 'caption':
      return {};
  }
}
