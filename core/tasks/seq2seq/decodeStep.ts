/** The seq2seq decoder prepared for decoding: weights made ready once, the recurrent state resident in flat arrays, one step for every row (greedy rows or all beams) with no autograd graph. */
import type { Attention, AttentionMemory } from '../../nn/attention.ts';
import type { Linear } from '../../nn/linear.ts';
import {
  prepareLinear,
  RecurrentStepper,
  type StepState,
  selectStateRows,
} from '../../nn/recurrentStepper.ts';
import '../../tensor/ops.ts';
import type { PreparedLinear } from '../../kernels/api/backend.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { Encoded, Seq2seqModel } from './model.ts';

/** The rows being decoded: the decoder's state and, with attention, each row's source memory. */
export interface DecoderRows {
  state: StepState;
  memory: AttentionMemory | null;
}

/** One step's results: logits `[rows, V]` and the attention weights `[rows, 1, S]` (null without attention). */
export interface StepOutput {
  logits: Float32Array;
  weights: Tensor | null;
}

/** Rows of [rows, a] and [rows, b] side by side as [rows, a + b]. */
function joinRows(left: Float32Array, a: number, right: Float32Array, b: number): Float32Array {
  const rows = left.length / a;
  const out = new Float32Array(rows * (a + b));
  for (let r = 0; r < rows; r++) {
    out.set(left.subarray(r * a, (r + 1) * a), r * (a + b));
    out.set(right.subarray(r * b, (r + 1) * b), r * (a + b) + a);
  }
  return out;
}

/**
 * A Seq2seqModel's decoder (target embedding, recurrent stack, attention, combine layer, output
 * head) run one token at a time for every row at once. The values are those of
 * Seq2seqModel.decode in eval mode on the same inputs (dropout never applies). Call free() when
 * done: on the wasm backend the prepared weights live in the kernels' memory.
 */
export class Seq2seqStepper {
  private readonly model: Seq2seqModel;
  private readonly rnn: RecurrentStepper;
  private readonly combine: PreparedLinear | null;
  private readonly out: PreparedLinear;

  /** @throws ConfigError for a bidirectional decoder. */
  constructor(model: Seq2seqModel) {
    this.model = model;
    this.rnn = new RecurrentStepper(model.decoder);
    this.combine = model.combine === null ? null : prepareLinear(model.combine as Linear);
    this.out = prepareLinear(model.out);
  }

  /** The decoder's starting rows for an encoded batch: its bridged state and its memory. */
  start(enc: Encoded): DecoderRows {
    const rows = enc.state.h.shape[1] as number;
    const size = this.rnn.numLayers * rows * this.rnn.hiddenSize;
    const state: StepState = {
      rows,
      h: enc.state.h.data.slice(0, size),
      c: this.rnn.hasCell
        ? enc.state.c === null
          ? new Float32Array(size)
          : enc.state.c.data.slice(0, size)
        : null,
    };
    return { state, memory: enc.memory };
  }

  /**
   * One decoder step of every row from its previous token `prev` `[rows]`; the rows' state is
   * updated in place.
   */
  step(prev: Int32Array, rows: DecoderRows): StepOutput {
    const N = rows.state.rows;
    const Hd = this.rnn.hiddenSize;
    const E = this.model.config.embeddingDim;
    const emb = this.model.tgtEmbedding.forward(prev, [N, 1]).data;
    const attention = this.model.attention;
    const memory = rows.memory;
    if (attention === null || memory === null || this.combine === null) {
      return { logits: this.head(this.rnn.step(emb, rows.state), N), weights: null };
    }
    const encWidth = memory.keys.shape[2] as number;
    if (this.model.config.attention !== 'bahdanau') {
      const output = this.rnn.step(emb, rows.state).slice();
      const { context, weights } = this.attend(attention, output, memory, N);
      return { logits: this.combined(output, context.data, N, encWidth), weights };
    }
    // Bahdanau: the query is the top layer's state before the step; the context joins the input.
    const L = this.rnn.numLayers;
    const top = rows.state.h.slice((L - 1) * N * Hd, L * N * Hd);
    const { context, weights } = this.attend(attention, top, memory, N);
    const output = this.rnn.step(joinRows(emb, E, context.data, encWidth), rows.state).slice();
    return { logits: this.combined(output, context.data, N, encWidth), weights };
  }

  /** Rows `index` of `rows` (beam search keeps the rows its surviving hypotheses came from). */
  select(rows: DecoderRows, index: Int32Array): DecoderRows {
    const memory = rows.memory;
    return {
      state: selectStateRows(rows.state, index, this.rnn.hiddenSize),
      memory:
        memory === null
          ? null
          : {
              keys: memory.keys.indexSelect(0, index),
              keysT: memory.keysT === null ? null : memory.keysT.indexSelect(0, index),
              projected: memory.projected === null ? null : memory.projected.indexSelect(0, index),
              padMask: memory.padMask === null ? null : memory.padMask.indexSelect(0, index),
            },
    };
  }

  /** Gives the prepared weights back. */
  free(): void {
    this.rnn.free();
    this.combine?.free();
    this.out.free();
  }

  private attend(attention: Attention, query: Float32Array, memory: AttentionMemory, N: number) {
    return attention.attend(new Tensor(query, [N, 1, this.rnn.hiddenSize]), memory);
  }

  /** logits of tanh(combine([output ‖ context])), as Seq2seqModel's combined() then the head. */
  private combined(output: Float32Array, context: Float32Array, N: number, encWidth: number) {
    const Hd = this.rnn.hiddenSize;
    const joined = joinRows(output, Hd, context, encWidth);
    const pre = new Float32Array(N * Hd);
    (this.combine as PreparedLinear).apply(joined, N, pre);
    return this.head(new Tensor(pre, [N, Hd]).tanh().data, N);
  }

  private head(features: Float32Array, N: number): Float32Array {
    const logits = new Float32Array(N * this.out.outF);
    this.out.apply(features, N, logits);
    return logits;
  }
}
