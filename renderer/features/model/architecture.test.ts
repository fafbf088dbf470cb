/** Tests of the model description: PyTorch parameter counts, state-dict names and shapes in both layouts. */
import { describe, expect, it } from 'vitest';
import type { RecurrentSpec } from '../../../core/tasks/spec.ts';
import { defaultRunSpec } from '../../app/runSpec.ts';
import {
  describeArchitecture,
  formatShape,
  recurrentModule,
  recurrentParams,
} from './architecture.ts';

const stack = (extra: Partial<RecurrentSpec>): RecurrentSpec => ({
  cell: 'lstm',
  hiddenSize: 128,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  nonlinearity: 'tanh',
  ...extra,
});

const count = (r: RecurrentSpec, input: number): number =>
  recurrentParams(r, input).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);

describe('recurrent parameters', () => {
  // Expected numbers printed by PyTorch 1.13: sum(p.numel() for p in m.parameters()).
  it('counts what torch counts for RNN, LSTM and GRU stacks', () => {
    expect(count(stack({ numLayers: 2, bidirectional: true }), 64)).toBe(593_920);
    expect(count(stack({ cell: 'gru', hiddenSize: 256 }), 100)).toBe(274_944);
    expect(count(stack({ cell: 'rnn', hiddenSize: 256 }), 4)).toBe(67_072);
    expect(count(stack({ cell: 'rnn', numLayers: 2, bidirectional: true }), 64)).toBe(148_480);
    expect(
      count(stack({ cell: 'gru', hiddenSize: 64, numLayers: 3, bidirectional: true }), 32),
    ).toBe(186_624);
  });

  it('names and shapes tensors as nn.LSTM state_dict() does', () => {
    const params = recurrentParams(stack({ hiddenSize: 8, numLayers: 2, bidirectional: true }), 5);
    expect(params.slice(0, 4)).toEqual([
      { name: 'weight_ih_l0', shape: [32, 5] },
      { name: 'weight_hh_l0', shape: [32, 8] },
      { name: 'bias_ih_l0', shape: [32] },
      { name: 'bias_hh_l0', shape: [32] },
    ]);
    expect(params.map((p) => p.name)).toContain('weight_ih_l1_reverse');
    expect(params.find((p) => p.name === 'weight_ih_l1')?.shape).toEqual([32, 16]);
  });

  it('prints the module as PyTorch does', () => {
    const r = stack({ numLayers: 2, bidirectional: true, dropout: 0.2 });
    expect(recurrentModule(r, 64, { batchFirst: false })).toBe(
      'nn.LSTM(64, 128, num_layers=2, dropout=0.2, bidirectional=True)',
    );
    expect(
      recurrentModule(stack({ cell: 'rnn', nonlinearity: 'relu' }), 4, { batchFirst: true }),
    ).toBe("nn.RNN(4, 128, nonlinearity='relu', batch_first=True)");
  });
});

describe('describeArchitecture', () => {
  it('gives input, output, h_n and c_n shapes of a bidirectional 2-layer LSTM', () => {
    const spec = defaultRunSpec('classify');
    spec.model.embeddingDim = 64;
    spec.model.recurrent = stack({ numLayers: 2, bidirectional: true });
    const model = describeArchitecture(
      spec,
      { vocabSize: 500, numClasses: 2 },
      { batchFirst: false },
    );
    const encoder = model.layers.find((l) => l.kind === 'encoder');
    expect(encoder?.inputs.map((s) => formatShape(s.dims))).toEqual(['(L, N, 64)']);
    expect(encoder?.outputs.map((s) => `${s.name} ${formatShape(s.dims)}`)).toEqual([
      'output (L, N, 256)',
      'h_n (4, N, 128)',
      'c_n (4, N, 128)',
    ]);
    expect(encoder?.paramCount).toBe(593_920);
    const head = model.layers.at(-1);
    expect(head?.module).toBe('nn.Linear(256, 2)');
    // Embedding 500·64, LSTM, Linear 256·2 + 2.
    expect(model.paramCount).toBe(500 * 64 + 593_920 + 514);
  });

  it('puts the batch first with batch_first, but never in h_n', () => {
    const spec = defaultRunSpec('tag');
    // The word-only tagger (the task's default may add the character encoder).
    delete spec.model.charEncoder;
    const model = describeArchitecture(spec, { vocabSize: 100, numTags: 17 }, { batchFirst: true });
    const encoder = model.layers.find((l) => l.kind === 'encoder');
    expect(encoder?.inputs[0]?.dims).toEqual(['N', 'L', 100]);
    expect(encoder?.outputs[1]).toEqual({ name: 'h_n', dims: [2, 'N', 128] });
    expect(model.layers.at(-1)?.outputs[0]?.dims).toEqual(['N', 'L', 17]);
  });

  it('feeds forecast features straight into the recurrent layer and predicts the horizon', () => {
    const spec = defaultRunSpec('forecast');
    spec.data.horizon = 7;
    spec.model.recurrent = stack({ cell: 'gru', hiddenSize: 64 });
    spec.model.headDropout = 0;
    const model = describeArchitecture(spec, { numFeatures: 4 }, { batchFirst: false });
    expect(model.layers.map((l) => l.kind)).toEqual(['encoder', 'pooling', 'head']);
    expect(model.layers[0]?.module).toBe('nn.GRU(4, 64)');
    expect(model.layers.at(-1)?.outputs[0]?.dims).toEqual(['N', 7]);
    expect(model.paramCount).toBe(3 * 64 * (4 + 64) + 6 * 64 + 64 * 7 + 7);
  });

  it('gives seq2seq an encoder, a decoder over the target length and attention', () => {
    const spec = defaultRunSpec('seq2seq');
    spec.model.embeddingDim = 128;
    spec.model.recurrent = stack({ cell: 'gru', hiddenSize: 256 });
    spec.model.decoder = stack({ cell: 'gru', hiddenSize: 256 });
    spec.model.attention = 'luong';
    spec.model.headDropout = 0;
    const model = describeArchitecture(
      spec,
      { vocabSize: 3000, targetVocabSize: 2000 },
      { batchFirst: false },
    );
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
});

describe('character encoder (tag)', () => {
  it('adds a per-word character BiLSTM whose 2·h features widen the recurrent input', () => {
    const spec = defaultRunSpec('tag');
    spec.model = {
      ...spec.model,
      embeddingDim: 100,
      charEncoder: { embeddingDim: 25, hiddenSize: 30 },
    };
    const model = describeArchitecture(
      spec,
      { vocabSize: 5000, numTags: 17, charVocabSize: 80 },
      {
        batchFirst: false,
      },
    );
    expect(model.layers.map((l) => l.kind).slice(0, 3)).toEqual([
      'embedding',
      'char-encoder',
      'encoder',
    ]);
    const char = model.layers[1];
    expect(char?.inputs[0]?.dims).toEqual(['C', 'W']);
    expect(char?.params.map((p) => p.name).slice(0, 2)).toEqual([
      'char_embedding.weight',
      'char_rnn.weight_ih_l0',
    ]);
    expect(char?.outputs.map((s) => `${s.name} ${formatShape(s.dims)}`)).toEqual([
      'features (L, N, 160)',
      'char features (L, N, 60)',
    ]);
    // nn.Embedding(80, 25) + nn.LSTM(25, 30, bidirectional=True): 80·25 + 2·(120·25 + 120·30 + 240).
    expect(char?.paramCount).toBe(80 * 25 + 2 * (120 * 25 + 120 * 30 + 240));
    expect(
      model.layers[2]?.module.startsWith(`nn.${spec.model.recurrent.cell.toUpperCase()}(160,`),
    ).toBe(true);
  });

  it('draws no character encoder for other tasks', () => {
    const spec = defaultRunSpec('classify');
    const kinds = describeArchitecture(spec, {}, { batchFirst: false }).layers.map((l) => l.kind);
    expect(kinds).not.toContain('char-encoder');
  });
});
