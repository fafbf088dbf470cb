/** Caption data for training: each split's images as one float32 block (pixels, or features when the encoder is frozen), their encoded captions and references, and padded batches. */
import { padSequences } from '../../data/batching.ts';
import type { CaptionDataset } from '../../data/captions/captionDataset.ts';
import { type ImageReading, readImageBatch } from '../../data/captions/captionImages.ts';
import { type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { BOS_ID, EOS_ID, type Vocab } from '../../data/vocab.ts';
import type { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { TaskBatch } from '../task.ts';
import { featureGrid } from './encoder.ts';
import type { CaptionModel } from './model.ts';

/** One image of a split: its path, its captions as ids (no <bos>/<eos>) and as written. */
export interface CaptionExample {
  readonly path: string;
  readonly captions: readonly (readonly number[])[];
  readonly references: readonly string[];
}

/** A split: its images and one float32 row per image, pixels [3, S, S] or features [C, h, w]. */
export interface CaptionSplit {
  readonly examples: readonly CaptionExample[];
  readonly inputs: Float32Array;
  /** The shape of one row. */
  readonly rowShape: readonly number[];
  /** True when the rows are the encoder's features (a frozen or zeroed encoder), not pixels. */
  readonly features: boolean;
}

/** A training or evaluation batch: B images (its `examples`) and every caption of each (R rows). */
export interface CaptionBatch extends TaskBatch {
  /** [B, …rowShape]. */
  readonly inputs: Tensor;
  readonly features: boolean;
  /** The image of each caption row [R]. */
  readonly rows: Int32Array;
  /** <bos> y… and y… <eos>, both [R, T] with 0 padding. */
  readonly tgtIn: Int32Array;
  readonly tgtOut: Int32Array;
  readonly tgtShape: [number, number];
}

/** Images per chunk when encoding a split or reading its pixels. */
export const IMAGE_CHUNK = 32;

/** A caption's ids without <bos>/<eos>, cut to `maxLength` tokens. */
export function captionIds(
  caption: string,
  tokenizer: TokenizerConfig,
  vocab: Vocab,
  maxLength: number,
): number[] {
  return vocab.encode(tokenize(tokenizer, caption).slice(0, maxLength));
}

/** The examples of the dataset's images `indices`, captions encoded (empty ones dropped). */
export function captionExamples(
  dataset: Pick<CaptionDataset, 'images' | 'captions'>,
  indices: readonly number[],
  encode: (caption: string) => number[],
): CaptionExample[] {
  return indices.map((i) => {
    const references = dataset.captions[i] as readonly string[];
    const captions = references.map(encode).filter((ids) => ids.length > 0);
    return { path: dataset.images[i] as string, captions, references };
  });
}

/**
 * Reads a split's images (pixels through the host's decoder and the transform) and, when
 * `encodeFeatures` is set, replaces them chunk by chunk with the encoder's feature map, so a frozen
 * encoder runs once per image.
 * @throws DatasetError naming an image that cannot be read.
 */
export async function loadSplit(
  examples: readonly CaptionExample[],
  reading: ImageReading,
  options: { model: CaptionModel; encodeFeatures: boolean },
): Promise<CaptionSplit> {
  const S = reading.transform.crop;
  const pixelShape = [3, S, S];
  const { channels, side } = featureGrid(options.model.config.image);
  const rowShape = options.encodeFeatures ? [channels, side, side] : pixelShape;
  const size = rowShape.reduce((a, b) => a * b, 1);
  const inputs = new Float32Array(examples.length * size);
  for (let start = 0; start < examples.length; start += IMAGE_CHUNK) {
    const chunk = examples.slice(start, start + IMAGE_CHUNK);
    const pixels = await readImageBatch(
      reading,
      chunk.map((e) => e.path),
    );
    const rows = options.encodeFeatures
      ? encodeRows(options.model, new Tensor(pixels, [chunk.length, ...pixelShape])).data
      : pixels;
    inputs.set(rows, start * size);
  }
  return { examples, inputs, rowShape, features: options.encodeFeatures };
}

/** The encoder's feature map of a batch of images, in evaluation mode, without gradients. */
export function encodeRows(model: CaptionModel, images: Tensor): Tensor {
  const training = model.training;
  model.eval();
  const map = noGrad(() => model.featureMap(images));
  if (training) model.train();
  return map;
}

/** Flips a [3, S, S] image left to right in place (training augmentation). */
function flipRow(data: Float32Array, offset: number, side: number): void {
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < side; y++) {
      const row = offset + (c * side + y) * side;
      for (let x = 0; x < side >> 1; x++) {
        const a = data[row + x] as number;
        data[row + x] = data[row + side - 1 - x] as number;
        data[row + side - 1 - x] = a;
      }
    }
  }
}

/**
 * The batch of a split's images `indices` with every caption of each.
 * @param flip with a generator, each pixel image is mirrored left to right with probability 1/2
 *   (training only; never for features).
 */
export function makeCaptionBatch(
  split: CaptionSplit,
  indices: readonly number[],
  flip: Random | null = null,
): CaptionBatch {
  const size = split.rowShape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(indices.length * size);
  const rows: number[] = [];
  const captions: (readonly number[])[] = [];
  indices.forEach((i, b) => {
    data.set(split.inputs.subarray(i * size, (i + 1) * size), b * size);
    if (flip !== null && !split.features && flip.next() < 0.5) {
      flipRow(data, b * size, split.rowShape[2] as number);
    }
    for (const ids of (split.examples[i] as CaptionExample).captions) {
      rows.push(b);
      captions.push(ids);
    }
  });
  const tin = padSequences(captions.map((ids) => [BOS_ID, ...ids]));
  const tout = padSequences(captions.map((ids) => [...ids, EOS_ID]));
  let tokens = 0;
  for (const ids of captions) tokens += ids.length + 1;
  return {
    examples: indices.length,
    tokens,
    inputs: new Tensor(data, [indices.length, ...split.rowShape]),
    features: split.features,
    rows: Int32Array.from(rows),
    tgtIn: tin.ids,
    tgtOut: tout.ids,
    tgtShape: tin.shape,
  };
}

/** The feature map of a batch: its rows when they are features already, else the encoder's. */
export function batchFeatures(
  model: CaptionModel,
  batch: Pick<CaptionBatch, 'inputs' | 'features'>,
): Tensor {
  return batch.features ? batch.inputs : model.featureMap(batch.inputs);
}
