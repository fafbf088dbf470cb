/** Tests of the classify task on a slice of NSMC: it beats the majority class, restores from its state and weights, and is deterministic. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describedTensors,
  smallRecurrent,
  stateDictTensors,
  trainedTask,
} from '../../../test/support/taskTesting.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { ClassifyPrediction, PreparedTask } from '../task.ts';
import { balancedWeights, classifyTask } from './index.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const nsmc = join(repoRoot, '..', 'shared', 'data', 'nsmc-sample', 'nsmc_sample_10k.txt');

/** The header and the first `rows` data lines of NSMC (balanced enough: ~50 % positive). */
function nsmcSlice(rows: number): Uint8Array {
  const lines = readFileSync(nsmc, 'utf8').split('\n');
  return new TextEncoder().encode(`${lines.slice(0, rows + 1).join('\n')}\n`);
}

function smallSpec(): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 800, maxLength: 30 };
  spec.model = {
    embeddingDim: 24,
    recurrent: smallRecurrent({ hiddenSize: 24, bidirectional: true }),
    pooling: 'mean',
    headDropout: 0.1,
  };
  spec.train = { ...spec.train, batchSize: 32, lr: 5e-3, valSplit: 0.1, testSplit: 0.2 };
  return spec;
}

function trained(spec: RunSpec, steps: number): Promise<PreparedTask> {
  return trainedTask(classifyTask, { spec, fileName: 'nsmc.txt', bytes: nsmcSlice(1500), steps });
}

describe('classify task', () => {
  it('clearly beats the majority class on the held-out split', async () => {
    const task = await trained(smallSpec(), 150);
    const model = task.evaluate('test');
    const baseline = task.baseline('test');
    expect(task.sizes.test).toBeGreaterThan(250);
    expect(baseline.metrics.accuracy).toBeLessThan(0.56);
    expect(model.metrics.accuracy).toBeGreaterThan((baseline.metrics.accuracy as number) + 0.08);
    expect(model.metrics.macroF1).toBeGreaterThan(0.6);
    expect(model.confusion?.labels).toEqual(['0', '1']);
  }, 60_000);

  it('gives identical metrics for the same seed and different ones for another seed', async () => {
    const a = (await trained(smallSpec(), 15)).evaluate('val').metrics;
    const b = (await trained(smallSpec(), 15)).evaluate('val').metrics;
    const other = smallSpec();
    other.train.seed = 1;
    const c = (await trained(other, 15)).evaluate('val').metrics;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  }, 30_000);

  it('restores a predictor from the state and weights that gives the same probabilities', async () => {
    const spec = smallSpec();
    const task = await trained(spec, 20);
    const restored = classifyTask.restore({
      spec,
      state: JSON.parse(JSON.stringify(task.state)),
      weights: task.model.stateDict(),
    });
    const text = '정말 재미있고 감동적인 영화';
    const a = task.predictor().predict({ text }) as ClassifyPrediction;
    const b = restored.predict({ text }) as ClassifyPrediction;
    expect(b).toEqual(a);
    expect(a.probabilities.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 5);
    expect(a.label).toBe(a.probabilities[0]?.label);
  }, 30_000);

  it('explains a decision by occlusion: each delta is the drop when that token alone is removed', async () => {
    const task = await trained(smallSpec(), 20);
    const predictor = task.predictor();
    const chars = [...'재미있는영화'];
    const p = predictor.predict({ text: chars.join(''), explain: true }) as ClassifyPrediction;
    expect(predictor.predict({ text: chars.join('') })).not.toHaveProperty('importance');
    const probabilityOf = (q: ClassifyPrediction) =>
      q.probabilities.find((c) => c.label === p.label)?.probability as number;
    expect(p.importance?.map((i) => i.token)).toEqual(chars);
    chars.forEach((_, t) => {
      const without = chars.filter((_, k) => k !== t).join('');
      const q = predictor.predict({ text: without }) as ClassifyPrediction;
      expect(p.importance?.[t]?.delta).toBeCloseTo(probabilityOf(p) - probabilityOf(q), 5);
    });
  }, 30_000);

  it('evaluates a restored model on a whole file beside its baseline', async () => {
    const spec = smallSpec();
    const task = await trained(spec, 5);
    const restored = classifyTask.restore({
      spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    const { model, baseline } = await restored.evaluateFile({
      fileName: 'nsmc.txt',
      bytes: nsmcSlice(200),
    });
    expect(model.examples).toBe(200);
    expect(baseline.examples).toBe(200);
    expect(model.metrics.loss).toBeGreaterThan(0);
    expect(baseline.description).toMatch(/^majority class '[01]'$/);
  }, 30_000);

  it('refuses an empty text with a clear message', async () => {
    const task = await trained(smallSpec(), 1);
    expect(() => task.predictor().predict({ text: '   ' })).toThrow(
      "classify: predict input.text must contain at least one token, got '   '.",
    );
  });

  it('refuses a state saved by another task', () => {
    expect(() =>
      classifyTask.restore({ spec: smallSpec(), state: { kind: 'tag' }, weights: {} }),
    ).toThrow(/^classify: the saved task state must be valid, got .* at 'kind'\.$/);
  });

  it('describes the layers with PyTorch shapes and counts parameters like the model', async () => {
    const task = await trained(smallSpec(), 1);
    const d = task.describeModel();
    expect(d.layers.map((l) => l.kind)).toEqual([
      'embedding',
      'encoder',
      'pooling',
      'dropout',
      'head',
    ]);
    expect(describedTensors(d)).toEqual(stateDictTensors(task.model));
    expect(d.totalParameters).toBe(task.model.parameters().reduce((s, p) => s + p.size, 0));
    expect(d.sizes.estimated).toBe(false);
    const estimate = classifyTask.describeModel(presetSpec('classify'));
    expect(estimate.sizes.estimated).toBe(true);
    // The preset's bidirectional LSTM of 128 units gives 2·128 features a step.
    expect(estimate.layers[1]?.outputs[0]?.dims).toEqual(['L', 'N', 256]);
  });
});

describe('balancedWeights', () => {
  it("weights classes n / (C · n_c) as scikit-learn's 'balanced', 1 for an absent class", () => {
    expect(Array.from(balancedWeights(Int32Array.from([0, 0, 0, 1]), 3))).toEqual([
      Math.fround(4 / 9),
      Math.fround(4 / 3),
      1,
    ]);
  });
});
