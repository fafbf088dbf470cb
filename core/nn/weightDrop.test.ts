/** Tests of weight drop (DropConnect on W_hh, AWD-LSTM's WeightDrop): off in evaluation, one scaled mask per matrix and pass in training, gradients only through the kept weights. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { Random } from '../random.ts';
import { backward } from '../tensor/autograd.ts';
import { sum } from '../tensor/reduce.ts';
import { Tensor } from '../tensor/tensor.ts';
import { GRU, LSTM } from './rnn.ts';

const input = () => {
  const r = new Random(4);
  const x = new Float32Array(5 * 3 * 4);
  r.fillUniform(x, -1, 1);
  return new Tensor(x, [5, 3, 4]);
};

describe('weight drop', () => {
  it('changes nothing in evaluation: the same outputs as the layer without it', () => {
    const plain = new GRU({ inputSize: 4, hiddenSize: 6, random: new Random(1) });
    const dropped = new GRU({
      inputSize: 4,
      hiddenSize: 6,
      weightDrop: 0.5,
      random: new Random(1),
    });
    dropped.eval();
    plain.eval();
    const [a] = plain.forward(input());
    const [b] = dropped.forward(input());
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('in training, drops W_hh entries (a fresh mask per pass) and passes gradient only to the kept ones', () => {
    const lstm = new LSTM({ inputSize: 4, hiddenSize: 6, weightDrop: 0.5, random: new Random(1) });
    lstm.train();
    const [first] = lstm.forward(input());
    const [second] = lstm.forward(input());
    expect(Array.from(second.data)).not.toEqual(Array.from(first.data));
    const wHh = lstm.parameters()[1] as Tensor;
    expect(wHh.shape).toEqual([24, 6]);
    const [out] = lstm.forward(input());
    backward(sum(out));
    const grad = (wHh.grad as Tensor).data;
    const zeros = grad.filter((g) => g === 0).length;
    // About half of the 144 entries are dropped for this pass: their gradient is exactly zero.
    expect(zeros).toBeGreaterThan(40);
    expect(zeros).toBeLessThan(104);
    // W_ih is never dropped.
    const wIh = lstm.parameters()[0] as Tensor;
    expect((wIh.grad as Tensor).data.filter((g) => g === 0).length).toBeLessThan(10);
  });

  it('refuses a probability of 1 or more', () => {
    expect(() => new GRU({ inputSize: 2, hiddenSize: 2, weightDrop: 1 })).toThrow(ConfigError);
    expect(() => new GRU({ inputSize: 2, hiddenSize: 2, weightDrop: 1 })).toThrow(
      'GRU: weightDrop must be in [0, 1), got 1.',
    );
  });
});
