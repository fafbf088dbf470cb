/** Tests for the Adam/AdamW update function and their option checks. */
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor/tensor.ts';
import { Adam, AdamW, adamUpdate } from './adam.ts';

const hyper = {
  lr: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  decoupledWeightDecay: false,
};

describe('adamUpdate', () => {
  it('moves each parameter by about lr on the first step, whatever the gradient scale', () => {
    const param = Float32Array.from([0, 0, 0]);
    const buffers = {
      param,
      grad: Float32Array.from([1e-3, -5, 200]),
      expAvg: new Float32Array(3),
      expAvgSq: new Float32Array(3),
      maxExpAvgSq: null,
    };
    adamUpdate(buffers, 1, hyper);
    expect(param[0]).toBeCloseTo(-0.1, 5);
    expect(param[1]).toBeCloseTo(0.1, 6);
    expect(param[2]).toBeCloseTo(-0.1, 6);
    expect(buffers.expAvg[1]).toBeCloseTo(-0.5, 6);
    expect(buffers.expAvgSq[1]).toBeCloseTo(0.025, 6);
  });

  it('decays the parameter itself with decoupled weight decay and keeps the AMSGrad maximum', () => {
    const param = Float32Array.from([2]);
    const maxExpAvgSq = Float32Array.from([100]);
    const buffers = {
      param,
      grad: Float32Array.from([0]),
      expAvg: new Float32Array(1),
      expAvgSq: new Float32Array(1),
      maxExpAvgSq,
    };
    adamUpdate(buffers, 1, {
      ...hyper,
      weightDecay: 0.5,
      amsgrad: true,
      decoupledWeightDecay: true,
    });
    expect(param[0]).toBeCloseTo(2 * (1 - 0.1 * 0.5), 6);
    expect(maxExpAvgSq[0]).toBe(100);
  });
});

describe('Adam and AdamW options', () => {
  const p = () => [new Tensor(new Float32Array(2), [2], { requiresGrad: true })];
  it('have PyTorch defaults: AdamW decays weights by 1e-2, Adam does not', () => {
    const adam = new Adam(p()).stateDict().hyper;
    const adamW = new AdamW(p()).stateDict().hyper;
    expect(adam).toEqual({
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: 0,
    });
    expect(adamW.weightDecay).toBe(1e-2);
  });
  it('reject betas outside [0, 1) and negative lr, eps or weightDecay', () => {
    expect(() => new Adam(p(), { betas: [0.9, 1] })).toThrow(
      'Adam: betas[1] must be in [0, 1), got 1.',
    );
    expect(() => new AdamW(p(), { betas: [-0.1, 0.9] })).toThrow(
      'AdamW: betas[0] must be in [0, 1), got -0.1.',
    );
    expect(() => new Adam(p(), { lr: -1 })).toThrow(
      'Adam: lr must be a non-negative number, got -1.',
    );
    expect(() => new Adam(p(), { eps: -1e-8 })).toThrow(
      'Adam: eps must be a non-negative number, got -1e-8.',
    );
    expect(() => new AdamW(p(), { weightDecay: -0.01 })).toThrow(
      'AdamW: weightDecay must be a non-negative number, got -0.01.',
    );
  });
});
