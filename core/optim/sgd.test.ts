/** Tests for the SGD update function and SGD's option checks. */
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor/tensor.ts';
import { SGD, sgdUpdate } from './sgd.ts';

describe('sgdUpdate', () => {
  it('follows p ← p − lr·(g + λp) without momentum', () => {
    const param = Float32Array.from([1, -2]);
    sgdUpdate({ param, grad: Float32Array.from([0.5, 1]), momentumBuffer: null }, true, {
      lr: 0.1,
      momentum: 0,
      dampening: 0,
      weightDecay: 0.5,
      nesterov: false,
    });
    expect(param[0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.5), 6);
    expect(param[1]).toBeCloseTo(-2 - 0.1 * (1 - 1), 6);
  });

  it('starts the momentum buffer at the gradient, then decays it, and looks ahead with nesterov', () => {
    const hyper = { lr: 1, momentum: 0.5, dampening: 0, weightDecay: 0, nesterov: true };
    const param = Float32Array.from([0]);
    const momentumBuffer = new Float32Array(1);
    sgdUpdate({ param, grad: Float32Array.from([2]), momentumBuffer }, true, hyper);
    expect(momentumBuffer[0]).toBe(2);
    expect(param[0]).toBe(-(2 + 0.5 * 2));
    sgdUpdate({ param, grad: Float32Array.from([2]), momentumBuffer }, false, hyper);
    expect(momentumBuffer[0]).toBe(3);
    expect(param[0]).toBe(-3 - (2 + 0.5 * 3));
  });
});

describe('SGD options', () => {
  const p = () => [new Tensor(new Float32Array(2), [2], { requiresGrad: true })];
  it('rejects negative values and nesterov without momentum or with dampening', () => {
    expect(() => new SGD(p(), { lr: -0.1 })).toThrow(
      'SGD: lr must be a non-negative number, got -0.1.',
    );
    expect(() => new SGD(p(), { lr: 0.1, momentum: -1 })).toThrow(
      'SGD: momentum must be a non-negative number, got -1.',
    );
    expect(() => new SGD(p(), { lr: 0.1, weightDecay: Number.NaN })).toThrow(
      'SGD: weightDecay must be a non-negative number, got NaN.',
    );
    expect(() => new SGD(p(), { lr: 0.1, nesterov: true })).toThrow(
      'SGD: nesterov must have momentum > 0 and dampening 0, got momentum 0 and dampening 0.',
    );
    expect(() => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(
      'SGD: nesterov must have momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1.',
    );
  });
  it('uses a changed lr from the next step on', () => {
    const [param] = p() as [Tensor];
    const sgd = new SGD([param], { lr: 1 });
    param.grad = new Tensor(Float32Array.from([1, 1]), [2]);
    sgd.step();
    sgd.lr = 0.25;
    sgd.step();
    expect([...param.data]).toEqual([-1.25, -1.25]);
  });
});
