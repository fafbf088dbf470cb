/** The seq2seq model's description: source embedding and encoder, the bridge of final states, target embedding, attention, decoder and the vocabulary head. */
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
import type { RecurrentSpec, RunSpec } from '../spec.ts';
import type {
  LayerDescription,
  ModelDescription,
  Notation,
  ShapeInfo,
  SizeHints,
} from '../task.ts';
import { type Seq2seqConfig, seq2seqModelConfig } from './model.ts';

/** Tokens kept per source and target when the spec does not say. */
export const DEFAULT_MAX_LENGTH = 30;

/**
 * When the encoder's final state is not already the decoder's shape (bidirectional, or another
 * width), h_0 = tanh(bridge_h(h_n of both directions joined)) per layer, and for LSTM to LSTM
 * c_0 = bridge_c(c_n) (model.ts); null when h_n is handed over as it is.
 */
function bridgeLayer(
  encoder: RecurrentSpec,
  decoder: RecurrentSpec,
  encoderFeatures: number,
): LayerDescription | null {
  const Hd = decoder.hiddenSize;
  if (!encoder.bidirectional && encoderFeatures === Hd) return null;
  const withCell = encoder.cell === 'lstm' && decoder.cell === 'lstm';
  const states: ShapeInfo[] = [{ name: 'h_n', dims: [encoder.numLayers, 'N', encoderFeatures] }];
  if (withCell) states.push({ name: 'c_n', dims: [encoder.numLayers, 'N', encoderFeatures] });
  return layerOf(
    'bridge',
    `nn.Linear(${encoderFeatures}, ${Hd})`,
    {
      inputs: states,
      outputs: states.map((st) => ({
        name: st.name === 'h_n' ? 'h_0' : 'c_0',
        dims: [decoder.numLayers, 'N', Hd],
      })),
    },
    [
      ...linearTensors('bridge_h', encoderFeatures, Hd),
      ...(withCell ? linearTensors('bridge_c', encoderFeatures, Hd) : []),
    ],
  );
}

/**
 * Bahdanau attention: additive scores of the decoder state h against the encoder outputs give the
 * context fed into the decoder with each input token (names and shapes of core/nn/attention.ts,
 * attnDim = D_q), then h̃ = tanh(W_c [h; c] + b_c) after each decoder step.
 */
function bahdanauLayer(h: number, encoderFeatures: number, notation: Notation): LayerDescription {
  return layerOf(
    'attention',
    'Bahdanau (additive)',
    {
      inputs: [
        seqShape('encoder output', encoderFeatures, notation),
        { name: 'h', dims: ['N', h] },
      ],
      outputs: [{ name: 'context', dims: ['N', encoderFeatures] }],
    },
    [
      ...prefixed('attention', [
        { name: 'query_proj.weight', shape: [h, h] },
        { name: 'key_proj.weight', shape: [h, encoderFeatures] },
        { name: 'key_proj.bias', shape: [h] },
        { name: 'v.weight', shape: [1, h] },
      ]),
      ...linearTensors('combine', h + encoderFeatures, h),
    ],
  );
}

/** Luong attention ('general' scores) over the decoder's outputs, then h̃ = tanh(W_c [c; h] + b_c). */
function luongLayer(
  decoderOutput: ShapeInfo,
  o: { h: number; encoderFeatures: number; notation: Notation },
): LayerDescription {
  return layerOf(
    'attention',
    'Luong (general)',
    {
      inputs: [decoderOutput, seqShape('encoder output', o.encoderFeatures, o.notation)],
      outputs: [seqShape('attended', o.h, o.notation, 'T')],
    },
    [
      { name: 'attention.linear.weight', shape: [o.encoderFeatures, o.h] },
      ...linearTensors('combine', o.h + o.encoderFeatures, o.h),
    ],
  );
}

/** The layers of `config` in the order data flows through them. */
function seq2seqLayers(config: Seq2seqConfig, notation: Notation): LayerDescription[] {
  const { encoder: enc, decoder: dec, attention, embeddingDim: E } = config;
  const encoderFeatures = (enc.bidirectional ? 2 : 1) * enc.hiddenSize;
  const h = dec.hiddenSize;
  const layers: LayerDescription[] = [
    embeddingLayer({
      kind: 'embedding',
      prefix: 'src_embedding',
      vocabSize: config.srcVocab,
      dim: E,
      notation,
    }),
    recurrentLayer({ kind: 'encoder', prefix: 'encoder', spec: enc, inputSize: E, notation }),
  ];
  const bridge = bridgeLayer(enc, dec, encoderFeatures);
  if (bridge !== null) layers.push(bridge);
  layers.push(
    embeddingLayer({
      kind: 'decoder-embedding',
      prefix: 'tgt_embedding',
      vocabSize: config.tgtVocab,
      dim: E,
      notation,
      length: 'T',
    }),
  );
  // NOTE: Bahdanau attention feeds the context vector into the decoder with each input token;
  // Luong attention combines it with the decoder output afterwards (Luong et al. 2015, "general").
  if (attention === 'bahdanau') layers.push(bahdanauLayer(h, encoderFeatures, notation));
  const decoder = recurrentLayer({
    kind: 'decoder',
    prefix: 'decoder',
    spec: dec,
    inputSize: attention === 'bahdanau' ? E + encoderFeatures : E,
    notation,
    length: 'T',
  });
  layers.push(decoder);
  if (attention === 'luong') {
    layers.push(luongLayer(decoder.outputs[0] as ShapeInfo, { h, encoderFeatures, notation }));
  }
  const headInput = seqShape(attention === 'luong' ? 'attended' : 'output', h, notation, 'T');
  return [
    ...layers,
    ...headDropoutLayers(config.headDropout, headInput),
    headLayer({
      prefix: 'out',
      inFeatures: h,
      outFeatures: config.tgtVocab,
      inputs: [headInput],
      output: seqShape('logits', config.tgtVocab, notation, 'T'),
    }),
  ];
}

/**
 * The seq2seq model's layers with shapes, state-dict tensors and a memory estimate; the two
 * vocabularies from `hints`, else the spec's cap or 20,000 tokens each.
 */
export function describeSeq2seq(
  spec: RunSpec,
  hints: SizeHints = {},
  notation: Notation = SEQUENCE_FIRST,
): ModelDescription {
  const estimated = hints.vocabSize === undefined || hints.targetVocabSize === undefined;
  const Vs = hints.vocabSize ?? spec.data.maxVocab ?? 20_000;
  const Vt = hints.targetVocabSize ?? spec.data.maxVocab ?? 20_000;
  const L = hints.sequenceLength ?? spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
  const N = spec.train.batchSize;
  const config = seq2seqModelConfig(spec, Vs, Vt);
  const { encoder: enc, decoder: dec, embeddingDim: E } = config;
  const encWidth = (enc.bidirectional ? 2 : 1) * enc.hiddenSize;
  const activations =
    2 * L * N * E +
    recurrentActivationFloats(enc, L, N) +
    recurrentActivationFloats(dec, L, N) +
    (config.attention === 'none' ? 0 : L * N * (L + encWidth + dec.hiddenSize)) +
    2 * L * N * Vt;
  return summarise(seq2seqLayers(config, notation), activations, {
    vocabSize: Vs,
    targetVocabSize: Vt,
    sequenceLength: L,
    estimated,
  });
}
