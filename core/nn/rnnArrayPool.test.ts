/** The recurrent stack on the array pool: steps that reuse the last step's arrays give the same gradients as fresh arrays, and never touch results the caller still holds. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearArrayPool, pooledFreeBytes } from '../kernels/arrayPool.ts';
import { Random } from '../random.ts';
import { backward, noGrad } from '../tensor/autograd.ts';
import { add, sum } from '../tensor/ops.ts';
import { Tensor } from '../tensor/tensor.ts';
import { LSTM } from './rnn.ts';

// [N 8, L 32] batch-first, H 64: each direction's output (16,384 values) is large enough to pool.
const input = (seed: number): Tensor =>
  new Tensor(new Random(seed).fillUniform(new Float32Array(8 * 32 * 8), -1, 1), [8, 32, 8], {
    requiresGrad: true,
  });
const model = (): LSTM =>
  new LSTM({
    inputSize: 8,
    hiddenSize: 64,
    numLayers: 2,
    bidirectional: true,
    batchFirst: true,
    dropout: 0.3,
    random: new Random(7),
  });

/** One training step's forward and backward; returns what the caller holds afterwards. */
function step(lstm: LSTM, x: Tensor) {
  const [output, [hN, cN]] = lstm.forward(x);
  backward(add(sum(output), add(sum(hN), sum(cN))));
  return { output, hN, cN, dx: x.grad?.data as Float32Array };
}

afterEach(() => clearArrayPool());

describe('LSTM on the array pool', () => {
  it('gives the same gradients when a step reuses the last step’s arrays as with fresh ones', () => {
    clearArrayPool();
    const fresh = model();
    step(fresh, input(1));
    clearArrayPool();
    const freshSecond = step(fresh, input(2));

    clearArrayPool();
    const reused = model();
    step(reused, input(1));
    expect(pooledFreeBytes()).toBeGreaterThan(0);
    const reusedSecond = step(reused, input(2));

    expect(reusedSecond.output.data).toEqual(freshSecond.output.data);
    expect(reusedSecond.dx).toEqual(freshSecond.dx);
    const freshParams = new Map(fresh.namedParameters());
    for (const [name, p] of reused.namedParameters()) {
      expect(p.grad?.data, name).toEqual(freshParams.get(name)?.grad?.data);
    }
  });

  it('leaves the output, h_n and c_n of an earlier step as they were', () => {
    const lstm = model();
    const first = step(lstm, input(3));
    const copies = [first.output, first.hN, first.cN].map((t) => Float32Array.from(t.data));
    step(lstm, input(4));
    step(lstm, input(5));
    expect([first.output, first.hN, first.cN].map((t) => Float32Array.from(t.data))).toEqual(
      copies,
    );
  });
});

describe('a forward-only run on the array pool', () => {
  it('gives the outputs of fresh arrays after runs that reused its scratch arrays, and leaves earlier outputs as they were', () => {
    const lstm = model();
    lstm.eval();
    // Lengths: the wasm layers copy the input into step order (a scratch array of the pool).
    const lengths = Int32Array.from({ length: 8 }, (_, n) => 32 - 3 * n);
    const run = (seed: number) =>
      noGrad(() => {
        const [output, [hN, cN]] = lstm.forward(input(seed), null, { lengths });
        return [output, hN, cN].map((t) => t.data);
      });
    clearArrayPool();
    const first = run(6);
    const kept = first.map((a) => Float32Array.from(a));
    const second = run(7);
    run(6);
    expect(first).toEqual(kept);
    clearArrayPool();
    expect(run(7)).toEqual(second);
  });
});
