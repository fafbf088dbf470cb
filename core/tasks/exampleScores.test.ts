/** Each task's primary metric split by example (auto-tune's paired comparison) adds up to the metric its evaluation reports: forecast MAE by window, classify accuracy by review, tag token accuracy by sentence; NER has none. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallRecurrent, trainedTask } from '../../test/support/taskTesting.ts';
import { Random } from '../random.ts';
import { classifyTask } from './classify/index.ts';
import { forecastTask } from './forecast/index.ts';
import { presetSpec } from './presets.ts';
import { tagTask } from './tag/index.ts';
import type { ExampleScores, PreparedTask } from './task.ts';

const data = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** Σ values / Σ weights. */
function ratio(scores: ExampleScores): number {
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return sum(scores.values) / sum(scores.weights);
}

function expectMetric(task: PreparedTask): ExampleScores {
  const scores = task.exampleScores?.('val') as ExampleScores;
  const report = task.evaluate('val');
  expect(scores.values).toHaveLength(report.examples);
  expect(ratio(scores)).toBeCloseTo(report.metrics[task.primaryMetric.name] as number, 9);
  return scores;
}

describe('exampleScores', () => {
  it('forecast: the absolute errors of a window over its H steps, weight H, add up to the MAE', async () => {
    const spec = presetSpec('forecast');
    spec.data = {
      ...spec.data,
      targetColumn: 'temp_max',
      dateColumn: 'date',
      window: 10,
      horizon: 3,
    };
    spec.model.recurrent = { ...spec.model.recurrent, hiddenSize: 8 };
    const bytes = readFileSync(join(data, 'seattle-weather', 'seattle-weather.csv'));
    const task = await trainedTask(forecastTask, {
      spec,
      fileName: 'seattle-weather.csv',
      bytes: new Uint8Array(bytes),
      steps: 20,
    });
    const scores = expectMetric(task);
    expect(new Set(scores.weights)).toEqual(new Set([3]));
  });

  it('classify: 1 for a review whose class is right, else 0, adds up to the accuracy', async () => {
    const lines = readFileSync(join(data, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8').split(
      '\n',
    );
    const spec = presetSpec('classify');
    spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 500, maxLength: 20 };
    spec.model = { embeddingDim: 8, recurrent: smallRecurrent({ hiddenSize: 8 }), pooling: 'mean' };
    spec.train = { ...spec.train, batchSize: 32, lr: 5e-3, valSplit: 0.2 };
    const task = await trainedTask(classifyTask, {
      spec,
      fileName: 'nsmc.txt',
      bytes: new TextEncoder().encode(`${lines.slice(0, 401).join('\n')}\n`),
      steps: 10,
    });
    const scores = expectMetric(task);
    expect(scores.values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(new Set(scores.weights)).toEqual(new Set([1]));
  });

  it('tag: the right tokens of a sentence, weighted by its tokens, add up to the token accuracy; NER has none', async () => {
    const sentences = (path: string) => {
      const parts = readFileSync(path, 'utf8').split(/\n\n/);
      return new TextEncoder().encode(`${parts.slice(0, 300).join('\n\n')}\n\n`);
    };
    const spec = presetSpec('tag');
    spec.data = { tagField: 'upos', minFreq: 1, maxVocab: 3000, maxLength: 30 };
    spec.model = { embeddingDim: 16, recurrent: smallRecurrent({ bidirectional: true }) };
    spec.train = { ...spec.train, batchSize: 32, lr: 0.015, valSplit: 0.2 };
    const task = await trainedTask(tagTask, {
      spec,
      fileName: 'en_ewt-ud-dev.conllu',
      bytes: sentences(join(data, 'ud-english-ewt', 'en_ewt-ud-dev.conllu')),
      steps: 10,
    });
    const scores = expectMetric(task);
    expect(scores.weights.some((w) => w > 1)).toBe(true);
    const ner = await tagTask.prepare({
      spec,
      fileName: 'en_ewt-ud-dev.iob2',
      bytes: sentences(join(data, 'uner-english-ewt', 'en_ewt-ud-dev.iob2')),
      random: new Random(0),
    });
    expect(ner.primaryMetric.name).toBe('entityF1');
    expect(ner.exampleScores).toBeUndefined();
  });
});
