/** Tests of indexSelect, gather, maskedFill and where: values, repeated-index gradients, errors. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { Random } from '../random.ts';
import { arange, gather, indexSelect, maskedFill, randn, tensor, where } from './ops.ts';

const rng = new Random(5);
const leaf = (shape: number[]) => randn(shape, rng, { requiresGrad: true });

describe('indexSelect', () => {
  it('picks embedding rows and adds the gradients of repeated ids', () => {
    const table = arange(8).reshape([4, 2]);
    table.requiresGrad = true;
    const rows = indexSelect(table, 0, [3, 1, 3]);
    expect(rows.tolist()).toEqual([
      [6, 7],
      [2, 3],
      [6, 7],
    ]);
    rows.sum().backward();
    expect(table.grad?.tolist()).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [2, 2],
    ]);
  });

  it('accepts a float index tensor and a negative dim', () => {
    const x = arange(6).reshape([2, 3]);
    expect(indexSelect(x, -1, tensor([2, 0])).tolist()).toEqual([
      [2, 0],
      [5, 3],
    ]);
  });

  it('rejects an index out of range or not 1-D', () => {
    expect(() => indexSelect(arange(4), 0, [4])).toThrowError(
      'indexSelect: index must be an integer in [0, 4), got 4.',
    );
    expect(() => indexSelect(arange(4), 0, tensor([[1]]))).toThrowError(
      'indexSelect: index must be 1-D, got shape [1, 1].',
    );
  });

  it('passes gradcheck', () => {
    gradcheck((t) => indexSelect(t, 1, [2, 0, 2]), [leaf([2, 3, 2])]);
  });
});

describe('gather', () => {
  it('picks per-position entries along a dim like torch.gather', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(
      gather(
        x,
        1,
        tensor([
          [2, 0],
          [1, 1],
        ]),
      ).tolist(),
    ).toEqual([
      [3, 1],
      [5, 5],
    ]);
    expect(gather(x, 0, tensor([[1, 0, 1]])).tolist()).toEqual([[4, 2, 6]]);
  });

  it('rejects a rank or size mismatch and an index out of range', () => {
    const x = arange(6).reshape([2, 3]);
    expect(() => gather(x, 1, tensor([1]))).toThrowError(
      'gather: index must have 2 dimensions, got 1.',
    );
    expect(() => gather(x, 1, tensor([[0], [0], [0]]))).toThrowError(
      'gather: index.size(0) must be at most 2, got 3.',
    );
    expect(() => gather(x, 1, tensor([[3]]))).toThrowError(
      'gather: index must be an integer in [0, 3), got 3.',
    );
  });

  it('passes gradcheck with repeated indices', () => {
    const index = tensor([
      [
        [0, 3],
        [3, 3],
      ],
      [
        [1, 2],
        [0, 0],
      ],
    ]);
    gradcheck((t) => gather(t, -1, index), [leaf([2, 3, 4])]);
  });
});

describe('maskedFill and where', () => {
  it('maskedFill broadcasts the mask and blocks the gradient where it fills', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const y = maskedFill(x, tensor([1, 0]), -9);
    expect(y.tolist()).toEqual([
      [-9, 2],
      [-9, 4],
    ]);
    y.sum().backward();
    expect(x.grad?.tolist()).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('maskedFill refuses a mask that would grow the input', () => {
    expect(() =>
      maskedFill(
        tensor([1, 2]),
        tensor([
          [1, 0],
          [0, 1],
        ]),
        0,
      ),
    ).toThrowError(
      'maskedFill: mask shape [2, 2] must broadcast to [2], got broadcast shape [2, 2].',
    );
  });

  it('where picks a or b per element with all three broadcast, numbers allowed', () => {
    const c = tensor([[1], [0]]);
    expect(where(c, tensor([1, 2]), 0).tolist()).toEqual([
      [1, 2],
      [0, 0],
    ]);
    expect(() => where(tensor([1, 0, 1]), tensor([1, 2]), 0)).toThrowError(
      'where: shapes must be broadcastable, got [3] and [2].',
    );
  });

  it('pass gradcheck', () => {
    const mask = tensor([[0, 1, 1]]);
    gradcheck((t) => maskedFill(t, mask, 3), [leaf([2, 3])]);
    const cond = tensor([[[1], [0], [1]]]);
    gradcheck((a, b) => where(cond, a, b), [leaf([3, 4]), leaf([2, 1, 4])]);
  });
});
