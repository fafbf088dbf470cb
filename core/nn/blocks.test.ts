/** The block-copy glue: values of slice, axis swap, concat and stack, and finite-difference checks of their backward. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { acquireArray, POOL_MIN_LENGTH, releaseArray } from '../kernels/arrayPool.ts';
import { Random } from '../random.ts';
import { backward } from '../tensor/autograd.ts';
import { sum } from '../tensor/reduce.ts';
import { Tensor } from '../tensor/tensor.ts';
import { concatLast, sliceFlat, stackLeading, swapLeadingAxes } from './blocks.ts';

const rng = new Random(11);
function t(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(rng.fillUniform(new Float32Array(n), -1, 1), shape, { requiresGrad: true });
}
const range = (shape: number[]): Tensor =>
  new Tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
    shape,
  );

describe('block ops', () => {
  it('swapLeadingAxes turns [A, B, F] into [B, A, F]', () => {
    const y = swapLeadingAxes(range([2, 3, 2]));
    expect(y.shape).toEqual([3, 2, 2]);
    expect([...y.data]).toEqual([0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11]);
  });

  it('concatLast joins along the last axis', () => {
    const y = concatLast([range([2, 1]), range([2, 2])], [2, 3]);
    expect([...y.data]).toEqual([0, 0, 1, 1, 2, 3]);
  });

  it('stackLeading and sliceFlat are inverse', () => {
    const s = stackLeading([range([2, 2]), range([2, 2])]);
    expect(s.shape).toEqual([2, 2, 2]);
    expect([...sliceFlat(s, 4, [2, 2]).data]).toEqual([0, 1, 2, 3]);
  });

  it('pass finite-difference checks', () => {
    expect(() => gradcheck((a) => swapLeadingAxes(a), [t([3, 2, 4])])).not.toThrow();
    expect(() =>
      gradcheck((a, b) => concatLast([a, b, a], [2, 3, 5]), [t([2, 3, 2]), t([2, 3, 1])]),
    ).not.toThrow();
    expect(() => gradcheck((a, b) => stackLeading([a, b]), [t([2, 3]), t([2, 3])])).not.toThrow();
    expect(() => gradcheck((a) => sliceFlat(a, 3, [2, 2]), [t([3, 4])])).not.toThrow();
  });

  it('gives exact input gradients from pooled arrays holding stale values: zeros where no block reads, every value where blocks read all', () => {
    // Pool-sized inputs, and a stale array of that length in the pool for each gradient to reuse.
    const n = POOL_MIN_LENGTH;
    // Three: the slice's gradient, the swap's output and the swap's gradient.
    for (let i = 0; i < 3; i++) {
      const stale = acquireArray(n, { zero: false });
      stale.fill(7);
      releaseArray(stale);
    }
    const x = new Tensor(
      Float32Array.from({ length: n }, (_, i) => i),
      [4, 2, n / 8],
      {
        requiresGrad: true,
      },
    );
    backward(sum(sliceFlat(x, n / 2, [n / 4])));
    const partial = x.grad!.data;
    for (let i = 0; i < n; i++) expect(partial[i]).toBe(i >= n / 2 && i < (3 * n) / 4 ? 1 : 0);
    const y = new Tensor(new Float32Array(n), [4, 2, n / 8], { requiresGrad: true });
    backward(sum(swapLeadingAxes(y)));
    expect(y.grad!.data.every((v) => v === 1)).toBe(true);
  });
});
