/** Tests of starting seq2seq's encoder from a language model of the source side's text (Tatoeba's Korean): the source embedding and encoder equal the LM's weights by name and shape, the source tokenizer and vocabulary are the LM's, the decoder is fresh, gradual unfreezing leaves the encoder bit-identical while frozen, a saved model predicts the same, and what does not fit is refused in one line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageModelInit, smallRecurrent } from '../../../test/support/taskTesting.ts';
import { writeBundle } from '../../io/bundle.ts';
import { Random } from '../../random.ts';
import { layerDepths } from '../../train/finetune.ts';
import { bundleFromTask, restoreBundle } from '../../train/modelBundle.ts';
import { TrainingRun, type TrainingRunEvent } from '../../train/trainer.ts';
import { trunkNames } from '../common/transfer.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { LanguageModelInit } from '../task.ts';
import { seq2seqTask } from './index.ts';
import { Seq2seqModel, seq2seqModelConfig } from './model.ts';

const tatoeba = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'tatoeba-kor-eng',
  'kor.txt',
);
/** (English, Korean) pairs of the file, in its order. */
const pairs = readFileSync(tatoeba, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t').slice(0, 2) as [string, string]);

const encoder = (text: string) => new TextEncoder().encode(text);
/** Korean → English pairs `from`..`to` as a TSV with a header. */
const pairFile = (from: number, to: number) =>
  encoder(
    `en\tko\n${pairs
      .slice(from, to)
      .map(([en, ko]) => `${en}\t${ko}`)
      .join('\n')}\n`,
  );
/** One side's sentences `from`..`to` as the `document` column a language model reads. */
const textFile = (side: 0 | 1, from: number, to: number) =>
  encoder(
    `id\tdocument\n${pairs
      .slice(from, to)
      .map((p, i) => `${i}\t${p[side]}`)
      .join('\n')}\n`,
  );

const trunk = { embeddingDim: 12, recurrent: smallRecurrent({ hiddenSize: 16, numLayers: 2 }) };
/** A character LM of Korean sentences the labeled pairs do not hold. */
const koreanLm = () => languageModelInit(textFile(1, 1000, 3798), trunk);

function seq2seqSpec(overrides: Partial<RunSpec['train']> = {}): RunSpec {
  const spec = presetSpec('seq2seq');
  spec.data = { sourceColumn: 'ko', targetColumn: 'en', maxLength: 24, minFreq: 1 };
  spec.model = { ...trunk, attention: 'luong', headDropout: 0 };
  spec.train = {
    ...spec.train,
    initFrom: 'lm.rnnmodel',
    batchSize: 32,
    epochs: 4,
    lr: 5e-3,
    earlyStoppingPatience: 0,
    maxMinutes: 0,
    ...overrides,
  };
  return spec;
}

const prepare = (spec: RunSpec, initFrom?: LanguageModelInit, random = new Random(4)) =>
  seq2seqTask.prepare({
    spec,
    fileName: 'pairs.tsv',
    bytes: pairFile(0, 300),
    random,
    ...(initFrom === undefined ? {} : { initFrom }),
  });

const LM_TO_ENCODER: Record<string, string> = {
  'embedding.weight': 'src_embedding.weight',
};
const encoderName = (lmName: string) =>
  LM_TO_ENCODER[lmName] ?? lmName.replace(/^rnn\./, 'encoder.');

describe('seq2seq from a language model', () => {
  it("copies the LM's embedding and every recurrent weight into src_embedding and encoder by name and shape; the decoder is fresh", async () => {
    const lm = await koreanLm();
    const task = await prepare(seq2seqSpec(), lm);
    const ours = task.model.stateDict();
    const trunkWeights = [...lm.weights.keys()].filter(
      (n) => n.startsWith('embedding.') || n.startsWith('rnn.'),
    );
    expect(trunkWeights).toHaveLength(1 + 4 * 2);
    for (const name of trunkWeights) {
      const mine = ours[encoderName(name)];
      const theirs = lm.weights.get(name);
      expect(mine?.shape, name).toEqual(theirs?.shape);
      expect(Array.from(mine?.data ?? []), name).toEqual(Array.from(theirs?.data ?? []));
    }
    expect(task.transfer?.loaded.sort()).toEqual(trunkWeights.map(encoderName).sort());
    // The decoder side is what a fresh model of the same sizes and seed draws.
    const state = task.state as unknown as { srcVocab: string[]; tgtVocab: string[] };
    const fresh = new Seq2seqModel(
      seq2seqModelConfig(task.spec, state.srcVocab.length, state.tgtVocab.length),
      new Random(4),
    ).stateDict();
    for (const name of ['tgt_embedding.weight', 'decoder.weight_hh_l1', 'out.weight']) {
      expect(Array.from(ours[name]?.data ?? []), name).toEqual(Array.from(fresh[name]?.data ?? []));
    }
    const lmState = lm.taskState as { vocab: string[]; tokenizer: unknown };
    expect(state.srcVocab).toEqual(lmState.vocab);
    expect((task.state as unknown as { srcTokenizer: unknown }).srcTokenizer).toEqual(
      lmState.tokenizer,
    );
    // The target side is fitted on the English targets as before.
    expect(state.tgtVocab.length).toBeGreaterThan(20);
    expect(state.tgtVocab.filter((t) => /[가-힣]/.test(t))).toEqual([]);
    // The prepared spec says how it started: fine-tuned, no frozen trunk beside the encoder.
    expect(task.spec.train.transfer).toBe('fine-tune');
    expect(task.spec.model.lmFeatures).toBeUndefined();
    const report = task.transfer;
    expect(report?.trainTokens).toBeGreaterThan(1000);
    expect(report?.unknownTokens).toBeLessThan((report?.trainTokens ?? 0) / 10);
  });

  it('puts the decoder side on top, each encoder layer below, the source embedding lowest', async () => {
    const task = await prepare(seq2seqSpec(), await koreanLm());
    const depths = layerDepths(task.model, 2, trunkNames('seq2seq'));
    for (const name of ['out.weight', 'decoder.weight_ih_l0', 'tgt_embedding.weight']) {
      expect(depths.get(name), name).toBe(0);
    }
    expect(depths.get('encoder.weight_ih_l1')).toBe(1);
    expect(depths.get('encoder.bias_hh_l0')).toBe(2);
    expect(depths.get('src_embedding.weight')).toBe(3);
  });

  it('trains the decoder only in epoch 1, then one encoder layer more each epoch, a frozen weight bit-identical', async () => {
    const lm = await koreanLm();
    const random = new Random(4);
    const task = await prepare(seq2seqSpec(), lm, random);
    const freshOut = Float32Array.from(task.model.stateDict()['out.weight']?.data ?? []);
    const snapshots: Record<string, Float32Array>[] = [];
    const logs: string[] = [];
    const onEvent = (e: TrainingRunEvent) => {
      if (e.type === 'training-log') logs.push(e.message);
      if (e.type !== 'training-epoch') return;
      const copy: Record<string, Float32Array> = {};
      for (const [n, t] of Object.entries(task.model.stateDict()))
        copy[n] = Float32Array.from(t.data);
      snapshots.push(copy);
    };
    await new TrainingRun({
      task,
      random,
      data: { fileName: 'pairs.tsv', fingerprint: 'x' },
      onEvent,
    }).run();
    const same = (epoch: number, lmName: string) =>
      Array.from(snapshots[epoch]?.[encoderName(lmName)] ?? []).join() ===
      Array.from(lm.weights.get(lmName)?.data ?? []).join();
    const names = [...lm.weights.keys()].filter((n) => n.startsWith('rnn.'));
    const l1 = names.filter((n) => n.endsWith('_l1'));
    const l0 = names.filter((n) => n.endsWith('_l0'));
    for (const n of [...names, 'embedding.weight']) expect(same(0, n), n).toBe(true);
    expect(snapshots[0]?.['out.weight']).not.toEqual(freshOut);
    for (const n of l1) expect(same(1, n), n).toBe(false);
    for (const n of [...l0, 'embedding.weight']) expect(same(1, n), n).toBe(true);
    for (const n of l0) expect(same(2, n), n).toBe(false);
    expect(same(2, 'embedding.weight')).toBe(true);
    expect(same(3, 'embedding.weight')).toBe(false);
    expect(logs[0]).toMatch(
      /^Started from 'lm\.rnnmodel': 9 embedding and recurrent weights, .* They start the source embedding and the encoder; the decoder is new\.$/,
    );
  });

  it('saves a model that restores and predicts the same without the language model', async () => {
    const task = await prepare(seq2seqSpec(), await koreanLm());
    const saved = writeBundle(bundleFromTask(task, { history: [], metrics: {} }));
    const { bundle, restored } = restoreBundle(saved, { tasks: () => seq2seqTask });
    expect(bundle.spec.train).toMatchObject({ initFrom: 'lm.rnnmodel', transfer: 'fine-tune' });
    const input = { text: '나는 학생이에요.', decode: { greedy: true } };
    expect(restored.predict(input)).toEqual(task.predictor().predict(input));
  });

  it('refuses features, other sizes, a bidirectional encoder, a backward LM and an LM of the target side', async () => {
    const lm = await koreanLm();
    await expect(prepare(seq2seqSpec({ transfer: 'features' }), lm)).rejects.toThrow(
      "train.transfer: seq2seq starts its encoder from 'lm.rnnmodel' by fine-tuning it; train.transfer must be 'fine-tune', got 'features'.",
    );
    const wider = seq2seqSpec();
    wider.model.recurrent = { ...wider.model.recurrent, hiddenSize: 32 };
    await expect(prepare(wider, lm)).rejects.toThrow(
      "train.initFrom: model.recurrent.hiddenSize must equal the language model's (16 in 'lm.rnnmodel'), got 32 in this seq2seq spec.",
    );
    const both = seq2seqSpec();
    both.model.recurrent = { ...both.model.recurrent, bidirectional: true };
    both.model.decoder = { ...trunk.recurrent };
    await expect(prepare(both, lm)).rejects.toThrow(
      "train.initFrom: model.recurrent.bidirectional must equal the language model's (false in 'lm.rnnmodel'), got true in this seq2seq spec.",
    );
    const embedding = { ...seq2seqSpec(), model: { ...seq2seqSpec().model, embeddingDim: 20 } };
    await expect(prepare(embedding, lm)).rejects.toThrow(
      "train.initFrom: model.embeddingDim must equal the language model's (12 in 'lm.rnnmodel')",
    );
    const backward = await languageModelInit(textFile(1, 1000, 3798), trunk, {
      direction: 'backward',
    });
    await expect(prepare(seq2seqSpec(), backward)).rejects.toThrow(
      "train.initFrom: 'lm.rnnmodel' reads its text right to left (model.direction 'backward'); give it as train.initFromBackward beside a forward language model.",
    );
    const named = seq2seqSpec({ initFromBackward: 'lm-backward.rnnmodel' });
    await expect(prepare(named, lm)).rejects.toThrow(
      "seq2seq: train.initFromBackward must be left out (only classify and tag read a backward language model's states), got 'lm-backward.rnnmodel'.",
    );
    const english = await languageModelInit(textFile(0, 1000, 3798), trunk);
    await expect(prepare(seq2seqSpec(), english)).rejects.toThrow(
      /^train\.initFrom: the share of the source column 'ko''s training tokens that 'lm\.rnnmodel' does not know must be at most 50 %, got \d+\.\d %; train the language model on the source side's text\.$/,
    );
  });
});
