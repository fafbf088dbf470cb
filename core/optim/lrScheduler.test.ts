/** Tests for the learning-rate schedulers against torch.optim.lr_scheduler sequences (test/fixtures/optim.json). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor/tensor.ts';
import {
  CosineAnnealingLR,
  LinearLR,
  type LRScheduler,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type SchedulerStateDict,
  StepLR,
} from './lrScheduler.ts';
import { SGD } from './sgd.ts';

interface ScheduleCase {
  scheduler: 'StepLR' | 'CosineAnnealingLR' | 'LinearLR' | 'ReduceLROnPlateau';
  options: Record<string, number | string>;
  /** The optimizer's lr before the scheduler is created. */
  baseLr: number;
  metrics?: number[];
  /** The optimizer's lr after construction, then after each step. */
  lrs: number[];
}

const cases = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/optim.json', import.meta.url), 'utf8')) as {
    schedulers: ScheduleCase[];
  }
).schedulers;

function optimizerWithLr(lr: number): SGD {
  return new SGD([new Tensor(new Float32Array(1), [1], { requiresGrad: true })], { lr });
}

function makeEpochScheduler(c: ScheduleCase, optimizer: SGD): LRScheduler {
  const o = c.options as Record<string, number>;
  if (c.scheduler === 'StepLR')
    return new StepLR(optimizer, { stepSize: o.stepSize as number, gamma: o.gamma });
  if (c.scheduler === 'CosineAnnealingLR') {
    return new CosineAnnealingLR(optimizer, { tMax: o.tMax as number, etaMin: o.etaMin });
  }
  return new LinearLR(optimizer, o);
}

function expectLrs(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    if (Math.abs(a - e) > 1e-12 + 1e-12 * Math.abs(e))
      expect.fail(`epoch ${i}: lr ${a}, PyTorch ${e}`);
  });
}

describe('schedulers match PyTorch 1.13 lr sequences', () => {
  cases.forEach((c, n) => {
    it(`#${n} ${c.scheduler} ${JSON.stringify(c.options)}`, () => {
      const optimizer = optimizerWithLr(c.baseLr);
      const lrs: number[] = [];
      if (c.scheduler === 'ReduceLROnPlateau') {
        const scheduler = new ReduceLROnPlateau(optimizer, c.options as ReduceLROnPlateauOptions);
        lrs.push(optimizer.lr);
        for (const m of c.metrics ?? []) {
          scheduler.step(m);
          lrs.push(scheduler.lastLr);
        }
      } else {
        const scheduler = makeEpochScheduler(c, optimizer);
        lrs.push(optimizer.lr);
        for (let i = 1; i < c.lrs.length; i++) {
          optimizer.step();
          scheduler.step();
          lrs.push(scheduler.lastLr);
        }
      }
      expectLrs(lrs, c.lrs);
    });
  });

  it('a scheduler restored from stateDict() continues the same sequence', () => {
    const original = optimizerWithLr(0.1);
    const cosine = new CosineAnnealingLR(original, { tMax: 5, etaMin: 0.001 });
    for (let i = 0; i < 7; i++) cosine.step();
    const saved = cosine.stateDict();
    const resumedOptimizer = optimizerWithLr(0.1);
    const resumed = new CosineAnnealingLR(resumedOptimizer, { tMax: 5, etaMin: 0.001 });
    resumed.loadStateDict(saved);
    for (let i = 0; i < 5; i++) {
      cosine.step();
      resumed.step();
      expect(resumed.lastLr).toBe(cosine.lastLr);
    }
    const plateau = new ReduceLROnPlateau(optimizerWithLr(0.1), { patience: 1 });
    for (const m of [1, 0.5, 0.6, 0.7]) plateau.step(m);
    const again = new ReduceLROnPlateau(optimizerWithLr(0.1), { patience: 1 });
    again.loadStateDict(plateau.stateDict());
    expect(again.best).toBe(0.5);
    expect(again.lastEpoch).toBe(4);
  });

  it('ReduceLROnPlateau saved before its first step comes back through JSON (a checkpoint in epoch 1)', () => {
    const fresh = new ReduceLROnPlateau(optimizerWithLr(0.1), { mode: 'max', patience: 0 });
    const saved = JSON.parse(JSON.stringify(fresh.stateDict())) as SchedulerStateDict;
    expect(Object.values(saved).every((v) => typeof v === 'number')).toBe(true);
    const resumed = new ReduceLROnPlateau(optimizerWithLr(0.1), { mode: 'max', patience: 0 });
    resumed.loadStateDict(saved);
    expect(resumed.best).toBe(Number.NEGATIVE_INFINITY);
    for (const m of [0.5, 0.4, 0.6, 0.3]) {
      fresh.step(m);
      resumed.step(m);
      expect(resumed.lastLr).toBe(fresh.lastLr);
    }
    expect(resumed.best).toBe(0.6);
  });
});

describe('scheduler options are validated', () => {
  const o = () => optimizerWithLr(0.1);
  it('rejects bad epoch-scheduler options with the option named', () => {
    expect(() => new StepLR(o(), { stepSize: 0 })).toThrow(
      'StepLR: stepSize must be a positive integer, got 0.',
    );
    expect(() => new CosineAnnealingLR(o(), { tMax: 2.5 })).toThrow(
      'CosineAnnealingLR: tMax must be a positive integer, got 2.5.',
    );
    expect(() => new CosineAnnealingLR(o(), { tMax: 3, etaMin: -1 })).toThrow(
      'CosineAnnealingLR: etaMin must be a non-negative number, got -1.',
    );
    expect(() => new LinearLR(o(), { startFactor: 0 })).toThrow(
      'LinearLR: startFactor must be in (0, 1], got 0.',
    );
    expect(() => new LinearLR(o(), { endFactor: 2 })).toThrow(
      'LinearLR: endFactor must be in [0, 1], got 2.',
    );
  });
  it('rejects bad ReduceLROnPlateau options with the option named', () => {
    expect(() => new ReduceLROnPlateau(o(), { factor: 1 })).toThrow(
      'ReduceLROnPlateau: factor must be in [0, 1), got 1.',
    );
    expect(() => new ReduceLROnPlateau(o(), { mode: 'least' as 'min' })).toThrow(
      "ReduceLROnPlateau: mode must be 'min' or 'max', got 'least'.",
    );
    expect(() => new ReduceLROnPlateau(o(), { thresholdMode: 'pct' as 'rel' })).toThrow(
      "ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got 'pct'.",
    );
    expect(() => new ReduceLROnPlateau(o(), { patience: -1 })).toThrow(
      'ReduceLROnPlateau: patience must be an integer ≥ 0, got -1.',
    );
    expect(() => new ReduceLROnPlateau(o(), { minLr: -0.1 })).toThrow(
      'ReduceLROnPlateau: minLr must be a non-negative number, got -0.1.',
    );
  });
});
