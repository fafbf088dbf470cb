/** Tests for parameter groups (each with its learning-rate scale, as torch.optim's groups with their own lr) and frozen parameters left untouched by step(). */
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor/tensor.ts';
import { Adam } from './adam.ts';
import { StepLR } from './lrScheduler.ts';
import { SGD } from './sgd.ts';

function param(values: number[]): Tensor {
  const p = new Tensor(Float32Array.from(values), [values.length], { requiresGrad: true });
  p.grad = new Tensor(new Float32Array(values.length).fill(1), [values.length]);
  return p;
}

describe('parameter groups', () => {
  it('update each group with lr × its scale (SGD: p − lr·scale·g)', () => {
    const top = param([1, 1]);
    const low = param([1]);
    const sgd = new SGD(
      [
        { params: [top], lrScale: 1 },
        { params: [low], lrScale: 1 / 2.6 },
      ],
      { lr: 0.26 },
    );
    sgd.step();
    expect(Array.from(top.data)).toEqual([Math.fround(1 - 0.26), Math.fround(1 - 0.26)]);
    expect(low.data[0]).toBeCloseTo(1 - 0.1, 6);
    expect(sgd.lrOf(0)).toBe(0.26);
    expect(sgd.lrOf(1)).toBeCloseTo(0.1, 12);
  });

  it('follow the schedule: StepLR scales every group as PyTorch scales each group’s own lr', () => {
    const a = param([0]);
    const b = param([0]);
    const adam = new Adam(
      [
        { params: [a], lrScale: 1 },
        { params: [b], lrScale: 0.25 },
      ],
      { lr: 0.1 },
    );
    const schedule = new StepLR(adam, { stepSize: 1, gamma: 0.5 });
    schedule.step();
    expect(adam.lrOf(0)).toBeCloseTo(0.05, 12);
    expect(adam.lrOf(1)).toBeCloseTo(0.0125, 12);
    // Adam's first step moves each parameter by about its own lr.
    adam.step();
    expect(a.data[0]).toBeCloseTo(-0.05, 5);
    expect(b.data[0]).toBeCloseTo(-0.0125, 5);
  });

  it('refuse a negative or non-finite scale, naming the group', () => {
    expect(() => new SGD([{ params: [param([0])], lrScale: -1 }], { lr: 0.1 })).toThrow(
      'SGD: groups[0].lrScale must be a non-negative number, got -1.',
    );
    expect(
      () =>
        new Adam([
          { params: [param([0])], lrScale: 1 },
          { params: [param([0])], lrScale: Number.NaN },
        ]),
    ).toThrow('Adam: groups[1].lrScale must be a non-negative number, got NaN.');
  });
});

describe('frozen parameters', () => {
  it('stay bit-identical through steps even with a stale gradient, momentum and weight decay', () => {
    const frozen = param([0.123456789, -2.5, 7]);
    const trained = param([1, 2, 3]);
    const before = Float32Array.from(frozen.data);
    const sgd = new SGD([frozen, trained], { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    sgd.step();
    frozen.requiresGrad = false;
    const adam = new Adam([frozen], { lr: 0.1, weightDecay: 0.1 });
    for (let i = 0; i < 3; i++) {
      sgd.step();
      adam.step();
    }
    expect(frozen.data).not.toEqual(before);
    const afterFreeze = Float32Array.from(frozen.data);
    sgd.step();
    adam.step();
    expect(Array.from(frozen.data)).toEqual(Array.from(afterFreeze));
    expect(trained.data[0]).not.toBe(1);
  });
});
