/** The sequence tagger: embedding → (bi)recurrent → dropout → per-token linear. */
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { TimeMajorIds } from '../common/batching.ts';
import { TokenRecurrentModel } from '../common/tokenModel.ts';
import type { ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = 100;

/**
 * State-dict keys (PyTorch names): `embedding.weight` [V, E], `rnn.weight_ih_l0` … ,
 * `head.weight` [T, D·H], `head.bias` [T].
 */
export class TaggerModel extends TokenRecurrentModel {
  readonly typeName = 'TaggerModel';

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: { vocabSize: number; numTags: number; model: ModelSpec; random: Random }) {
    super({
      vocabSize: options.vocabSize,
      outputs: options.numTags,
      model: options.model,
      defaultEmbeddingDim: DEFAULT_EMBEDDING_DIM,
      random: options.random,
    });
  }

  /**
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns logits `[L, N, T]` (rows past a sentence's end are the head's bias: mask them)
   */
  forward(batch: TimeMajorIds): Tensor {
    return this.project(this.recurrentOutputs(batch));
  }
}
