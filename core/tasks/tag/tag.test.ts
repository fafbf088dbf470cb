/** Tests of the tag task: UPOS on UD English EWT beats the most-frequent-tag baseline; NER files give entity F1 and spans; restore and determinism. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { quickTrain } from '../common/quickTrain.ts';
import { smallRecurrent } from '../common/testing.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { PreparedTask, TagPrediction } from '../task.ts';
import { normalizeWord, tagTask } from './index.ts';

const data = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
const ewt = join(data, 'ud-english-ewt', 'en_ewt-ud-dev.conllu');
const uner = join(data, 'uner-english-ewt', 'en_ewt-ud-dev.iob2');

/** The first `count` sentences of a blank-line-separated file. */
function sentences(path: string, count: number): Uint8Array {
  const parts = readFileSync(path, 'utf8').split(/\n\n/);
  return new TextEncoder().encode(`${parts.slice(0, count).join('\n\n')}\n\n`);
}

function smallSpec(): RunSpec {
  const spec = presetSpec('tag');
  spec.data = { tagField: 'upos', minFreq: 1, maxVocab: 5000, maxLength: 30 };
  spec.model = {
    embeddingDim: 32,
    recurrent: smallRecurrent({ bidirectional: true }),
    headDropout: 0.1,
  };
  spec.train = { ...spec.train, batchSize: 32, lr: 0.015, valSplit: 0.1, testSplit: 0.2 };
  return spec;
}

async function prepared(path: string, count: number, spec = smallSpec()): Promise<PreparedTask> {
  return tagTask.prepare({
    spec,
    fileName: path.split('/').pop() as string,
    bytes: sentences(path, count),
    random: new Random(spec.train.seed),
  });
}

describe('tag task', () => {
  it('beats the most-frequent-tag-per-word baseline on held-out UPOS', async () => {
    const task = await prepared(ewt, 1200);
    quickTrain(task, { steps: 300 });
    const model = task.evaluate('test');
    const baseline = task.baseline('test');
    expect(task.primaryMetric).toEqual({ name: 'tokenAccuracy', higherIsBetter: true });
    expect(baseline.metrics.tokenAccuracy).toBeGreaterThan(0.75);
    expect(model.metrics.tokenAccuracy).toBeGreaterThan(
      (baseline.metrics.tokenAccuracy as number) + 0.03,
    );
    expect(model.metrics.entityF1).toBeUndefined();
    expect(model.perLabel?.find((s) => s.label === 'PUNCT')?.f1).toBeGreaterThan(0.9);
  }, 60_000);

  it('gives identical metrics for the same seed', async () => {
    const run = async () => {
      const task = await prepared(ewt, 200);
      quickTrain(task, { steps: 10 });
      return task.evaluate('val').metrics;
    };
    expect(await run()).toEqual(await run());
  }, 30_000);

  it('reads an IOB2 NER file: entity F1 is the primary metric and predictions carry spans', async () => {
    const task = await prepared(uner, 300);
    quickTrain(task, { steps: 10 });
    expect(task.primaryMetric.name).toBe('entityF1');
    const report = task.evaluate('test');
    expect(Object.keys(report.metrics)).toEqual([
      'loss',
      'tokenAccuracy',
      'entityF1',
      'entityPrecision',
      'entityRecall',
    ]);
    const baseline = task.baseline('test');
    expect(baseline.metrics.entityF1).toBeGreaterThanOrEqual(0);
    expect(baseline.description).toBe("most frequent tag per word (unknown words: 'O')");
    const p = task.predictor().predict({ tokens: ['Mary', 'lives', 'in', 'Paris', '.'] });
    expect((p as TagPrediction).tags).toHaveLength(5);
  }, 30_000);

  it('restores from state and weights and tags the same way; evaluates a whole file', async () => {
    const spec = smallSpec();
    const task = await prepared(ewt, 200, spec);
    quickTrain(task, { steps: 5 });
    const restored = tagTask.restore({
      spec,
      state: JSON.parse(JSON.stringify(task.state)),
      weights: task.model.stateDict(),
    });
    const input = { text: 'The cat sat on the mat .' };
    expect(restored.predict(input)).toEqual(task.predictor().predict(input));
    expect((restored.predict(input) as TagPrediction).entities).toEqual([]);
    // POS takes each token's best tag, so its confidence is the largest of T probabilities.
    const { confidences } = restored.predict(input) as TagPrediction;
    expect(confidences).toHaveLength(7);
    for (const c of confidences ?? []) {
      expect(c).toBeGreaterThanOrEqual(
        1 / (task.state as unknown as { tags: string[] }).tags.length,
      );
      expect(c).toBeLessThanOrEqual(1);
    }
    const { model, baseline } = await restored.evaluateFile({
      fileName: 'ewt.conllu',
      bytes: sentences(ewt, 50),
    });
    expect(model.examples).toBe(50);
    expect(baseline.metrics.tokenAccuracy).toBeGreaterThan(0.5);
  }, 30_000);

  it('normalises case and digits for the vocabulary', () => {
    expect(normalizeWord('Paris2024')).toBe('paris0000');
  });

  it('refuses an empty sentence with a clear message', async () => {
    const task = await prepared(ewt, 100);
    expect(() => task.predictor().predict({ text: '  ' })).toThrow(
      'tag: predict input must have at least one token in tokens or text, got none.',
    );
  });
});
