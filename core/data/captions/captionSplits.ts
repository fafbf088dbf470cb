/** Splitting a captioning dataset by image (never by caption row), the caption vocabulary from the training images, and a dataset summary. */
import { ConfigError } from '../../errors.ts';
import { randomSplit, type Split, type SplitOptions } from '../splits.ts';
import { type TokenizerConfig, tokenize } from '../tokenizers.ts';
import { buildVocab, type Vocab } from '../vocab.ts';
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

/**
 * The decoder vocabulary from the captions of the training images only.
 * @param options.minFreq tokens seen fewer times become `<unk>` (default 2)
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
  return buildVocab(lists, { minFreq: options.minFreq ?? 2, maxSize: options.maxSize });
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
  const counts = dataset.captions.map((c) => c.length);
  const captions = counts.reduce((a, b) => a + b, 0);
  const split = splitByImage(dataset, {
    valFraction: 0.1,
    testFraction: 0.1,
    seed: options.seed ?? 0,
  });
  const minFreq = options.minFreq ?? 2;
  return {
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
    vocabSize: buildCaptionVocab(dataset, split.train, { minFreq }).size,
    minFreq,
  };
}
