/** The text classifier: embedding → recurrent (optionally bidirectional) → length-aware pooling → dropout → linear. */

import { PAD_ID } from '../../data/vocab.ts';
import { dropout } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { TimeMajorIds } from '../common/batching.ts';
import { type PoolingMode, poolOverTime } from '../common/pooling.ts';
import { buildRecurrent, type RecurrentModule, runRecurrent } from '../common/recurrent.ts';
import type { ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = 64;

/** Sizes and settings of a {@link ClassifierModel}. */
export interface ClassifierOptions {
  /** Input vocabulary, specials included. */
  vocabSize: number;
  /** Output classes C. */
  numClasses: number;
  /** The spec's model part (embedding width, recurrent stack, pooling, head dropout). */
  model: ModelSpec;
  /** Generator for initialisation and every dropout mask. */
  random: Random;
}

/**
 * State-dict keys (PyTorch names, what model.py must declare): `embedding.weight` [V, E],
 * `rnn.weight_ih_l0` … (nn.RNN/LSTM/GRU names), `head.weight` [C, D·H], `head.bias` [C].
 */
export class ClassifierModel extends Module {
  readonly typeName = 'ClassifierModel';
  readonly embedding: Embedding;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  readonly pooling: PoolingMode;
  readonly headDropout: number;
  private readonly random: Random;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: ClassifierOptions) {
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
    const D = model.recurrent.bidirectional ? 2 : 1;
    this.head = this.registerModule(
      'head',
      new Linear(D * model.recurrent.hiddenSize, options.numClasses, { random }),
    );
    this.pooling = model.pooling ?? 'last';
    this.headDropout = model.headDropout ?? 0;
    this.random = random;
  }

  /**
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns logits `[N, C]`
   */
  forward(batch: TimeMajorIds): Tensor {
    const x = this.embedding.forward(batch.ids, [batch.steps, batch.batch]);
    const { output } = runRecurrent(this.rnn, x, { lengths: batch.lengths });
    let pooled = poolOverTime(output, batch.lengths, {
      mode: this.pooling,
      directions: this.rnn.numDirections === 2 ? 2 : 1,
    });
    if (this.training && this.headDropout > 0) {
      pooled = dropout(pooled, { p: this.headDropout, random: this.random });
    }
    return this.head.forward(pooled);
  }
}
