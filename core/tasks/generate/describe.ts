/** The language model's description: embedding, the unidirectional recurrent stack, optional dropout and the head over the vocabulary at every step. */
import {
  embeddingLayer,
  headDropoutLayers,
  headLayer,
  recurrentActivationFloats,
  recurrentLayer,
  SEQUENCE_FIRST,
  seqShape,
  summarise,
} from '../common/describe.ts';
import type { RunSpec } from '../spec.ts';
import type { ModelDescription, Notation, SizeHints } from '../task.ts';
import { DEFAULT_EMBEDDING_DIM } from './model.ts';

/** Training chunk length (tokens per sequence) when the spec does not say. */
export const DEFAULT_MAX_LENGTH = 100;

/**
 * The language model's layers with shapes, state-dict tensors and a memory estimate; the
 * vocabulary from `hints`, else the spec's cap or 5,000 tokens.
 */
export function describeLanguageModel(
  spec: RunSpec,
  hints: SizeHints = {},
  notation: Notation = SEQUENCE_FIRST,
): ModelDescription {
  const estimated = hints.vocabSize === undefined;
  const V = hints.vocabSize ?? spec.data.maxVocab ?? 5_000;
  const L = hints.sequenceLength ?? spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
  const N = spec.train.batchSize;
  const E = spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
  const r = spec.model.recurrent;
  const H = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const output = seqShape('output', H, notation);
  const layers = [
    embeddingLayer({ kind: 'embedding', prefix: 'embedding', vocabSize: V, dim: E, notation }),
    recurrentLayer({ kind: 'encoder', prefix: 'rnn', spec: r, inputSize: E, notation }),
    ...headDropoutLayers(spec.model.headDropout, output),
    headLayer({
      prefix: 'head',
      inFeatures: H,
      outFeatures: V,
      inputs: [output],
      output: seqShape('logits', V, notation),
    }),
  ];
  const activations = L * N * (E + 2 * H + 2 * V) + recurrentActivationFloats(r, L, N);
  return summarise(layers, activations, { vocabSize: V, sequenceLength: L, estimated });
}
