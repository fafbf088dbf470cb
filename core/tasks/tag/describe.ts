/** The tagger's model description: word embedding, the character encoder (embedding and BiLSTM per word), the recurrent stack over E + 2·H_c features, and the per-token head. */
import {
  charLstm,
  embeddingLayer,
  headDropoutLayers,
  headLayer,
  layerOf,
  prefixed,
  recurrentActivationFloats,
  recurrentLayer,
  recurrentModule,
  recurrentTensors,
  SEQUENCE_FIRST,
  seqShape,
  summarise,
} from '../common/describe.ts';
import { lmFeatureLayers } from '../common/lmFeatures.ts';
import type { CharEncoderSpec, RunSpec } from '../spec.ts';
import type { LayerDescription, ModelDescription, Notation, SizeHints } from '../task.ts';
import { DEFAULT_EMBEDDING_DIM, MAX_WORD_CHARS } from './model.ts';

/** Training sentences are cut to this many tokens when the spec does not say (evaluation never cuts). */
export const DEFAULT_MAX_LENGTH = 128;

/** Character vocabulary the model view assumes before the data is known. */
const ESTIMATED_CHAR_VOCAB = 200;

/**
 * The character encoder as one layer: the characters `(C, W)` of the batch's W distinct words
 * (C ≤ MAX_WORD_CHARS) are embedded and read by a BiLSTM whose final states h_n `(2, W, H_c)`
 * become each word's 2·H_c features, concatenated with its E-wide word embedding: `(L, N, E + 2·H_c)`.
 */
function charEncoderLayer(
  enc: CharEncoderSpec,
  o: { charVocabSize: number; wordFeatures: number; notation: Notation },
): LayerDescription {
  const lstm = charLstm(enc.hiddenSize);
  const lstmModule = recurrentModule(lstm, enc.embeddingDim, SEQUENCE_FIRST);
  return layerOf(
    'char-encoder',
    `nn.Embedding(${o.charVocabSize}, ${enc.embeddingDim}, padding_idx=0) → ${lstmModule}`,
    {
      inputs: [{ name: 'chars', dims: ['C', 'W'] }],
      outputs: [
        seqShape('features', o.wordFeatures + 2 * enc.hiddenSize, o.notation),
        seqShape('char features', 2 * enc.hiddenSize, o.notation),
      ],
    },
    [
      { name: 'char_embedding.weight', shape: [o.charVocabSize, enc.embeddingDim] },
      ...prefixed('char_rnn', recurrentTensors(lstm, enc.embeddingDim)),
    ],
  );
}

/**
 * The tagger's layers in PyTorch notation, parameter count and memory estimate; sizes from
 * `hints` (estimated before the data is read: a character vocabulary of 200 when not given).
 */
export function describeTagger(
  spec: RunSpec,
  hints: SizeHints = {},
  notation: Notation = SEQUENCE_FIRST,
): ModelDescription {
  const charVocabSize = hints.charVocabSize ?? ESTIMATED_CHAR_VOCAB;
  const estimated =
    hints.vocabSize === undefined ||
    hints.numClasses === undefined ||
    (spec.model.charEncoder !== undefined && hints.charVocabSize === undefined);
  const V = hints.vocabSize ?? spec.data.maxVocab ?? 30_000;
  const T = hints.numClasses ?? 17;
  const L = hints.sequenceLength ?? spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
  const N = spec.train.batchSize;
  const E = spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
  const r = spec.model.recurrent;
  const F = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const enc = spec.model.charEncoder;
  const charFeatures = enc === undefined ? 0 : 2 * enc.hiddenSize;
  const output = seqShape('output', F, notation);
  const inputDropout = spec.model.inputDropout ?? 0;
  const lm = lmFeatureLayers(spec, { vocabSize: V, notation });
  const input = seqShape('input', E + charFeatures + lm.width, notation);
  const layers = [
    embeddingLayer({ kind: 'embedding', prefix: 'embedding', vocabSize: V, dim: E, notation }),
    ...(enc === undefined
      ? []
      : [charEncoderLayer(enc, { charVocabSize, wordFeatures: E, notation })]),
    ...lm.layers,
    // The dropout on word embedding ‖ character features ‖ language-model states.
    ...(inputDropout > 0
      ? [
          layerOf('input-dropout', `nn.Dropout(p=${inputDropout})`, {
            inputs: [input],
            outputs: [input],
          }),
        ]
      : []),
    recurrentLayer({
      kind: 'encoder',
      prefix: 'rnn',
      spec: r,
      inputSize: E + charFeatures + lm.width,
      notation,
    }),
    ...headDropoutLayers(spec.model.headDropout, output),
    headLayer({
      prefix: 'head',
      inFeatures: F,
      outFeatures: T,
      inputs: [output],
      output: seqShape('logits', T, notation),
    }),
  ];
  // NOTE: the character encoder is estimated at one word per token of MAX_WORD_CHARS characters.
  const charActivations =
    enc === undefined
      ? 0
      : L * N * (MAX_WORD_CHARS * enc.embeddingDim + 2 * charFeatures) +
        recurrentActivationFloats(charLstm(enc.hiddenSize), MAX_WORD_CHARS, L * N);
  const activations =
    L * N * (E + charFeatures + 2 * F + 2 * T) +
    recurrentActivationFloats(r, L, N) +
    lm.activations(L, N) +
    charActivations;
  return summarise(layers, activations, {
    vocabSize: V,
    numClasses: T,
    sequenceLength: L,
    estimated,
  });
}
