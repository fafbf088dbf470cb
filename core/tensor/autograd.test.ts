/** Tests of the autograd engine: scalar rule, accumulation, no-grad mode and gradient ownership. */
import { describe, expect, it } from 'vitest';
import { backward, makeResult, noGrad } from './autograd.ts';
import { tensor } from './creation.ts';
import { add, mul, sum } from './ops.ts';

describe('backward', () => {
  it('refuses an argument-less backward on a non-scalar', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    expect(() => mul(x, 2).backward()).toThrowError(
      'backward: grad can be implicitly created only for scalar outputs, got shape [1, 3].',
    );
  });

  it('refuses a tensor that does not require grad', () => {
    expect(() => tensor(3).backward()).toThrowError(
      'backward: tensor must require grad (a leaf with requiresGrad or a result of one), got a tensor that does not.',
    );
  });

  it('accumulates over every use of a tensor and across calls', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    sum(add(mul(x, x), x)).backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([3, -3]);
    sum(x).backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([4, -2]);
  });

  it('takes an explicit gradient for a non-scalar root without modifying it', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const g = new Float32Array([1, 10, 100]);
    backward(mul(x, 3), g);
    expect(Array.from(x.grad?.data ?? [])).toEqual([3, 30, 300]);
    expect(Array.from(g)).toEqual([1, 10, 100]);
  });

  it('gives two leaves that a rule hands one gradient array arrays of their own', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const twin = makeResult(Float32Array.from([4, 6]), [2], {
      op: 'twin',
      inputs: [a, b],
      backward: (g) => [g, g],
    });
    backward(twin, new Float32Array([1, 1]));
    expect(a.grad?.data).not.toBe(b.grad?.data);
    // A second backward into a only must leave b's gradient as it was.
    sum(mul(a, 5)).backward();
    expect(Array.from(a.grad?.data ?? [])).toEqual([6, 6]);
    expect(Array.from(b.grad?.data ?? [])).toEqual([1, 1]);
  });

  it('records no graph inside noGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => mul(x, x));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradNode).toBeNull();
  });

  it('walks graphs deeper than the call stack allows', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = add(y, 1);
    y.backward();
    expect(x.grad?.item()).toBe(1);
  });
});
