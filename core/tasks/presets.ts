/** Default run specs per task: what the CLI and the UI start from before the user changes anything. */
import { copySpec, type RunSpec, type TaskKind } from './spec.ts';

const COMMON_TRAIN: RunSpec['train'] = {
  epochs: 10,
  batchSize: 32,
  lr: 2e-3,
  optimizer: 'adam',
  weightDecay: 0,
  // NOTE: clipping is on by default for recurrent models: exploding gradients are the usual
  // way an RNN run diverges (Pascanu et al. 2013, https://arxiv.org/abs/1211.5063).
  clipNorm: 1,
  schedule: 'constant',
  seed: 0,
  valSplit: 0.1,
  testSplit: 0.1,
  earlyStoppingPatience: 3,
  maxMinutes: 0,
};

/**
 * caption: Show and Tell on a small CNN trained from scratch (three blocks of 16, 32, 64
 * channels), as the recipe of docs/results.md (which adds 48-pixel images, 30 epochs, patience 8);
 * `--attention bahdanau` attends over the regions. Every caption of a batch's images trains at
 * once, so `batchSize` counts images.
 */
const CAPTION_PRESET: RunSpec = {
  version: 1,
  task: 'caption',
  data: { tokenizer: 'word', minFreq: 2, maxVocab: 10_000, maxLength: 20 },
  model: {
    embeddingDim: 64,
    recurrent: {
      cell: 'lstm',
      hiddenSize: 128,
      numLayers: 1,
      bidirectional: false,
      dropout: 0,
      nonlinearity: 'tanh',
    },
    attention: 'none',
    headDropout: 0.3,
    image: {
      backbone: 'cnn',
      freeze: false,
      imageSize: 32,
      width: 16,
      blocks: 3,
      featureDropout: 0.2,
    },
  },
  train: { ...COMMON_TRAIN, epochs: 15, batchSize: 16, lr: 2e-3, earlyStoppingPatience: 4 },
};

const PRESETS: Record<TaskKind, RunSpec> = {
  caption: CAPTION_PRESET,
  classify: {
    version: 1,
    task: 'classify',
    data: { tokenizer: 'word', minFreq: 2, maxVocab: 20_000, maxLength: 128 },
    model: {
      embeddingDim: 64,
      recurrent: {
        cell: 'gru',
        hiddenSize: 128,
        numLayers: 1,
        bidirectional: true,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      pooling: 'max',
      headDropout: 0.2,
    },
    train: COMMON_TRAIN,
  },
  tag: {
    version: 1,
    task: 'tag',
    data: { tagField: 'upos', minFreq: 1, maxVocab: 30_000, maxLength: 128 },
    model: {
      embeddingDim: 100,
      recurrent: {
        cell: 'lstm',
        hiddenSize: 128,
        numLayers: 1,
        bidirectional: true,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      headDropout: 0.2,
      // NOTE: a character BiLSTM per word (Lample et al. 2016, https://arxiv.org/abs/1603.01360,
      // 25 + 25) carries unseen words and capitalisation: +20 points UPOS on UD Korean KAIST,
      // where half the test eojeol are unseen, for 2–2.5 times the training time.
      charEncoder: { embeddingDim: 25, hiddenSize: 25 },
    },
    train: COMMON_TRAIN,
  },
  generate: {
    version: 1,
    task: 'generate',
    // NOTE: for generate, maxLength is the length of the training chunks (truncated BPTT window).
    data: { tokenizer: 'char', minFreq: 1, maxVocab: 5_000, maxLength: 100 },
    model: {
      embeddingDim: 64,
      recurrent: {
        cell: 'lstm',
        hiddenSize: 256,
        numLayers: 1,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      headDropout: 0.1,
    },
    train: { ...COMMON_TRAIN, lr: 3e-3 },
  },
  forecast: {
    version: 1,
    task: 'forecast',
    data: {
      window: 30,
      horizon: 1,
      scaling: 'zscore',
      missing: 'forward-fill',
    },
    model: {
      recurrent: {
        cell: 'lstm',
        hiddenSize: 64,
        numLayers: 1,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      headDropout: 0,
    },
    train: { ...COMMON_TRAIN, epochs: 30, batchSize: 64, lr: 1e-3, earlyStoppingPatience: 5 },
  },
  seq2seq: {
    version: 1,
    task: 'seq2seq',
    data: { tokenizer: 'word', minFreq: 1, maxVocab: 20_000, maxLength: 30 },
    model: {
      embeddingDim: 128,
      recurrent: {
        cell: 'gru',
        hiddenSize: 256,
        numLayers: 1,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      decoder: {
        cell: 'gru',
        hiddenSize: 256,
        numLayers: 1,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      attention: 'luong',
      headDropout: 0.1,
    },
    train: { ...COMMON_TRAIN, epochs: 20, batchSize: 64, lr: 1e-3 },
  },
};

/**
 * The default run spec of a task: cell, sizes, tokenizer, learning rate, epochs, batch size,
 * gradient clipping on. Returns a fresh deep copy the caller may change.
 */
export function presetSpec(kind: TaskKind): RunSpec {
  return copySpec(PRESETS[kind]);
}
