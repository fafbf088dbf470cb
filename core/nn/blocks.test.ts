/** The block-copy glue: values of slice, axis swap, concat and stack, and finite-difference checks of their backward. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { Random } from '../random.ts';
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
});
