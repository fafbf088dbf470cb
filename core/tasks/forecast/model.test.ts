/** Tests of the forecast network: the head reads the last layer's final state of both directions. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { runRecurrent } from '../common/recurrent.ts';
import { ForecastModel } from './model.ts';

describe('ForecastModel', () => {
  it('feeds [forward state at the last step; backward state at the first step] of the top layer to the head', () => {
    const random = new Random(11);
    const model = new ForecastModel(
      {
        features: 3,
        horizon: 2,
        recurrent: {
          cell: 'gru',
          hiddenSize: 4,
          numLayers: 2,
          bidirectional: true,
          dropout: 0,
          nonlinearity: 'tanh',
        },
        headDropout: 0,
      },
      random,
    ).eval();
    const [N, L, F, H] = [2, 5, 3, 4];
    const x = random.fillUniform(new Float32Array(N * L * F), -1, 1);
    const pred = model.forward(x, [N, L, F]);
    expect(pred.shape).toEqual([N, 2]);
    const { output } = runRecurrent(model.rnn, new Tensor(x, [N, L, F]));
    const w = model.head.weight.data;
    const b = model.head.bias?.data as Float32Array;
    for (let n = 0; n < N; n++) {
      const feat = [
        ...output.data.subarray((n * L + L - 1) * 2 * H, (n * L + L - 1) * 2 * H + H),
        ...output.data.subarray(n * L * 2 * H + H, n * L * 2 * H + 2 * H),
      ];
      for (let j = 0; j < 2; j++) {
        let s = b[j] as number;
        for (let k = 0; k < 2 * H; k++) s += (w[j * 2 * H + k] as number) * (feat[k] as number);
        expect(pred.data[n * 2 + j]).toBeCloseTo(s, 5);
      }
    }
    expect([...model.namedParameters()].map(([name]) => name).slice(-2)).toEqual([
      'head.weight',
      'head.bias',
    ]);
  });
});
