/** Tests of parameter counts (checked against PyTorch's) and layer shapes in PyTorch notation. */
import { describe, expect, it } from 'vitest';
import { GRU, LSTM, RNN } from '../../nn/rnn.ts';
import type { RecurrentSpec } from '../spec.ts';
import { headDropoutLayers, recurrentLayer, recurrentParameterCount, shape } from './describe.ts';

const base: RecurrentSpec = {
  cell: 'lstm',
  hiddenSize: 128,
  numLayers: 2,
  bidirectional: true,
  dropout: 0.2,
  nonlinearity: 'tanh',
};

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

  it("matches PyTorch's count for W3's tagger LSTM(100, 128, bidirectional=True)", () => {
    // sum(p.numel() for p in torch.nn.LSTM(100, 128, bidirectional=True).parameters()) == 235520
    expect(recurrentParameterCount({ ...base, numLayers: 1 }, 100)).toBe(235_520);
  });
});

describe('recurrentLayer', () => {
  it('describes shapes in PyTorch notation with D and num_layers', () => {
    const layer = recurrentLayer('rnn', base, 64);
    expect(layer.signature).toBe('LSTM(64, 128, num_layers=2, dropout=0.2, bidirectional=True)');
    expect(layer.outputs.map((o) => [o.name, o.notation, o.sizes])).toEqual([
      ['output', '(L, N, D·H_out)', [null, null, 256]],
      ['h_n', '(D·num_layers, N, H_out)', [4, null, 128]],
      ['c_n', '(D·num_layers, N, H_out)', [4, null, 128]],
    ]);
    expect(layer.inputs[0]?.notation).toBe('(L, N, H_in)');
  });
});

describe('headDropoutLayers', () => {
  it('lists Dropout(p) for a positive p and nothing for 0 or none', () => {
    const io = shape('pooled', '(N, D·H_out)', [null, 8]);
    expect(headDropoutLayers(0.25, io).map((l) => l.signature)).toEqual(['Dropout(p=0.25)']);
    expect(headDropoutLayers(0, io)).toEqual([]);
    expect(headDropoutLayers(undefined, io)).toEqual([]);
  });
});
