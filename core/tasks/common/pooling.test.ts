/** Tests of length-aware pooling over time: values per mode, bidirectional 'last', gradients. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../autograd/gradcheck.ts';
import { GRU } from '../../nn/rnn.ts';
import { Random } from '../../random.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { poolOverTime } from './pooling.ts';

/** output[t][n][f] = 100·t + 10·n + f for L = 3, N = 2, F = 4. */
function ramp(): Tensor {
  const data = new Float32Array(3 * 2 * 4);
  for (let t = 0; t < 3; t++)
    for (let n = 0; n < 2; n++)
      for (let f = 0; f < 4; f++) data[(t * 2 + n) * 4 + f] = 100 * t + 10 * n + f;
  return new Tensor(data, [3, 2, 4]);
}

describe('poolOverTime', () => {
  it("takes the forward final step and the backward step 0 for bidirectional 'last'", () => {
    const y = poolOverTime(ramp(), [3, 2], { mode: 'last', directions: 2 });
    expect(Array.from(y.data)).toEqual([200, 201, 2, 3, 110, 111, 12, 13]);
  });

  it("matches the top layer of h_n of a bidirectional GRU with lengths for 'last'", () => {
    const random = new Random(3);
    const gru = new GRU({ inputSize: 2, hiddenSize: 3, bidirectional: true, numLayers: 2, random });
    const x = new Tensor(random.fillUniform(new Float32Array(4 * 2 * 2), -1, 1), [4, 2, 2]);
    const lengths = [2, 4];
    const [output, hN] = gru.forward(x, null, { lengths });
    const pooled = poolOverTime(output, lengths, { mode: 'last', directions: 2 });
    // h_n [4, 2, 3]: rows 2 (layer 1 forward) and 3 (layer 1 backward)
    for (let n = 0; n < 2; n++) {
      for (let h = 0; h < 3; h++) {
        expect(pooled.data[n * 6 + h]).toBeCloseTo(hN.data[(2 * 2 + n) * 3 + h] as number, 6);
        expect(pooled.data[n * 6 + 3 + h]).toBeCloseTo(hN.data[(3 * 2 + n) * 3 + h] as number, 6);
      }
    }
  });

  it('averages and maximises over valid steps only', () => {
    const mean = poolOverTime(ramp(), [2, 3], { mode: 'mean', directions: 1 });
    expect(Array.from(mean.data)).toEqual([50, 51, 52, 53, 110, 111, 112, 113]);
    const x = ramp();
    x.data[(2 * 2 + 0) * 4] = 1e6; // past sequence 0's end: must not win the max
    const max = poolOverTime(x, [2, 3], { mode: 'max', directions: 1 });
    expect(Array.from(max.data)).toEqual([100, 101, 102, 103, 210, 211, 212, 213]);
  });

  it.each(['last', 'mean', 'max'] as const)('passes gradcheck for %s', (mode) => {
    const random = new Random(1);
    const x = new Tensor(random.fillUniform(new Float32Array(3 * 2 * 4), -1, 1), [3, 2, 4], {
      requiresGrad: true,
    });
    gradcheck((t) => poolOverTime(t, [1, 3], { mode, directions: 2 }), [x]);
  });

  it('refuses a length longer than the sequence', () => {
    expect(() => poolOverTime(ramp(), [4, 1], { mode: 'mean', directions: 1 })).toThrow(
      'poolOverTime: every length must be in [1, 3], got 4.',
    );
  });
});
