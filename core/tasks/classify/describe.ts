/** The classifier's model description: embedding, recurrent stack, pooling over valid steps, optional dropout and the class head. */
import {
  embeddingLayer,
  headDropoutLayers,
  headLayer,
  layerOf,
  recurrentActivationFloats,
  recurrentLayer,
  SEQUENCE_FIRST,
  summarise,
} from '../common/describe.ts';
import { lmFeatureLayers } from '../common/lmFeatures.ts';
import type { RunSpec } from '../spec.ts';
import type { ModelDescription, Notation, ShapeInfo, SizeHints } from '../task.ts';
import { DEFAULT_EMBEDDING_DIM, DEFAULT_MAX_LENGTH } from './model.ts';

/**
 * The classifier's layers with shapes, state-dict tensors and a memory estimate; sizes from
 * `hints`, else estimated (the spec's vocabulary cap or 20,000 tokens, 2 classes).
 */
export function describeClassifier(
  spec: RunSpec,
  hints: SizeHints = {},
  notation: Notation = SEQUENCE_FIRST,
): ModelDescription {
  const estimated = hints.vocabSize === undefined || hints.numClasses === undefined;
  const V = hints.vocabSize ?? spec.data.maxVocab ?? 20_000;
  const C = hints.numClasses ?? 2;
  const L = hints.sequenceLength ?? spec.data.maxLength ?? DEFAULT_MAX_LENGTH;
  const N = spec.train.batchSize;
  const E = spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
  const r = spec.model.recurrent;
  const F = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const lm = lmFeatureLayers(spec, { vocabSize: V, notation });
  const encoder = recurrentLayer({
    kind: 'encoder',
    prefix: 'rnn',
    spec: r,
    inputSize: E + lm.width,
    notation,
  });
  const pooled: ShapeInfo = { name: 'pooled', dims: ['N', F] };
  const layers = [
    embeddingLayer({ kind: 'embedding', prefix: 'embedding', vocabSize: V, dim: E, notation }),
    ...lm.layers,
    encoder,
    layerOf('pooling', spec.model.pooling ?? 'last', {
      inputs: encoder.outputs.slice(0, 1),
      outputs: [pooled],
    }),
    ...headDropoutLayers(spec.model.headDropout, pooled),
    headLayer({
      prefix: 'head',
      inFeatures: F,
      outFeatures: C,
      inputs: [pooled],
      output: { name: 'logits', dims: ['N', C] },
    }),
  ];
  const activations =
    L * N * E +
    lm.activations(L, N) +
    recurrentActivationFloats(r, L, N) +
    L * N * F +
    2 * N * F +
    N * C;
  return summarise(layers, activations, {
    vocabSize: V,
    numClasses: C,
    sequenceLength: L,
    estimated,
  });
}
