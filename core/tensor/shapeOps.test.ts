/** Tests of the shape ops: layouts, gradients, and the shape errors users see. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { acquireArray, clearArrayPool, releaseArray } from '../kernels/arrayPool.ts';
import { Random } from '../random.ts';
import { backward } from './autograd.ts';
import {
  arange,
  concat,
  flatten,
  narrow,
  permute,
  randn,
  reshape,
  slice,
  squeeze,
  stack,
  tanh,
  tensor,
  transpose,
  unsqueeze,
  view,
} from './ops.ts';
import { sum } from './reduce.ts';
import { Tensor } from './tensor.ts';

const rng = new Random(3);
const leaf = (shape: number[]) => randn(shape, rng, { requiresGrad: true });

describe('reshape and view', () => {
  it('infer one −1 entry and share the data', () => {
    const x = arange(12);
    const y = reshape(x, [3, -1, 2]);
    expect(y.shape).toEqual([3, 2, 2]);
    expect(y.data).toBe(x.data);
    expect(view(x, [4, 3]).shape).toEqual([4, 3]);
    expect(flatten(y).shape).toEqual([12]);
  });

  it('reject a shape that does not fit', () => {
    expect(() => reshape(arange(6), [4, -1])).toThrowError(
      'reshape: shape [4, -1] must be valid for input of size 6, got shape [6].',
    );
    expect(() => reshape(arange(6), [-1, -1])).toThrowError(
      'reshape: shape [-1, -1] must be valid for input of size 6, got shape [6].',
    );
  });

  it('unsqueeze and squeeze add and drop size-1 dims', () => {
    const x = arange(6).reshape([2, 3]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(squeeze(tensor([[[1], [2]]])).shape).toEqual([2]);
    expect(squeeze(x, 0).shape).toEqual([2, 3]);
  });

  it('pass gradcheck', () => {
    gradcheck((t) => tanh(reshape(t, [4, 3])).mul(unsqueeze(t, 0).reshape([4, 3])), [leaf([2, 6])]);
  });
});

describe('transpose and permute', () => {
  it('move axes like PyTorch', () => {
    const x = arange(6).reshape([2, 3]);
    expect(transpose(x, 0, 1).tolist()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    const y = arange(24).reshape([2, 3, 4]);
    const p = permute(y, [2, 0, -2]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[k, i, j] = y[i, j, k] = 12 i + 4 j + k
    expect(p.tolist()).toEqual(
      [0, 1, 2, 3].map((k) => [0, 1].map((i) => [0, 1, 2].map((j) => 12 * i + 4 * j + k))),
    );
  });

  it('reject something that is not a permutation', () => {
    expect(() => permute(arange(6).reshape([2, 3]), [0, 0])).toThrowError(
      'permute: dims must be a permutation of 2 dimensions, got [0, 0].',
    );
    expect(() => transpose(arange(3), 0, 1)).toThrowError(
      'transpose: dim must be in [-1, 0], got 1.',
    );
  });

  it('pass gradcheck', () => {
    gradcheck((t) => transpose(t, 0, -1), [leaf([2, 3, 4])]);
    gradcheck((t) => permute(t, [1, 3, 0, 2]), [leaf([2, 3, 2, 2])]);
  });
});

describe('narrow and slice', () => {
  it("narrow's gradient is zero outside the slab even on an array the pool hands back dirty", () => {
    clearArrayPool();
    // 3 × 8000 values: large enough for the pool.
    const dirty = acquireArray(24000, { zero: false });
    dirty.fill(7);
    releaseArray(dirty);
    const x = new Tensor(new Float32Array(24000), [3, 8000], { requiresGrad: true });
    backward(sum(narrow(x, 0, 1, 1)));
    const g = x.grad?.data as Float32Array;
    expect(g.buffer).toBe(dirty.buffer);
    expect(g.subarray(0, 8000).every((v) => v === 0)).toBe(true);
    expect(g.subarray(8000, 16000).every((v) => v === 1)).toBe(true);
    expect(g.subarray(16000).every((v) => v === 0)).toBe(true);
  });

  it('take [start, start + length) along a dim, a negative start counting from the end', () => {
    const x = arange(12).reshape([3, 4]);
    expect(narrow(x, 1, 1, 2).tolist()).toEqual([
      [1, 2],
      [5, 6],
      [9, 10],
    ]);
    expect(slice(x, 0, -1, 1).tolist()).toEqual([[8, 9, 10, 11]]);
  });

  it('reject a range outside the dim', () => {
    expect(() => narrow(arange(12).reshape([3, 4]), 1, 3, 2)).toThrowError(
      'narrow: start + length must be within [0, 4] of dim 1, got start 3 and length 2.',
    );
  });

  it('pass gradcheck', () => {
    gradcheck((t) => narrow(t, -2, 1, 2), [leaf([2, 4, 3])]);
  });
});

describe('concat and stack', () => {
  it('join along an existing or a new dim', () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4]]);
    expect(concat([a, b], 0).tolist()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(concat([a, b], -1).tolist()).toEqual([[1, 2, 3, 4]]);
    expect(stack([a, b], 1).shape).toEqual([1, 2, 2]);
    expect(stack([a, b], -1).tolist()).toEqual([
      [
        [1, 3],
        [2, 4],
      ],
    ]);
  });

  it('reject mismatched sizes, ranks and empty lists', () => {
    expect(() => concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0)).toThrowError(
      'concat: tensors[1].size(1) must equal 2, got 3.',
    );
    expect(() => concat([tensor([[1, 2]]), tensor([1, 2])], 0)).toThrowError(
      'concat: tensors[1] must have 2 dimensions, got 1.',
    );
    expect(() => concat([], 0)).toThrowError(
      'concat: tensors must be a non-empty list, got 0 tensors.',
    );
    expect(() => stack([tensor([1, 2]), tensor([1, 2, 3])], 0)).toThrowError(
      'stack: tensors[1] must have shape [2], got [3].',
    );
  });

  it('pass gradcheck, also when only some inputs require grad', () => {
    gradcheck(
      (a, b, c) => concat([a, b, c], 1),
      [leaf([2, 1, 3]), leaf([2, 2, 3]), leaf([2, 3, 3])],
    );
    gradcheck(
      (a, b) => stack([a, b], -1),
      [
        leaf([3, 2]),
        tensor([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      ],
    );
  });
});
