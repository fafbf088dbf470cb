/** Tests of the finite-difference gradient checker: it accepts right gradients and catches wrong ones. */
import { describe, expect, it } from 'vitest';
import { makeResult } from '../tensor/autograd.ts';
import { tensor } from '../tensor/creation.ts';
import { mul, tanh } from '../tensor/elementwise.ts';
import { Tensor } from '../tensor/tensor.ts';
import { gradcheck } from './gradcheck.ts';

/** x² with a backward that returns x instead of 2x: a deliberately wrong gradient rule. */
function badSquare(x: Tensor): Tensor {
  const out = x.data.map((v) => v * v);
  return makeResult(out, x.shape, {
    op: 'badSquare',
    inputs: [x],
    backward: (g) => [g.map((gi, i) => gi * x.data[i])],
  });
}

describe('gradcheck', () => {
  it('returns a small maximum error for a correct gradient', () => {
    const x = tensor([0.3, -1.2, 0.7], { requiresGrad: true });
    const err = gradcheck((a) => tanh(mul(a, a)), [x]);
    expect(err).toBeLessThan(1e-3);
    expect(err).toBeGreaterThanOrEqual(0);
  });

  it('throws naming the input and element when the backward rule is wrong', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => gradcheck(badSquare, [x])).toThrowError(
      /^gradcheck: gradient of inputs\[0\] at element \d must match finite differences within atol 0\.001 \+ rtol 0\.01, got analytic -?[\d.e-]+ and numeric -?[\d.e-]+\.$/,
    );
  });

  it('checks only inputs that require grad and leaves every .grad as it was', () => {
    const x = tensor([0.5, -0.5], { requiresGrad: true });
    const c = tensor([2, 3]);
    const before = new Tensor(new Float32Array([7, 7]), [2]);
    x.grad = before;
    gradcheck((a, b) => mul(a, b), [x, c]);
    expect(x.grad).toBe(before);
    expect(Array.from(x.grad.data)).toEqual([7, 7]);
    expect(c.grad).toBeNull();
  });

  it('refuses a function whose output has no graph', () => {
    const c = tensor([1, 2]);
    expect(() => gradcheck((a) => mul(a, 2), [c])).toThrowError(
      'gradcheck: fn(...inputs) must require grad, got an output without a graph.',
    );
  });
});
