/** The finished run's split report: every example of the held-out split is scored (the confusion matrix sums to the split's size) and it passes the protocol schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallRecurrent } from '../../test/support/taskTesting.ts';
import { trainerEventSchemas } from '../protocol/messages.ts';
import { Random } from '../random.ts';
import { TrainingRun, type TrainingRunEvent } from '../train/trainer.ts';
import { classifyTask } from './classify/index.ts';
import { presetSpec } from './presets.ts';
import { splitReportOf } from './splitReport.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const nsmc = join(repoRoot, '..', 'shared', 'data', 'nsmc-sample', 'nsmc_sample_10k.txt');

function nsmcRows(rows: number): Uint8Array {
  const lines = readFileSync(nsmc, 'utf8').split('\n');
  return new TextEncoder().encode(`${lines.slice(0, rows + 1).join('\n')}\n`);
}

describe('split report', () => {
  it('scores every example of the test split: the confusion cells sum to its size', async () => {
    const spec = presetSpec('classify');
    spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 300, maxLength: 20 };
    spec.model = {
      embeddingDim: 8,
      recurrent: smallRecurrent({ hiddenSize: 8 }),
      pooling: 'mean',
      headDropout: 0,
    };
    spec.train = { ...spec.train, epochs: 1, batchSize: 64, valSplit: 0.1, testSplit: 0.3 };
    const random = new Random(spec.train.seed);
    const task = await classifyTask.prepare({
      spec,
      fileName: 'nsmc.txt',
      bytes: nsmcRows(1500),
      random,
    });
    const events: TrainingRunEvent[] = [];
    const run = new TrainingRun({
      task,
      random,
      data: { fileName: 'nsmc.txt', fingerprint: 'nsmc' },
      onEvent: (e) => events.push(e),
      yieldControl: async () => {},
    });
    const result = await run.run();
    expect(task.sizes.test).toBeGreaterThan(400);
    expect(result.evaluation.split).toBe('test');
    expect(result.evaluation.examples).toBe(task.sizes.test);
    const cells = result.evaluation.confusion?.counts.flat() ?? [];
    expect(cells.reduce((a, b) => a + b, 0)).toBe(task.sizes.test);
    const support = (result.evaluation.perLabel ?? []).reduce((a, s) => a + s.support, 0);
    expect(support).toBe(task.sizes.test);
    const finished = events.find((e) => e.type === 'training-finished');
    const parsed = trainerEventSchemas['training-finished'].safeParse({ ...finished, runId: 'r1' });
    expect(parsed.success).toBe(true);
  }, 60_000);

  it('turns the score of a class never predicted into 0 instead of NaN', () => {
    const report = splitReportOf('val', {
      examples: 2,
      metrics: {},
      perLabel: [{ label: 'a', precision: Number.NaN, recall: 0, f1: Number.NaN, support: 2 }],
    });
    expect(report.perLabel).toEqual([{ label: 'a', precision: 0, recall: 0, f1: 0, support: 2 }]);
    expect(report.confusion).toBeUndefined();
  });
});
