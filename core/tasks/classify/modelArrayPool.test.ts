/** The text classifier on the array pool: its recurrent outputs go back to the pool once pooled, and steps and evaluations on reused arrays give the values fresh arrays give. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearArrayPool, pooledAllocatedBytes } from '../../kernels/arrayPool.ts';
import { Random } from '../../random.ts';
import { backward, noGrad } from '../../tensor/autograd.ts';
import { type TimeMajorIds, timeMajor } from '../common/batching.ts';
import type { PoolingMode } from '../common/pooling.ts';
import { presetSpec } from '../presets.ts';
import { ClassifierModel } from './model.ts';

// 16 texts of up to 16 tokens, GRU of 64 both ways: the outputs, 16 × 16 × 128 values, are pooled.
const batch = (seed: number): TimeMajorIds => {
  const random = new Random(seed);
  return timeMajor(
    Array.from({ length: 16 }, (_, n) =>
      Array.from({ length: n === 0 ? 16 : 1 + random.int(16) }, () => 2 + random.int(48)),
    ),
  );
};
const targets = Int32Array.from({ length: 16 }, (_, n) => n % 3);

function classifier(pooling: PoolingMode): ClassifierModel {
  const model = presetSpec('classify').model;
  return new ClassifierModel({
    vocabSize: 50,
    numClasses: 3,
    model: {
      ...model,
      embeddingDim: 16,
      recurrent: {
        ...model.recurrent,
        cell: 'gru',
        hiddenSize: 64,
        numLayers: 1,
        bidirectional: true,
      },
      pooling,
      headDropout: 0,
    },
    random: new Random(3),
  });
}

/** One training step's forward and backward; returns the loss and every parameter's gradient. */
function step(model: ClassifierModel, seed: number) {
  model.train();
  for (const p of model.parameters()) p.grad = null;
  const input = batch(seed);
  const loss = model.headLoss(model.pooled(input), targets);
  backward(loss);
  return {
    loss: loss.data[0],
    grads: [...model.namedParameters()].map(([name, p]) => [
      name,
      Float32Array.from(p.grad?.data ?? []),
    ]),
  };
}

afterEach(() => clearArrayPool());

describe('ClassifierModel on the array pool', () => {
  for (const pooling of ['last', 'max', 'mean'] as const) {
    it(`gives a step on the last step's arrays the loss and gradients of fresh ones (${pooling})`, () => {
      const fresh = classifier(pooling);
      const reused = classifier(pooling);
      for (const seed of [1, 2, 3]) {
        clearArrayPool();
        const expected = step(fresh, seed);
        const before = pooledAllocatedBytes();
        const got = step(reused, seed);
        // From the second step on (the same shapes) every large array comes from the pool.
        if (seed > 1) expect(pooledAllocatedBytes()).toBe(before);
        expect(got.loss).toBe(expected.loss);
        expect(got.grads).toEqual(expected.grads);
      }
    });
  }

  it('gives the outputs back as soon as they are pooled in evaluation, and logits stay as computed', () => {
    const model = classifier('max');
    model.eval();
    clearArrayPool();
    const first = noGrad(() => model.forward(batch(4)));
    const kept = Float32Array.from(first.data);
    const before = pooledAllocatedBytes();
    const second = noGrad(() => model.forward(batch(5)));
    expect(pooledAllocatedBytes()).toBe(before);
    expect(first.data).toEqual(kept);
    clearArrayPool();
    expect(noGrad(() => model.forward(batch(5))).data).toEqual(second.data);
    expect(noGrad(() => model.forward(batch(4))).data).toEqual(kept);
  });
});
