/** Every task's describeModel lists exactly the parameters its model trains: the described tensors (state-dict keys and shapes) equal the real model's, for every task and the options that change them. */
import { describe, expect, it } from 'vitest';
import { describedTensors, stateDictTensors } from '../../../test/support/taskTesting.ts';
import type { Module } from '../../nn/module.ts';
import { Random } from '../../random.ts';
import { captionModelConfig } from '../caption/describe.ts';
import { CaptionModel } from '../caption/model.ts';
import { ClassifierModel } from '../classify/model.ts';
import { ForecastModel } from '../forecast/model.ts';
import { LanguageModel } from '../generate/model.ts';
import { presetSpec } from '../presets.ts';
import { seq2seqModelConfig } from '../seq2seq/index.ts';
import { Seq2seqModel } from '../seq2seq/model.ts';
import type { ModelSpec, RecurrentSpec, RunSpec } from '../spec.ts';
import { TaggerModel } from '../tag/model.ts';
import type { SizeHints } from '../task.ts';
import { taskDefinition } from './index.ts';

const DIMS = {
  vocabSize: 311,
  targetVocabSize: 207,
  numClasses: 3,
  numTags: 9,
  numFeatures: 5,
  charVocabSize: 41,
} as const;
const HORIZON = 1;

/** The real model the task builds for `spec` with {@link DIMS}. */
function coreModel(spec: RunSpec): Module {
  const random = new Random(0);
  const model = spec.model;
  switch (spec.task) {
    case 'classify':
      return new ClassifierModel({
        vocabSize: DIMS.vocabSize,
        numClasses: DIMS.numClasses,
        model,
        random,
      });
    case 'tag':
      return new TaggerModel({
        vocabSize: DIMS.vocabSize,
        numTags: DIMS.numTags,
        charVocabSize: DIMS.charVocabSize,
        model,
        random,
      });
    case 'generate':
      return new LanguageModel({ vocabSize: DIMS.vocabSize, model, random });
    case 'forecast':
      return new ForecastModel(
        {
          features: DIMS.numFeatures,
          horizon: HORIZON,
          recurrent: model.recurrent,
          headDropout: model.headDropout ?? 0,
        },
        random,
      );
    case 'seq2seq':
      return new Seq2seqModel(
        seq2seqModelConfig(spec, DIMS.vocabSize, DIMS.targetVocabSize),
        random,
      );
    case 'caption':
      return new CaptionModel(captionModelConfig(spec, DIMS.targetVocabSize), random);
  }
}

/** The hints of {@link DIMS} for `task` (tag's tags are its classes). */
function hints(task: RunSpec['task']): SizeHints {
  const { numTags, ...rest } = DIMS;
  return task === 'tag' ? { ...rest, numClasses: numTags } : rest;
}

const stack = (extra: Partial<RecurrentSpec>): RecurrentSpec => ({
  cell: 'lstm',
  hiddenSize: 24,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  nonlinearity: 'tanh',
  ...extra,
});

function withModel(task: RunSpec['task'], model: Partial<ModelSpec>): RunSpec {
  const spec = presetSpec(task);
  return { ...spec, model: { ...spec.model, ...model } };
}

const CASES: [string, RunSpec][] = [
  ...(['classify', 'forecast', 'tag', 'seq2seq', 'generate', 'caption'] as const).map(
    (task): [string, RunSpec] => [`${task} preset`, presetSpec(task)],
  ),
  [
    'classify, 2-layer bidirectional GRU, no embedding width given',
    (() => {
      const spec = withModel('classify', {
        recurrent: stack({ cell: 'gru', numLayers: 2, bidirectional: true }),
      });
      delete spec.model.embeddingDim;
      return spec;
    })(),
  ],
  [
    'tag, word-only RNN relu, no embedding width given',
    (() => {
      const spec = withModel('tag', {
        recurrent: stack({ cell: 'rnn', nonlinearity: 'relu', bidirectional: true }),
      });
      delete spec.model.embeddingDim;
      delete spec.model.charEncoder;
      return spec;
    })(),
  ],
  [
    'tag with a character encoder',
    withModel('tag', { embeddingDim: 16, charEncoder: { embeddingDim: 7, hiddenSize: 11 } }),
  ],
  [
    'forecast, 3-layer RNN',
    withModel('forecast', { recurrent: stack({ cell: 'rnn', numLayers: 3 }) }),
  ],
  [
    'seq2seq, bidirectional LSTM encoder, GRU decoder, Bahdanau attention',
    withModel('seq2seq', {
      embeddingDim: 12,
      recurrent: stack({ bidirectional: true, hiddenSize: 10 }),
      decoder: stack({ cell: 'gru', hiddenSize: 14 }),
      attention: 'bahdanau',
    }),
  ],
  [
    'seq2seq, LSTM both sides, no attention',
    withModel('seq2seq', {
      embeddingDim: 12,
      recurrent: stack({ hiddenSize: 14 }),
      decoder: stack({ hiddenSize: 14 }),
      attention: 'none',
    }),
  ],
  [
    'caption, frozen resnet18, GRU decoder of 2 layers, Luong attention',
    withModel('caption', {
      recurrent: stack({ cell: 'gru', numLayers: 2 }),
      attention: 'luong',
      image: { backbone: 'resnet18', freeze: true, imageSize: 64 },
    }),
  ],
  [
    'caption, Show and Tell on a 2-block CNN',
    withModel('caption', {
      attention: 'none',
      image: { backbone: 'cnn', freeze: false, imageSize: 32, width: 8, blocks: 2 },
    }),
  ],
  [
    'generate, 2-layer GRU, no embedding width given',
    (() => {
      const spec = withModel('generate', { recurrent: stack({ cell: 'gru', numLayers: 2 }) });
      delete spec.model.embeddingDim;
      return spec;
    })(),
  ],
];

describe('describeModel against the models the tasks build', () => {
  it.each(CASES)('%s: the same state-dict names and shapes', (_, spec) => {
    const described = taskDefinition(spec.task).describeModel(spec, hints(spec.task));
    expect(describedTensors(described)).toEqual(stateDictTensors(coreModel(spec)));
  });
});
