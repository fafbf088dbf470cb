/** Text-task helpers: the tokenizer fitted on the training part, vocabulary, spec-seeded splits, column choice. */
import {
  type CodedLabels,
  randomSplit,
  type Split,
  stratifiedSplit,
  stratifiedSplitOfCodes,
} from '../../data/splits.ts';
import { learnBpe, type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { buildVocab, type Vocab, vocabFromCounts } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import type { RunSpec } from '../spec.ts';

/** BPE merges learned when the spec does not say. */
export const DEFAULT_BPE_MERGES = 2000;

/**
 * The tokenizer of `spec.data.tokenizer` (default `fallback`); BPE merges are learned from
 * `trainTexts` only.
 */
export function fitTokenizer(
  spec: RunSpec,
  trainTexts: readonly string[],
  options: { fallback: 'char' | 'word'; lowercase: boolean },
): TokenizerConfig {
  const kind = spec.data.tokenizer ?? options.fallback;
  if (kind === 'bpe') {
    return learnBpe(trainTexts, {
      merges: spec.data.bpeMerges ?? DEFAULT_BPE_MERGES,
      lowercase: options.lowercase,
    });
  }
  return { kind, lowercase: options.lowercase };
}

/** Tokens of each text, cut to `maxLength` when given. */
export function tokenizeAll(
  config: TokenizerConfig,
  texts: readonly string[],
  maxLength?: number,
): string[][] {
  return texts.map((t) => {
    const tokens = tokenize(config, t);
    return maxLength === undefined ? tokens : tokens.slice(0, maxLength);
  });
}

/** The vocabulary of the training token lists with the spec's minFreq and maxVocab. */
export function fitVocab(spec: RunSpec, trainTokens: Iterable<readonly string[]>): Vocab {
  return buildVocab(trainTokens, {
    ...(spec.data.minFreq !== undefined ? { minFreq: spec.data.minFreq } : {}),
    ...(spec.data.maxVocab !== undefined ? { maxSize: spec.data.maxVocab } : {}),
  });
}

/** The vocabulary of training token counts with the spec's minFreq and maxVocab. */
export function fitVocabFromCounts(spec: RunSpec, counts: ReadonlyMap<string, number>): Vocab {
  const options = {
    ...(spec.data.minFreq !== undefined ? { minFreq: spec.data.minFreq } : {}),
    ...(spec.data.maxVocab !== undefined ? { maxSize: spec.data.maxVocab } : {}),
  };
  // NOTE: buildVocab checks the options; with no token lists it only validates them.
  buildVocab([], options);
  return vocabFromCounts(counts, options);
}

/**
 * Train/val/test indices seeded by `spec.train.seed` (stratified by `labels` when given).
 * @throws ConfigError when the fractions leave nothing to train on.
 */
export function splitBySpec(
  spec: RunSpec,
  n: number,
  labels?: readonly (string | number)[] | CodedLabels,
): Split {
  const options = {
    valFraction: spec.train.valSplit,
    testFraction: spec.train.testSplit,
    seed: spec.train.seed,
  };
  const split =
    labels === undefined
      ? randomSplit(n, options)
      : 'codes' in labels
        ? stratifiedSplitOfCodes(labels, options)
        : stratifiedSplit(labels, options);
  if (split.train.length === 0) {
    throw new ConfigError(
      `${spec.task}: the training part must hold at least 1 example, got 0 of ${n}. Lower valSplit/testSplit or add data.`,
      'config',
      { key: 'train-part-empty', params: { task: spec.task, n } },
    );
  }
  return split;
}

/**
 * The column a role is read from: the spec's choice, else the one inspection suggested.
 * @throws ConfigError when neither names one.
 */
export function chooseColumn(
  where: string,
  field: string,
  fromSpec: string | undefined,
  suggested: string | undefined,
): string {
  const name = fromSpec ?? suggested;
  if (name === undefined) {
    throw new ConfigError(
      `${where}: data.${field} must name a column, got none (inspection could not guess one).`,
      'config',
      { key: 'no-column', params: { task: where, field } },
    );
  }
  return name;
}
