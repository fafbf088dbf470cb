/** ONNX graph of the tagger: word ids (and each word's characters, for a character encoder) → per-token tag scores. */
import type { RunSpec } from '../../../tasks/spec.ts';
import type { OnnxGraphBuilder } from './graphBuilder.ts';
import { ONNX_FLOAT, ONNX_INT32, ONNX_INT64, type OnnxValueInfo } from './proto.ts';
import { emitRecurrent } from './recurrent.ts';
import { emitLmFeatures, TOKEN_INPUTS } from './tokenGraphs.ts';

/** The tagger's graph inputs: the token inputs, plus characters when the model has a character encoder. */
export function tagInputs(spec: RunSpec): OnnxValueInfo[] {
  if (spec.model.charEncoder === undefined) return [...TOKEN_INPUTS];
  return [
    ...TOKEN_INPUTS,
    {
      name: 'char_ids',
      elemType: ONNX_INT64,
      shape: ['batch', 'sequence', 'chars'],
      doc: "Each word's character ids [batch, sequence, chars], padded with 0.",
    },
    {
      name: 'char_lengths',
      elemType: ONNX_INT64,
      shape: ['batch', 'sequence'],
      doc: 'Characters per word [batch, sequence]; 0 past each sentence’s length.',
    },
  ];
}

/**
 * The character encoder (`char_embedding`, a bidirectional `char_rnn` LSTM) over every word:
 * its final states forward ‖ backward, zero for padding words, time-major `[L, N, 2·H_c]`.
 */
function emitCharFeatures(g: OnnxGraphBuilder, spec: RunSpec): string {
  const enc = spec.model.charEncoder as NonNullable<RunSpec['model']['charEncoder']>;
  const chars = g.input('char_ids');
  const charLengths = g.input('char_lengths');
  // [N, L, C] → [W = N·L, C] → time-major [C, W] → embedded [C, W, E_c].
  const charAxis = g.op('Shape', [chars], { start: 2 });
  const words = g.op('Reshape', [
    chars,
    g.op('Concat', [g.int64('minus_one', [-1]), charAxis], { axis: 0 }),
  ]);
  const embedded = g.embedding(g.op('Transpose', [words], { perm: [1, 0] }), 'char_embedding');
  // A padding word has no characters; the LSTM runs it over one step and the mask zeroes it.
  const flatLengths = g.reshape(charLengths, [-1]);
  const runLengths = g.op('Max', [flatLengths, g.int64('one', [1], [])]);
  const rec = emitRecurrent(
    g,
    {
      cell: 'lstm',
      hiddenSize: enc.hiddenSize,
      numLayers: 1,
      bidirectional: true,
      dropout: 0,
      nonlinearity: 'tanh',
    },
    'char_rnn',
    enc.embeddingDim,
    { x: embedded, lengths: g.op('Cast', [runLengths], { to: ONNX_INT32 }), h0: null, c0: null },
  );
  // h_n [2, W, H_c] → [W, 2·H_c] → [N, L, 2·H_c], zero where the word is padding.
  const perWord = g.reshape(g.op('Transpose', [rec.hN], { perm: [1, 0, 2] }), [0, -1]);
  const batchShape = g.op('Shape', [chars], { start: 0, end: 2 });
  const grid = g.op('Reshape', [
    perWord,
    g.op('Concat', [batchShape, g.int64('features', [2 * enc.hiddenSize])], { axis: 0 }),
  ]);
  const real = g.op('Cast', [g.op('Greater', [charLengths, g.int64('zero', [0], [])])], {
    to: ONNX_FLOAT,
  });
  const masked = g.op('Mul', [grid, g.unsqueeze(real, [2])]);
  return g.op('Transpose', [masked], { perm: [1, 0, 2] }, 'char_features');
}

/** The tagger: inputs of {@link tagInputs} → `logits` `[batch, sequence, tags]` and `probabilities`. */
export function buildTaggerGraph(g: OnnxGraphBuilder, spec: RunSpec): OnnxValueInfo[] {
  const ids = g.input('input_ids');
  const lengths = g.input('lengths');
  const timeMajorIds = g.op('Transpose', [ids], { perm: [1, 0] });
  const words = g.embedding(timeMajorIds, 'embedding');
  const E = g.weight('embedding.weight').shape[1] as number;
  const charWidth =
    spec.model.charEncoder === undefined ? 0 : 2 * spec.model.charEncoder.hiddenSize;
  const withChars =
    charWidth === 0
      ? words
      : g.op('Concat', [words, emitCharFeatures(g, spec)], { axis: 2 }, 'word_features');
  const lengths32 = g.op('Cast', [lengths], { to: ONNX_INT32 });
  const input = emitLmFeatures(g, spec, {
    x: withChars,
    width: E + charWidth,
    timeMajorIds,
    lengths32,
  });
  const rec = emitRecurrent(g, spec.model.recurrent, 'rnn', input.width, {
    x: input.x,
    lengths: lengths32,
    h0: null,
    c0: null,
  });
  const D = spec.model.recurrent.bidirectional ? 2 : 1;
  const tags = g.weight('head.weight').shape[0] as number;
  const timeMajor = g.linear(rec.output, 'head', [tags, D * spec.model.recurrent.hiddenSize]);
  const logits = g.op('Transpose', [timeMajor], { perm: [1, 0, 2] });
  g.output(logits, 'logits');
  g.output(g.op('Softmax', [logits], { axis: -1 }), 'probabilities');
  return [
    {
      name: 'logits',
      elemType: ONNX_FLOAT,
      shape: ['batch', 'sequence', tags],
      doc: 'Tag scores per token.',
    },
    {
      name: 'probabilities',
      elemType: ONNX_FLOAT,
      shape: ['batch', 'sequence', tags],
      doc: 'Softmax over tags, in the order of the config’s tag list.',
    },
  ];
}
