/** The exported train.py fine-tunes as the app does: the same optimizer groups and learning rates per depth (finetune.py vs core/train/finetune.ts) and the same frozen parameters in each epoch, and a real `--finetune` run leaves frozen layers bit-identical. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import {
  coreSchedule,
  expectSameSchedule,
  exportWith,
  pythonSchedule,
} from './fineTuneSchedule.ts';
import { PYTHON, removeTempDirs, sharedData, torchAvailable, writeText } from './helpers.ts';

const data = `${readFileSync(join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8')
  .split('\n')
  .slice(0, 161)
  .join('\n')}\n`;

/** A 2-layer bidirectional GRU classifier (so `_reverse` names and three depths below the head). */
async function classifier(): Promise<PreparedTask> {
  const spec = presetSpec('classify');
  spec.data = { tokenizer: 'char', minFreq: 2, maxVocab: 300, maxLength: 30 };
  spec.model = {
    embeddingDim: 8,
    recurrent: {
      cell: 'gru',
      hiddenSize: 8,
      numLayers: 2,
      bidirectional: true,
      dropout: 0,
      nonlinearity: 'tanh',
    },
    pooling: 'mean',
    headDropout: 0,
  };
  spec.train = { ...spec.train, batchSize: 16, lr: 1e-2, schedule: 'constant' };
  return classifyTask.prepare({
    spec,
    fileName: 'nsmc.txt',
    bytes: new TextEncoder().encode(data),
    random: new Random(0),
  });
}

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch fine-tuning'))('train.py fine-tuning schedule', () => {
  it('matches the core with initFrom: groups per depth at lr/2.6^depth and one more layer each epoch', async () => {
    const task = await classifier();
    const dir = exportWith(task, { initFrom: 'lm.rnnmodel', transfer: 'fine-tune' });
    const spec = {
      ...task.spec,
      train: { ...task.spec.train, initFrom: 'lm.rnnmodel', transfer: 'fine-tune' as const },
    };
    const core = coreSchedule(task, spec, 0.01, 5);
    expectSameSchedule(pythonSchedule(dir, 0.01, 5), core);
    // Head, top layer (l1 both directions), l0, embedding; the embedding trains from epoch 4.
    expect(core.groups.map((g) => g.names.length)).toEqual([2, 8, 8, 1]);
    expect(core.frozen[0]).toHaveLength(17);
    expect(core.frozen[3]).toEqual([]);
  });

  it('matches the core with the knobs set by hand and with fine-tuning off', async () => {
    const task = await classifier();
    for (const train of [
      { unfreeze: 'none' as const, layerLrDecay: 3 },
      { unfreeze: 'gradual' as const, layerLrDecay: 1 },
      {},
    ]) {
      const dir = exportWith(task, train);
      const spec = { ...task.spec, train: { ...task.spec.train, ...train } };
      expectSameSchedule(pythonSchedule(dir, 0.02, 4), coreSchedule(task, spec, 0.02, 4));
    }
  });

  it('python train.py --finetune logs the unfreezing and leaves the frozen layers bit-identical', async () => {
    const task = await classifier();
    const dir = exportWith(task, { initFrom: 'lm.rnnmodel', transfer: 'fine-tune' });
    const dataPath = writeText(dir, 'nsmc.txt', data);
    const r = spawnSync(
      PYTHON,
      [
        'train.py',
        '--data',
        dataPath,
        '--finetune',
        '--epochs',
        '2',
        '--batch-size',
        '16',
        '--out',
        'trained',
      ],
      { cwd: dir, encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const events = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const unfreezes = events.filter((e) => e.type === 'unfreeze');
    expect(
      unfreezes.map((e) => [e.epoch, e.trainableDepth, (e.frozen as string[]).length]),
    ).toEqual([
      [1, 0, 17],
      [2, 1, 9],
    ]);
    const steps = events.filter((e) => e.type === 'step');
    expect(steps[0]?.lr).toBeCloseTo(0.01, 12);
    const before = readSafetensors(readFileSync(join(dir, 'model.safetensors'))).tensors;
    const after = readSafetensors(readFileSync(join(dir, 'trained', 'model.safetensors'))).tensors;
    // Epochs 1–2 trained the head and the top layer; l0 and the embedding were frozen throughout.
    for (const name of ['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0_reverse']) {
      expect(Array.from(after.get(name)?.data ?? []), name).toEqual(
        Array.from(before.get(name)?.data ?? [0]),
      );
    }
    for (const name of ['head.weight', 'rnn.weight_ih_l1']) {
      expect(Array.from(after.get(name)?.data ?? []), name).not.toEqual(
        Array.from(before.get(name)?.data ?? []),
      );
    }
  }, 120_000);
});
