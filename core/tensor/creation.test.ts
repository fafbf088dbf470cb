/** Tests of the tensor factories: shape inference, copies, ranges, seeded random fills, errors. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { arange, full, ones, rand, randn, tensor, zeros } from './ops.ts';

describe('tensor', () => {
  it('infers the shape of nested arrays and of a scalar', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor(2.5).item()).toBe(2.5);
  });

  it('takes flat values with a shape, copies them, and takes requiresGrad', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const t = tensor(data, [2, 2], { requiresGrad: true });
    expect(t.shape).toEqual([2, 2]);
    expect(t.requiresGrad).toBe(true);
    data[0] = 9;
    expect(t.data[0]).toBe(1);
    expect(tensor([1, 2]).shape).toEqual([2]);
  });

  it('rejects ragged arrays and a shape that does not fit', () => {
    expect(() => tensor([[1, 2], [3]])).toThrowError(
      'tensor: nested arrays must be rectangular: element data[1] must be an array of length 2, got length 1.',
    );
    expect(() => tensor([1, 2, 3], [2, 2])).toThrowError(
      'tensor: shape [2, 2] must have as many elements as the data (3), got 4.',
    );
  });

  it('item() refuses a tensor with more than one element', () => {
    expect(() => tensor([1, 2]).item()).toThrowError(
      'item: tensor must have exactly one element, got shape [2].',
    );
  });
});

describe('constant, range and random factories', () => {
  it('fill constants', () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(ones([3]).tolist()).toEqual([1, 1, 1]);
    expect(full([2], 7, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => zeros([2, -1])).toThrowError(
      'zeros: shape must hold non-negative integers, got [2, -1].',
    );
  });

  it('arange follows torch.arange', () => {
    expect(arange(4).tolist()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(3, 0, -1).tolist()).toEqual([3, 2, 1]);
    expect(() => arange(0, 1, 0)).toThrowError(
      'arange: step must be a non-zero finite number, got 0.',
    );
  });

  it('rand and randn are reproducible from a seed and have the right ranges', () => {
    const a = rand([1000], new Random(42));
    const b = rand([1000], new Random(42));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.data.every((v) => v >= 0 && v < 1)).toBe(true);
    const n = randn([4000], new Random(1));
    const m = n.data.reduce((s, v) => s + v, 0) / n.size;
    const v = n.data.reduce((s, x) => s + (x - m) ** 2, 0) / n.size;
    expect(Math.abs(m)).toBeLessThan(0.06);
    expect(Math.abs(v - 1)).toBeLessThan(0.08);
  });
});
