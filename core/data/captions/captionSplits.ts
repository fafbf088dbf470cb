/** Splitting a captioning dataset by image (never by caption row), the caption vocabulary from the training images, and a dataset summary. */
import { ConfigError } from '../../errors.ts';
import { randomSplit, type Split, type SplitOptions } from '../splits.ts';
import { type TokenizerConfig, tokenize } from '../tokenizers.ts';
import { buildVocab, type Vocab, vocabSizeFromCounts } from '../vocab.ts';
import type { CaptionDataset } from './captionDataset.ts';

/** Image indices of each part, and where the split came from. */
export interface ImageSplit extends Split {
  readonly source: 'official' | 'random';
}

/**
 * Splits the dataset's images: the folder's split file when it has one, otherwise a seeded
 * shuffle of the images. All captions of an image stay in its part.
 * @throws ConfigError for fractions outside [0, 1) or summing to 1 or more.
 */
export function splitByImage(
  dataset: CaptionDataset,
  options: SplitOptions & { seed: number },
): ImageSplit {
  const official = dataset.officialSplit;
  if (official === null)
    return { ...randomSplit(dataset.images.length, options), source: 'random' };
  const split: ImageSplit = { train: [], val: [], test: [], source: 'official' };
  official.parts.forEach((part, i) => {
    split[part].push(i);
  });
  return split;
}

/** The caption tokenizer's default: lower-cased words with punctuation split off. */
export const CAPTION_TOKENIZER: TokenizerConfig = { kind: 'word', lowercase: true };

/** Tokens seen fewer times in the training captions become `<unk>` when the spec does not say. */
export const CAPTION_MIN_FREQ = 2;

/**
 * The decoder vocabulary from the captions of the training images only.
 * @param options.minFreq tokens seen fewer times become `<unk>` (default {@link CAPTION_MIN_FREQ})
 * @throws ConfigError for a BPE tokenizer (its merges would have to be learnt first) or a bad minFreq.
 */
export function buildCaptionVocab(
  dataset: CaptionDataset,
  trainImages: readonly number[],
  options: { tokenizer?: TokenizerConfig; minFreq?: number; maxSize?: number } = {},
): Vocab {
  const tokenizer = options.tokenizer ?? CAPTION_TOKENIZER;
  const lists: string[][] = [];
  for (const i of trainImages) {
    for (const caption of dataset.captions[i] ?? []) lists.push(tokenize(tokenizer, caption));
  }
  return buildVocab(lists, {
    minFreq: options.minFreq ?? CAPTION_MIN_FREQ,
    maxSize: options.maxSize,
  });
}

/**
 * How many times each distinct token occurs in the training images' captions, as
 * {@link buildCaptionVocab} counts them (the default tokenizer): what the app's estimate of the
 * vocabulary under other settings is made from.
 */
export function captionTokenCounts(
  dataset: CaptionDataset,
  trainImages: readonly number[],
): number[] {
  const counts = new Map<string, number>();
  for (const i of trainImages) {
    for (const caption of dataset.captions[i] ?? []) {
      for (const t of tokenize(CAPTION_TOKENIZER, caption)) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  }
  return [...counts.values()];
}

/** The split a summary counts (the folder's split file, else 80/10/10 shuffled by `seed`); a run's own split follows its spec. */
function summarySplit(dataset: CaptionDataset, seed = 0): ImageSplit {
  return splitByImage(dataset, { valFraction: 0.1, testFraction: 0.1, seed });
}

/**
 * A caption's ids for the decoder: `<bos>` tokens… `<eos>`.
 * @throws ConfigError for an empty caption.
 */
export function encodeCaption(vocab: Vocab, tokenizer: TokenizerConfig, caption: string): number[] {
  const tokens = tokenize(tokenizer, caption);
  if (tokens.length === 0)
    throw new ConfigError(`encodeCaption: caption must have tokens, got '${caption}'.`);
  return vocab.encode(tokens, { bos: true, eos: true });
}

/** What `rnn-studio inspect` shows for an image folder. */
export interface CaptionDatasetSummary {
  readonly name: string;
  readonly captionsFile: string;
  readonly format: CaptionDataset['format'];
  readonly images: number;
  readonly captions: number;
  readonly captionsPerImage: { readonly min: number; readonly max: number; readonly mean: number };
  readonly uncaptionedImages: number;
  readonly split: {
    readonly source: ImageSplit['source'];
    readonly train: number;
    readonly val: number;
    readonly test: number;
  };
  readonly vocabSize: number;
  readonly minFreq: number;
}

/**
 * Counts of images, captions, split parts and the training vocabulary (default tokenizer,
 * min frequency 2, seeded split 80/10/10 when the folder has no split file).
 */
export function describeCaptionDataset(
  dataset: CaptionDataset,
  options: { seed?: number; minFreq?: number } = {},
): CaptionDatasetSummary {
  return summarizeCaptions(dataset, options).summary;
}

/**
 * {@link describeCaptionDataset}'s summary and the token counts of the training captions it was
 * counted from (the app's vocabulary estimate under other settings), the captions tokenised once.
 */
export function summarizeCaptions(
  dataset: CaptionDataset,
  options: { seed?: number; minFreq?: number } = {},
): { summary: CaptionDatasetSummary; trainTokenCounts: number[] } {
  const counts = dataset.captions.map((c) => c.length);
  const captions = counts.reduce((a, b) => a + b, 0);
  const split = summarySplit(dataset, options.seed);
  const minFreq = options.minFreq ?? CAPTION_MIN_FREQ;
  const trainTokenCounts = captionTokenCounts(dataset, split.train);
  const summary: CaptionDatasetSummary = {
    name: dataset.name,
    captionsFile: dataset.captionsFile,
    format: dataset.format,
    images: dataset.images.length,
    captions,
    captionsPerImage: {
      min: counts.reduce((a, b) => Math.min(a, b)),
      max: counts.reduce((a, b) => Math.max(a, b)),
      mean: captions / counts.length,
    },
    uncaptionedImages: dataset.uncaptionedImages,
    split: {
      source: split.source,
      train: split.train.length,
      val: split.val.length,
      test: split.test.length,
    },
    vocabSize: vocabSizeFromCounts(trainTokenCounts, { minFreq }),
    minFreq,
  };
  return { summary, trainTokenCounts };
}
