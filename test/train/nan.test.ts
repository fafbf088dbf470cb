/** Divergence: a NaN or infinite loss stops training with an explanation and a suggestion, before any NaN reaches an event. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { TrainingRun, type TrainingRunEvent } from '../../core/train/trainer.ts';
import { prepareToyTask } from '../support/toyTask.ts';

async function diverge(options: { lr: number; clipNorm: number; lossScale: number }) {
  const spec = presetSpec('forecast');
  spec.model.recurrent = { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8 };
  spec.train = {
    ...spec.train,
    optimizer: 'sgd',
    epochs: 5,
    batchSize: 8,
    lr: options.lr,
    clipNorm: options.clipNorm,
  };
  const random = new Random(0);
  const task = prepareToyTask(spec, random, { lossScale: options.lossScale });
  const events: TrainingRunEvent[] = [];
  const run = new TrainingRun({
    task,
    random,
    data: { fileName: 'toy', fingerprint: 'toy' },
    onEvent: (e) => events.push(e),
    yieldControl: async () => {},
  });
  const error = await run.run().then(
    () => null,
    (e: unknown) => e as Error & { suggestion: string },
  );
  return { error, events };
}

describe('divergence', () => {
  it('explains a NaN loss after a huge step and suggests a lower learning rate or clipping', async () => {
    const { error, events } = await diverge({ lr: 10, clipNorm: 0, lossScale: 1e38 });
    expect(error?.name).toBe('DivergenceError');
    expect(error?.message).toBe('The loss became NaN at epoch 1, step 2.');
    expect(error?.suggestion).toBe(
      'Lower the learning rate (now 10, try 1) or turn on gradient clipping (clip norm 1).',
    );
    // No number became NaN, Infinity or null on the way out; a host that cannot measure memory
    // sends peakMemoryBytes: null by design.
    for (const e of events) {
      expect(JSON.stringify({ ...e, peakMemoryBytes: undefined })).not.toMatch(/NaN|null|Infinity/);
    }
    expect(events.some((e) => e.type === 'training-epoch' || e.type === 'training-finished')).toBe(
      false,
    );
  });

  it('explains an infinite loss at the first step, with clipping mentioned as on', async () => {
    const { error, events } = await diverge({ lr: 10, clipNorm: 5, lossScale: 1e39 });
    expect(error?.name).toBe('DivergenceError');
    expect(error?.message).toBe('The loss became infinite at epoch 1, step 1.');
    expect(error?.suggestion).toBe(
      'Lower the learning rate (now 10, try 1); gradient clipping is on at 5, a smaller value (e.g. 0.5) also helps.',
    );
    expect(events).toEqual([]);
  });
});
