/** The sequence tagger: word embedding (+ a character BiLSTM per word) → (bi)recurrent → dropout → per-token linear. */
import { PAD_ID } from '../../data/vocab.ts';
import { ShapeError } from '../../errors.ts';
import { releaseArray } from '../../kernels/arrayPool.ts';
import { concatLast, reshapeCopy, swapLeadingAxes } from '../../nn/blocks.ts';
import { dropoutForConsumer } from '../../nn/dropout.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import type { CrossEntropyOptions } from '../../nn/losses.ts';
import { Module } from '../../nn/module.ts';
import { LSTM } from '../../nn/rnn.ts';
import type { Random } from '../../random.ts';
import { releaseDataWhenSpent } from '../../tensor/autograd.ts';
import { indexSelect } from '../../tensor/indexing.ts';
import { concat } from '../../tensor/shapeOps.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { type TimeMajorIds, timeMajor } from '../common/batching.ts';
import { OutputHead } from '../common/head.ts';
import { LmFeatureTrunk, withLmStates } from '../common/lmFeatures.ts';
import { buildRecurrent, type RecurrentModule, runRecurrent } from '../common/recurrent.ts';
import { type CharEncoderSpec, DEFAULT_EMBEDDING_DIMS, type ModelSpec } from '../spec.ts';

/** Embedding width when the spec leaves it open. */
export const DEFAULT_EMBEDDING_DIM = DEFAULT_EMBEDDING_DIMS.tag;

/**
 * The character encoder reads at most this many characters (code points) of a word, its first
 * ones; model.py's MAX_WORD_CHARS is the same number.
 */
export const MAX_WORD_CHARS = 20;

/** The character ids of a batch's distinct words, as the character encoder reads them. */
export interface WordChars {
  /** The distinct words' character ids, time-major `[C, W]` (`ids`), with `lengths` `[W]`. */
  readonly words: TimeMajorIds;
  /** `[L·N]`: the row in `words` of the token at time-major position `t·N + n`; −1 at padding. */
  readonly index: Int32Array;
}

/** A tagger batch: time-major word ids `[L, N]`, and the words' characters when the model has a character encoder. */
export interface TaggerInput extends TimeMajorIds {
  /** Required by a model with a character encoder, ignored otherwise. */
  readonly chars?: WordChars;
}

/**
 * Lays out the character ids of a batch's words for the character encoder: each distinct word
 * (by its ids) once, and where every token's word is.
 * @param sentences per sentence, per token, the word's character ids (1 to MAX_WORD_CHARS of them)
 * @param steps L, the batch's longest sentence (the word batch's `steps`)
 * @throws ConfigError for an empty batch or a word without characters.
 */
export function wordChars(
  sentences: readonly (readonly (readonly number[])[])[],
  steps: number,
): WordChars {
  const N = sentences.length;
  const index = new Int32Array(steps * N).fill(-1);
  const rows = new Map<string, number>();
  const distinct: (readonly number[])[] = [];
  sentences.forEach((words, n) => {
    words.forEach((chars, t) => {
      const key = chars.join(',');
      let row = rows.get(key);
      if (row === undefined) {
        row = distinct.length;
        rows.set(key, row);
        distinct.push(chars);
      }
      index[t * N + n] = row;
    });
  });
  return { words: timeMajor(distinct), index };
}

/**
 * State-dict keys (PyTorch names): `embedding.weight` [V, E]; with a character encoder
 * `char_embedding.weight` [V_c, E_c] and `char_rnn.weight_ih_l0` [4·H_c, E_c] … `_reverse`;
 * `rnn.weight_ih_l0` [G·H, E (+ 2·H_c)] …; `head.weight` [T, D·H], `head.bias` [T].
 */
export class TaggerModel extends Module {
  readonly typeName = 'TaggerModel';
  readonly embedding: Embedding;
  /** The character embedding (padding_idx 0) and BiLSTM; null without a character encoder. */
  readonly charEncoder: { embedding: Embedding; rnn: LSTM; hiddenSize: number } | null;
  /** The frozen language model whose states join the word embedding (`model.lmFeatures`), else null. */
  readonly lm: LmFeatureTrunk | null;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  /** Dropout before the head, in training only. */
  readonly headDropout: number;
  /** Dropout on the recurrent encoder's input (word embedding ‖ character features), in training only. */
  readonly inputDropout: number;
  private readonly random: Random;
  private readonly output: OutputHead;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(options: {
    vocabSize: number;
    numTags: number;
    model: ModelSpec;
    random: Random;
    /** Character vocabulary (specials included); required when `model.charEncoder` is set. */
    charVocabSize?: number;
  }) {
    super();
    const { model, random } = options;
    const E = model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
    this.embedding = this.registerModule(
      'embedding',
      new Embedding(options.vocabSize, E, { paddingIdx: PAD_ID, random }),
    );
    this.charEncoder =
      model.charEncoder === undefined
        ? null
        : this.buildCharEncoder(model.charEncoder, options.charVocabSize ?? 0, random);
    const charFeatures = this.charEncoder === null ? 0 : 2 * this.charEncoder.hiddenSize;
    this.lm =
      model.lmFeatures === undefined
        ? null
        : this.registerModule(
            'lm',
            new LmFeatureTrunk(model.lmFeatures, { vocabSize: options.vocabSize, random }),
          );
    this.rnn = this.registerModule(
      'rnn',
      buildRecurrent(model.recurrent, {
        inputSize: E + charFeatures + (this.lm?.width ?? 0),
        random,
      }),
    );
    const D = model.recurrent.bidirectional ? 2 : 1;
    this.head = this.registerModule(
      'head',
      new Linear(D * model.recurrent.hiddenSize, options.numTags, { random }),
    );
    this.headDropout = model.headDropout ?? 0;
    this.inputDropout = model.inputDropout ?? 0;
    this.random = random;
    this.output = new OutputHead(this.head, this.headDropout, random);
  }

  private buildCharEncoder(spec: CharEncoderSpec, charVocabSize: number, random: Random) {
    const embedding = this.registerModule(
      'char_embedding',
      new Embedding(charVocabSize, spec.embeddingDim, { paddingIdx: PAD_ID, random }),
    );
    const rnn = this.registerModule(
      'char_rnn',
      new LSTM({
        inputSize: spec.embeddingDim,
        hiddenSize: spec.hiddenSize,
        bidirectional: true,
        random,
      }),
    );
    return { embedding, rnn, hiddenSize: spec.hiddenSize };
  }

  /**
   * @param batch word ids `[L, N]` time-major with lengths `[N]` (and `chars` for a character encoder)
   * @returns logits `[L, N, T]` (rows past a sentence's end are the head's bias: mask them)
   * @throws ShapeError when the model has a character encoder and `batch.chars` is missing or
   * does not cover `[L, N]`.
   */
  forward(batch: TaggerInput): Tensor {
    const features = this.features(batch);
    const logits = this.output.logits(features, this.training);
    // The head was the features' one reader: their array goes back to the pool.
    releaseDataWhenSpent(features);
    return logits;
  }

  /**
   * The training step's loss: the cross-entropy of the head over the batch's features against one
   * tag id per token (the head fused into the loss), the features given back to the array pool.
   * @throws ShapeError as {@link TaggerModel.forward}.
   */
  loss(
    batch: TaggerInput,
    targets: Int32Array | readonly number[],
    options: CrossEntropyOptions = {},
  ): Tensor {
    const features = this.features(batch);
    const loss = this.headLoss(features, targets, options);
    releaseDataWhenSpent(features);
    return loss;
  }

  /**
   * The recurrent outputs per token: the head's input. A caller that hands them to the head alone
   * gives them back with releaseDataWhenSpent once it has (forward and loss do).
   * @returns `[L, N, D·H]`, zero past each sentence's end
   * @throws ShapeError as {@link TaggerModel.forward}.
   */
  features(batch: TaggerInput): Tensor {
    const L = batch.steps;
    const N = batch.batch;
    const words = this.embedding.forward(batch.ids, [L, N]);
    let withChars = words;
    if (this.charEncoder !== null) {
      withChars = concatLast(
        [words, this.charFeatures(batch)],
        [L, N, words.shape[2] + 2 * this.charEncoder.hiddenSize],
      );
      // The concatenation copied it (its backward reads gradients only).
      releaseDataWhenSpent(words);
    }
    const x = withLmStates(this.lm, withChars, batch);
    const input =
      this.training && this.inputDropout > 0
        ? dropoutForConsumer(x, { p: this.inputDropout, random: this.random })
        : x;
    return runRecurrent(this.rnn, input, { lengths: batch.lengths }).output;
  }

  /** Cross-entropy of the head over `features` against one tag id per token, the head fused into the loss. */
  headLoss(
    features: Tensor,
    targets: Int32Array | readonly number[],
    options: CrossEntropyOptions = {},
  ): Tensor {
    return this.output.crossEntropy(features, targets, { ...options, training: this.training });
  }

  private charFeatures(batch: TaggerInput): Tensor {
    const enc = this.charEncoder as NonNullable<TaggerModel['charEncoder']>;
    const chars = batch.chars;
    if (chars === undefined) {
      throw new ShapeError(
        'TaggerModel: batch.chars must be given for a model with a character encoder, got none.',
      );
    }
    if (chars.index.length !== batch.steps * batch.batch) {
      throw new ShapeError(
        `TaggerModel: batch.chars.index must have ${batch.steps * batch.batch} entries (L·N), got ${chars.index.length}.`,
      );
    }
    const { ids, lengths, steps: C, batch: W } = chars.words;
    const Hc = enc.hiddenSize;
    const x = enc.embedding.forward(ids, [C, W]);
    const [unread, [hN]] = enc.rnn.forward(x, null, { lengths });
    // Read by the BiLSTM alone (its forward, and its backward from its cache).
    releaseDataWhenSpent(x);
    // The per-character outputs: nothing reads them (only h_n is used, and the backward of their
    // concatenation reads gradients only, which never reach it), so their array goes back now.
    releaseArray(unread.data);
    // h_n [2, W, H_c] → per word [W, 2·H_c], then one zero row (index W) for padding positions.
    const perWord = reshapeCopy(swapLeadingAxes(hN), [W, 2 * Hc]);
    const rows = concat([perWord, new Tensor(new Float32Array(2 * Hc), [1, 2 * Hc])], 0);
    const at = chars.index.map((row) => (row < 0 ? W : row));
    return indexSelect(rows, 0, at);
  }
}
