/** Tests of reductions and softmax: values, keepdim, PyTorch tie rules, gradients and dim errors. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { Random } from '../random.ts';
import { argmax, logSoftmax, max, mean, min, randn, softmax, sum, tensor } from './ops.ts';

const rng = new Random(11);
const leaf = (shape: number[]) => randn(shape, rng, { requiresGrad: true });

describe('sum and mean', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('reduce everything to a 0-d tensor, or one dim with and without keepdim', () => {
    expect(sum(x).shape).toEqual([]);
    expect(sum(x).item()).toBe(21);
    expect(sum(x, 0).tolist()).toEqual([5, 7, 9]);
    expect(sum(x, -1, { keepdim: true }).tolist()).toEqual([[6], [15]]);
    expect(mean(x, 1).tolist()).toEqual([2, 5]);
    expect(mean(x).item()).toBe(3.5);
  });

  it('reduce several dims at once', () => {
    const y = tensor([...Array(24).keys()], [2, 3, 4]);
    expect(sum(y, [0, 2]).tolist()).toEqual([60, 92, 124]);
    expect(mean(y, [-1, 0], { keepdim: true }).shape).toEqual([1, 3, 1]);
  });

  it('reject a dim out of range or repeated', () => {
    expect(() => sum(x, 2)).toThrowError('sum: dim must be in [-2, 1], got 2.');
    expect(() => mean(x, [1, -1])).toThrowError('mean: dims must be distinct, got [1, -1].');
  });

  for (const dim of [undefined, 0, -1, [0, 2]] as const) {
    it(`pass gradcheck over dim ${JSON.stringify(dim)}`, () => {
      gradcheck((t) => sum(t, dim as number | number[] | undefined), [leaf([2, 3, 4])]);
      gradcheck(
        (t) => mean(t, dim as number | number[] | undefined, { keepdim: true }),
        [leaf([2, 3, 4])],
      );
    });
  }
});

describe('max, min and argmax', () => {
  it('return the maxima over a dim and the index of the first one', () => {
    const x = tensor([
      [1, 7, 7],
      [9, 0, 2],
    ]);
    expect(max(x, 1).tolist()).toEqual([7, 9]);
    expect(argmax(x, 1).tolist()).toEqual([1, 0]);
    expect(min(x, 0, { keepdim: true }).tolist()).toEqual([[1, 0, 2]]);
    expect(argmax(x).item()).toBe(3);
  });

  it('send the gradient of max(dim) to the first maximum, and share a full max among ties', () => {
    const x = tensor([3, 5, 5, 1], { requiresGrad: true });
    max(x, 0).backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([0, 1, 0, 0]);
    const y = tensor([3, 5, 5, 1], { requiresGrad: true });
    max(y).backward();
    expect(Array.from(y.grad?.data ?? [])).toEqual([0, 0.5, 0.5, 0]);
  });

  it('propagate NaN as PyTorch does', () => {
    expect(Number.isNaN(max(tensor([1, Number.NaN, 3])).item())).toBe(true);
  });

  it('refuse an empty dimension', () => {
    expect(() => max(tensor([]))).toThrowError(
      'max: the reduced dimension must not be empty, got size 0.',
    );
  });

  for (const dim of [undefined, 0, -1] as const) {
    it(`max and min pass gradcheck over dim ${dim}`, () => {
      gradcheck((t) => max(t, dim), [leaf([3, 4])]);
      gradcheck((t) => min(t, dim, { keepdim: true }), [leaf([3, 4])]);
    });
  }
});

describe('softmax and logSoftmax', () => {
  it('normalise along the dim and stay finite for large inputs', () => {
    const y = softmax(
      tensor([
        [1000, 1000],
        [0, Math.log(3)],
      ]),
      -1,
    );
    expect(Array.from(y.data)).toEqual([0.5, 0.5, 0.25, 0.75]);
    const l = logSoftmax(tensor([1000, 0]), 0);
    expect(l.data[0]).toBe(0);
    expect(l.data[1]).toBe(-1000);
  });

  it('reject a dim out of range', () => {
    expect(() => softmax(tensor([1, 2]), 1)).toThrowError(
      'softmax: dim must be in [-1, 0], got 1.',
    );
  });

  for (const dim of [0, 1, -1]) {
    it(`pass gradcheck over dim ${dim}`, () => {
      gradcheck((t) => softmax(t, dim), [leaf([2, 3, 4])]);
      gradcheck((t) => logSoftmax(t, dim), [leaf([2, 3, 4])]);
    });
  }
});
