/** The trunk the token models share (classifier, tagger, language model): embedding → recurrent stack, then head dropout → linear head. */
import { PAD_ID } from '../../data/vocab.ts';
import { dropoutForConsumer } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import type { CrossEntropyOptions } from '../../nn/losses.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { ModelSpec } from '../spec.ts';
import type { TimeMajorIds } from './batching.ts';
import { OutputHead } from './head.ts';
import { LmFeatureTrunk, withLmStates } from './lmFeatures.ts';
import { buildRecurrent, type RecurrentModule, runRecurrent } from './recurrent.ts';

/** Sizes and settings of a {@link TokenRecurrentModel}. */
export interface TokenModelOptions {
  /** Input vocabulary, specials included. */
  vocabSize: number;
  /** Outputs of the head (classes, tags or the vocabulary). */
  outputs: number;
  /** The spec's model part (embedding width, recurrent stack, head dropout). */
  model: ModelSpec;
  /** Embedding width when `model.embeddingDim` is absent. */
  defaultEmbeddingDim: number;
  /** Generator for initialisation and every dropout mask. */
  random: Random;
}

/**
 * Registers, in this order (the state dict's): `embedding` (nn.Embedding, padding_idx 0) [V, E],
 * with `model.lmFeatures` the frozen language-model trunk `lm` (`lm.embedding`, `lm.rnn`), then
 * `rnn` (nn.RNN/LSTM/GRU, time-major, over E + the trunk's width) and `head` (nn.Linear) [outputs, D·H].
 */
export abstract class TokenRecurrentModel extends Module {
  readonly embedding: Embedding;
  /** The frozen language model whose states join the embedding (`model.lmFeatures`), else null. */
  readonly lm: LmFeatureTrunk | null;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  /** Dropout before the head, in training only. */
  readonly headDropout: number;
  /** Dropout on the recurrent stack's input, in training only (generate: `model.inputDropout`). */
  readonly inputDropout: number;
  protected readonly random: Random;
  private readonly output: OutputHead;

  /** @throws ConfigError for sizes the layers refuse. */
  protected constructor(options: TokenModelOptions) {
    super();
    const { model, random } = options;
    const dim = model.embeddingDim ?? options.defaultEmbeddingDim;
    this.embedding = this.registerModule(
      'embedding',
      new Embedding(options.vocabSize, dim, { paddingIdx: PAD_ID, random }),
    );
    this.lm =
      model.lmFeatures === undefined
        ? null
        : this.registerModule(
            'lm',
            new LmFeatureTrunk(model.lmFeatures, { vocabSize: options.vocabSize, random }),
          );
    this.rnn = this.registerModule(
      'rnn',
      buildRecurrent(model.recurrent, { inputSize: dim + (this.lm?.width ?? 0), random }),
    );
    const D = model.recurrent.bidirectional ? 2 : 1;
    this.head = this.registerModule(
      'head',
      new Linear(D * model.recurrent.hiddenSize, options.outputs, { random }),
    );
    this.headDropout = model.headDropout ?? 0;
    this.inputDropout = model.inputDropout ?? 0;
    this.random = random;
    this.output = new OutputHead(this.head, this.headDropout, random);
  }

  /**
   * Embeds and runs the recurrent stack over a batch.
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns the top layer's outputs `[L, N, D·H]`, zero past each sequence's end
   */
  protected recurrentOutputs(batch: TimeMajorIds): Tensor {
    const embedded = this.embedding.forward(batch.ids, [batch.steps, batch.batch]);
    const x = withLmStates(this.lm, embedded, batch);
    const input =
      this.training && this.inputDropout > 0
        ? dropoutForConsumer(x, { p: this.inputDropout, random: this.random })
        : x;
    return runRecurrent(this.rnn, input, { lengths: batch.lengths }).output;
  }

  /** Head dropout (training only), then the head: `[*, D·H]` → `[*, outputs]`. */
  protected project(features: Tensor): Tensor {
    return this.output.logits(features, this.training);
  }

  /**
   * The cross-entropy of the head over `features` `[*, D·H]` against one target per row, with the
   * head fused into the loss (what a training step calls instead of crossEntropy(forward(…))).
   */
  headLoss(
    features: Tensor,
    targets: Int32Array | readonly number[],
    options: CrossEntropyOptions = {},
  ): Tensor {
    return this.output.crossEntropy(features, targets, { ...options, training: this.training });
  }
}
