/** An embedding's output and a dropout read by one consumer on the array pool: their arrays go back once a step's backward has passed them, and the next step's reuse them with the values fresh arrays give. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearArrayPool, pooledAllocatedBytes } from '../kernels/arrayPool.ts';
import { Random } from '../random.ts';
import { backward, noGrad } from '../tensor/autograd.ts';
import { mul, sum } from '../tensor/ops.ts';
import { Tensor } from '../tensor/tensor.ts';
import { dropoutForConsumer } from './dropout.ts';
import { Embedding } from './embedding.ts';

// 128 ids × 256 values: 32,768 values, large enough to pool (POOL_MIN_LENGTH).
const ids = (seed: number): number[] => {
  const random = new Random(seed);
  return Array.from({ length: 128 }, () => random.int(50));
};

afterEach(() => clearArrayPool());

/** One step: embed, dropout read by one consumer (a product with a fixed weight), backward. */
function step(embedding: Embedding, random: Random, seed: number) {
  embedding.weight.grad = null;
  const x = embedding.forward(ids(seed), [128]);
  const dropped = dropoutForConsumer(x, { p: 0.4, random });
  const weight = new Tensor(
    new Random(9).fillUniform(new Float32Array(128 * 256), -1, 1),
    [128, 256],
  );
  const loss = sum(mul(dropped, weight));
  backward(loss);
  // NOTE: read through the module: TypeScript narrowed weight.grad to null above.
  const grad = embedding.parameters()[0]?.grad;
  return { loss: loss.data[0], grad: Float32Array.from(grad?.data ?? []) };
}

describe('embedding and dropout outputs on the array pool', () => {
  it('a training step reuses the last step’s output arrays and gets the values fresh arrays give', () => {
    const reused = new Embedding(50, 256, { random: new Random(1) });
    const reusedDraws = new Random(5);
    const fresh = new Embedding(50, 256, { random: new Random(1) });
    const freshDraws = new Random(5);
    for (const seed of [1, 2, 3]) {
      clearArrayPool();
      const expected = step(fresh, freshDraws, seed);
      const before = pooledAllocatedBytes();
      const got = step(reused, reusedDraws, seed);
      // Both outputs came from buffers the fresh model's step gave back: nothing new.
      expect(pooledAllocatedBytes()).toBe(before);
      expect(got.loss).toBe(expected.loss);
      expect(got.grad).toHaveLength(50 * 256);
      expect(got.grad).toEqual(expected.grad);
    }
  });

  it('allocates nothing once training runs: each step gives its outputs back for the next', () => {
    const embedding = new Embedding(50, 256, { random: new Random(1) });
    const draws = new Random(5);
    clearArrayPool();
    step(embedding, draws, 1);
    step(embedding, draws, 2);
    const settled = pooledAllocatedBytes();
    for (const seed of [3, 4, 5, 6]) step(embedding, draws, seed);
    expect(pooledAllocatedBytes()).toBe(settled);
  });

  it('leaves an output alone when no backward runs (evaluation keeps what it computed)', () => {
    const embedding = new Embedding(50, 256, { random: new Random(1) });
    const kept = noGrad(() => embedding.forward(ids(1), [128]));
    const copy = Float32Array.from(kept.data);
    noGrad(() => embedding.forward(ids(2), [128]));
    step(embedding, new Random(5), 3);
    expect(kept.data).toEqual(copy);
  });
});
