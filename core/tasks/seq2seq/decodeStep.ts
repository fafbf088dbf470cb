/** The attentional recurrent decoder (seq2seq's, captioning's) prepared for decoding: weights made ready once, the recurrent state resident in flat arrays, one step for every row (greedy rows or all beams) with no autograd graph. */
import type { Attention, AttentionMemory } from '../../nn/attention.ts';
import type { Linear } from '../../nn/linear.ts';
import {
  linearOptions,
  prepareLinear,
  RecurrentStepper,
  type StepState,
  selectStateRows,
  stackStepOptions,
} from '../../nn/recurrentStepper.ts';
import '../../tensor/ops.ts';
import type { PreparedGreedyDecoder, PreparedLinear } from '../../kernels/api/backend.ts';
import { getBackend } from '../../kernels/backend.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentState } from '../common/recurrent.ts';
import type { DecoderParts } from './model.ts';

/** A decoder with its output head: what the stepper runs (a Seq2seqModel, a CaptionModel). */
export interface SteppedDecoder extends DecoderParts {
  readonly out: Linear;
}

/** The rows being decoded: the decoder's state and, with attention, each row's source memory. */
export interface DecoderRows {
  state: StepState;
  memory: AttentionMemory | null;
}

/**
 * One beam-search step's results: per row its `count` best next tokens `[rows, count]`, best
 * first, their log-probabilities, and the attention weights `[rows, 1, S]` (null without attention).
 */
export interface TopStepOutput {
  ids: Int32Array;
  logProbs: Float64Array;
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
 * Whether a step of `parts` from `memory` reads only each row's own token and state (no
 * attention): then rows never interact and greedy search can run as one backend call.
 */
export function stepsWithoutAttention(parts: SteppedDecoder, memory: AttentionMemory | null) {
  return parts.attention === null || memory === null || parts.combine === null;
}

/**
 * The embedding, stack and head of a decoder without attention prepared for greedy search
 * (Backend.prepareGreedyDecoder): the values of DecoderStepper.stepGreedy step after step. Call
 * free() when done.
 * @throws ConfigError for a bidirectional decoder.
 */
export function prepareGreedyDecoder(parts: SteppedDecoder): PreparedGreedyDecoder {
  const emb = parts.tgtEmbedding;
  return getBackend().prepareGreedyDecoder({
    cell: parts.decoder.cellType,
    embedding: { vocab: emb.numEmbeddings, dim: emb.embeddingDim, weight: emb.weight.data },
    layers: stackStepOptions(parts.decoder),
    head: linearOptions(parts.out),
  });
}

/**
 * A decoder's parts (target embedding, recurrent stack, attention, combine layer, output head)
 * run one token at a time for every row at once. The values are those of `decodeWithParts` and
 * the head in eval mode on the same inputs (dropout never applies). Call free() when done: on the
 * wasm backend the prepared weights live in the kernels' memory.
 */
export class DecoderStepper {
  private readonly parts: SteppedDecoder;
  private readonly rnn: RecurrentStepper;
  private readonly combine: PreparedLinear | null;
  private readonly out: PreparedLinear;

  /** @throws ConfigError for a bidirectional decoder. */
  constructor(parts: SteppedDecoder) {
    this.parts = parts;
    this.rnn = new RecurrentStepper(parts.decoder);
    this.combine = parts.combine === null ? null : prepareLinear(parts.combine);
    this.out = prepareLinear(parts.out);
  }

  /**
   * The decoder's starting rows: an initial state (h `[L, rows, H]`, and c for an LSTM; an LSTM
   * given no c starts from zeros) and the attention memory of each row (null without attention).
   */
  start(initial: RecurrentState, memory: AttentionMemory | null): DecoderRows {
    const rows = initial.h.shape[1] as number;
    const size = this.rnn.numLayers * rows * this.rnn.hiddenSize;
    const state: StepState = {
      rows,
      h: initial.h.data.slice(0, size),
      c: this.rnn.hasCell
        ? initial.c === null
          ? new Float32Array(size)
          : initial.c.data.slice(0, size)
        : null,
    };
    return { state, memory };
  }

  /**
   * One decoder step of every row from its previous token `prev` `[rows]` (the rows' state is
   * updated in place) for beam search: each row's `count` most likely next tokens, best first,
   * with their log-probabilities (PreparedLinear.applyTopLogProbs), without taking the logits out
   * of the kernels.
   */
  stepTop(prev: Int32Array, rows: DecoderRows, count: number): TopStepOutput {
    const N = rows.state.rows;
    const { features, weights } = this.features(prev, rows);
    const ids = new Int32Array(N * count);
    const logProbs = new Float64Array(N * count);
    this.out.applyTopLogProbs(features, N, count, ids, logProbs);
    return { ids, logProbs, weights };
  }

  /**
   * {@link stepTop} for greedy search: writes each row's most likely next token (the arg-max of its
   * logits, the first on ties) into `next` `[rows]` (which may be `prev`) without taking the
   * logits out of the kernels.
   */
  stepGreedy(prev: Int32Array, rows: DecoderRows, next: Int32Array): void {
    const { features } = this.features(prev, rows);
    this.out.applyArgmax(features, rows.state.rows, next);
  }

  /** The head's input `[rows, Hd]` after one step from `prev`, and the step's attention weights. */
  private features(prev: Int32Array, rows: DecoderRows) {
    const N = rows.state.rows;
    const Hd = this.rnn.hiddenSize;
    const E = this.parts.tgtEmbedding.embeddingDim;
    const emb = this.parts.tgtEmbedding.forward(prev, [N, 1]).data;
    const attention = this.parts.attention;
    const memory = rows.memory;
    if (attention === null || memory === null || this.combine === null) {
      return { features: this.rnn.step(emb, rows.state), weights: null };
    }
    const encWidth = memory.keys.shape[2] as number;
    if (this.parts.config.attention !== 'bahdanau') {
      const output = this.rnn.step(emb, rows.state).slice();
      const { context, weights } = this.attend(attention, output, memory, N);
      return { features: this.combined(output, context.data, N, encWidth), weights };
    }
    // Bahdanau: the query is the top layer's state before the step; the context joins the input.
    const L = this.rnn.numLayers;
    const top = rows.state.h.slice((L - 1) * N * Hd, L * N * Hd);
    const { context, weights } = this.attend(attention, top, memory, N);
    const output = this.rnn.step(joinRows(emb, E, context.data, encWidth), rows.state).slice();
    return { features: this.combined(output, context.data, N, encWidth), weights };
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

  /** tanh(combine([output ‖ context])), as decodeWithParts's combined() (the head's input). */
  private combined(output: Float32Array, context: Float32Array, N: number, encWidth: number) {
    const Hd = this.rnn.hiddenSize;
    const joined = joinRows(output, Hd, context, encWidth);
    const pre = new Float32Array(N * Hd);
    (this.combine as PreparedLinear).apply(joined, N, pre);
    return new Tensor(pre, [N, Hd]).tanh().data;
  }
}
