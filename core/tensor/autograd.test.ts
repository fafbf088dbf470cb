/** Tests of the autograd engine: scalar rule, accumulation, no-grad mode and gradient ownership. */
import { describe, expect, it } from 'vitest';
import {
  acquireArray,
  clearArrayPool,
  POOL_MIN_LENGTH,
  pooledFreeBytes,
} from '../kernels/arrayPool.ts';
import { backward, makeResult, noGrad } from './autograd.ts';
import { tensor } from './creation.ts';
import { add, mul, sum } from './ops.ts';
import { Tensor } from './tensor.ts';

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

describe('backward and the array pool', () => {
  const N = POOL_MIN_LENGTH;
  const ones = () => new Tensor(new Float32Array(N).fill(1), [N], { requiresGrad: true });

  it('gives back a pooled gradient a releasing rule has consumed, and the one added into another', () => {
    const x = ones();
    const consumed: Float32Array[] = [];
    const inner = makeResult(new Float32Array(N), [N], {
      op: 'pooled-source',
      inputs: [x],
      releasesGradOutput: true,
      backward: (g) => {
        consumed.push(g);
        return [Float32Array.from(g)];
      },
    });
    // Two paths into `inner`: the second gradient is added into the first and then given back.
    const twoPaths = makeResult(new Float32Array(N), [N], {
      op: 'two-paths',
      inputs: [inner, inner],
      backward: (g) => {
        const a = acquireArray(N, { zero: false });
        const b = acquireArray(N, { zero: false });
        a.set(g);
        b.set(g);
        return [a, b];
      },
    });
    backward(twoPaths, new Float32Array(N).fill(2));
    expect(x.grad?.data[0]).toBe(4);
    // The summed gradient `inner` consumed, and the addend, are free; x's own gradient is not.
    expect(pooledFreeBytes()).toBe(2 * N * 4);
    const reused = [acquireArray(N, { zero: false }), acquireArray(N, { zero: false })];
    expect(reused.map((r) => r.buffer)).toContain(consumed[0]?.buffer);
    clearArrayPool();
  });

  it('keeps an array a rule returned for two inputs until neither holds it', () => {
    const a = ones();
    const b = ones();
    const twin = makeResult(new Float32Array(N), [N], {
      op: 'twin',
      inputs: [a, b],
      releasesGradOutput: true,
      backward: (g) => [g, g],
    });
    const source = makeResult(new Float32Array(N), [N], {
      op: 'pooled-root',
      inputs: [twin],
      backward: (g) => {
        const out = acquireArray(N, { zero: false });
        out.set(g);
        return [out];
      },
    });
    backward(source, new Float32Array(N).fill(3));
    expect(a.grad?.data[0]).toBe(3);
    expect(b.grad?.data[0]).toBe(3);
    expect(a.grad?.data).not.toBe(b.grad?.data);
    expect(pooledFreeBytes()).toBe(0);
    clearArrayPool();
  });
});
