/** Tests of the Tensor class itself: construction checks, item, tolist, detach, backward(gradient). */
import { describe, expect, it } from 'vitest';
import { tensor } from './ops.ts';
import { Tensor } from './tensor.ts';

describe('Tensor', () => {
  it('refuses data whose length does not match the shape', () => {
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrowError(
      'Tensor: data length must equal the product of shape [2, 3] (6), got 5.',
    );
  });

  it('tolist returns nested arrays, or a number for a 0-d tensor', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], [2, 1, 3]).tolist()).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(tensor(4).tolist()).toBe(4);
  });

  it('item() on a non-scalar throws, verbatim', () => {
    expect(() => tensor([[1], [2]]).item()).toThrowError(
      'item: tensor must have exactly one element, got shape [2, 1].',
    );
  });

  it('detach keeps the values and drops the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2).detach();
    expect(y.requiresGrad).toBe(false);
    expect(y.gradNode).toBeNull();
    expect(y.tolist()).toEqual([2, 4]);
  });

  it('backward(gradient) takes a tensor of the same size and refuses another', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x);
    y.backward(tensor([1, 0, 2]));
    expect(x.grad?.tolist()).toEqual([2, 0, 12]);
    expect(() => y.backward(tensor([1, 2]))).toThrowError(
      'backward: gradient shape must match [3], got [2].',
    );
  });
});
