/** ONNX graphs of the token models: the classifier (ids → class probabilities) and the shared embedding → recurrent trunk. */
import type { RunSpec } from '../../../tasks/spec.ts';
import type { OnnxGraphBuilder } from './graphBuilder.ts';
import { ONNX_FLOAT, ONNX_INT32, ONNX_INT64, type OnnxValueInfo } from './proto.ts';
import { emitRecurrent, type RecurrentValues } from './recurrent.ts';

/** The graph inputs every token model takes: batch-first ids and their lengths. */
export const TOKEN_INPUTS: readonly OnnxValueInfo[] = [
  {
    name: 'input_ids',
    elemType: ONNX_INT64,
    shape: ['batch', 'sequence'],
    doc: 'Token ids [batch, sequence], padded with 0 past each length.',
  },
  {
    name: 'lengths',
    elemType: ONNX_INT64,
    shape: ['batch'],
    doc: 'Tokens per sequence [batch], each in [1, sequence].',
  },
];

/** What {@link emitTokenTrunk} produced. */
export interface TokenTrunk extends RecurrentValues {
  /** `lengths` as int32 `[N]`. */
  lengths32: string;
  /** The embedded ids `[L, N, E]` (time-major). */
  embedded: string;
}

/**
 * `x` `[L, N, F]` joined with the frozen language model's states for the same time-major ids
 * (`model.lmFeatures`: `lm.embedding` → `lm.rnn`, and with a backward one `lm.backward.*` over
 * each sequence reversed), as core/tasks/common/lmFeatures.ts does;
 * `x` itself without one.
 * @returns the joined values and their width per token
 */
export function emitLmFeatures(
  g: OnnxGraphBuilder,
  spec: RunSpec,
  at: { x: string; width: number; timeMajorIds: string; lengths32: string },
): { x: string; width: number } {
  const lm = spec.model.lmFeatures;
  if (lm === undefined) return { x: at.x, width: at.width };
  const forward = emitFrozenTrunk(g, lm, 'lm', { ids: at.timeMajorIds, lengths32: at.lengths32 });
  const parts = [at.x, forward.output];
  let width = at.width + forward.width;
  if (lm.backward !== undefined) {
    // The backward LM reads each sequence reversed within its length (ReverseSequence leaves the
    // padding in place), and its states are put back in reading order the same way.
    const lengths64 = g.op('Cast', [at.lengths32], { to: ONNX_INT64 }, 'lengths64');
    const reverse = (x: string, hint: string) =>
      g.op('ReverseSequence', [x, lengths64], { batch_axis: 1, time_axis: 0 }, hint);
    const ids = reverse(at.timeMajorIds, 'ids_reversed');
    const backward = emitFrozenTrunk(g, lm.backward, 'lm.backward', {
      ids,
      lengths32: at.lengths32,
    });
    parts.push(reverse(backward.output, 'lm_backward_states'));
    width += backward.width;
  }
  const x = g.op('Concat', parts, { axis: 2 }, 'with_lm_features');
  return { x, width };
}

/** One frozen language model's embedding (`<prefix>.embedding`) → recurrent stack (`<prefix>.rnn`) over time-major ids: its top layer's output `[L, N, width]`. */
function emitFrozenTrunk(
  g: OnnxGraphBuilder,
  trunk: { embeddingDim: number; recurrent: RunSpec['model']['recurrent'] },
  prefix: string,
  at: { ids: string; lengths32: string },
): { output: string; width: number } {
  const embedded = g.embedding(at.ids, `${prefix}.embedding`);
  const rec = emitRecurrent(
    g,
    { ...trunk.recurrent, dropout: 0 },
    `${prefix}.rnn`,
    trunk.embeddingDim,
    { x: embedded, lengths: at.lengths32, h0: null, c0: null },
  );
  const width = (trunk.recurrent.bidirectional ? 2 : 1) * trunk.recurrent.hiddenSize;
  return { output: rec.output, width };
}

/** Embedding (`embedding.weight`, ‖ a language model's states) → the recurrent stack (`rnn.*`), time-major, from the token inputs. */
export function emitTokenTrunk(g: OnnxGraphBuilder, spec: RunSpec): TokenTrunk {
  const ids = g.input('input_ids');
  const lengths = g.input('lengths');
  const timeMajor = g.op('Transpose', [ids], { perm: [1, 0] }, 'ids_time_major');
  const embedded = g.embedding(timeMajor, 'embedding');
  const embeddingDim = g.weight('embedding.weight').shape[1] as number;
  const lengths32 = g.op('Cast', [lengths], { to: ONNX_INT32 }, 'lengths32');
  const input = emitLmFeatures(g, spec, {
    x: embedded,
    width: embeddingDim,
    timeMajorIds: timeMajor,
    lengths32,
  });
  const rec = emitRecurrent(g, spec.model.recurrent, 'rnn', input.width, {
    x: input.x,
    lengths: lengths32,
    h0: null,
    c0: null,
  });
  return { ...rec, lengths32, embedded };
}

/**
 * Pools the top layer over time as core/tasks/common/pooling.ts does: 'last' is the top layer's
 * h_n (forward final ‖ backward final), 'mean' the mean over valid steps, 'max' the maximum over them.
 * @returns `[N, D·H]`
 */
export function emitPooling(
  g: OnnxGraphBuilder,
  trunk: TokenTrunk,
  spec: RunSpec,
  lengths: string,
): string {
  const { numLayers, bidirectional, hiddenSize } = spec.model.recurrent;
  const D = bidirectional ? 2 : 1;
  const mode = spec.model.pooling ?? 'last';
  if (mode === 'last') {
    const top = g.op('Slice', [
      trunk.hN,
      g.int64('starts', [(numLayers - 1) * D]),
      g.int64('ends', [numLayers * D]),
      g.int64('axes', [0]),
    ]);
    const batchMajor = g.op('Transpose', [top], { perm: [1, 0, 2] });
    return g.reshape(batchMajor, [0, D * hiddenSize]);
  }
  if (mode === 'mean') {
    // The recurrent op writes zeros past each length, so the sum over all steps is the valid sum.
    const sum = g.op('ReduceSum', [trunk.output, g.int64('axes', [0])], { keepdims: 0 });
    const count = g.unsqueeze(g.op('Cast', [lengths], { to: ONNX_FLOAT }), [1]);
    return g.op('Div', [sum, count], {}, 'pooled');
  }
  // max: steps past the length are replaced by the lowest float before the maximum.
  const steps = g.op('Shape', [trunk.output], { start: 0, end: 1 });
  const range = g.op('Range', [
    g.int64('zero', [0], []),
    g.op('Squeeze', [steps]),
    g.int64('one', [1], []),
  ]);
  const valid = g.op('Less', [g.unsqueeze(range, [1]), g.unsqueeze(lengths, [0])]);
  const lowest = g.floats('lowest', Float32Array.of(-3.4028234663852886e38), []);
  const masked = g.op('Where', [g.unsqueeze(valid, [2]), trunk.output, lowest]);
  return g.op('ReduceMax', [masked], { axes: [0], keepdims: 0 }, 'pooled');
}

/** The classifier: token inputs → `logits` `[batch, classes]` and `probabilities` (softmax). */
export function buildClassifierGraph(g: OnnxGraphBuilder, spec: RunSpec): OnnxValueInfo[] {
  const trunk = emitTokenTrunk(g, spec);
  const pooled = emitPooling(g, trunk, spec, 'lengths');
  const D = spec.model.recurrent.bidirectional ? 2 : 1;
  const classes = g.weight('head.weight').shape[0] as number;
  const logits = g.linear(pooled, 'head', [classes, D * spec.model.recurrent.hiddenSize]);
  g.output(logits, 'logits');
  g.output(g.op('Softmax', [logits], { axis: -1 }), 'probabilities');
  return [
    { name: 'logits', elemType: ONNX_FLOAT, shape: ['batch', classes], doc: 'Class scores.' },
    {
      name: 'probabilities',
      elemType: ONNX_FLOAT,
      shape: ['batch', classes],
      doc: 'Softmax of the logits, in the order of the config’s class list.',
    },
  ];
}
