/** The cosine tail's plan: its length, which settings get one, its spec, and the checkpoint it starts from. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../tasks/presets.ts';
import { annealEpochs, annealedSpec, annealStart, canAnneal } from './anneal.ts';
import type { TrainingCheckpoint } from './checkpoint.ts';

describe('anneal', () => {
  it('lasts a quarter of the epochs trained, at least 2', () => {
    expect(annealEpochs(30)).toBe(8);
    expect(annealEpochs(13)).toBe(4);
    expect(annealEpochs(3)).toBe(2);
  });

  it('settles only a rate that never decayed to zero, with a cosine over its epochs to their end', () => {
    const spec = presetSpec('forecast');
    expect(canAnneal(spec)).toBe(true);
    const tail = annealedSpec(spec, 8);
    expect(tail.train).toMatchObject({ schedule: 'cosine', epochs: 8, earlyStoppingPatience: 0 });
    expect(tail.train.lr).toBe(spec.train.lr);
    expect(tail.model).toEqual(spec.model);
    expect(spec.train.schedule).toBe('constant');
    expect(canAnneal(tail)).toBe(false);
  });

  it('starts from the best weights and optimizer state as a new run', () => {
    const spec = presetSpec('forecast');
    const weights = new Map([
      ['w', { dtype: 'F32' as const, shape: [1], data: new Float32Array([2]) }],
    ]);
    const best = {
      kind: 'best',
      spec,
      data: { fileName: 'f', fingerprint: 'x' },
      epoch: 17,
      stepInEpoch: 0,
      step: 595,
      shuffleRng: [1, 2, 3, 4],
      modelRng: [5, 6, 7, 8],
      taskState: { scale: 3 },
      weights,
      optimizer: { state: {}, groups: [] },
      scheduler: { lastEpoch: 17 },
      running: { lossSum: 1, lossCount: 2, smoothSum: 3, smoothCount: 4 },
      best: { value: 14.9, epoch: 16, badEpochs: 0 },
      history: [{ epoch: 16 }],
      elapsedSeconds: 60,
    } as unknown as TrainingCheckpoint;
    const tail = annealedSpec(spec, 8);
    const start = annealStart(best, tail);
    expect(start).toMatchObject({ kind: 'last', spec: tail, epoch: 0, step: 0, stepInEpoch: 0 });
    expect(start).toMatchObject({ scheduler: null, history: [], elapsedSeconds: 0 });
    expect(start.best).toEqual({ value: null, epoch: 0, badEpochs: 0 });
    expect(start.weights).toBe(weights);
    expect(start.optimizer).toBe(best.optimizer);
    expect(start.taskState).toBe(best.taskState);
  });
});
