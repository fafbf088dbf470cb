/** The training loop's limits a search slices trials with: stop at a step, a moving deadline, scoring the validation split. */
import { describe, expect, it } from 'vitest';
import { prepareToyTask } from '../../test/support/toyTask.ts';
import { Random } from '../random.ts';
import { presetSpec } from '../tasks/presets.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { decodeCheckpoint, memoryCheckpointStore } from './checkpoint.ts';
import { TrainingRun, type TrainingRunOptions } from './trainer.ts';

function toySpec(): RunSpec {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.model.headDropout = 0.1;
  spec.train = {
    ...spec.train,
    epochs: 4,
    batchSize: 8,
    lr: 0.02,
    seed: 3,
    earlyStoppingPatience: 0,
  };
  return spec;
}

function makeRun(extra: Partial<TrainingRunOptions> = {}, random = new Random(3)) {
  const task = prepareToyTask(toySpec(), random);
  const run = new TrainingRun({
    task,
    random,
    data: { fileName: 'toy', fingerprint: 'toy' },
    onEvent: () => {},
    yieldControl: async () => {},
    ...extra,
  });
  return { run, task, weights: () => task.model.parameters().flatMap((p) => [...p.data]) };
}

describe('TrainingRun limits', () => {
  it('stops before the step stopAtStep names and, continued, reaches the weights of one run', async () => {
    const whole = makeRun();
    await whole.run.run();
    const store = memoryCheckpointStore();
    const random = new Random(3);
    const first = makeRun({ store, stopAtStep: 11 }, random);
    const sliced = await first.run.run();
    expect(sliced.reason).toBe('stopped');
    expect(first.run.position.step).toBe(11);
    const last = decodeCheckpoint((await store.load('last')) as Uint8Array);
    const best = await store.load('best');
    const second = new TrainingRun({
      task: first.task,
      random,
      data: { fileName: 'toy', fingerprint: 'toy' },
      onEvent: () => {},
      yieldControl: async () => {},
      resumeFrom: last,
      ...(best === null
        ? {}
        : {
            resumeBest: {
              weights: decodeCheckpoint(best).weights,
              epoch: decodeCheckpoint(best).epoch,
            },
          }),
    });
    const rest = await second.run();
    expect(rest.reason).toBe('completed');
    expect(first.weights()).toEqual(whole.weights());
  });

  it('ends as time-limit once the deadline passes, asking it again at every step', async () => {
    let clock = 0;
    let limit = 5;
    const { run } = makeRun({
      now: () => clock++,
      deadline: () => limit,
      // The deadline moves on (a search does so by the time spent paused) after the first step.
      onEvent: (e) => {
        if (e.type === 'training-progress') limit = 40;
      },
    });
    const result = await run.run();
    expect(result.reason).toBe('time-limit');
    expect(run.position.step).toBeGreaterThan(3);
  });

  it('scores the split evaluateOn names at the end', async () => {
    const { run, task } = makeRun({ evaluateOn: 'train' });
    const result = await run.run();
    expect(result.evaluation.split).toBe('train');
    expect(result.evaluation.examples).toBe(task.sizes.train);
  });
});
