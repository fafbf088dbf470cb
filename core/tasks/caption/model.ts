/** The captioner: a CNN encoder's feature map starts a recurrent decoder (Show and Tell) or is attended over at every word (Show, Attend and Tell); the decoder is seq2seq's. */
import { ConfigError } from '../../errors.ts';
import type { Attention } from '../../nn/attention.ts';
import { Dropout } from '../../nn/dropout.ts';
import type { Embedding } from '../../nn/embedding.ts';
import { Linear } from '../../nn/linear.ts';
import type { CrossEntropyOptions } from '../../nn/losses.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import '../../tensor/ops.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { OutputHead } from '../common/head.ts';
import type { RecurrentModule, RecurrentState } from '../common/recurrent.ts';
import type { DecoderStart } from '../seq2seq/decode.ts';
import { type DecodedStep, decodeWithParts, registerDecoder } from '../seq2seq/model.ts';
import type { ImageEncoderSpec, RecurrentSpec } from '../spec.ts';
import { buildImageEncoder, featureGrid, type ImageEncoder } from './encoder.ts';

/** Sizes and options of a captioner (fitted or taken from the spec). */
export interface CaptionConfig {
  /** Caption vocabulary (specials included). */
  vocabSize: number;
  /** Width of the word embedding. */
  embeddingDim: number;
  /** The decoder stack (unidirectional). */
  decoder: RecurrentSpec;
  /** 'none': Show and Tell (the image only starts the decoder); 'bahdanau' / 'luong': it also attends over the feature map. */
  attention: 'none' | 'luong' | 'bahdanau';
  /** Dropout before the output layer (training only). */
  headDropout: number;
  /** The image encoder. */
  image: ImageEncoderSpec;
}

/**
 * @throws ConfigError for a bidirectional decoder or an image too small for the encoder.
 */
export function checkCaptionConfig(config: Pick<CaptionConfig, 'decoder' | 'image'>): void {
  if (config.decoder.bidirectional) {
    throw new ConfigError(
      'caption: model.recurrent.bidirectional must be false (the decoder writes left to right), got true.',
    );
  }
  if (featureGrid(config.image).side < 1) {
    throw new ConfigError(
      `caption: model.image.imageSize must leave a feature map of at least 1×1 after the ${config.image.backbone} encoder, got ${config.image.imageSize}.`,
    );
  }
}

/**
 * Encoder–decoder captioner. Parameter names: `encoder.*` (the CNN: `nn.Sequential` indices, or
 * torchvision's resnet18 names), `init_h.*` (and `init_c.*` for an LSTM), `tgt_embedding.weight`,
 * `decoder.*`, `attention.*` and `combine.*` with attention, `out.*`.
 *
 * The feature map [N, C, h, w] becomes h·w region vectors a_i ∈ R^C (Xu et al. 2015's
 * "annotations"); their mean ā starts the decoder: h₀ = tanh(W_h ā + b_h), c₀ = W_c ā + b_c,
 * one vector per decoder layer. With attention the decoder attends over the a_i exactly as the
 * seq2seq decoder attends over source positions (`decodeWithParts`).
 */
export class CaptionModel extends Module {
  readonly typeName = 'Caption';
  readonly config: CaptionConfig;
  readonly encoder: ImageEncoder;
  readonly initH: Linear;
  readonly initC: Linear | null = null;
  readonly tgtEmbedding: Embedding;
  readonly decoder: RecurrentModule;
  readonly attention: Attention | null;
  readonly combine: Linear | null;
  readonly out: Linear;
  private readonly featureDropout: Dropout;
  private readonly output: OutputHead;

  /** @throws ConfigError for a spec {@link checkCaptionConfig} refuses. */
  constructor(config: CaptionConfig, random: Random) {
    super();
    checkCaptionConfig(config);
    this.config = config;
    const { channels: C } = featureGrid(config.image);
    const { hiddenSize: Hd, numLayers: L } = config.decoder;
    const E = config.embeddingDim;
    this.encoder = buildImageEncoder(config.image, random);
    this.registerModule('encoder', this.encoder.module);
    if (config.image.freeze) {
      for (const p of this.encoder.module.parameters()) p.requiresGrad = false;
    }
    this.initH = this.registerModule('init_h', new Linear(C, L * Hd, { random }));
    if (config.decoder.cell === 'lstm') {
      this.initC = this.registerModule('init_c', new Linear(C, L * Hd, { random }));
    }
    const parts = registerDecoder((name, module) => this.registerModule(name, module), {
      vocabSize: config.vocabSize,
      embeddingDim: E,
      memoryWidth: C,
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
    // NOTE: registered (it holds no weights) so that eval() reaches it: feature dropout is for training only.
    this.featureDropout = this.registerModule(
      'feature_dropout',
      new Dropout({ p: config.image.featureDropout ?? 0, random }),
    );
  }

  /** Training mode, except a frozen encoder, which stays in evaluation mode (its BatchNorm statistics fixed). */
  override train(): this {
    super.train();
    if (this.config.image.freeze) this.encoder.module.eval();
    return this;
  }

  /**
   * The encoder's feature map of normalised images; zeros of the same shape (without running the
   * encoder) for the `zeroImage` ablation.
   * @param images [N, 3, S, S].
   * @returns [N, C, h, w].
   */
  featureMap(images: Tensor): Tensor {
    if (this.config.image.zeroImage === true) {
      const { channels, side } = featureGrid(this.config.image);
      const N = images.shape[0] as number;
      return new Tensor(new Float32Array(N * channels * side * side), [N, channels, side, side]);
    }
    return this.encoder.featureMap(images);
  }

  /**
   * The decoder's start from feature maps: the initial state from the mean region vector and, with
   * attention, the memory over the h·w regions.
   * @param features [B, C, h, w].
   * @param rows optional image index per decoded row (an image with five captions decodes five
   *   rows); default one row per image.
   */
  start(features: Tensor, rows?: Int32Array): DecoderStart & { regions: number } {
    const [B, C, h, w] = features.shape as [number, number, number, number];
    let regions = features.reshape([B, C, h * w]).permute([0, 2, 1]);
    if (rows !== undefined) regions = regions.indexSelect(0, rows);
    regions = this.featureDropout.forward(regions);
    const N = regions.shape[0] as number;
    const mean = regions.mean(1);
    const { hiddenSize: Hd, numLayers: L } = this.config.decoder;
    const layered = (t: Tensor): Tensor => t.reshape([N, L, Hd]).permute([1, 0, 2]);
    const state: RecurrentState = {
      h: layered(this.initH.forward(mean).tanh()),
      c: this.initC === null ? null : layered(this.initC.forward(mean)),
    };
    const memory = this.attention === null ? null : this.attention.memory(regions);
    return { state, memory, regions: h * w };
  }

  /**
   * One decoder pass (teacher forcing, or one step when T = 1), as seq2seq's `decode`.
   * @returns logits [N, T, V], the state after the last step and attention weights [N, T, h·w].
   */
  decode(
    ids: Int32Array,
    shape: [number, number],
    state: RecurrentState,
    memory: DecoderStart['memory'],
  ): DecodedStep & { logits: Tensor } {
    const r = decodeWithParts(this, ids, shape, state, memory);
    return {
      logits: this.output.logits(r.features, this.training),
      state: r.state,
      weights: r.weights,
    };
  }

  /** Teacher-forced cross-entropy of target ids after a start, the head fused into the loss. */
  loss(
    start: DecoderStart,
    batch: { tgtIn: Int32Array; tgtOut: Int32Array; tgtShape: [number, number] },
    options: CrossEntropyOptions = {},
  ): Tensor {
    const r = decodeWithParts(this, batch.tgtIn, batch.tgtShape, start.state, start.memory);
    return this.output.crossEntropy(r.features, batch.tgtOut, {
      ...options,
      training: this.training,
    });
  }
}
