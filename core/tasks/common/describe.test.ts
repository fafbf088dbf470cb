/** Tests of the model describer's pieces and of every task's description: PyTorch's parameter counts, state-dict names and shapes, modules as PyTorch takes them, and shapes in both layouts. */
import { describe, expect, it } from 'vitest';
import { TASK_KINDS } from '../../data/roles.ts';
import { GRU, LSTM, RNN } from '../../nn/rnn.ts';
import { presetSpec } from '../presets.ts';
import { taskDefinition } from '../registry/index.ts';
import type { RecurrentSpec, RunSpec } from '../spec.ts';
import {
  headDropoutLayers,
  recurrentLayer,
  recurrentModule,
  recurrentParameterCount,
  recurrentTensors,
  shapeNotation,
} from './describe.ts';

const base: RecurrentSpec = {
  cell: 'lstm',
  hiddenSize: 128,
  numLayers: 2,
  bidirectional: true,
  dropout: 0.2,
  nonlinearity: 'tanh',
};

const stack = (extra: Partial<RecurrentSpec>): RecurrentSpec => ({
  ...base,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  ...extra,
});

const describeSpec = (spec: RunSpec, hints = {}, batchFirst = false) =>
  taskDefinition(spec.task).describeModel(spec, hints, { batchFirst });

describe('recurrentParameterCount', () => {
  it.each(['lstm', 'gru', 'rnn'] as const)('equals the %s module’s own parameter count', (cell) => {
    const spec = { ...base, cell, hiddenSize: 7, numLayers: 3 };
    const module =
      cell === 'lstm'
        ? new LSTM({ inputSize: 5, hiddenSize: 7, numLayers: 3, bidirectional: true })
        : cell === 'gru'
          ? new GRU({ inputSize: 5, hiddenSize: 7, numLayers: 3, bidirectional: true })
          : new RNN({ inputSize: 5, hiddenSize: 7, numLayers: 3, bidirectional: true });
    const count = module.parameters().reduce((s, p) => s + p.size, 0);
    expect(recurrentParameterCount(spec, 5)).toBe(count);
  });

  // Expected numbers printed by PyTorch 1.13: sum(p.numel() for p in m.parameters()).
  it('counts what torch counts for RNN, LSTM and GRU stacks', () => {
    expect(recurrentParameterCount({ ...base, numLayers: 1 }, 100)).toBe(235_520);
    expect(recurrentParameterCount(stack({ numLayers: 2, bidirectional: true }), 64)).toBe(593_920);
    expect(recurrentParameterCount(stack({ cell: 'gru', hiddenSize: 256 }), 100)).toBe(274_944);
    expect(recurrentParameterCount(stack({ cell: 'rnn', hiddenSize: 256 }), 4)).toBe(67_072);
    expect(
      recurrentParameterCount(stack({ cell: 'rnn', numLayers: 2, bidirectional: true }), 64),
    ).toBe(148_480);
    expect(
      recurrentParameterCount(
        stack({ cell: 'gru', hiddenSize: 64, numLayers: 3, bidirectional: true }),
        32,
      ),
    ).toBe(186_624);
  });

  it('names and shapes tensors as nn.LSTM state_dict() does', () => {
    const tensors = recurrentTensors(
      stack({ hiddenSize: 8, numLayers: 2, bidirectional: true }),
      5,
    );
    expect(tensors.slice(0, 4)).toEqual([
      { name: 'weight_ih_l0', shape: [32, 5] },
      { name: 'weight_hh_l0', shape: [32, 8] },
      { name: 'bias_ih_l0', shape: [32] },
      { name: 'bias_hh_l0', shape: [32] },
    ]);
    expect(tensors.map((p) => p.name)).toContain('weight_ih_l1_reverse');
    expect(tensors.find((p) => p.name === 'weight_ih_l1')?.shape).toEqual([32, 16]);
  });
});

describe('recurrentLayer', () => {
  it('prints the module as PyTorch takes it, batch_first included', () => {
    expect(recurrentModule(base, 64, { batchFirst: false })).toBe(
      'nn.LSTM(64, 128, num_layers=2, dropout=0.2, bidirectional=True)',
    );
    expect(
      recurrentModule(stack({ cell: 'rnn', nonlinearity: 'relu' }), 4, { batchFirst: true }),
    ).toBe("nn.RNN(4, 128, nonlinearity='relu', batch_first=True)");
  });

  it('gives output, h_n and c_n of a bidirectional 2-layer LSTM under its state-dict prefix', () => {
    const layer = recurrentLayer({
      kind: 'encoder',
      prefix: 'rnn',
      spec: base,
      inputSize: 64,
      notation: { batchFirst: false },
    });
    expect(layer.inputs.map((s) => shapeNotation(s.dims))).toEqual(['(L, N, 64)']);
    expect(layer.outputs.map((s) => `${s.name} ${shapeNotation(s.dims)}`)).toEqual([
      'output (L, N, 256)',
      'h_n (4, N, 128)',
      'c_n (4, N, 128)',
    ]);
    expect(layer.tensors[0]).toEqual({ name: 'rnn.weight_ih_l0', shape: [512, 64] });
    expect(layer.parameters).toBe(recurrentParameterCount(base, 64));
  });
});

describe('headDropoutLayers', () => {
  it('lists nn.Dropout(p) for a positive p and nothing for 0 or none', () => {
    const io = { name: 'pooled', dims: ['N', 8] as const };
    expect(headDropoutLayers(0.25, io).map((l) => l.module)).toEqual(['nn.Dropout(p=0.25)']);
    expect(headDropoutLayers(0, io)).toEqual([]);
    expect(headDropoutLayers(undefined, io)).toEqual([]);
  });
});

describe('describeModel', () => {
  it('counts embedding, a bidirectional 2-layer LSTM and the head of a classifier', () => {
    const spec = presetSpec('classify');
    spec.model = {
      ...spec.model,
      embeddingDim: 64,
      recurrent: stack({ numLayers: 2, bidirectional: true }),
    };
    const model = describeSpec(spec, { vocabSize: 500, numClasses: 2 });
    expect(model.layers.find((l) => l.kind === 'encoder')?.parameters).toBe(593_920);
    expect(model.layers.at(-1)?.module).toBe('nn.Linear(256, 2)');
    expect(model.totalParameters).toBe(500 * 64 + 593_920 + 514);
  });

  it('puts the batch first with batch_first, but never in h_n', () => {
    const spec = presetSpec('tag');
    delete spec.model.charEncoder;
    const model = describeSpec(spec, { vocabSize: 100, numClasses: 17 }, true);
    const encoder = model.layers.find((l) => l.kind === 'encoder');
    const E = model.layers[0]?.outputs[0]?.dims.at(-1);
    expect(encoder?.inputs[0]?.dims).toEqual(['N', 'L', E]);
    expect(encoder?.outputs[1]?.dims).toEqual([
      (spec.model.recurrent.bidirectional ? 2 : 1) * spec.model.recurrent.numLayers,
      'N',
      spec.model.recurrent.hiddenSize,
    ]);
    expect(model.layers.at(-1)?.outputs[0]?.dims).toEqual(['N', 'L', 17]);
  });

  it('feeds forecast features straight into the recurrent layer and predicts the horizon', () => {
    const spec = presetSpec('forecast');
    spec.data.horizon = 7;
    spec.model = {
      ...spec.model,
      recurrent: stack({ cell: 'gru', hiddenSize: 64 }),
      headDropout: 0,
    };
    const model = describeSpec(spec, { numFeatures: 4 });
    expect(model.layers.map((l) => l.kind)).toEqual(['encoder', 'pooling', 'head']);
    expect(model.layers[0]?.module).toBe('nn.GRU(4, 64)');
    expect(model.layers.at(-1)?.outputs[0]?.dims).toEqual(['N', 7]);
    expect(model.totalParameters).toBe(3 * 64 * (4 + 64) + 6 * 64 + 64 * 7 + 7);
  });

  it('gives seq2seq an encoder, a decoder over the target length T and Luong attention after it', () => {
    const spec = presetSpec('seq2seq');
    spec.model = {
      embeddingDim: 128,
      recurrent: stack({ cell: 'gru', hiddenSize: 256 }),
      decoder: stack({ cell: 'gru', hiddenSize: 256 }),
      attention: 'luong',
      headDropout: 0,
    };
    const model = describeSpec(spec, { vocabSize: 3000, targetVocabSize: 2000 });
    expect(model.layers.map((l) => l.kind)).toEqual([
      'embedding',
      'encoder',
      'decoder-embedding',
      'decoder',
      'attention',
      'head',
    ]);
    expect(model.layers.find((l) => l.kind === 'decoder')?.inputs[0]?.dims).toEqual([
      'T',
      'N',
      128,
    ]);
    expect(model.layers.at(-1)?.module).toBe('nn.Linear(256, 2000)');
  });

  it('widens the tagger’s recurrent input by the character encoder’s 2·h features', () => {
    const spec = presetSpec('tag');
    spec.model = {
      ...spec.model,
      embeddingDim: 100,
      charEncoder: { embeddingDim: 25, hiddenSize: 30 },
    };
    const model = describeSpec(spec, { vocabSize: 5000, numClasses: 17, charVocabSize: 80 });
    expect(model.layers.map((l) => l.kind).slice(0, 3)).toEqual([
      'embedding',
      'char-encoder',
      'encoder',
    ]);
    const chars = model.layers[1];
    expect(chars?.inputs[0]?.dims).toEqual(['C', 'W']);
    expect(chars?.outputs.map((s) => `${s.name} ${shapeNotation(s.dims)}`)).toEqual([
      'features (L, N, 160)',
      'char features (L, N, 60)',
    ]);
    // nn.Embedding(80, 25) + nn.LSTM(25, 30, bidirectional=True): 80·25 + 2·(120·25 + 120·30 + 240).
    expect(chars?.parameters).toBe(80 * 25 + 2 * (120 * 25 + 120 * 30 + 240));
    expect(
      model.layers[2]?.module.startsWith(`nn.${spec.model.recurrent.cell.toUpperCase()}(160,`),
    ).toBe(true);
  });

  it('draws no character encoder for the other tasks', () => {
    for (const task of ['classify', 'forecast', 'seq2seq', 'generate'] as const) {
      const kinds = describeSpec(presetSpec(task)).layers.map((l) => l.kind);
      expect(kinds).not.toContain('char-encoder');
    }
  });

  // The Model section passes no length: each task's estimate must follow the spec's own.
  it.each(TASK_KINDS)('%s: without a length hint, the length is the spec’s', (task) => {
    const spec = presetSpec(task);
    const given =
      task === 'forecast' ? { ...spec.data, window: 17 } : { ...spec.data, maxLength: 17 };
    const described = describeSpec({ ...spec, data: given });
    expect(described.sizes.sequenceLength).toBe(17);
  });
});
