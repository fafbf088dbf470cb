/** Tests of starting a classifier from a language model: the trunk equals the LM's, the head is fresh, the tokenizer and vocabulary are the LM's, and mismatches are refused in one line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { classifyTask } from '../classify/index.ts';
import { ClassifierModel } from '../classify/model.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import { tagTask } from '../tag/index.ts';
import { languageModelInit, smallRecurrent } from './testing.ts';
import { countUnknown, type LanguageModelInit } from './transfer.ts';

const nsmc = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'nsmc-sample');
const lines = readFileSync(join(nsmc, 'nsmc_sample_10k.txt'), 'utf8').split('\n');
const bytesOf = (from: number, to: number) =>
  new TextEncoder().encode(`${[lines[0], ...lines.slice(from, to)].join('\n')}\n`);

const trunk = { embeddingDim: 16, recurrent: smallRecurrent({ hiddenSize: 16, numLayers: 2 }) };

const languageModel = () => languageModelInit(bytesOf(401, 1200), trunk);

function classifySpec(overrides: Partial<RunSpec['model']['recurrent']> = {}): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'document', labelColumn: 'label', maxLength: 40 };
  spec.model = { ...trunk, recurrent: { ...trunk.recurrent, ...overrides }, pooling: 'max' };
  spec.train = { ...spec.train, initFrom: 'lm.rnnmodel', batchSize: 16 };
  return spec;
}

const prepare = (spec: RunSpec, initFrom?: LanguageModelInit, seed = 5) =>
  classifyTask.prepare({
    spec,
    fileName: 'labeled.tsv',
    bytes: bytesOf(1, 400),
    random: new Random(seed),
    ...(initFrom === undefined ? {} : { initFrom }),
  });

describe('classify from a language model', () => {
  it('takes the embedding and every recurrent weight, the tokenizer and vocabulary; the head is fresh', async () => {
    const lm = await languageModel();
    const task = await prepare(classifySpec(), lm);
    const ours = task.model.stateDict();
    const trunkNames = Object.keys(ours).filter((n) => !n.startsWith('head.'));
    expect(trunkNames).toContain('embedding.weight');
    expect(trunkNames).toContain('rnn.weight_hh_l1');
    for (const name of trunkNames) {
      expect(Array.from(ours[name]?.data ?? []), name).toEqual(
        Array.from(lm.weights.get(name)?.data ?? []),
      );
    }
    expect(task.transfer?.loaded.sort()).toEqual(trunkNames.sort());
    // The head is the one a fresh classifier of the same sizes and seed draws.
    const lmState = lm.taskState as { vocab: string[]; tokenizer: unknown };
    const fresh = new ClassifierModel({
      vocabSize: lmState.vocab.length,
      numClasses: 2,
      model: classifySpec().model,
      random: new Random(5),
    }).stateDict();
    expect(Array.from(ours['head.weight']?.data ?? [])).toEqual(
      Array.from(fresh['head.weight']?.data ?? []),
    );
    const state = task.state as unknown as { vocab: string[]; tokenizer: unknown };
    expect(state.vocab).toEqual(lmState.vocab);
    expect(state.tokenizer).toEqual(lmState.tokenizer);
    const report = task.transfer;
    expect(report?.trainTokens).toBeGreaterThan(1000);
    expect(report?.unknownTokens).toBeGreaterThan(0);
    expect(report?.unknownTokens).toBeLessThan((report?.trainTokens ?? 0) / 10);
  });

  it('refuses other sizes, a bidirectional trunk, a non-LM bundle, tag, and a named LM not given', async () => {
    const lm = await languageModel();
    await expect(prepare(classifySpec({ hiddenSize: 32 }), lm)).rejects.toThrow(
      "train.initFrom: model.recurrent.hiddenSize must equal the language model's (16 in 'lm.rnnmodel'), got 32 in this classify spec.",
    );
    await expect(prepare(classifySpec({ bidirectional: true }), lm)).rejects.toThrow(
      "train.initFrom: model.recurrent.bidirectional must equal the language model's (false in 'lm.rnnmodel'), got true in this classify spec.",
    );
    await expect(prepare(classifySpec({ cell: 'lstm' }), lm)).rejects.toThrow(
      "model.recurrent.cell must equal the language model's (gru in 'lm.rnnmodel'), got lstm",
    );
    const notLm = { ...lm, spec: { ...lm.spec, task: 'classify' as const } };
    await expect(prepare(classifySpec(), notLm)).rejects.toThrow(
      "train.initFrom: 'lm.rnnmodel' must be a language model (task generate), got task classify.",
    );
    await expect(prepare(classifySpec())).rejects.toThrow(
      "classify: train.initFrom names 'lm.rnnmodel', but no language model was read; open it or remove train.initFrom.",
    );
    const tagSpec = presetSpec('tag');
    tagSpec.model = { ...trunk };
    tagSpec.train.initFrom = 'lm.rnnmodel';
    await expect(
      tagTask.prepare({
        spec: tagSpec,
        fileName: 'x.conllu',
        bytes: new TextEncoder().encode('1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n\n'),
        random: new Random(0),
        initFrom: lm,
      }),
    ).rejects.toThrow(
      "tag: train.initFrom must be left out (only classify starts from a language model for now), got 'lm.rnnmodel'.",
    );
  });

  it('counts the training tokens that read as <unk>', () => {
    expect(countUnknown([[5, 1, 6], [1, 1], []])).toEqual({ trainTokens: 5, unknownTokens: 3 });
  });
});
