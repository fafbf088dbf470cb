/** The forecaster's model description: the recurrent stack over F numbers a step, its last state, optional dropout and the head that predicts H values (with the known-future columns' H values beside the state). */
import {
  headDropoutLayers,
  headLayer,
  layerOf,
  recurrentActivationFloats,
  recurrentLayer,
  SEQUENCE_FIRST,
  seqShape,
  summarise,
} from '../common/describe.ts';
import type { RunSpec } from '../spec.ts';
import type { ModelDescription, Notation, ShapeInfo, SizeHints } from '../task.ts';

/** Window length L when the spec does not say. */
export const DEFAULT_WINDOW = 30;
/** Horizon H when the spec does not say. */
export const DEFAULT_HORIZON = 1;

/**
 * The forecaster's layers with shapes, state-dict tensors and a memory estimate; the features per
 * step from `hints`, else the target and the spec's feature columns.
 */
export function describeForecaster(
  spec: RunSpec,
  hints: SizeHints = {},
  notation: Notation = SEQUENCE_FIRST,
): ModelDescription {
  const estimated = hints.numFeatures === undefined;
  const F = hints.numFeatures ?? 1 + (spec.data.featureColumns?.length ?? 0);
  const L = hints.sequenceLength ?? spec.data.window ?? DEFAULT_WINDOW;
  const H = spec.data.horizon ?? DEFAULT_HORIZON;
  const N = spec.train.batchSize;
  const K = spec.data.knownFutureColumns?.length ?? 0;
  const r = spec.model.recurrent;
  const width = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const encoder = recurrentLayer({
    kind: 'encoder',
    prefix: 'rnn',
    spec: r,
    inputSize: F,
    notation,
  });
  const last: ShapeInfo = { name: 'pooled', dims: ['N', width] };
  // Known-future columns: their H future values join the last state before the head.
  const future: ShapeInfo[] = K > 0 ? [{ name: 'known future', dims: ['N', H * K] }] : [];
  const layers = [
    encoder,
    layerOf('pooling', 'last', { inputs: [seqShape('output', width, notation)], outputs: [last] }),
    ...headDropoutLayers(spec.model.headDropout, last),
    headLayer({
      prefix: 'head',
      inFeatures: width + H * K,
      outFeatures: H,
      inputs: [last, ...future],
      output: { name: 'prediction', dims: ['N', H] },
    }),
  ];
  const activations = N * L * F + recurrentActivationFloats(r, L, N) + 2 * N * width + N * H;
  return summarise(layers, activations, { numFeatures: F, sequenceLength: L, estimated });
}
