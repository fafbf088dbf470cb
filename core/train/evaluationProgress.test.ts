/** The final evaluation tells its progress: `evaluation-progress` events, in order, rate-limited, ending at the held-out split's size. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallRecurrent } from '../../test/support/taskTesting.ts';
import { trainerEventSchemas } from '../protocol/messages.ts';
import { Random } from '../random.ts';
import { classifyTask } from '../tasks/classify/index.ts';
import { presetSpec } from '../tasks/presets.ts';
import { TrainingRun, type TrainingRunEvent } from './trainer.ts';

const nsmc = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'nsmc-sample',
  'nsmc_sample_10k.txt',
);

async function runWithClock(now: () => number) {
  const lines = readFileSync(nsmc, 'utf8').split('\n');
  const bytes = new TextEncoder().encode(`${lines.slice(0, 901).join('\n')}\n`);
  const spec = presetSpec('classify');
  spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 300, maxLength: 20 };
  spec.model = {
    embeddingDim: 8,
    recurrent: smallRecurrent({ hiddenSize: 8 }),
    pooling: 'mean',
    headDropout: 0,
  };
  spec.train = { ...spec.train, epochs: 1, batchSize: 64, valSplit: 0.1, testSplit: 0.4 };
  const random = new Random(spec.train.seed);
  const task = await classifyTask.prepare({ spec, fileName: 'nsmc.txt', bytes, random });
  const events: TrainingRunEvent[] = [];
  const run = new TrainingRun({
    task,
    random,
    data: { fileName: 'nsmc.txt', fingerprint: 'nsmc' },
    onEvent: (e) => events.push(e),
    yieldControl: async () => {},
    now,
  });
  await run.run();
  const progress = events.flatMap((e) => (e.type === 'evaluation-progress' ? [e] : []));
  return { events, progress, testSize: task.sizes.test };
}

describe('final evaluation progress', () => {
  it('reports examples scored in order, after the training events, ending at the split size', async () => {
    let t = 0;
    const { events, progress, testSize } = await runWithClock(() => {
      t += 300;
      return t;
    });
    expect(testSize).toBeGreaterThan(300);
    // A clock past the 250 ms interval at every call: one event per 64-example batch.
    expect(progress.length).toBe(Math.ceil(testSize / 64));
    progress.forEach((e, i) => {
      expect(e.split).toBe('test');
      expect(e.total).toBe(testSize);
      expect(e.examples).toBe(Math.min(testSize, (i + 1) * 64));
      expect(
        trainerEventSchemas['evaluation-progress'].safeParse({ ...e, runId: 'r' }).success,
      ).toBe(true);
    });
    const types = events.map((e) => e.type);
    const first = types.indexOf('evaluation-progress');
    expect(first).toBeGreaterThan(types.lastIndexOf('training-epoch'));
    expect(types.lastIndexOf('evaluation-progress')).toBeLessThan(
      types.indexOf('training-finished'),
    );
  }, 60_000);

  it('sends no more than one event per 250 ms, and always the last', async () => {
    const { progress, testSize } = await runWithClock(() => 1_000);
    // A clock that never moves: the first batch's event, then only the final one.
    expect(progress.map((e) => e.examples)).toEqual([64, testSize]);
  }, 60_000);
});
