/** The tagger's model description: word embedding, the character encoder's embedding and BiLSTM, the recurrent stack over E + 2·H_c features, and the per-token head. */
import {
  dropoutLayer,
  embeddingLayer,
  headDropoutLayers,
  linearLayer,
  recurrentActivationFloats,
  recurrentLayer,
  shape,
  summarise,
} from '../common/describe.ts';
import type { CharEncoderSpec, RecurrentSpec, RunSpec } from '../spec.ts';
import type { LayerDescription, ModelDescription, SizeHints } from '../task.ts';
import { DEFAULT_EMBEDDING_DIM, MAX_WORD_CHARS } from './model.ts';

/** Character vocabulary the model view assumes before the data is known. */
const ESTIMATED_CHAR_VOCAB = 200;

/**
 * The character encoder's layers: `Embedding(V_c, E_c, padding_idx=0)` over the characters
 * `(C, W)` of the batch's W distinct words (C ≤ MAX_WORD_CHARS), and the BiLSTM whose h_n
 * `(2, W, H_c)` gives each word 2·H_c features.
 */
function charEncoderLayers(enc: CharEncoderSpec, charVocabSize: number): LayerDescription[] {
  const Ec = enc.embeddingDim;
  const Hc = enc.hiddenSize;
  const lstm: RecurrentSpec = {
    cell: 'lstm',
    hiddenSize: Hc,
    numLayers: 1,
    bidirectional: true,
    dropout: 0,
    nonlinearity: 'tanh',
  };
  const state = (name: string) => shape(name, '(2, W, H_c)', [2, null, Hc]);
  return [
    {
      ...embeddingLayer('char_embedding', charVocabSize, Ec),
      inputs: [shape('chars', '(C, W)', [null, null])],
      outputs: [shape('output', '(C, W, E_c)', [null, null, Ec])],
    },
    {
      ...recurrentLayer('char_rnn', lstm, Ec),
      inputs: [shape('input', '(C, W, E_c)', [null, null, Ec])],
      outputs: [shape('output', '(C, W, 2·H_c)', [null, null, 2 * Hc]), state('h_n'), state('c_n')],
    },
  ];
}

/**
 * The tagger's layers in PyTorch notation, parameter count and memory estimate; sizes from
 * `hints` (estimated before the data is read: a character vocabulary of 200 when not given).
 */
export function describeTagger(spec: RunSpec, hints: SizeHints = {}): ModelDescription {
  const charVocabSize = hints.charVocabSize ?? ESTIMATED_CHAR_VOCAB;
  const estimated =
    hints.vocabSize === undefined ||
    hints.numClasses === undefined ||
    (spec.model.charEncoder !== undefined && hints.charVocabSize === undefined);
  const V = hints.vocabSize ?? spec.data.maxVocab ?? 30_000;
  const T = hints.numClasses ?? 17;
  const L = hints.sequenceLength ?? 40;
  const N = spec.train.batchSize;
  const E = spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
  const r = spec.model.recurrent;
  const F = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const output = shape('output', '(L, N, D·H_out)', [null, null, F]);
  const enc = spec.model.charEncoder;
  const charFeatures = enc === undefined ? 0 : 2 * enc.hiddenSize;
  const inputDropout = spec.model.inputDropout ?? 0;
  const layers = [
    embeddingLayer('embedding', V, E),
    ...(enc === undefined ? [] : charEncoderLayers(enc, charVocabSize)),
    ...(inputDropout > 0
      ? [
          dropoutLayer(
            'input_dropout',
            inputDropout,
            shape('input', '(L, N, E + 2·H_c)', [null, null, E + charFeatures]),
          ),
        ]
      : []),
    recurrentLayer('rnn', r, E + charFeatures),
    ...headDropoutLayers(spec.model.headDropout, output),
    linearLayer('head', F, T, { notation: 'L, N', sizes: [null, null] }),
  ];
  // NOTE: the character encoder is estimated at one word per token of MAX_WORD_CHARS characters.
  const charActivations =
    enc === undefined
      ? 0
      : L * N * (MAX_WORD_CHARS * enc.embeddingDim + 2 * charFeatures) +
        recurrentActivationFloats(
          {
            cell: 'lstm',
            hiddenSize: enc.hiddenSize,
            numLayers: 1,
            bidirectional: true,
            dropout: 0,
            nonlinearity: 'tanh',
          },
          MAX_WORD_CHARS,
          L * N,
        );
  const activations =
    L * N * (E + charFeatures + 2 * F + 2 * T) +
    recurrentActivationFloats(r, L, N) +
    charActivations;
  return summarise(layers, activations, {
    vocabSize: V,
    numClasses: T,
    sequenceLength: L,
    estimated,
  });
}
