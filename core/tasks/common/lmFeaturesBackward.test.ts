/** Tests of a forward and a backward language model used together as features (`train.initFromBackward`): the backward trunk's states are the backward LM's run over each sequence reversed, both stay bit-identical through training, a saved bundle rebuilds both, and mismatched or misused language models are refused. */
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
import { writeBundle } from '../../io/bundle.ts';
import { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { bundleFromTask, restoreBundle } from '../../train/modelBundle.ts';
import { classifyTask } from '../classify/index.ts';
import { LanguageModel } from '../generate/model.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import { tagTask } from '../tag/index.ts';
import type { TaggerModel } from '../tag/model.ts';
import type { LanguageModelInit, PreparedTask } from '../task.ts';
import { timeMajor } from './batching.ts';
import type { LmFeatureTrunk } from './lmFeatures.ts';
import { describeTransfer } from './transfer.ts';

const data = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
const lines = readFileSync(join(data, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8').split('\n');
const bytesOf = (from: number, to: number) =>
  new TextEncoder().encode(`${[lines[0], ...lines.slice(from, to)].join('\n')}\n`);

const forwardTrunk = { embeddingDim: 16, recurrent: smallRecurrent({ hiddenSize: 12 }) };
/** The backward LM has sizes of its own (a GRU of 10 over 6-wide embeddings). */
const backwardTrunk = {
  embeddingDim: 6,
  recurrent: smallRecurrent({ cell: 'gru', hiddenSize: 10 }),
};
const forwardLm = () => languageModelInit(bytesOf(401, 1200), forwardTrunk);
const backwardLm = () =>
  languageModelInit(bytesOf(401, 1200), backwardTrunk, {
    direction: 'backward',
    fileName: 'lm-backward.rnnmodel',
    seed: 8,
  });

function classifySpec(): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'document', labelColumn: 'label', maxLength: 40, tokenizer: 'char' };
  spec.model = { embeddingDim: 8, recurrent: smallRecurrent({ hiddenSize: 20 }), pooling: 'max' };
  spec.train = {
    ...spec.train,
    initFrom: 'lm.rnnmodel',
    initFromBackward: 'lm-backward.rnnmodel',
    transfer: 'features',
    batchSize: 16,
    lr: 0.01,
  };
  return spec;
}

async function prepare(spec = classifySpec(), backward?: LanguageModelInit) {
  return classifyTask.prepare({
    spec,
    fileName: 'labeled.tsv',
    bytes: bytesOf(1, 200),
    random: new Random(5),
    initFrom: await forwardLm(),
    initFromBackward: backward ?? (await backwardLm()),
  });
}

/** A language model of `lm`'s sizes with its weights, in eval mode. */
function reference(lm: LanguageModelInit): LanguageModel {
  const vocabSize = (lm.taskState as { vocab: string[] }).vocab.length;
  const model = new LanguageModel({ vocabSize, model: lm.spec.model, random: new Random(9) });
  model.loadStateDict(
    Object.fromEntries([...lm.weights].map(([n, w]) => [n, { shape: w.shape, data: w.data }])),
  );
  model.eval();
  return model;
}

const trunkOf = (task: PreparedTask): LmFeatureTrunk => {
  const lm = (task.model as unknown as { lm: LmFeatureTrunk | null }).lm;
  if (lm === null) throw new Error('a features model must have its language-model trunk');
  return lm;
};

describe('a forward and a backward language model as features', () => {
  it('copies both trunks (lm.*, lm.backward.*), frozen, and the fresh trunk reads E + H_fwd + H_bwd', async () => {
    const bwd = await backwardLm();
    const task = await prepare();
    expect(task.spec.model.lmFeatures?.backward).toEqual({
      embeddingDim: 6,
      recurrent: { ...backwardTrunk.recurrent, dropout: 0 },
    });
    const ours = task.model.stateDict();
    const values = (t: { data: Float32Array } | undefined) => Array.from(t?.data ?? []);
    for (const name of [...bwd.weights.keys()].filter((n) => !n.startsWith('head.'))) {
      expect(values(ours[`lm.backward.${name}`]), name).toEqual(values(bwd.weights.get(name)));
    }
    // Its own GRU of 20 over its embedding (8) ‖ the forward LM's top layer (12) ‖ the backward LM's (10).
    expect(ours['rnn.weight_ih_l0']?.shape).toEqual([60, 8 + 12 + 10]);
    expect(task.frozen).toContain('lm.backward.rnn.weight_hh_l0');
    expect(task.frozen).toContain('lm.rnn.weight_hh_l0');
    expect(task.transfer?.loaded).toContain('lm.backward.embedding.weight');
    expect(describedTensors(task.describeModel())).toEqual(stateDictTensors(task.model));
    expect(describeTransfer(task.transfer as NonNullable<typeof task.transfer>)).toContain(
      "With 'lm-backward.rnnmodel', a backward language model, whose states at every token (the text to its right) join the forward model's.",
    );
  });

  it("gives at token t the forward LM's state from the left and the backward LM's state over the reversed sequence", async () => {
    const task = await prepare();
    const trunk = trunkOf(task);
    const fwd = reference(await forwardLm());
    const bwd = reference(await backwardLm());
    const sequences = [
      [5, 6, 7, 8, 9],
      [10, 11],
      [12, 13, 14],
    ];
    const ours = noGrad(() => trunk.states(timeMajor(sequences)).data);
    const forward = noGrad(() => fwd.features(timeMajor(sequences)).data);
    const reversed = sequences.map((s) => [...s].reverse());
    const backward = noGrad(() => bwd.features(timeMajor(reversed)).data);
    const N = sequences.length;
    const at = (a: Float32Array, t: number, n: number, W: number) =>
      Array.from(a.subarray((t * N + n) * W, (t * N + n + 1) * W));
    sequences.forEach((s, n) => {
      for (let t = 0; t < s.length; t++) {
        const state = at(ours, t, n, 22);
        expect(state.slice(0, 12), `forward n=${n} t=${t}`).toEqual(at(forward, t, n, 12));
        expect(state.slice(12), `backward n=${n} t=${t}`).toEqual(
          at(backward, s.length - 1 - t, n, 10),
        );
      }
      // Past the end: zeros, as the model's own trunk sees padding.
      for (let t = s.length; t < 5; t++)
        expect(at(ours, t, n, 22).every((v) => v === 0)).toBe(true);
    });
  });

  it('trains its own trunk and head while both language models stay bit-identical', async () => {
    const task = await prepare();
    const before = Object.fromEntries(
      [...task.model.namedParameters()].map(([n, p]) => [n, Float32Array.from(p.data)]),
    );
    expect(quickTrain(task, { steps: 6 }).every(Number.isFinite)).toBe(true);
    for (const [name, p] of task.model.namedParameters()) {
      const same = p.data.every((v, i) => v === before[name]?.[i]);
      expect(same, name).toBe(name.startsWith('lm.'));
    }
  });

  it('round-trips a tagger through a bundle: the saved spec and weights rebuild both trunks, same predictions', async () => {
    const klue = join(data, 'klue-ner', 'klue-ner-v1.1_dev.first2000.tsv');
    const bytes = new TextEncoder().encode(
      `${readFileSync(klue, 'utf8').split('\n\n').slice(0, 40).join('\n\n')}\n`,
    );
    const spec = presetSpec('tag');
    spec.data = { maxLength: 128 };
    spec.model = { embeddingDim: 10, recurrent: smallRecurrent({ hiddenSize: 14 }) };
    spec.train = { ...classifySpec().train, batchSize: 8 };
    const task = await tagTask.prepare({
      spec,
      fileName: 'klue-ner.tsv',
      bytes,
      random: new Random(2),
      initFrom: await forwardLm(),
      initFromBackward: await backwardLm(),
    });
    expect((task.model as TaggerModel).lm?.width).toBe(22);
    quickTrain(task, { steps: 3 });
    const saved = writeBundle(bundleFromTask(task, { history: [], metrics: {} }));
    const { bundle, restored } = restoreBundle(saved, { tasks: () => tagTask });
    expect(bundle.spec.train.initFromBackward).toBe('lm-backward.rnnmodel');
    expect(bundle.spec.model.lmFeatures?.backward?.recurrent.hiddenSize).toBe(10);
    expect(restored.model.stateDict()['lm.backward.rnn.weight_hh_l0']?.data).toEqual(
      task.model.stateDict()['lm.backward.rnn.weight_hh_l0']?.data,
    );
    const text = '이순신은 조선 중기의 무신이다';
    expect(restored.predict({ text })).toEqual(task.predictor().predict({ text }));
    // The backward states matter: other backward weights, other tag scores.
    const before = JSON.stringify(restored.predict({ text }));
    trunkOf(task).backward?.rnn.parameters()[0]?.data.fill(0.4);
    expect(JSON.stringify(task.predictor().predict({ text }))).not.toBe(before);
  });

  it('refuses a backward model to fine-tune, one read forward, one of another vocabulary, and one named but not read', async () => {
    const fineTune = classifySpec();
    fineTune.train.transfer = 'fine-tune';
    await expect(prepare(fineTune)).rejects.toThrow(
      "train.initFromBackward: a backward language model is read as features; train.transfer must be 'features', got 'fine-tune'.",
    );
    const forwardAsBackward = await languageModelInit(bytesOf(401, 1200), backwardTrunk, {
      fileName: 'lm-backward.rnnmodel',
    });
    await expect(prepare(classifySpec(), forwardAsBackward)).rejects.toThrow(
      "train.initFromBackward: 'lm-backward.rnnmodel' must be a backward language model (task generate, model.direction 'backward'), got task generate reading forward.",
    );
    const otherText = await languageModelInit(bytesOf(2001, 2400), backwardTrunk, {
      direction: 'backward',
      fileName: 'lm-backward.rnnmodel',
    });
    await expect(prepare(classifySpec(), otherText)).rejects.toThrow(
      "train.initFromBackward: the vocabulary of 'lm-backward.rnnmodel' must equal the forward language model's; train both on the same text with the same tokenizer.",
    );
    await expect(
      classifyTask.prepare({
        spec: classifySpec(),
        fileName: 'labeled.tsv',
        bytes: bytesOf(1, 200),
        random: new Random(5),
        initFrom: await forwardLm(),
      }),
    ).rejects.toThrow(
      "classify: train.initFromBackward names 'lm-backward.rnnmodel', but no language model was read; open it or remove train.initFromBackward.",
    );
    await expect(
      classifyTask.prepare({
        spec: {
          ...classifySpec(),
          train: {
            ...classifySpec().train,
            initFrom: 'lm-backward.rnnmodel',
            initFromBackward: undefined,
          },
        },
        fileName: 'labeled.tsv',
        bytes: bytesOf(1, 200),
        random: new Random(5),
        initFrom: await backwardLm(),
      }),
    ).rejects.toThrow(
      "train.initFrom: 'lm-backward.rnnmodel' reads its text right to left (model.direction 'backward'); give it as train.initFromBackward beside a forward language model.",
    );
  });
});
