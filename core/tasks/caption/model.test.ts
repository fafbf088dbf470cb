/** The captioner's feature dropout drops image features in training only: after eval() the decoder's start from an image is the same every time, as in PyTorch's nn.Dropout inside the module. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { CaptionModel } from './model.ts';

function model(featureDropout = 0.5): CaptionModel {
  return new CaptionModel(
    {
      vocabSize: 9,
      embeddingDim: 6,
      decoder: {
        cell: 'lstm',
        hiddenSize: 5,
        numLayers: 1,
        bidirectional: false,
        dropout: 0,
        nonlinearity: 'tanh',
      },
      attention: 'bahdanau',
      headDropout: 0,
      image: { backbone: 'cnn', freeze: false, imageSize: 16, width: 4, blocks: 2, featureDropout },
    },
    new Random(1),
  );
}

function startState(m: CaptionModel, features: Tensor): number[] {
  return noGrad(() => {
    const s = m.start(features);
    return [...s.state.h.data, ...(s.memory?.keys.data ?? [])];
  });
}

describe('CaptionModel feature dropout', () => {
  const features = new Tensor(
    Float32Array.from({ length: 2 * 8 * 16 }, (_, i) => Math.sin(i) + 1.5),
    [2, 8, 4, 4],
  );

  it('leaves the features whole after eval(): the same start twice, equal to no dropout', () => {
    const m = model();
    m.eval();
    const first = startState(m, features);
    expect(startState(m, features)).toEqual(first);
    const plain = model(0);
    plain.loadStateDict(m.stateDict());
    plain.eval();
    expect(startState(plain, features)).toEqual(first);
  });

  it('drops features in training: two starts differ', () => {
    const m = model();
    m.train();
    expect(startState(m, features)).not.toEqual(startState(m, features));
  });

  it('adds no weights (the state dict keeps PyTorch names only)', () => {
    expect(Object.keys(model().stateDict()).some((k) => k.includes('dropout'))).toBe(false);
  });
});
