/** The sequence tagger: embedding → (bi)recurrent → dropout → per-token linear. */
import { PAD_ID } from '../../data/vocab.ts';
import { dropout } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { TimeMajorIds } from '../common/batching.ts';
import { buildRecurrent, type RecurrentModule, runRecurrent } from '../common/recurrent.ts';
import type { ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = 100;

/**
 * State-dict keys (PyTorch names): `embedding.weight` [V, E], `rnn.weight_ih_l0` … ,
 * `head.weight` [T, D·H], `head.bias` [T].
 */
export class TaggerModel extends Module {
  readonly typeName = 'TaggerModel';
  readonly embedding: Embedding;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  readonly headDropout: number;
  private readonly random: Random;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: { vocabSize: number; numTags: number; model: ModelSpec; random: Random }) {
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
      new Linear(D * model.recurrent.hiddenSize, options.numTags, { random }),
    );
    this.headDropout = model.headDropout ?? 0;
    this.random = random;
  }

  /**
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns logits `[L, N, T]` (rows past a sentence's end are the head's bias: mask them)
   */
  forward(batch: TimeMajorIds): Tensor {
    const x = this.embedding.forward(batch.ids, [batch.steps, batch.batch]);
    let { output } = runRecurrent(this.rnn, x, { lengths: batch.lengths });
    if (this.training && this.headDropout > 0) {
      output = dropout(output, { p: this.headDropout, random: this.random });
    }
    return this.head.forward(output);
  }
}
