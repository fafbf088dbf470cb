/** ONNX graphs of the generating models: the language model's step, and seq2seq's encoder and one-step decoder (with attention). */
import type { RecurrentSpec, RunSpec } from '../../../tasks/spec.ts';
import type { OnnxGraphBuilder } from './graphBuilder.ts';
import { ONNX_FLOAT, ONNX_INT32, ONNX_INT64, type OnnxValueInfo } from './proto.ts';
import { emitRecurrent } from './recurrent.ts';

const LOWEST_FLOAT = -3.4028234663852886e38;

/** State inputs or outputs `[layers, batch, hidden]`: h, and c for an LSTM. */
function stateInfos(prefix: string, spec: RecurrentSpec, doc: string): OnnxValueInfo[] {
  const shape = [spec.numLayers, 'batch', spec.hiddenSize] as const;
  const names = spec.cell === 'lstm' ? ['h', 'c'] : ['h'];
  return names.map((n) => ({
    name: `${prefix}${n}`,
    elemType: ONNX_FLOAT,
    shape,
    doc: `${doc} (${n})`,
  }));
}

/** The language model's inputs: a run of ids (a prompt, or one sampled token) and the state before it. */
export function generateInputs(spec: RunSpec): OnnxValueInfo[] {
  return [
    {
      name: 'input_ids',
      elemType: ONNX_INT64,
      shape: ['batch', 'sequence'],
      doc: 'Token ids [batch, sequence]: the prompt, then one token per step.',
    },
    ...stateInfos('state_', spec.model.recurrent, 'State before the ids; zeros to start'),
  ];
}

/**
 * The language model as a step graph: ids and state → next-token `logits` `[batch, sequence, V]`
 * and the state after the ids. Run it on the prompt, then on each chosen token.
 */
export function buildGenerateGraph(g: OnnxGraphBuilder, spec: RunSpec): OnnxValueInfo[] {
  const rnn = spec.model.recurrent;
  const ids = g.input('input_ids');
  const h0 = g.input('state_h');
  const c0 = rnn.cell === 'lstm' ? g.input('state_c') : null;
  const embedded = g.embedding(g.op('Transpose', [ids], { perm: [1, 0] }), 'embedding');
  const E = g.weight('embedding.weight').shape[1] as number;
  const rec = emitRecurrent(g, rnn, 'rnn', E, { x: embedded, lengths: null, h0, c0 });
  const V = g.weight('head.weight').shape[0] as number;
  const logits = g.linear(rec.output, 'head', [V, rnn.hiddenSize]);
  g.output(g.op('Transpose', [logits], { perm: [1, 0, 2] }), 'logits');
  g.output(rec.hN, 'next_h');
  if (rec.cN !== null) g.output(rec.cN, 'next_c');
  return [
    {
      name: 'logits',
      elemType: ONNX_FLOAT,
      shape: ['batch', 'sequence', V],
      doc: 'Next-token scores.',
    },
    ...stateInfos('next_', rnn, 'State after the ids'),
  ];
}

/** What the seq2seq graphs need to know of the spec (the task's defaults filled in). */
export interface Seq2seqShape {
  encoder: RecurrentSpec;
  decoder: RecurrentSpec;
  attention: 'none' | 'luong' | 'bahdanau';
  embeddingDim: number;
}

const SOURCE_INPUTS: readonly OnnxValueInfo[] = [
  {
    name: 'source_ids',
    elemType: ONNX_INT64,
    shape: ['batch', 'source'],
    doc: 'Source token ids, padded with 0.',
  },
  { name: 'source_lengths', elemType: ONNX_INT64, shape: ['batch'], doc: 'Source tokens per row.' },
];

function encoderWidth(s: Seq2seqShape): number {
  return (s.encoder.bidirectional ? 2 : 1) * s.encoder.hiddenSize;
}

/** The encoder graph's inputs. */
export const seq2seqEncoderInputs = (): OnnxValueInfo[] => [...SOURCE_INPUTS];

/**
 * The encoder: source → `encoder_outputs` `[batch, source, D·H_e]` (the attention memory) and the
 * decoder's first state (h_n joined per layer and bridged by `bridge_h`/`bridge_c` when the widths differ).
 */
export function buildSeq2seqEncoderGraph(g: OnnxGraphBuilder, s: Seq2seqShape): OnnxValueInfo[] {
  const ids = g.input('source_ids');
  const lengths = g.input('source_lengths');
  const embedded = g.embedding(g.op('Transpose', [ids], { perm: [1, 0] }), 'src_embedding');
  const rec = emitRecurrent(g, s.encoder, 'encoder', s.embeddingDim, {
    x: embedded,
    lengths: g.op('Cast', [lengths], { to: ONNX_INT32 }),
    h0: null,
    c0: null,
  });
  g.output(g.op('Transpose', [rec.output], { perm: [1, 0, 2] }), 'encoder_outputs');
  const L = s.encoder.numLayers;
  const D = s.encoder.bidirectional ? 2 : 1;
  const He = s.encoder.hiddenSize;
  const width = D * He;
  // [L·D, N, H_e] → [L, D, N, H_e] → [L, N, D, H_e] → [L, N, D·H_e], as the core's bridge joins them.
  const joined = (t: string): string =>
    g.reshape(g.op('Transpose', [g.reshape(t, [L, D, -1, He])], { perm: [0, 2, 1, 3] }), [
      L,
      0,
      width,
    ]);
  const decoderLstm = s.decoder.cell === 'lstm';
  const bridged = g.has('bridge_h.weight');
  const h = bridged
    ? g.op('Tanh', [g.linear(joined(rec.hN), 'bridge_h', [s.decoder.hiddenSize, width])])
    : rec.hN;
  g.output(h, 'decoder_h');
  if (decoderLstm) {
    let c: string;
    if (bridged && g.has('bridge_c.weight') && rec.cN !== null) {
      c = g.linear(joined(rec.cN), 'bridge_c', [s.decoder.hiddenSize, width]);
    } else if (!bridged && rec.cN !== null) {
      c = rec.cN;
    } else {
      // PyTorch parity: an LSTM decoder after a GRU/RNN encoder (or without a c bridge) starts from c = 0.
      c = g.op('Mul', [h, g.floats('zero', Float32Array.of(0), [])]);
    }
    g.output(c, 'decoder_c');
  }
  return [
    {
      name: 'encoder_outputs',
      elemType: ONNX_FLOAT,
      shape: ['batch', 'source', encoderWidth(s)],
      doc: 'Encoder outputs (zero past each length): the attention memory.',
    },
    ...stateInfos('decoder_', s.decoder, "The decoder's first state"),
  ];
}

/** The one-step decoder graph's inputs. */
export function seq2seqDecoderInputs(s: Seq2seqShape): OnnxValueInfo[] {
  return [
    {
      name: 'token_ids',
      elemType: ONNX_INT64,
      shape: ['batch', 1],
      doc: 'The previous target token per row (<bos> = 2 first).',
    },
    ...stateInfos('state_', s.decoder, 'Decoder state before the step'),
    ...SOURCE_INPUTS.slice(1),
    {
      name: 'encoder_outputs',
      elemType: ONNX_FLOAT,
      shape: ['batch', 'source', encoderWidth(s)],
      doc: "The encoder graph's output.",
    },
  ];
}

/** Attention weights `[N, 1, S]` and context `[N, 1, D_k]` of one query `[N, 1, H_d]` over the memory. */
function emitAttention(
  g: OnnxGraphBuilder,
  s: Seq2seqShape,
  query: string,
  memory: string,
  lengths: string,
): { weights: string; context: string } {
  const Hd = s.decoder.hiddenSize;
  const width = encoderWidth(s);
  let scores: string;
  if (s.attention === 'luong') {
    // 'general': s = (q · W_aᵀ) · kᵀ with W_a = attention.linear.weight [D_k, D_q].
    const q = g.linear(query, 'attention.linear', [width, Hd]);
    scores = g.op('MatMul', [q, g.op('Transpose', [memory], { perm: [0, 2, 1] })]);
  } else {
    // 'bahdanau': s = vᵀ tanh(W_q q + W_k k + b).
    const attnDim = g.weight('attention.v.weight').shape[1] as number;
    const q = g.linear(query, 'attention.query_proj', [attnDim, Hd]);
    const k = g.linear(memory, 'attention.key_proj', [attnDim, width]);
    const hidden = g.op('Tanh', [g.op('Add', [k, q])]);
    scores = g.op('Transpose', [g.linear(hidden, 'attention.v', [1, attnDim])], {
      perm: [0, 2, 1],
    });
  }
  const sourceSteps = g.op('Shape', [memory], { start: 1, end: 2 });
  const positions = g.op('Range', [
    g.int64('zero', [0], []),
    g.op('Squeeze', [sourceSteps]),
    g.int64('one', [1], []),
  ]);
  const real = g.op('Less', [g.unsqueeze(positions, [0]), g.unsqueeze(lengths, [1])]);
  const masked = g.op('Where', [
    g.unsqueeze(real, [1]),
    scores,
    g.floats('lowest', Float32Array.of(LOWEST_FLOAT), []),
  ]);
  const weights = g.op('Softmax', [masked], { axis: -1 }, 'attention_weights');
  return { weights, context: g.op('MatMul', [weights, memory], {}, 'context') };
}

/**
 * One decoder step: previous token, state and memory → `logits` `[batch, V]`, the next state,
 * and (with attention) the attention weights `[batch, source]` of this step.
 */
export function buildSeq2seqDecoderGraph(g: OnnxGraphBuilder, s: Seq2seqShape): OnnxValueInfo[] {
  const dec = s.decoder;
  const ids = g.input('token_ids');
  const h0 = g.input('state_h');
  const c0 = dec.cell === 'lstm' ? g.input('state_c') : null;
  const lengths = g.input('source_lengths');
  const memory = g.input('encoder_outputs');
  const embedded = g.embedding(g.op('Transpose', [ids], { perm: [1, 0] }), 'tgt_embedding');
  const width = encoderWidth(s);
  const Hd = dec.hiddenSize;
  let decoderIn = embedded;
  let decoderInSize = s.embeddingDim;
  let early: { weights: string; context: string } | null = null;
  if (s.attention === 'bahdanau') {
    // The query is the top layer's state before the step; the context joins the input.
    const top = g.op('Slice', [
      h0,
      g.int64('starts', [dec.numLayers - 1]),
      g.int64('ends', [dec.numLayers]),
      g.int64('axes', [0]),
    ]);
    early = emitAttention(g, s, g.op('Transpose', [top], { perm: [1, 0, 2] }), memory, lengths);
    const contextTimeMajor = g.op('Transpose', [early.context], { perm: [1, 0, 2] });
    decoderIn = g.op('Concat', [embedded, contextTimeMajor], { axis: 2 });
    decoderInSize += width;
  }
  const rec = emitRecurrent(g, dec, 'decoder', decoderInSize, {
    x: decoderIn,
    lengths: null,
    h0,
    c0,
  });
  const output = g.op('Transpose', [rec.output], { perm: [1, 0, 2] }, 'decoder_output');
  let features = output;
  let weights: string | null = null;
  if (s.attention !== 'none') {
    const att = early ?? emitAttention(g, s, output, memory, lengths);
    weights = att.weights;
    const joined = g.op('Concat', [output, att.context], { axis: 2 });
    features = g.op('Tanh', [g.linear(joined, 'combine', [Hd, Hd + width])]);
  }
  const V = g.weight('out.weight').shape[0] as number;
  const logits = g.linear(features, 'out', [V, Hd]);
  g.output(g.op('Squeeze', [logits, g.int64('axes', [1])]), 'logits');
  g.output(rec.hN, 'next_h');
  if (rec.cN !== null) g.output(rec.cN, 'next_c');
  const outputs: OnnxValueInfo[] = [
    { name: 'logits', elemType: ONNX_FLOAT, shape: ['batch', V], doc: 'Next-token scores.' },
    ...stateInfos('next_', dec, 'Decoder state after the step'),
  ];
  if (weights !== null) {
    g.output(g.op('Squeeze', [weights, g.int64('axes', [1])]), 'attention');
    outputs.push({
      name: 'attention',
      elemType: ONNX_FLOAT,
      shape: ['batch', 'source'],
      doc: 'Attention weights of this step over the source (zero at padding).',
    });
  }
  return outputs;
}
