/** The caption task: a folder of images with captions → CNN encoder → recurrent decoder (Show and Tell, or Show, Attend and Tell); BLEU-1..4 against every reference, beside the nearest-neighbour baseline. */
import { z } from 'zod';
import { type CaptionDataset, openCaptionDataset } from '../../data/captions/captionDataset.ts';
import {
  buildCaptionVocab,
  CAPTION_MIN_FREQ,
  CAPTION_TOKENIZER,
  splitByImage,
} from '../../data/captions/captionSplits.ts';
import {
  cropWindow,
  type ImageTransform,
  imageToTensorData,
} from '../../data/captions/imageTransform.ts';
import { detokenize } from '../../data/tokenizers.ts';
import { PAD_ID, Vocab } from '../../data/vocab.ts';
import { ConfigError, DatasetError } from '../../errors.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { chunks } from '../common/batching.ts';
import { checkTaskKind, checkWeightsFit, mapSplits, restoredTask } from '../common/lifecycle.ts';
import { parseState, tokenizerConfigSchema } from '../common/schemas.ts';
import type { ImageEncoderSpec, RunSpec } from '../spec.ts';
import type {
  CaptionPrediction,
  ImageSource,
  NamedTensors,
  PredictInput,
  PreparedTask,
  RestoredTask,
  TaskDefinition,
  TaskState,
} from '../task.ts';
import {
  batchFeatures,
  type CaptionBatch,
  captionExamples,
  captionIds,
  loadSplit,
  makeCaptionBatch,
} from './data.ts';
import { beamCaptions } from './decode.ts';
import { captionModelConfig, DEFAULT_MAX_LENGTH, describeCaption } from './describe.ts';
import { featureGrid } from './encoder.ts';
import { type CaptionScoring, evaluateCaptions, nearestNeighbourBaseline } from './evaluate.ts';
import { CaptionModel, checkCaptionConfig } from './model.ts';

/** Beam size of `predict` when the request does not say. */
export const DEFAULT_BEAM_SIZE = 3;

/** The caption task state saved beside the weights. */
export const captionStateSchema = z
  .object({
    kind: z.literal('caption'),
    tokenizer: tokenizerConfigSchema,
    /** Tokens in id order, specials first. */
    vocab: z.array(z.string()),
    /** Tokens kept per caption; also the longest caption decoded. */
    maxLength: z.number().int().min(1),
    /** How an image becomes the encoder's input (torchvision Resize + CenterCrop + ImageNet Normalize). */
    transform: z
      .object({ resize: z.number().int().min(1), crop: z.number().int().min(1) })
      .strict(),
    /** Images per part of the split the model was trained on. */
    images: z.object({ train: z.number(), val: z.number(), test: z.number() }).strict(),
  })
  .strict();
/** The caption task state. */
export type CaptionState = z.infer<typeof captionStateSchema>;

function checkSpec(spec: RunSpec): void {
  checkTaskKind(spec, 'caption');
  checkCaptionConfig(captionModelConfig(spec, 4));
}

/** torchvision's preprocessing for an encoder: resnet18 as ImageNet (Resize(S·256/224), CenterCrop(S)); the small CNN Resize(S), CenterCrop(S). */
export function imageTransformFor(image: ImageEncoderSpec): ImageTransform {
  const S = image.imageSize;
  return image.backbone === 'resnet18'
    ? { resize: Math.round((S * 256) / 224), crop: S }
    : { resize: S, crop: S };
}

/**
 * Loads a torchvision resnet18 state dict (keys without a prefix) into the encoder.
 * @throws ConfigError ('state-dict') naming missing, unexpected or misshapen keys.
 */
function loadBackbone(model: CaptionModel, weights: NamedTensors, fileName: string): void {
  try {
    model.encoder.module.loadStateDict(Object.fromEntries(weights));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(
      `caption: '${fileName}' must be torchvision's resnet18 state dict (safetensors); ${err.message}`,
      'state-dict',
    );
  }
}

function scoringOf(state: CaptionState, vocab: Vocab): CaptionScoring {
  return { tokenizer: state.tokenizer, vocab, maxDecode: state.maxLength };
}

/** Splits a dataset by image as training did and reads each part (features once when the encoder is frozen). */
async function readSplits(
  dataset: CaptionDataset,
  spec: RunSpec,
  o: { images: ImageSource; model: CaptionModel; state: CaptionState; vocab: Vocab },
) {
  const split = splitByImage(dataset, {
    valFraction: spec.train.valSplit,
    testFraction: spec.train.testSplit,
    seed: spec.train.seed,
  });
  const encode = (c: string) => captionIds(c, o.state.tokenizer, o.vocab, o.state.maxLength);
  const image = o.model.config.image;
  const reading = { ...o.images, transform: o.state.transform };
  const encodeFeatures = image.freeze || image.zeroImage === true;
  const parts = mapSplits(split, (idx) => captionExamples(dataset, idx, encode));
  return {
    train: await loadSplit(parts.train, reading, { model: o.model, encodeFeatures }),
    val: await loadSplit(parts.val, reading, { model: o.model, encodeFeatures }),
    test: await loadSplit(parts.test, reading, { model: o.model, encodeFeatures }),
  };
}

function makePredictor(model: CaptionModel, state: CaptionState, vocab: Vocab) {
  return {
    kind: 'caption' as const,
    /**
     * Beam search (default beam 3, length penalty α = 1) over the image's features; `greedy` or
     * beam size 1 is greedy decoding.
     * @throws ConfigError without `image` or with out-of-range decoding options.
     */
    predict(input: PredictInput): CaptionPrediction {
      if (input.image === undefined) {
        throw new ConfigError('caption: predict input.image must be a decoded image, got none.');
      }
      const S = state.transform.crop;
      const pixels = new Tensor(imageToTensorData(input.image, state.transform), [1, 3, S, S]);
      model.eval();
      const hyps = beamCaptions(
        model,
        noGrad(() => model.featureMap(pixels)),
        {
          beamSize:
            input.decode?.greedy === true ? 1 : (input.decode?.beamSize ?? DEFAULT_BEAM_SIZE),
          lengthPenalty: input.decode?.lengthPenalty ?? 1,
          maxLength: input.decode?.maxTokens ?? state.maxLength,
        },
      );
      const candidates = hyps.map((h) => ({
        text: detokenize(state.tokenizer, vocab.decode(h.ids)),
        score: h.score,
      }));
      const prediction = { kind: 'caption' as const, text: candidates[0]?.text ?? '', candidates };
      const best = hyps[0];
      if (best?.attention === undefined) return prediction;
      const { side } = featureGrid(model.config.image);
      return {
        ...prediction,
        attention: {
          grid: { rows: side, cols: side },
          region: cropWindow(input.image.width, input.image.height, state.transform),
          output: vocab.decode(best.ids),
          weights: best.attention.map((row) => Array.from(row)),
        },
      };
    },
  };
}

function needImages(images: ImageSource | undefined, where: string): ImageSource {
  if (images === undefined) {
    throw new ConfigError(`caption: ${where} needs an image folder or zip, got a single file.`);
  }
  return images;
}

/** The caption task. */
export const captionTask: TaskDefinition = {
  kind: 'caption',
  primaryMetric: { name: 'bleu', higherIsBetter: true },
  checkSpec,

  async prepare({ spec, random, images, backboneWeights }): Promise<PreparedTask<CaptionBatch>> {
    checkSpec(spec);
    const source = needImages(images, 'training');
    const dataset = await openCaptionDataset(source.folder);
    const split = splitByImage(dataset, {
      valFraction: spec.train.valSplit,
      testFraction: spec.train.testSplit,
      seed: spec.train.seed,
    });
    if (split.train.length === 0) {
      throw new DatasetError(
        `'${dataset.name}': caption training needs images in the training part, got none; lower the validation and test fractions or list training images in the split file.`,
        'format',
      );
    }
    const vocab = buildCaptionVocab(dataset, split.train, {
      minFreq: spec.data.minFreq ?? CAPTION_MIN_FREQ,
      ...(spec.data.maxVocab === undefined ? {} : { maxSize: spec.data.maxVocab }),
    });
    const config = captionModelConfig(spec, vocab.size);
    const model = new CaptionModel(config, random);
    if (backboneWeights !== undefined) {
      if (config.image.backbone !== 'resnet18') {
        throw new ConfigError(
          `caption: backbone weights need model.image.backbone 'resnet18', got '${config.image.backbone}'.`,
        );
      }
      loadBackbone(model, backboneWeights, config.image.weights ?? 'the backbone weights');
    } else if (config.image.weights !== undefined) {
      throw new ConfigError(
        `caption: model.image.weights names '${config.image.weights}', but the host gave no weights; choose the .safetensors file again.`,
      );
    }
    const state: CaptionState = {
      kind: 'caption',
      tokenizer: CAPTION_TOKENIZER,
      vocab: [...vocab.tokens],
      maxLength: spec.data.maxLength ?? DEFAULT_MAX_LENGTH,
      transform: imageTransformFor(config.image),
      images: { train: split.train.length, val: split.val.length, test: split.test.length },
    };
    const data = await readSplits(dataset, spec, { images: source, model, state, vocab });
    const scoring = scoringOf(state, vocab);
    return {
      kind: 'caption',
      spec,
      primaryMetric: captionTask.primaryMetric,
      state: state as TaskState,
      model,
      // NOTE: examples are images (a batch holds batchSize images with all their captions).
      sizes: {
        train: data.train.examples.length,
        val: data.val.examples.length,
        test: data.test.examples.length,
      },
      *trainBatches(shuffle: Random) {
        const order = shuffle.shuffle(
          Array.from({ length: data.train.examples.length }, (_, i) => i),
        );
        for (const idx of chunks(order.length, spec.train.batchSize)) {
          yield makeCaptionBatch(
            data.train,
            idx.map((i) => order[i] as number),
            shuffle,
          );
        }
      },
      loss(batch) {
        model.train();
        const start = model.start(batchFeatures(model, batch), batch.rows);
        return model.loss(start, batch, { ignoreIndex: PAD_ID });
      },
      evaluate: (name, onProgress) => evaluateCaptions(model, data[name], scoring, onProgress),
      baseline: (name) => nearestNeighbourBaseline(model, { train: data.train, query: data[name] }),
      predictor: () => makePredictor(model, state, vocab),
      describeModel: () => describeCaption(spec, { targetVocabSize: vocab.size }),
    };
  },

  restore({ spec, state: raw, weights }): RestoredTask {
    checkSpec(spec);
    const state = parseState('caption', captionStateSchema, raw);
    const vocab = new Vocab(state.vocab);
    checkWeightsFit(describeCaption(spec, { targetVocabSize: vocab.size }), weights);
    const model = new CaptionModel(
      captionModelConfig(spec, vocab.size),
      new Random(spec.train.seed),
    );
    return restoredTask({
      model,
      weights,
      state,
      predictor: makePredictor(model, state, vocab),
      async evaluateFile({ images }) {
        const source = needImages(images, 'evaluation');
        const dataset = await openCaptionDataset(source.folder);
        const data = await readSplits(dataset, spec, { images: source, model, state, vocab });
        // NOTE: the folder is split as in training: the test part is scored (all images when it
        // is empty), and the nearest-neighbour baseline retrieves from the training part.
        const query = data.test.examples.length > 0 ? data.test : data.train;
        const scoring = scoringOf(state, vocab);
        model.eval();
        return {
          model: evaluateCaptions(model, query, scoring),
          baseline: nearestNeighbourBaseline(model, { train: data.train, query }),
        };
      },
    });
  },

  describeModel: describeCaption,
};
