/** The language model: embedding → unidirectional recurrent → dropout → linear over the vocabulary. */
import type { Random } from '../../random.ts';
import { releaseDataWhenSpent } from '../../tensor/autograd.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { IGNORE_INDEX, type TimeMajorIds } from '../common/batching.ts';
import { type RecurrentState, runRecurrent } from '../common/recurrent.ts';
import { TokenRecurrentModel } from '../common/tokenModel.ts';
import { DEFAULT_EMBEDDING_DIMS, type ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = DEFAULT_EMBEDDING_DIMS.generate;

/** The recurrent state carried between generation steps: h (and c for LSTM), each `[numLayers, 1, H]`. */
export type LmState = RecurrentState;

/**
 * State-dict keys (PyTorch names): `embedding.weight` [V, E], `rnn.weight_ih_l0` … ,
 * `head.weight` [V, H], `head.bias` [V].
 */
export class LanguageModel extends TokenRecurrentModel {
  readonly typeName = 'LanguageModel';

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: { vocabSize: number; model: ModelSpec; random: Random }) {
    super({
      vocabSize: options.vocabSize,
      outputs: options.vocabSize,
      model: options.model,
      defaultEmbeddingDim: DEFAULT_EMBEDDING_DIM,
      random: options.random,
    });
  }

  /**
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns next-token logits `[L, N, V]`
   */
  forward(batch: TimeMajorIds): Tensor {
    const features = this.features(batch);
    const logits = this.project(features);
    // The head is the features' one reader: their array goes back to the pool.
    releaseDataWhenSpent(features);
    return logits;
  }

  /**
   * The cross-entropy of the next tokens `targets` `[L·N]` (time-major; IGNORE_INDEX past a
   * sequence's end), the head fused into the loss (the logits never leave the kernels): a training
   * step's mean, or evaluation's sum.
   */
  nextTokenLoss(
    batch: TimeMajorIds,
    targets: Int32Array | readonly number[],
    reduction: 'mean' | 'sum' = 'mean',
  ): Tensor {
    const features = this.features(batch);
    const loss = this.headLoss(features, targets, { ignoreIndex: IGNORE_INDEX, reduction });
    // The fused head is the features' one reader (its backward runs before theirs).
    releaseDataWhenSpent(features);
    return loss;
  }

  /**
   * The top layer's outputs: the head's input.
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns `[L, N, H]`
   */
  features(batch: TimeMajorIds): Tensor {
    return this.recurrentOutputs(batch);
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
