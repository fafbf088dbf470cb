/** Conv2d over more images than one column matrix holds: each chunk of images gives what the image alone gives (the torch fixtures cover one chunk). */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { backward } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Conv2d } from './conv.ts';

function image(random: Random, shape: number[]): Tensor {
  const data = random.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -1, 1);
  return new Tensor(data, shape, { requiresGrad: true });
}

/** Sum of y ⊙ w, with y's own gradient w. */
function run(
  conv: Conv2d,
  x: Tensor,
  w: Float32Array,
): { y: Float32Array; dx: Float32Array; dw: Float32Array } {
  conv.zeroGrad();
  const y = conv.forward(x);
  backward(y, w);
  return {
    y: y.data,
    dx: x.grad?.data ?? new Float32Array(),
    dw: conv.weight.grad?.data ?? new Float32Array(),
  };
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs((actual[i] as number) - (expected[i] as number)) > 1e-4) {
      expect.fail(`[${i}]: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

describe('Conv2d in chunks of images', () => {
  it('gives each image of a batch too large for one column matrix what it gives alone', () => {
    // 64 channels per group · 3·3 kernel · 64·64 positions = 2.4M floats per image: one image per chunk.
    const random = new Random(5);
    const conv = new Conv2d(128, 4, 3, { padding: 1, groups: 2, random });
    const x = image(random, [2, 128, 64, 64]);
    const w = random.fillUniform(new Float32Array(2 * 4 * 64 * 64), -1, 1);
    const both = run(conv, x, w);
    const half = x.size / 2;
    const out = w.length / 2;
    const dwSum = new Float32Array(conv.weight.size);
    for (const n of [0, 1]) {
      const one = new Tensor(x.data.slice(n * half, (n + 1) * half), [1, 128, 64, 64], {
        requiresGrad: true,
      });
      const alone = run(conv, one, w.slice(n * out, (n + 1) * out));
      expectClose(both.y.subarray(n * out, (n + 1) * out), alone.y);
      expectClose(both.dx.subarray(n * half, (n + 1) * half), alone.dx);
      for (let i = 0; i < dwSum.length; i++)
        dwSum[i] = (dwSum[i] as number) + (alone.dw[i] as number);
    }
    expectClose(both.dw, dwSum);
  });

  it('a frozen layer still passes the input its gradient and leaves the weight without one', () => {
    const random = new Random(6);
    const conv = new Conv2d(3, 4, 3, { stride: 2, padding: 1, random });
    const x = image(random, [2, 3, 7, 7]);
    const w = random.fillUniform(new Float32Array(2 * 4 * 4 * 4), -1, 1);
    const trained = run(conv, x, w);
    x.grad = null;
    conv.weight.requiresGrad = false;
    conv.zeroGrad();
    backward(conv.forward(x), w);
    expect(conv.weight.grad).toBeNull();
    expect(conv.bias?.grad).not.toBeNull();
    expectClose((x.grad as Tensor | null)?.data ?? new Float32Array(), trained.dx);
  });
});
