/** Tests of the elementwise ops: broadcasting, finite-difference gradients and shape errors. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { Random } from '../random.ts';
import * as ew from './ops.ts';

const binaryOps = { add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div };

import type { Tensor } from './tensor.ts';

const rng = new Random(7);
const leaf = (shape: number[]) => ew.randn(shape, rng, { requiresGrad: true });
/** Values at least 0.1 away from 0 (relu, abs kinks), of either sign. */
const awayFromZero = (shape: number[]) => {
  const t = ew.randn(shape, rng, { requiresGrad: true });
  for (let i = 0; i < t.size; i++)
    t.data[i] = Math.sign(t.data[i] || 1) * (0.1 + Math.abs(t.data[i]));
  return t;
};
/** Values in [offset, ∞): inputs of log, sqrt and divisors, away from the pole at 0. */
const positive = (shape: number[], offset = 0.5) => {
  const t = ew.randn(shape, rng, { requiresGrad: true });
  for (let i = 0; i < t.size; i++) t.data[i] = offset + Math.abs(t.data[i]);
  return t;
};

describe('binary ops', () => {
  it('broadcast NumPy-style: [2, 3, 1] + [4] → [2, 3, 4]', () => {
    const a = ew.tensor([
      [[1], [2], [3]],
      [[4], [5], [6]],
    ]);
    const b = ew.tensor([10, 20, 30, 40]);
    const y = ew.add(a, b);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(y.tolist()).toEqual([
      [
        [11, 21, 31, 41],
        [12, 22, 32, 42],
        [13, 23, 33, 43],
      ],
      [
        [14, 24, 34, 44],
        [15, 25, 35, 45],
        [16, 26, 36, 46],
      ],
    ]);
  });

  it('take a number on the right', () => {
    expect(Array.from(ew.div(ew.tensor([2, 4]), 4).data)).toEqual([0.5, 1]);
    expect(Array.from(ew.sub(ew.tensor([2, 4]), 1).data)).toEqual([1, 3]);
  });

  it('reject shapes that do not broadcast with the shapes in the message', () => {
    expect(() => ew.add(ew.tensor([[1, 2, 3]]), ew.tensor([1, 2]))).toThrowError(
      'add: shapes must be broadcastable, got [1, 3] and [2].',
    );
    expect(() =>
      ew.mul(
        ew.tensor([[1], [2]]),
        ew.tensor([
          [1, 2, 3],
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toThrowError('mul: shapes must be broadcastable, got [2, 1] and [3, 3].');
  });

  const shapes: [number[], number[]][] = [
    [
      [3, 4],
      [3, 4],
    ],
    [[2, 3, 4], [4]],
    [
      [3, 1],
      [1, 5],
    ],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [[4], [2, 3, 4]],
    [[2, 3], []],
  ];
  for (const [sa, sb] of shapes) {
    for (const op of ['add', 'sub', 'mul'] as const) {
      it(`${op} ${JSON.stringify(sa)} with ${JSON.stringify(sb)} passes gradcheck`, () => {
        expect(gradcheck((a, b) => binaryOps[op](a, b), [leaf(sa), leaf(sb)])).toBeLessThan(1e-3);
      });
    }
    it(`div ${JSON.stringify(sa)} by ${JSON.stringify(sb)} passes gradcheck`, () => {
      expect(gradcheck((a, b) => ew.div(a, b), [leaf(sa), positive(sb, 1)])).toBeLessThan(1e-3);
    });
  }

  it('scalar variants pass gradcheck', () => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      expect(gradcheck((a) => binaryOps[op](a, -1.5), [leaf([2, 3])])).toBeLessThan(1e-3);
    }
  });

  it('send the gradient to both sides when a tensor meets itself', () => {
    const x = ew.tensor([3], { requiresGrad: true });
    ew.add(x, x).backward();
    expect(x.grad?.item()).toBe(2);
  });
});

describe('unary ops', () => {
  const cases: [string, (x: Tensor) => Tensor, (shape: number[]) => Tensor][] = [
    ['neg', ew.neg, leaf],
    ['tanh', ew.tanh, leaf],
    ['sigmoid', ew.sigmoid, leaf],
    ['relu', ew.relu, awayFromZero],
    ['exp', ew.exp, leaf],
    ['log', ew.log, positive],
    ['sqrt', ew.sqrt, positive],
    ['abs', ew.abs, awayFromZero],
    ['pow 3', (x) => ew.pow(x, 3), leaf],
    ['pow −1.5', (x) => ew.pow(x, -1.5), positive],
    ['pow 2', (x) => ew.pow(x, 2), leaf],
  ];
  for (const [name, fn, make] of cases) {
    it(`${name} passes gradcheck`, () => {
      expect(gradcheck(fn, [make([3, 4])])).toBeLessThan(1e-3);
    });
  }

  it('clamp passes gradcheck away from its bounds and blocks the gradient outside them', () => {
    const x = ew.tensor([-2, -0.3, 0.1, 0.6, 1.5], { requiresGrad: true });
    expect(gradcheck((t) => ew.clamp(t, -0.5, 0.8), [x])).toBeLessThan(1e-3);
    ew.clamp(x, -0.5, 0.8).sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([0, 1, 1, 1, 0]);
    expect(Array.from(ew.clamp(x, undefined, 0).data)).toEqual([-2, Math.fround(-0.3), 0, 0, 0]);
  });

  it('relu and abs have gradient 0 at 0, as in PyTorch', () => {
    const x = ew.tensor([0, 0], { requiresGrad: true });
    ew.add(ew.relu(x), ew.abs(x)).sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([0, 0]);
  });

  it('sigmoid saturates without overflow', () => {
    expect(Array.from(ew.sigmoid(ew.tensor([-1000, 1000])).data)).toEqual([0, 1]);
  });
});
