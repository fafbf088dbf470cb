/** The text classifier: embedding → recurrent (optionally bidirectional) → length-aware pooling → dropout → linear. */
import type { Random } from '../../random.ts';
import { releaseDataWhenSpent } from '../../tensor/autograd.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { TimeMajorIds } from '../common/batching.ts';
import { type PoolingMode, poolOverTime } from '../common/pooling.ts';
import { TokenRecurrentModel } from '../common/tokenModel.ts';
import { DEFAULT_EMBEDDING_DIMS, type ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = DEFAULT_EMBEDDING_DIMS.classify;

/** Tokens kept per text when the spec does not say. */
export const DEFAULT_MAX_LENGTH = 128;

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
export class ClassifierModel extends TokenRecurrentModel {
  readonly typeName = 'ClassifierModel';
  readonly pooling: PoolingMode;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: ClassifierOptions) {
    super({
      vocabSize: options.vocabSize,
      outputs: options.numClasses,
      model: options.model,
      defaultEmbeddingDim: DEFAULT_EMBEDDING_DIM,
      random: options.random,
    });
    this.pooling = options.model.pooling ?? 'last';
  }

  /**
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns logits `[N, C]`
   */
  forward(batch: TimeMajorIds): Tensor {
    return this.project(this.pooled(batch));
  }

  /**
   * The recurrent outputs pooled over time: the head's input.
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns `[N, D·H]`
   */
  pooled(batch: TimeMajorIds): Tensor {
    const outputs = this.recurrentOutputs(batch);
    const pooled = poolOverTime(outputs, batch.lengths, {
      mode: this.pooling,
      directions: this.rnn.numDirections === 2 ? 2 : 1,
    });
    // The pooling was the outputs' one reader (its backward reads no values, nor does the
    // recurrent layer's): their array goes back to the pool.
    releaseDataWhenSpent(outputs);
    return pooled;
  }
}
