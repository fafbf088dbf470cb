/** Tests of starting a classifier or tagger from a language model: the trunk equals the LM's, the head is fresh, the tokenizer and vocabulary are the LM's, and mismatches are refused in one line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageModelInit, smallRecurrent } from '../../../test/support/taskTesting.ts';
import { Random } from '../../random.ts';
import { classifyTask } from '../classify/index.ts';
import { ClassifierModel } from '../classify/model.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import { tagTask } from '../tag/index.ts';
import { checkTaskKind } from './lifecycle.ts';
import { countUnknown, type LanguageModelInit } from './transfer.ts';

const nsmc = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'nsmc-sample');
const lines = readFileSync(join(nsmc, 'nsmc_sample_10k.txt'), 'utf8').split('\n');
const bytesOf = (from: number, to: number) =>
  new TextEncoder().encode(`${[lines[0], ...lines.slice(from, to)].join('\n')}\n`);

const trunk = { embeddingDim: 16, recurrent: smallRecurrent({ hiddenSize: 16, numLayers: 2 }) };

const languageModel = () => languageModelInit(bytesOf(401, 1200), trunk);

const klue = join(nsmc, '..', 'klue-ner', 'klue-ner-v1.1_dev.first2000.tsv');
/** The first 60 sentences of KLUE-NER (character tokens, BIO tags), as the file is laid out. */
const kluePart = new TextEncoder().encode(
  `${readFileSync(klue, 'utf8').split('\n\n').slice(0, 60).join('\n\n')}\n`,
);

function classifySpec(overrides: Partial<RunSpec['model']['recurrent']> = {}): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'document', labelColumn: 'label', maxLength: 40 };
  spec.model = { ...trunk, recurrent: { ...trunk.recurrent, ...overrides }, pooling: 'max' };
  spec.train = { ...spec.train, initFrom: 'lm.rnnmodel', transfer: 'fine-tune', batchSize: 16 };
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

  it('refuses other sizes, a bidirectional trunk, a non-LM bundle, forecast, and a named LM not given', async () => {
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
    const forecast = presetSpec('forecast');
    forecast.train.initFrom = 'lm.rnnmodel';
    expect(() => checkTaskKind(forecast, 'forecast')).toThrow(
      "forecast: train.initFrom must be left out (only classify, tag and seq2seq start from a language model), got 'lm.rnnmodel'.",
    );
  });

  it('starts a tagger: its words looked up in the LM vocabulary, embedding and recurrent weights taken; a character encoder refused', async () => {
    const lm = await languageModel();
    const spec = presetSpec('tag');
    spec.data = { maxLength: 128 };
    spec.model = { ...trunk, headDropout: 0.2 };
    spec.train = { ...spec.train, initFrom: 'lm.rnnmodel', transfer: 'fine-tune', batchSize: 8 };
    const prepareTag = (s: RunSpec) =>
      tagTask.prepare({
        spec: s,
        fileName: 'klue-ner.tsv',
        bytes: kluePart,
        random: new Random(2),
        initFrom: lm,
      });
    const task = await prepareTag(spec);
    const ours = task.model.stateDict();
    for (const name of ['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l1']) {
      expect(Array.from(ours[name]?.data ?? []), name).toEqual(
        Array.from(lm.weights.get(name)?.data ?? []),
      );
    }
    expect(task.transfer?.loaded).toHaveLength(1 + 4 * 2);
    const lmVocab = (lm.taskState as { vocab: string[] }).vocab;
    expect((task.state as unknown as { vocab: string[] }).vocab).toEqual(lmVocab);
    // KLUE-NER's tokens are single characters: most are in a character LM of Korean reviews.
    const report = task.transfer;
    expect(report?.trainTokens).toBeGreaterThan(1000);
    expect(report?.unknownTokens).toBeLessThan((report?.trainTokens ?? 0) / 4);
    const withChars = {
      ...spec,
      model: { ...spec.model, charEncoder: { embeddingDim: 8, hiddenSize: 8 } },
    };
    await expect(prepareTag(withChars)).rejects.toThrow(
      "train.initFrom: model.charEncoder must be left out when starting from 'lm.rnnmodel' (the language model's recurrent layer reads the word embedding alone), got an encoder.",
    );
  });

  it('counts the training tokens that read as <unk>', () => {
    expect(countUnknown([[5, 1, 6], [1, 1], []])).toEqual({ trainTokens: 5, unknownTokens: 3 });
  });
});
