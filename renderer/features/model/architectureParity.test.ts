/** The model builder shows exactly the parameters the core will train: the builder's parameter tensors (names and shapes) equal the real model's, for every task and the options that change them. */
import { describe, expect, it } from 'vitest';
import type { Module } from '../../../core/nn/module.ts';
import { Random } from '../../../core/random.ts';
import { ClassifierModel } from '../../../core/tasks/classify/model.ts';
import { ForecastModel } from '../../../core/tasks/forecast/model.ts';
import { LanguageModel } from '../../../core/tasks/generate/model.ts';
import { seq2seqModelConfig } from '../../../core/tasks/seq2seq/index.ts';
import { Seq2seqModel } from '../../../core/tasks/seq2seq/model.ts';
import type { ModelSpec, RecurrentSpec, RunSpec } from '../../../core/tasks/spec.ts';
import { TaggerModel } from '../../../core/tasks/tag/model.ts';
import { defaultRunSpec } from '../../app/runSpec.ts';
import { type DatasetDims, describeArchitecture } from './architecture.ts';

const DIMS = {
  vocabSize: 311,
  targetVocabSize: 207,
  numClasses: 3,
  numTags: 9,
  numFeatures: 5,
  charVocabSize: 41,
} satisfies DatasetDims;
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
  }
}

/** `weight_ih_l0 [96, 16]`: the tensor's own name (the cards list them under their module) and shape. */
const entry = (name: string, shape: readonly number[]): string =>
  `${name.slice(name.lastIndexOf('.') + 1)} [${shape.join(', ')}]`;

function coreParams(spec: RunSpec): string[] {
  return [...coreModel(spec).namedParameters()].map(([n, p]) => entry(n, p.shape)).sort();
}

function builderParams(spec: RunSpec): string[] {
  return describeArchitecture(spec, DIMS, { batchFirst: false })
    .layers.flatMap((l) => l.params.map((p) => entry(p.name, p.shape)))
    .sort();
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
  const spec = defaultRunSpec(task);
  return { ...spec, model: { ...spec.model, ...model } };
}

const CASES: [string, RunSpec][] = [
  ...(['classify', 'forecast', 'tag', 'seq2seq', 'generate'] as const).map(
    (task): [string, RunSpec] => [`${task} preset`, defaultRunSpec(task)],
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
    'generate, 2-layer GRU, no embedding width given',
    (() => {
      const spec = withModel('generate', { recurrent: stack({ cell: 'gru', numLayers: 2 }) });
      delete spec.model.embeddingDim;
      return spec;
    })(),
  ],
];

describe('model builder against the core models', () => {
  it.each(CASES)('%s: the same state-dict names and shapes', (_, spec) => {
    expect(builderParams(spec)).toEqual(coreParams(spec));
  });
});
