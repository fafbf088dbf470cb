/** The captioner's description: the CNN encoder, the decoder's initial state from the image, word embedding, attention, decoder and the vocabulary head. */
import {
  embeddingLayer,
  headDropoutLayers,
  headLayer,
  layerOf,
  linearTensors,
  prefixed,
  recurrentActivationFloats,
  recurrentLayer,
  SEQUENCE_FIRST,
  seqShape,
  summarise,
} from '../common/describe.ts';
import { DEFAULT_EMBEDDING_DIMS, type ImageEncoderSpec, type RunSpec } from '../spec.ts';
import type {
  LayerDescription,
  ModelDescription,
  Notation,
  ParamTensor,
  SizeHints,
} from '../task.ts';
import { DEFAULT_CNN_BLOCKS, DEFAULT_CNN_WIDTH, featureGrid } from './encoder.ts';
import type { CaptionConfig } from './model.ts';

/** Tokens kept per caption (and the longest caption decoded) when the spec does not say. */
export const DEFAULT_MAX_LENGTH = 20;

/** The image encoder when the spec does not say: the small CNN from scratch on 32-pixel images. */
export const DEFAULT_IMAGE_ENCODER: ImageEncoderSpec = {
  backbone: 'cnn',
  freeze: false,
  imageSize: 32,
  width: DEFAULT_CNN_WIDTH,
  blocks: DEFAULT_CNN_BLOCKS,
};

const bn = (prefix: string, c: number): ParamTensor[] =>
  prefixed(prefix, [
    { name: 'weight', shape: [c] },
    { name: 'bias', shape: [c] },
  ]);

/** torchvision resnet18's learnable tensors (conv, BatchNorm affine, fc), in state-dict order. */
function resnet18Tensors(): ParamTensor[] {
  const t: ParamTensor[] = [{ name: 'conv1.weight', shape: [64, 3, 7, 7] }, ...bn('bn1', 64)];
  let inplanes = 64;
  [64, 128, 256, 512].forEach((planes, i) => {
    for (let j = 0; j < 2; j++) {
      const p = `layer${i + 1}.${j}`;
      const input = j === 0 ? inplanes : planes;
      t.push(
        { name: `${p}.conv1.weight`, shape: [planes, input, 3, 3] },
        ...bn(`${p}.bn1`, planes),
      );
      t.push(
        { name: `${p}.conv2.weight`, shape: [planes, planes, 3, 3] },
        ...bn(`${p}.bn2`, planes),
      );
      if (j === 0 && (i > 0 || inplanes !== planes)) {
        t.push({ name: `${p}.downsample.0.weight`, shape: [planes, input, 1, 1] });
        t.push(...bn(`${p}.downsample.1`, planes));
      }
    }
    inplanes = planes;
  });
  return [...t, ...linearTensors('fc', 512, 1000)];
}

/** The small CNN's learnable tensors: per block `4b.weight` (conv) and `4b+1.weight/bias` (BatchNorm). */
function smallCnnTensors(spec: ImageEncoderSpec): ParamTensor[] {
  const t: ParamTensor[] = [];
  let channels = 3;
  const width = spec.width ?? DEFAULT_CNN_WIDTH;
  for (let b = 0; b < (spec.blocks ?? DEFAULT_CNN_BLOCKS); b++) {
    const out = width * 2 ** b;
    t.push({ name: `${4 * b}.weight`, shape: [out, channels, 3, 3] }, ...bn(`${4 * b + 1}`, out));
    channels = out;
  }
  return t;
}

/** The encoder's card: images (N, 3, S, S) → feature map (N, C, h, w). */
function encoderLayer(spec: ImageEncoderSpec): LayerDescription {
  const { channels, side } = featureGrid(spec);
  const module =
    spec.backbone === 'resnet18'
      ? `torchvision.models.resnet18()${spec.freeze ? ' (frozen)' : ''}`
      : `nn.Sequential(${spec.blocks ?? DEFAULT_CNN_BLOCKS} × [Conv2d 3×3, BatchNorm2d, ReLU, MaxPool2d(2)])${spec.freeze ? ' (frozen)' : ''}`;
  const tensors = spec.backbone === 'resnet18' ? resnet18Tensors() : smallCnnTensors(spec);
  return layerOf(
    'image-encoder',
    module,
    {
      inputs: [{ name: 'images', dims: ['N', 3, spec.imageSize, spec.imageSize] }],
      outputs: [{ name: 'features', dims: ['N', channels, side, side] }],
    },
    prefixed('encoder', tensors),
    { frozen: spec.freeze === true },
  );
}

/** The caption model's configuration for a spec and vocabulary size (defaults filled in). */
export function captionModelConfig(spec: RunSpec, vocabSize: number): CaptionConfig {
  return {
    vocabSize,
    embeddingDim: spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIMS.caption,
    decoder: spec.model.recurrent,
    attention: spec.model.attention ?? 'none',
    headDropout: spec.model.headDropout ?? 0,
    image: spec.model.image ?? DEFAULT_IMAGE_ENCODER,
  };
}

/** The layers in the order data flows through them. */
function captionLayers(config: CaptionConfig, notation: Notation): LayerDescription[] {
  const { decoder: dec, attention, embeddingDim: E } = config;
  const { channels: C, side } = featureGrid(config.image);
  const Hd = dec.hiddenSize;
  const L = dec.numLayers;
  const lstm = dec.cell === 'lstm';
  const states = [{ name: 'h_0', dims: [L, 'N', Hd] as const }];
  if (lstm) states.push({ name: 'c_0', dims: [L, 'N', Hd] as const });
  const layers: LayerDescription[] = [
    encoderLayer(config.image),
    layerOf(
      'bridge',
      `nn.Linear(${C}, ${L * Hd}) on the mean of ${side * side} regions`,
      { inputs: [{ name: 'features', dims: ['N', C] }], outputs: states },
      [...linearTensors('init_h', C, L * Hd), ...(lstm ? linearTensors('init_c', C, L * Hd) : [])],
    ),
    embeddingLayer({
      kind: 'decoder-embedding',
      prefix: 'tgt_embedding',
      vocabSize: config.vocabSize,
      dim: E,
      notation,
      length: 'T',
    }),
  ];
  const regions = { name: 'regions', dims: ['N', side * side, C] as const };
  if (attention === 'bahdanau') {
    layers.push(
      layerOf(
        'attention',
        'Bahdanau (additive) over image regions',
        {
          inputs: [regions, { name: 'h', dims: ['N', Hd] }],
          outputs: [{ name: 'context', dims: ['N', C] }],
        },
        [
          ...prefixed('attention', [
            { name: 'query_proj.weight', shape: [Hd, Hd] },
            { name: 'key_proj.weight', shape: [Hd, C] },
            { name: 'key_proj.bias', shape: [Hd] },
            { name: 'v.weight', shape: [1, Hd] },
          ]),
          ...linearTensors('combine', Hd + C, Hd),
        ],
      ),
    );
  }
  const decoder = recurrentLayer({
    kind: 'decoder',
    prefix: 'decoder',
    spec: dec,
    inputSize: attention === 'bahdanau' ? E + C : E,
    notation,
    length: 'T',
  });
  layers.push(decoder);
  if (attention === 'luong') {
    layers.push(
      layerOf(
        'attention',
        'Luong (general) over image regions',
        {
          inputs: [decoder.outputs[0] ?? regions, regions],
          outputs: [seqShape('attended', Hd, notation, 'T')],
        },
        [
          { name: 'attention.linear.weight', shape: [C, Hd] },
          ...linearTensors('combine', Hd + C, Hd),
        ],
      ),
    );
  }
  const headInput = seqShape(attention === 'luong' ? 'attended' : 'output', Hd, notation, 'T');
  return [
    ...layers,
    ...headDropoutLayers(config.headDropout, headInput),
    headLayer({
      prefix: 'out',
      inFeatures: Hd,
      outFeatures: config.vocabSize,
      inputs: [headInput],
      output: seqShape('logits', config.vocabSize, notation, 'T'),
    }),
  ];
}

/**
 * The captioner's layers with shapes, state-dict tensors and a memory estimate; the vocabulary
 * from `hints`, else the spec's cap or 5,000 tokens. Arithmetic only (no model is built).
 */
export function describeCaption(
  spec: RunSpec,
  hints: SizeHints = {},
  notation: Notation = SEQUENCE_FIRST,
): ModelDescription {
  const estimated = hints.targetVocabSize === undefined;
  const V = hints.targetVocabSize ?? spec.data.maxVocab ?? 5_000;
  const T = hints.sequenceLength ?? spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
  const config = captionModelConfig(spec, V);
  const N = spec.train.batchSize * 5;
  const { channels: C, side } = featureGrid(config.image);
  const S = config.image.imageSize;
  // NOTE: a rough bound for the CNN: every layer keeps a map about the size of its input image.
  const encoderFloats = config.image.freeze ? 0 : spec.train.batchSize * 3 * S * S * 16;
  const activations =
    encoderFloats +
    N * side * side * C +
    T * N * config.embeddingDim +
    recurrentActivationFloats(config.decoder, T, N) +
    (config.attention === 'none' ? 0 : T * N * (side * side + C + config.decoder.hiddenSize)) +
    2 * T * N * V;
  return summarise(captionLayers(config, notation), activations, {
    targetVocabSize: V,
    sequenceLength: T,
    estimated,
  });
}
