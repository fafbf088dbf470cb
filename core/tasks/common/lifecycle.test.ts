/** Tests of the prepare/restore plumbing: the spec's task check, per-split mapping and sizes, and restored models. */
import { describe, expect, it } from 'vitest';
import { Linear } from '../../nn/linear.ts';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
import type { Predictor } from '../task.ts';
import {
  checkTaskKind,
  checkWeightsFit,
  mapSplits,
  restoredTask,
  splitSizes,
} from './lifecycle.ts';

describe('checkTaskKind', () => {
  it('accepts its own task and names the task it got otherwise', () => {
    expect(() => checkTaskKind(presetSpec('tag'), 'tag')).not.toThrow();
    expect(() => checkTaskKind(presetSpec('forecast'), 'seq2seq')).toThrow(
      "seq2seq: spec.task must be 'seq2seq', got 'forecast'.",
    );
  });

  it('refuses a character encoder outside the tag task', () => {
    const charEncoder = { embeddingDim: 16, hiddenSize: 16 };
    const tag = presetSpec('tag');
    expect(() =>
      checkTaskKind({ ...tag, model: { ...tag.model, charEncoder } }, 'tag'),
    ).not.toThrow();
    const classify = presetSpec('classify');
    expect(() =>
      checkTaskKind({ ...classify, model: { ...classify.model, charEncoder } }, 'classify'),
    ).toThrow(
      'classify: spec.model.charEncoder must be left out (only the tag task reads words by their characters), got an encoder.',
    );
  });
});

describe('mapSplits', () => {
  it('maps every split in the order train, val, test', () => {
    const seen: string[] = [];
    const out = mapSplits({ train: 'a', val: 'bb', test: 'ccc' }, (part) => {
      seen.push(part);
      return part.length;
    });
    expect(out).toEqual({ train: 1, val: 2, test: 3 });
    expect(seen).toEqual(['a', 'bb', 'ccc']);
    expect(splitSizes({ train: [1, 2], val: [], test: [3] })).toEqual({
      train: 2,
      val: 0,
      test: 1,
    });
  });
});

describe('restoredTask', () => {
  const predictor: Predictor = {
    kind: 'forecast',
    predict: () => ({ kind: 'forecast', values: [1] }),
  };
  const evaluateFile = async () => {
    const report = { examples: 0, metrics: {} };
    return { model: report, baseline: report };
  };

  it('loads the weights, leaves the model in eval mode and keeps the predictor', () => {
    const trained = new Linear(2, 1, { random: new Random(1) });
    const model = new Linear(2, 1, { random: new Random(2) });
    const restored = restoredTask({
      model,
      weights: trained.stateDict(),
      state: { kind: 'forecast' },
      predictor,
      evaluateFile,
    });
    expect(Array.from(model.weight.data)).toEqual(Array.from(trained.weight.data));
    expect(model.training).toBe(false);
    expect(restored.kind).toBe('forecast');
    expect(restored.predict({})).toEqual({ kind: 'forecast', values: [1] });
    expect(restored.state).toEqual({ kind: 'forecast' });
  });

  it('refuses weights that do not fit the model', () => {
    const model = new Linear(2, 1, { random: new Random(2) });
    const options = {
      model,
      weights: {},
      state: { kind: 'forecast' as const },
      predictor,
      evaluateFile,
    };
    expect(() => restoredTask(options)).toThrow(/^Linear\.loadStateDict: /);
  });
});

describe('checkWeightsFit', () => {
  const described = (totalParameters: number) =>
    ({ totalParameters }) as unknown as Parameters<typeof checkWeightsFit>[0];
  const weights = { w: { shape: [2, 3], data: new Float32Array(6) } };

  it('accepts weights close to the described size (a small misfit is named when they load)', () => {
    expect(() => checkWeightsFit(described(6), weights)).not.toThrow();
    expect(() => checkWeightsFit(described(2 * 6 + 2 ** 20), weights)).not.toThrow();
  });

  it('refuses a description over the cap before any model is built, stating the cap', () => {
    expect(() => checkWeightsFit(described(268_500_000), weights)).toThrow(
      'the spec describes a model of 268,500,000 parameters; RNN Studio opens models of at most 67,108,864 parameters (256 MiB of float32).',
    );
  });

  it('refuses a description far larger than the weights before building it', () => {
    expect(() => checkWeightsFit(described(2 * 6 + 2 ** 20 + 1), weights)).toThrow(
      'the spec and task state describe a model of 1,048,589 parameters, far more than the 6 model.safetensors holds; the file is damaged or was edited. Export the model again.',
    );
  });
});
