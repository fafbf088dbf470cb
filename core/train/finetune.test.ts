/** Tests of ULMFiT fine-tuning in a real training run: layers by depth, per-layer learning rates, and gradual unfreezing that leaves every frozen weight bit-identical. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageModelInit, smallRecurrent } from '../../test/support/taskTesting.ts';
import { Random } from '../random.ts';
import { classifyTask } from '../tasks/classify/index.ts';
import { presetSpec } from '../tasks/presets.ts';
import type { RunSpec } from '../tasks/spec.ts';
import { FineTunePlan, fineTuneSchedule, layerDepths } from './finetune.ts';
import { TrainingRun, type TrainingRunEvent } from './trainer.ts';

const nsmc = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'nsmc-sample');
const lines = readFileSync(join(nsmc, 'nsmc_sample_10k.txt'), 'utf8').split('\n');
const bytesOf = (from: number, to: number) =>
  new TextEncoder().encode(`${[lines[0], ...lines.slice(from, to)].join('\n')}\n`);
const trunk = { embeddingDim: 12, recurrent: smallRecurrent({ hiddenSize: 12, numLayers: 2 }) };

function classifySpec(train: Partial<RunSpec['train']> = {}): RunSpec {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'document', labelColumn: 'label', maxLength: 30 };
  spec.model = { ...trunk, pooling: 'max' };
  spec.train = {
    ...spec.train,
    initFrom: 'lm.rnnmodel',
    transfer: 'fine-tune',
    batchSize: 32,
    epochs: 4,
    earlyStoppingPatience: 0,
    maxMinutes: 0,
    ...train,
  };
  return spec;
}

async function fromLm(spec: RunSpec) {
  const lm = await languageModelInit(bytesOf(301, 900), trunk);
  const random = new Random(1);
  const task = await classifyTask.prepare({
    spec,
    fileName: 'labeled.tsv',
    bytes: bytesOf(1, 300),
    random,
    initFrom: lm,
  });
  return { lm, task, random };
}

describe('the fine-tuning schedule', () => {
  it("defaults to ULMFiT's when fine-tuning initFrom (gradual, 2.6), to one rate for all as features or without", () => {
    const of = (train: RunSpec['train'], task: RunSpec['task'] = 'classify') =>
      fineTuneSchedule({ task, train });
    expect(of(classifySpec().train)).toEqual({
      unfreeze: 'gradual',
      layerLrDecay: 2.6,
    });
    const features = classifySpec({ transfer: 'features' }).train;
    expect(of(features)).toEqual({ unfreeze: 'none', layerLrDecay: 1 });
    const { transfer: _t, ...byDefault } = features;
    expect(of(byDefault)).toEqual({ unfreeze: 'none', layerLrDecay: 1 });
    // seq2seq's encoder only fine-tunes, so ULMFiT's schedule is its default.
    expect(of(byDefault, 'seq2seq')).toEqual({ unfreeze: 'gradual', layerLrDecay: 2.6 });
    const { initFrom: _none, ...plain } = classifySpec().train;
    expect(of(plain)).toEqual({ unfreeze: 'none', layerLrDecay: 1 });
    expect(of({ ...plain, unfreeze: 'gradual', layerLrDecay: 2 })).toEqual({
      unfreeze: 'gradual',
      layerLrDecay: 2,
    });
  });

  it('puts the head on top, each recurrent layer (both directions) below, the embedding lowest', async () => {
    const { task } = await fromLm(classifySpec());
    const depths = layerDepths(task.model, 2);
    expect(depths.get('head.weight')).toBe(0);
    expect(depths.get('rnn.weight_ih_l1')).toBe(1);
    expect(depths.get('rnn.bias_hh_l0')).toBe(2);
    expect(depths.get('embedding.weight')).toBe(3);
    const scales = new FineTunePlan(task.model, task.spec).groups().map((g) => g.lrScale);
    expect(scales).toHaveLength(4);
    scales.forEach((s, d) => {
      expect(s).toBeCloseTo(1 / 2.6 ** d, 12);
    });
  });
});

describe('gradual unfreezing in a training run', () => {
  it('trains the head only in epoch 1, adds one layer per epoch, and never moves a frozen weight', async () => {
    const { lm, task, random } = await fromLm(classifySpec());
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
    const run = new TrainingRun({
      task,
      random,
      data: { fileName: 'x', fingerprint: 'x' },
      onEvent,
    });
    await run.run();
    const same = (epoch: number, name: string) =>
      Array.from(snapshots[epoch]?.[name] ?? []).join() ===
      Array.from(lm.weights.get(name)?.data ?? []).join();
    const trunkNames = [...lm.weights.keys()].filter((n) => !n.startsWith('head.'));
    const l1 = trunkNames.filter((n) => n.endsWith('_l1'));
    const l0 = trunkNames.filter((n) => n.endsWith('_l0'));
    // Epoch 1: the head only.
    for (const n of trunkNames) expect(same(0, n), n).toBe(true);
    // Epoch 2: the top recurrent layer moves; the layer below and the embedding do not.
    for (const n of l1) expect(same(1, n), n).toBe(false);
    for (const n of [...l0, 'embedding.weight']) expect(same(1, n), n).toBe(true);
    // Epoch 3: the bottom layer too; epoch 4: the embedding.
    for (const n of l0) expect(same(2, n), n).toBe(false);
    expect(same(2, 'embedding.weight')).toBe(true);
    expect(same(3, 'embedding.weight')).toBe(false);
    expect(logs[0]).toMatch(
      /^Started from 'lm\.rnnmodel': 9 embedding and recurrent weights, .* training tokens \(.* %\) are not in its vocabulary and read as <unk>\. The head is new\.$/,
    );
    expect(logs.slice(1)).toEqual([
      'Epoch 1: training the head only (gradual unfreezing).',
      'Epoch 2: training the head and the top 1 recurrent layer (gradual unfreezing).',
      'Epoch 3: training the head and the top 2 recurrent layers (gradual unfreezing).',
      'Epoch 4: training all layers (gradual unfreezing).',
      'Evaluating the best model on the whole test split (30 examples).',
    ]);
    // The finished model trains as a whole again.
    expect(task.model.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it("with unfreeze 'none' trains every layer from epoch 1", async () => {
    const { lm, task, random } = await fromLm(classifySpec({ unfreeze: 'none', epochs: 1 }));
    const run = new TrainingRun({
      task,
      random,
      data: { fileName: 'x', fingerprint: 'x' },
      onEvent: () => {},
    });
    await run.run();
    const emb = task.model.stateDict()['embedding.weight']?.data ?? new Float32Array();
    expect(Array.from(emb).join()).not.toBe(
      Array.from(lm.weights.get('embedding.weight')?.data ?? []).join(),
    );
  });
});
