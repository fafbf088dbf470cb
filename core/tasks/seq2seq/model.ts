/** The seq2seq network: embedding → recurrent encoder, a bridge of final states, and an attentional recurrent decoder over the target vocabulary. */
import { ConfigError } from '../../errors.ts';
import { releaseArray } from '../../kernels/arrayPool.ts';
import type { AttentionMemory } from '../../nn/attention.ts';
import { Attention } from '../../nn/attention.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import type { CrossEntropyOptions } from '../../nn/losses.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import { releaseDataAfterBackward, releaseDataWhenSpent } from '../../tensor/autograd.ts';
import { concat } from '../../tensor/ops.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { OutputHead } from '../common/head.ts';
import {
  buildRecurrent,
  type RecurrentModule,
  type RecurrentState,
  runRecurrent,
} from '../common/recurrent.ts';
import {
  DEFAULT_ATTENTION,
  DEFAULT_EMBEDDING_DIMS,
  type RecurrentSpec,
  type RunSpec,
  seq2seqDecoder,
} from '../spec.ts';

/** Embedding width when the spec does not say. */
export const DEFAULT_EMBEDDING_DIM = DEFAULT_EMBEDDING_DIMS.seq2seq;

/** Sizes and options of a seq2seq network (all fitted or taken from the spec). */
export interface Seq2seqConfig {
  /** Source vocabulary size (specials included). */
  srcVocab: number;
  /** Target vocabulary size (specials included). */
  tgtVocab: number;
  /** Width of both embeddings. */
  embeddingDim: number;
  /** Encoder stack (may be bidirectional). */
  encoder: RecurrentSpec;
  /** Decoder stack (unidirectional, same number of layers as the encoder). */
  decoder: RecurrentSpec;
  /** 'luong' (general score, after the decoder step), 'bahdanau' (additive, before it) or 'none'. */
  attention: 'none' | 'luong' | 'bahdanau';
  /** Dropout before the output layer (training only). */
  headDropout: number;
}

/** What a decoder pass leaves besides its output: the state and the attention weights. */
export interface DecodedStep {
  /** The state after the last step. */
  state: RecurrentState;
  /** Attention weights [N, T, S] (a softmax over source positions, 0 at padding); null without attention. */
  weights: Tensor | null;
}

/** A source batch run through the encoder: attention memory and the decoder's initial state. */
export interface Encoded {
  /** Null when the model has no attention. */
  memory: AttentionMemory | null;
  state: RecurrentState;
}

/**
 * Checks the encoder/decoder combination.
 * @throws ConfigError for a bidirectional decoder or different layer counts.
 */
export function checkSeq2seqConfig(config: Pick<Seq2seqConfig, 'encoder' | 'decoder'>): void {
  if (config.decoder.bidirectional) {
    throw new ConfigError(
      'seq2seq: model.decoder.bidirectional must be false (a decoder reads left to right), got true.',
    );
  }
  if (config.decoder.numLayers !== config.encoder.numLayers) {
    throw new ConfigError(
      `seq2seq: model.decoder.numLayers must equal the encoder's ${config.encoder.numLayers} (states are bridged layer by layer), got ${config.decoder.numLayers}.`,
    );
  }
}

/** The decoder side the seq2seq model and the captioner share, as registered on its owner. */
export interface DecoderModules {
  tgtEmbedding: Embedding;
  decoder: RecurrentModule;
  attention: Attention | null;
  combine: Linear | null;
  out: Linear;
}

/**
 * Builds and registers the decoder side in the order its weights are drawn and named (PyTorch's
 * state-dict names): `tgt_embedding`, `decoder`, then `attention` and `combine` when it attends
 * over a memory of `memoryWidth` features, and the vocabulary head `out`.
 */
export function registerDecoder(
  register: <M extends Module>(name: string, module: M) => M,
  o: {
    vocabSize: number;
    embeddingDim: number;
    memoryWidth: number;
    decoder: RecurrentSpec;
    attention: 'none' | 'luong' | 'bahdanau';
    random: Random;
  },
): DecoderModules {
  const { random, memoryWidth: C } = o;
  const Hd = o.decoder.hiddenSize;
  const tgtEmbedding = register(
    'tgt_embedding',
    new Embedding(o.vocabSize, o.embeddingDim, { paddingIdx: 0, random }),
  );
  const decoderInput = o.attention === 'bahdanau' ? o.embeddingDim + C : o.embeddingDim;
  const decoder = register(
    'decoder',
    buildRecurrent(o.decoder, { inputSize: decoderInput, random, batchFirst: true }),
  );
  let attention: Attention | null = null;
  let combine: Linear | null = null;
  if (o.attention !== 'none') {
    attention = register(
      'attention',
      new Attention({
        kind: o.attention === 'luong' ? 'general' : 'bahdanau',
        queryDim: Hd,
        keyDim: C,
        random,
      }),
    );
    combine = register('combine', new Linear(Hd + C, Hd, { random }));
  }
  const out = register('out', new Linear(Hd, o.vocabSize, { random }));
  return { tgtEmbedding, decoder, attention, combine, out };
}

/**
 * Encoder–decoder network. Parameter names: `src_embedding.weight`, `encoder.*` (PyTorch RNN
 * names), `bridge_h.*` / `bridge_c.*` when states need mapping, `tgt_embedding.weight`,
 * `decoder.*`, `attention.*` and `combine.*` with attention, `out.*`.
 *
 * Bridge: per layer the encoder's final states of both directions are concatenated
 * ([h_fwd; h_bwd], D·H_enc) and mapped by h₀ = tanh(W_h·[…] + b_h) (c₀ = W_c·[…] + b_c for
 * LSTM to LSTM) — "concat-project". A unidirectional encoder whose hidden size equals the
 * decoder's passes its states through unchanged. An LSTM decoder after a GRU/RNN encoder
 * starts from c₀ = 0.
 *
 * Attention: Luong (2015) 'general' scores with the decoder output h_t as query, then
 * h̃_t = tanh(W_c[h_t; c_t]) → logits (no input feeding); Bahdanau (2015) additive scores with
 * the previous top-layer state as query, the context concatenated to the embedding as the
 * decoder input, then the same combine layer.
 */
export class Seq2seqModel extends Module {
  readonly typeName = 'Seq2seq';
  readonly config: Seq2seqConfig;
  readonly srcEmbedding: Embedding;
  readonly encoder: RecurrentModule;
  readonly bridgeH: Linear | null = null;
  readonly bridgeC: Linear | null = null;
  readonly tgtEmbedding: Embedding;
  readonly decoder: RecurrentModule;
  readonly attention: Attention | null;
  readonly combine: Linear | null;
  readonly out: Linear;
  private readonly output: OutputHead;

  /** @throws ConfigError for a spec combination {@link checkSeq2seqConfig} refuses or bad sizes. */
  constructor(config: Seq2seqConfig, random: Random) {
    super();
    checkSeq2seqConfig(config);
    this.config = config;
    const E = config.embeddingDim;
    const D = config.encoder.bidirectional ? 2 : 1;
    const encWidth = D * config.encoder.hiddenSize;
    const Hd = config.decoder.hiddenSize;
    this.srcEmbedding = this.registerModule(
      'src_embedding',
      new Embedding(config.srcVocab, E, { paddingIdx: 0, random }),
    );
    this.encoder = this.registerModule(
      'encoder',
      buildRecurrent(config.encoder, { inputSize: E, random, batchFirst: true }),
    );
    if (D !== 1 || encWidth !== Hd) {
      this.bridgeH = this.registerModule('bridge_h', new Linear(encWidth, Hd, { random }));
      if (config.encoder.cell === 'lstm' && config.decoder.cell === 'lstm') {
        this.bridgeC = this.registerModule('bridge_c', new Linear(encWidth, Hd, { random }));
      }
    }
    const parts = registerDecoder((name, module) => this.registerModule(name, module), {
      vocabSize: config.tgtVocab,
      embeddingDim: E,
      memoryWidth: encWidth,
      decoder: config.decoder,
      attention: config.attention,
      random,
    });
    this.tgtEmbedding = parts.tgtEmbedding;
    this.decoder = parts.decoder;
    this.attention = parts.attention;
    this.combine = parts.combine;
    this.out = parts.out;
    this.output = new OutputHead(this.out, config.headDropout, random);
  }

  /**
   * Encodes a padded source batch.
   * @param ids [N·S] row-major source ids (0 = padding).
   * @param shape [N, S].
   * @param lengths [N] true lengths, each ≥ 1.
   * @throws ShapeError for inconsistent sizes.
   */
  encode(ids: Int32Array, shape: [number, number], lengths: Int32Array): Encoded {
    const [N, S] = shape;
    const emb = this.srcEmbedding.forward(ids, shape);
    const { output, state } = runRecurrent(this.encoder, emb, { lengths });
    // The embeddings' one reader is the encoder (its first layer, or its time-major copy).
    releaseDataWhenSpent(emb);
    const mask = new Float32Array(N * S);
    for (let n = 0; n < N; n++) mask.fill(1, n * S, n * S + (lengths[n] as number));
    // Without attention nothing reads the outputs: their array goes back to the pool at once.
    if (this.attention === null) releaseArray(output.data);
    const memory = this.attention === null ? null : this.attention.memory(output, mask);
    return { memory, state: this.bridge(state, N) };
  }

  /** Encoder final states → decoder initial states, as the class comment describes. */
  private bridge(state: RecurrentState, N: number): RecurrentState {
    const L = this.config.encoder.numLayers;
    const D = this.config.encoder.bidirectional ? 2 : 1;
    const He = this.config.encoder.hiddenSize;
    const decoderLstm = this.config.decoder.cell === 'lstm';
    const joined = (t: Tensor): Tensor =>
      t
        .reshape([L, D, N, He])
        .permute([0, 2, 1, 3])
        .reshape([L, N, D * He]);
    if (this.bridgeH === null) {
      return { h: state.h, c: decoderLstm ? state.c : null };
    }
    // The projection is read by its tanh alone.
    const h = releaseDataAfterBackward(this.bridgeH.forward(joined(state.h))).tanh();
    const c =
      this.bridgeC !== null && state.c !== null ? this.bridgeC.forward(joined(state.c)) : null;
    return { h, c: decoderLstm ? c : null };
  }

  /**
   * Runs the decoder over target input ids (teacher forcing, or one step at a time when T = 1).
   * @param ids [N·T] row-major previous-token ids (starting with <bos>).
   * @param shape [N, T].
   * @returns logits [N, T, V_tgt], the state after the last step, and the attention weights
   *   [N, T, S] (null without attention).
   * @throws ShapeError for inconsistent sizes.
   */
  decode(
    ids: Int32Array,
    shape: [number, number],
    state: RecurrentState,
    memory: AttentionMemory | null,
  ): DecodedStep & { logits: Tensor } {
    const r = this.decodeFeatures(ids, shape, state, memory);
    return {
      logits: this.output.logits(r.features, this.training),
      state: r.state,
      weights: r.weights,
    };
  }

  /**
   * Like {@link Seq2seqModel.decode}, stopping before the output head.
   * @returns the head's input `[N, T, H_d]` (the decoder outputs, combined with the attention
   *   context when there is attention), the state after the last step, and the attention
   *   weights `[N, T, S]` that the attention already computed (null without attention).
   */
  decodeFeatures(
    ids: Int32Array,
    shape: [number, number],
    state: RecurrentState,
    memory: AttentionMemory | null,
  ): DecodedStep & { features: Tensor } {
    return decodeWithParts(this, ids, shape, state, memory);
  }

  /** Cross-entropy of the output head over `features` `[N, T, H_d]` against target ids, the head fused into the loss. */
  headLoss(
    features: Tensor,
    targets: Int32Array | readonly number[],
    options: CrossEntropyOptions = {},
  ): Tensor {
    return this.output.crossEntropy(features, targets, { ...options, training: this.training });
  }
}

/**
 * The decoder half of an attentional encoder–decoder, shared by seq2seq and caption (whose
 * "source" is an image's feature map): the target embedding, the recurrent decoder and, with
 * attention, the attention and combine layers.
 */
export interface DecoderParts {
  readonly config: {
    readonly attention: 'none' | 'luong' | 'bahdanau';
    readonly decoder: RecurrentSpec;
  };
  readonly tgtEmbedding: Embedding;
  readonly decoder: RecurrentModule;
  readonly attention: Attention | null;
  readonly combine: Linear | null;
}

/** tanh(combine([output ‖ context])): the attentional hidden state (Luong et al. 2015, eq. 5). */
function combined(parts: DecoderParts, output: Tensor, context: Tensor): Tensor {
  // The concatenation and the projection are each read by the next op alone (its forward and its
  // backward): their arrays go back to the pool once the backward walk has passed them.
  const joined = releaseDataAfterBackward(concat([output, context], 2));
  return releaseDataAfterBackward((parts.combine as Linear).forward(joined)).tanh();
}

/**
 * Runs a decoder over target input ids (teacher forcing, or one step when T = 1), stopping before
 * the output head; {@link Seq2seqModel.decodeFeatures} is this with the model's own parts.
 * @param ids [N·T] row-major previous-token ids (starting with <bos>); shape [N, T].
 * @param memory the attention memory over the source (or image regions), null without attention.
 * @returns the head's input [N, T, H_d], the state after the last step and the attention weights
 *   [N, T, S] (null without attention).
 */
export function decodeWithParts(
  parts: DecoderParts,
  ids: Int32Array,
  shape: [number, number],
  state: RecurrentState,
  memory: AttentionMemory | null,
): DecodedStep & { features: Tensor } {
  const [N, T] = shape;
  const emb = parts.tgtEmbedding.forward(ids, shape);
  if (parts.config.attention !== 'bahdanau') {
    const r = runRecurrent(parts.decoder, emb, { state });
    if (parts.attention === null || memory === null) {
      return { features: r.output, state: r.state, weights: null };
    }
    const { context, weights } = parts.attention.attend(r.output, memory);
    // The context is read by the concatenation in `combined` alone.
    releaseDataAfterBackward(context);
    return { features: combined(parts, r.output, context), state: r.state, weights };
  }
  const L = parts.config.decoder.numLayers;
  const Hd = parts.config.decoder.hiddenSize;
  const steps: Tensor[] = [];
  const stepWeights: Tensor[] = [];
  let s = state;
  for (let t = 0; t < T; t++) {
    // Bahdanau: the query is the top layer's state before the step; the context joins the input.
    const query = s.h.narrow(0, L - 1, 1).reshape([N, 1, Hd]);
    const { context, weights } = (parts.attention as Attention).attend(
      query,
      memory as AttentionMemory,
    );
    const input = concat([emb.narrow(1, t, 1), context], 2);
    const r = runRecurrent(parts.decoder, input, { state: s });
    s = r.state;
    steps.push(combined(parts, r.output, context));
    stepWeights.push(weights);
  }
  const joined = (pieces: Tensor[]): Tensor =>
    pieces.length === 1 ? (pieces[0] as Tensor) : concat(pieces, 1);
  return { features: joined(steps), state: s, weights: joined(stepWeights) };
}

/** The model's configuration for a spec and the two vocabularies' sizes (the spec's defaults filled in). */
export function seq2seqModelConfig(
  spec: RunSpec,
  srcVocab: number,
  tgtVocab: number,
): Seq2seqConfig {
  return {
    srcVocab,
    tgtVocab,
    embeddingDim: spec.model.embeddingDim ?? DEFAULT_EMBEDDING_DIM,
    encoder: spec.model.recurrent,
    decoder: seq2seqDecoder(spec.model),
    attention: spec.model.attention ?? DEFAULT_ATTENTION,
    headDropout: spec.model.headDropout ?? 0,
  };
}
