/** Tests of the token models' shared trunk: state-dict names in PyTorch's order and head dropout in training only. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { ModelSpec } from '../spec.ts';
import { type TimeMajorIds, timeMajor } from './batching.ts';
import { TokenRecurrentModel } from './tokenModel.ts';

class PerToken extends TokenRecurrentModel {
  readonly typeName = 'PerToken';
  constructor(model: ModelSpec) {
    super({ vocabSize: 7, outputs: 3, model, defaultEmbeddingDim: 5, random: new Random(1) });
  }
  forward(batch: TimeMajorIds): Tensor {
    return this.project(this.recurrentOutputs(batch));
  }
}

const model: ModelSpec = {
  recurrent: {
    cell: 'lstm',
    hiddenSize: 4,
    numLayers: 1,
    bidirectional: true,
    dropout: 0,
    nonlinearity: 'tanh',
  },
  headDropout: 0.5,
};

describe('TokenRecurrentModel', () => {
  it('registers embedding, rnn and head under PyTorch names with the default width', () => {
    const m = new PerToken(model);
    const shapes = Object.fromEntries([...m.namedParameters()].map(([n, p]) => [n, p.shape]));
    expect(Object.keys(shapes)).toEqual([
      'embedding.weight',
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'rnn.weight_ih_l0_reverse',
      'rnn.weight_hh_l0_reverse',
      'rnn.bias_ih_l0_reverse',
      'rnn.bias_hh_l0_reverse',
      'head.weight',
      'head.bias',
    ]);
    expect(shapes['embedding.weight']).toEqual([7, 5]);
    expect(shapes['head.weight']).toEqual([3, 8]);
  });

  it('drops head inputs in training mode only', () => {
    const m = new PerToken(model);
    const batch = timeMajor([[1, 2, 3], [4]]);
    const a = m.eval().forward(batch).data;
    const b = m.eval().forward(batch).data;
    expect(Array.from(b)).toEqual(Array.from(a));
    const trained = m.train().forward(batch).data;
    expect(Array.from(trained)).not.toEqual(Array.from(a));
  });
});
