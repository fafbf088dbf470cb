/** Crash and resume: a run continued from its last checkpoint ends with the same weights and history as an uninterrupted one. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import {
  type CheckpointStore,
  decodeCheckpoint,
  memoryCheckpointStore,
} from '../../core/train/checkpoint.ts';
import { TrainingRun, type TrainingRunEvent } from '../../core/train/trainer.ts';
import { prepareToyTask } from '../support/toyTask.ts';

function spec(): RunSpec {
  const s = presetSpec('forecast');
  s.model.recurrent = { ...s.model.recurrent, cell: 'gru', hiddenSize: 8 };
  // Dropout draws from the model's generator, so the resumed run must restore it too.
  s.model.headDropout = 0.3;
  s.train = { ...s.train, epochs: 6, batchSize: 8, lr: 0.02, seed: 11, schedule: 'cosine' };
  return s;
}

/** A clock that advances one second per reading, so a mid-epoch checkpoint is due every few steps. */
function tickingClock(): () => number {
  let t = 0;
  return () => {
    t += 1000;
    return t;
  };
}

async function train(options: {
  store: CheckpointStore;
  crashAtStep?: number;
  resume?: boolean;
}): Promise<{ weights: number[]; losses: number[]; firstStep: number | null }> {
  const s = spec();
  const random = new Random(s.train.seed);
  const task = prepareToyTask(s, random);
  let firstStep: number | null = null;
  const onEvent = (e: TrainingRunEvent) => {
    if (e.type !== 'training-progress') return;
    firstStep ??= e.step;
    if (e.step === options.crashAtStep) throw new Error('simulated crash');
  };
  const lastBytes = options.resume ? await options.store.load('last') : null;
  const bestBytes = options.resume ? await options.store.load('best') : null;
  const best = bestBytes === null ? undefined : decodeCheckpoint(bestBytes);
  const run = new TrainingRun({
    task,
    random,
    data: { fileName: 'toy', fingerprint: 'toy' },
    store: options.store,
    onEvent,
    now: tickingClock(),
    maxEventsPerSecond: 1000,
    checkpointEverySeconds: 3,
    yieldControl: async () => {},
    ...(lastBytes === null ? {} : { resumeFrom: decodeCheckpoint(lastBytes) }),
    ...(best === undefined ? {} : { resumeBest: { weights: best.weights, epoch: best.epoch } }),
  });
  const result = await run.run();
  return {
    weights: task.model.parameters().flatMap((p) => [...p.data]),
    losses: result.history.map((h) => h.trainLoss),
    firstStep,
  };
}

describe('resume after a crash', () => {
  it('continues mid-epoch from the last checkpoint and reaches the same final weights', async () => {
    const reference = await train({ store: memoryCheckpointStore() });
    const store = memoryCheckpointStore();
    // 4 steps per epoch: step 14 is in the middle of the 4th epoch.
    await expect(train({ store, crashAtStep: 14 })).rejects.toThrow('simulated crash');
    const last = decodeCheckpoint((await store.load('last')) as Uint8Array);
    expect(last.step).toBeLessThan(14);
    expect(last.stepInEpoch).toBeGreaterThan(0);
    const resumed = await train({ store, resume: true });
    expect(resumed.firstStep).toBe(last.step + 1);
    expect(resumed.losses).toEqual(reference.losses);
    expect(resumed.weights).toEqual(reference.weights);
  });

  it('continues from an epoch boundary just the same', async () => {
    const reference = await train({ store: memoryCheckpointStore() });
    const store = memoryCheckpointStore();
    await expect(train({ store, crashAtStep: 9 })).rejects.toThrow('simulated crash');
    const resumed = await train({ store, resume: true });
    expect(resumed.weights).toEqual(reference.weights);
  });
});
