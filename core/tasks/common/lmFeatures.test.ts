/** Tests of a language model used as features (`train.transfer: 'features'`): its trunk is copied under `lm.*` and frozen, its states at each token join the embedding of a fresh trunk of any size, training never moves it, and a saved model rebuilds it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickTrain } from '../../../test/support/quickTrain.ts';
import {
  describedTensors,
  languageModelInit,
  smallRecurrent,
  stateDictTensors,
} from '../../../test/support/taskTesting.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { classifyTask } from '../classify/index.ts';
import type { ClassifierModel } from '../classify/model.ts';
import { LanguageModel } from '../generate/model.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import { tagTask } from '../tag/index.ts';
import type { TaggerModel } from '../tag/model.ts';
import { timeMajor } from './batching.ts';
import { checkTaskKind } from './lifecycle.ts';
import { describeTransfer } from './transfer.ts';

const nsmc = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'nsmc-sample');
const lines = readFileSync(join(nsmc, 'nsmc_sample_10k.txt'), 'utf8').split('\n');
const bytesOf = (from: number, to: number) =>
  new TextEncoder().encode(`${[lines[0], ...lines.slice(from, to)].join('\n')}\n`);

const lmTrunk = { embeddingDim: 16, recurrent: smallRecurrent({ hiddenSize: 12, numLayers: 2 }) };
const languageModel = () => languageModelInit(bytesOf(401, 1200), lmTrunk);

/** A classifier whose own trunk differs from the LM's (LSTM 20, embedding 8, bidirectional). */
function featuresSpec(): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'document', labelColumn: 'label', maxLength: 40, tokenizer: 'char' };
  spec.model = {
    embeddingDim: 8,
    recurrent: smallRecurrent({ cell: 'lstm', hiddenSize: 20, bidirectional: true }),
    pooling: 'max',
  };
  spec.train = {
    ...spec.train,
    initFrom: 'lm.rnnmodel',
    transfer: 'features',
    batchSize: 16,
    lr: 0.01,
  };
  return spec;
}

const prepare = async (spec: RunSpec) =>
  classifyTask.prepare({
    spec,
    fileName: 'labeled.tsv',
    bytes: bytesOf(1, 200),
    random: new Random(5),
    initFrom: await languageModel(),
  });

const values = (t: { data: Float32Array } | undefined) => Array.from(t?.data ?? []);

describe('a language model as features', () => {
  it('copies the LM trunk under lm.*, frozen, beside a fresh trunk of its own sizes that reads E + H_lm', async () => {
    const lm = await languageModel();
    const task = await prepare(featuresSpec());
    expect(task.spec.model.lmFeatures).toEqual({
      embeddingDim: 16,
      recurrent: { ...lmTrunk.recurrent, dropout: 0 },
    });
    expect(task.spec.train.transfer).toBe('features');
    const ours = task.model.stateDict();
    const lmNames = [...lm.weights.keys()].filter((n) => !n.startsWith('head.'));
    expect(lmNames).toContain('rnn.weight_hh_l1');
    for (const name of lmNames) {
      expect(values(ours[`lm.${name}`]), name).toEqual(values(lm.weights.get(name)));
    }
    expect([...(task.transfer?.loaded ?? [])].sort()).toEqual(lmNames.map((n) => `lm.${n}`).sort());
    expect([...(task.frozen ?? [])].sort()).toEqual(lmNames.map((n) => `lm.${n}`).sort());
    // The classifier's own trunk: an LSTM of 20 per direction over its embedding (8) ‖ the LM's top layer (12).
    expect(ours['rnn.weight_ih_l0']?.shape).toEqual([80, 8 + 12]);
    expect(ours['embedding.weight']?.shape).toEqual([
      lm.weights.get('embedding.weight')?.shape[0],
      8,
    ]);
    for (const [name, p] of task.model.namedParameters()) {
      expect(p.requiresGrad, name).toBe(!name.startsWith('lm.'));
    }
    // The Model view describes the same tensors, the trunk's included, and counts the trunk as frozen:
    // no gradients or Adam moments for it in the memory estimate.
    const described = task.describeModel();
    expect(describedTensors(described)).toEqual(stateDictTensors(task.model));
    const frozen = [...task.model.namedParameters()]
      .filter(([, p]) => !p.requiresGrad)
      .reduce((n, [, p]) => n + p.data.length, 0);
    expect(frozen).toBeGreaterThan(0);
    expect(described.frozenParameters).toBe(frozen);
    expect(described.memory.gradientBytes).toBe(4 * (described.totalParameters - frozen));
    expect(describeTransfer(task.transfer as NonNullable<typeof task.transfer>)).toMatch(
      /^Started from 'lm\.rnnmodel': 9 embedding and recurrent weights, its tokenizer and vocabulary; \d+ of \d+ training tokens \(.* %\) are not in its vocabulary and read as <unk>\. The language model runs frozen: a new embedding and recurrent stack read its states at every token \(features\)\.$/,
    );
  });

  it("feeds the LM's own states: the trunk's output equals the language model's features", async () => {
    const lm = await languageModel();
    const task = await prepare(featuresSpec());
    const model = task.model as ClassifierModel;
    const trunk = model.lm;
    if (trunk === null) throw new Error('a features model must have its language-model trunk');
    const vocabSize = (lm.taskState as { vocab: string[] }).vocab.length;
    const reference = new LanguageModel({ vocabSize, model: lm.spec.model, random: new Random(9) });
    reference.loadStateDict(
      Object.fromEntries([...lm.weights].map(([n, w]) => [n, { shape: w.shape, data: w.data }])),
    );
    reference.eval();
    const batch = timeMajor([
      [5, 6, 7, 8, 9],
      [10, 11],
    ]);
    const ours = noGrad(() => trunk.states(batch).data);
    const theirs = noGrad(() => reference.features(batch).data);
    expect(Array.from(ours)).toEqual(Array.from(theirs));
    // Kept states (the second sequence) and new ones in another batch: still the LM's own.
    const other = timeMajor([
      [12, 13, 14],
      [10, 11],
    ]);
    const again = noGrad(() => trunk.states(other).data);
    const expected = noGrad(() => reference.features(other).data);
    expect(again).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++) {
      expect(Math.abs((again[i] as number) - (expected[i] as number))).toBeLessThan(1e-6);
    }
    // And the classifier's output depends on them: other LM weights, other logits.
    model.eval();
    const before = noGrad(() => Array.from(model.forward(batch).data));
    trunk.rnn.parameters()[0]?.data.fill(0.3);
    const after = noGrad(() => Array.from(model.forward(batch).data));
    expect(after).not.toEqual(before);
  });

  it('trains the head and its own trunk while the language model stays bit-identical', async () => {
    const task = await prepare(featuresSpec());
    const before = Object.fromEntries(
      [...task.model.namedParameters()].map(([n, p]) => [n, Float32Array.from(p.data)]),
    );
    const losses = quickTrain(task, { steps: 6 });
    expect(losses.every(Number.isFinite)).toBe(true);
    for (const [name, p] of task.model.namedParameters()) {
      const same = p.data.every((v, i) => v === before[name]?.[i]);
      if (name.startsWith('lm.')) expect(same, name).toBe(true);
      if (name.startsWith('rnn.') || name.startsWith('head.')) expect(same, name).toBe(false);
    }
  });

  it('restores from the saved spec and weights alone, with the same predictions', async () => {
    const task = await prepare(featuresSpec());
    quickTrain(task, { steps: 3 });
    const restored = classifyTask.restore({
      spec: task.spec,
      state: task.state,
      weights: task.model.stateDict(),
    });
    const text = lines[300]?.split('\t')[1] ?? '';
    const ours = task.predictor().predict({ text });
    expect(restored.predict({ text })).toEqual(ours);
  });

  it('starts a tagger too (a character encoder allowed), and only classify and tag take lmFeatures', async () => {
    const klue = join(nsmc, '..', 'klue-ner', 'klue-ner-v1.1_dev.first2000.tsv');
    const bytes = new TextEncoder().encode(
      `${readFileSync(klue, 'utf8').split('\n\n').slice(0, 40).join('\n\n')}\n`,
    );
    const spec = presetSpec('tag');
    spec.data = { maxLength: 128 };
    spec.model = {
      embeddingDim: 10,
      recurrent: smallRecurrent({ hiddenSize: 14 }),
      charEncoder: { embeddingDim: 4, hiddenSize: 3 },
      inputDropout: 0.2,
    };
    spec.train = { ...spec.train, initFrom: 'lm.rnnmodel', transfer: 'features', batchSize: 8 };
    const task = await tagTask.prepare({
      spec,
      fileName: 'klue-ner.tsv',
      bytes,
      random: new Random(2),
      initFrom: await languageModel(),
    });
    const ours = task.model.stateDict();
    expect(ours['rnn.weight_ih_l0']?.shape).toEqual([42, 10 + 2 * 3 + 12]);
    expect((task.model as TaggerModel).lm?.width).toBe(12);
    const losses = quickTrain(task, { steps: 3 });
    expect(losses.every(Number.isFinite)).toBe(true);
    // A trunk described without the language model to fill it would be random: refused.
    const { initFrom: _i, ...train } = featuresSpec().train;
    const orphan = featuresSpec();
    orphan.train = train;
    orphan.model.lmFeatures = { embeddingDim: 16, recurrent: lmTrunk.recurrent };
    await expect(
      classifyTask.prepare({
        spec: orphan,
        fileName: 'labeled.tsv',
        bytes: bytesOf(1, 200),
        random: new Random(5),
      }),
    ).rejects.toThrow(
      'classify: model.lmFeatures must come with train.initFrom (the language model whose states it reads), got none.',
    );
    const generate = presetSpec('generate');
    generate.model.lmFeatures = { embeddingDim: 4, recurrent: smallRecurrent() };
    expect(() => checkTaskKind(generate, 'generate')).toThrow(
      "generate: spec.model.lmFeatures must be left out (only classify and tag read a language model's states), got a trunk.",
    );
  });
});
