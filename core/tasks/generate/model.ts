/** The language model: embedding → unidirectional recurrent → dropout → linear over the vocabulary. */
import { PAD_ID } from '../../data/vocab.ts';
import { dropout } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { TimeMajorIds } from '../common/batching.ts';
import {
  buildRecurrent,
  type RecurrentModule,
  type RecurrentState,
  runRecurrent,
} from '../common/recurrent.ts';
import type { ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = 64;

/** The recurrent state carried between generation steps: h (and c for LSTM), each `[numLayers, 1, H]`. */
export type LmState = RecurrentState;

/**
 * State-dict keys (PyTorch names): `embedding.weight` [V, E], `rnn.weight_ih_l0` … ,
 * `head.weight` [V, H], `head.bias` [V].
 */
export class LanguageModel extends Module {
  readonly typeName = 'LanguageModel';
  readonly embedding: Embedding;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  readonly headDropout: number;
  private readonly random: Random;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: { vocabSize: number; model: ModelSpec; random: Random }) {
    super();
    const { model, random } = options;
    const dim = model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
    this.embedding = this.registerModule(
      'embedding',
      new Embedding(options.vocabSize, dim, { paddingIdx: PAD_ID, random }),
    );
    this.rnn = this.registerModule(
      'rnn',
      buildRecurrent(model.recurrent, { inputSize: dim, random }),
    );
    this.head = this.registerModule(
      'head',
      new Linear(model.recurrent.hiddenSize, options.vocabSize, { random }),
    );
    this.headDropout = model.headDropout ?? 0;
    this.random = random;
  }

  private project(output: Tensor): Tensor {
    const y =
      this.training && this.headDropout > 0
        ? dropout(output, { p: this.headDropout, random: this.random })
        : output;
    return this.head.forward(y);
  }

  /**
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns next-token logits `[L, N, V]`
   */
  forward(batch: TimeMajorIds): Tensor {
    const x = this.embedding.forward(batch.ids, [batch.steps, batch.batch]);
    return this.project(runRecurrent(this.rnn, x, { lengths: batch.lengths }).output);
  }

  /**
   * Runs one sequence `ids` `[L]` from `state` (zeros when null), for generation.
   * @returns logits of the last step `[V]` and the state after it
   */
  continue(
    ids: readonly number[],
    state: LmState | null,
  ): { logits: Float32Array; state: LmState } {
    const x = this.embedding.forward(ids, [ids.length, 1]);
    const { output, state: next } = runRecurrent(this.rnn, x, { state });
    const logits = this.project(output);
    const V = this.head.outFeatures;
    return { logits: logits.data.slice((ids.length - 1) * V, ids.length * V), state: next };
  }
}
