/** Model presets per task: core/tasks/presets.ts's default first, then named alternatives the builder offers. */
import { presetSpec } from '../../../core/tasks/presets.ts';
import type { DataSpec, ModelSpec, TaskKind, TrainSpec } from '../../../core/tasks/spec.ts';

/** What a preset sets: the model, and the data and training settings that go with it. */
export interface TaskPreset {
  /** Stable id, used for the preset's name in the message files (`model.presets.<id>`). */
  id: string;
  task: TaskKind;
  model: ModelSpec;
  data: DataSpec;
  train: Partial<TrainSpec>;
}

const rnn = (
  cell: 'rnn' | 'lstm' | 'gru',
  hiddenSize: number,
  extra: Partial<ModelSpec['recurrent']> = {},
): ModelSpec['recurrent'] => ({
  cell,
  hiddenSize,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  nonlinearity: 'tanh',
  ...extra,
});

// NOTE: alternatives to core's defaults. Sizes follow the reference runs in
// /work/shared/data/README.md and the benchmark workloads of docs/ARCHITECTURE.md (W1–W4).
export const ALTERNATIVES: readonly TaskPreset[] = [
  {
    id: 'classify-bilstm',
    task: 'classify',
    model: {
      embeddingDim: 64,
      recurrent: rnn('lstm', 128, { bidirectional: true }),
      pooling: 'mean',
      headDropout: 0.2,
    },
    data: { tokenizer: 'char', maxLength: 100, minFreq: 1, maxVocab: 5000 },
    train: {},
  },
  {
    id: 'classify-rnn-w2',
    task: 'classify',
    model: {
      embeddingDim: 64,
      recurrent: rnn('rnn', 128, { numLayers: 2, bidirectional: true, dropout: 0.2 }),
      pooling: 'last',
      headDropout: 0,
    },
    data: { tokenizer: 'word', maxLength: 64, minFreq: 1, maxVocab: 5000 },
    train: {},
  },
  {
    id: 'forecast-gru',
    task: 'forecast',
    model: { recurrent: rnn('gru', 64), headDropout: 0 },
    data: { window: 30, horizon: 1, scaling: 'zscore', missing: 'forward-fill' },
    train: { lr: 0.003, valSplit: 0.15, testSplit: 0.15, batchSize: 32 },
  },
  {
    id: 'forecast-lstm-changes',
    task: 'forecast',
    model: { recurrent: rnn('lstm', 64, { numLayers: 2, dropout: 0.1 }), headDropout: 0 },
    data: {
      window: 30,
      horizon: 1,
      targetMode: 'change',
      scaling: 'zscore',
      missing: 'forward-fill',
    },
    train: { lr: 0.003, valSplit: 0.15, testSplit: 0.15 },
  },
  {
    id: 'tag-bilstm',
    task: 'tag',
    model: {
      embeddingDim: 100,
      recurrent: rnn('lstm', 128, { bidirectional: true }),
      headDropout: 0.1,
    },
    data: { tokenizer: 'word', minFreq: 1, maxVocab: 20000, tagField: 'upos' },
    train: {},
  },
  {
    id: 'seq2seq-gru-attention',
    task: 'seq2seq',
    model: {
      embeddingDim: 128,
      recurrent: rnn('gru', 256),
      decoder: rnn('gru', 256),
      attention: 'luong',
      headDropout: 0,
    },
    data: { tokenizer: 'word', minFreq: 1, maxVocab: 8000, maxLength: 20 },
    train: { batchSize: 64 },
  },
  {
    id: 'generate-lstm',
    task: 'generate',
    model: {
      embeddingDim: 64,
      recurrent: rnn('lstm', 256, { numLayers: 2, dropout: 0.2 }),
      headDropout: 0,
    },
    data: { tokenizer: 'char', maxLength: 100, minFreq: 1, maxVocab: 5000 },
    train: { batchSize: 64, lr: 0.002 },
  },
];

/** The presets offered for `task`: core's default (id `default`) first, then the alternatives. */
export function presetsFor(task: TaskKind): TaskPreset[] {
  const core = presetSpec(task);
  return [
    { id: 'default', task, model: core.model, data: core.data, train: core.train },
    ...ALTERNATIVES.filter((p) => p.task === task),
  ];
}

/** The parts of a preset's one-line summary, before translation. */
export interface PresetSummaryParts {
  /** e.g. `BiLSTM 128`, `GRU 64`. */
  network: string;
  /** Stacked layers (shown when above one). */
  layers: number;
  /** Text tasks: the tokenizer; absent for forecast and tag (CoNLL is already tokenized). */
  tokenizer?: NonNullable<DataSpec['tokenizer']>;
  /** seq2seq: the attention, when any. */
  attention?: 'luong' | 'bahdanau';
  /** tag: words are also read character by character (model.charEncoder). */
  charEncoder?: true;
}

/** What a preset is, in parts: `BiLSTM 128`, 2 layers, word tokens, Luong attention. */
export function presetSummaryParts(
  preset: Pick<TaskPreset, 'task' | 'model' | 'data'>,
): PresetSummaryParts {
  const r = preset.model.recurrent;
  const network = `${r.bidirectional ? 'Bi' : ''}${r.cell.toUpperCase()} ${r.hiddenSize}`;
  const textTask = preset.task !== 'forecast' && preset.task !== 'tag';
  const attention = preset.model.attention;
  return {
    network,
    layers: r.numLayers,
    ...(textTask && preset.data.tokenizer !== undefined
      ? { tokenizer: preset.data.tokenizer }
      : {}),
    ...(attention !== undefined && attention !== 'none' ? { attention } : {}),
    ...(preset.model.charEncoder !== undefined ? { charEncoder: true as const } : {}),
  };
}
