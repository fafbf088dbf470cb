/** The exported train.py fine-tunes as the app does: the same optimizer groups and learning rates per depth (finetune.py vs core/train/finetune.ts) and the same frozen parameters in each epoch, and a real `--finetune` run leaves frozen layers bit-identical. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import { FineTunePlan } from '../../core/train/finetune.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';
import {
  PYTHON,
  removeTempDirs,
  sharedData,
  tempDir,
  torchAvailable,
  writeText,
} from './helpers.ts';

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

/** Exports `task` with `train` merged into its spec (as a run started from a language model is saved). */
function exportWith(task: PreparedTask, train: Partial<RunSpec['train']>): string {
  const dir = tempDir();
  const bundle = bundleFromTask(task, { history: [], metrics: {} });
  bundle.spec = { ...bundle.spec, train: { ...bundle.spec.train, ...train } };
  for (const file of exportPytorch(bundle)) writeFileSync(join(dir, file.name), file.content);
  return dir;
}

interface Schedule {
  groups: { names: string[]; lr: number }[];
  frozen: string[][];
}

/** The core's plan for `spec`: groups by parameter name with their learning rate, and what each epoch freezes. */
function coreSchedule(task: PreparedTask, spec: RunSpec, lr: number, epochs: number): Schedule {
  const plan = new FineTunePlan(task.model, spec);
  const names = new Map([...task.model.namedParameters()].map(([n, p]) => [p, n]));
  const groups = (plan.active ? plan.groups() : [{ params: [...names.keys()], lrScale: 1 }]).map(
    (g) => ({ names: g.params.map((p) => names.get(p) as string), lr: lr * (g.lrScale ?? 1) }),
  );
  const frozen: string[][] = [];
  for (let e = 0; e < epochs; e++) {
    plan.apply(e);
    frozen.push(
      [...task.model.namedParameters()].filter(([, p]) => !p.requiresGrad).map(([n]) => n),
    );
  }
  plan.release();
  return { groups, frozen };
}

const PY_SCHEDULE = `
import json, sys
folder, lr, epochs = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, folder)
import model as m
from finetune import FineTunePlan
config = m.read_config(folder)
net = m.build_model(config['spec'], config['taskState'])
plan = FineTunePlan(net, config['spec'])
names = {id(p): n for n, p in net.named_parameters()}
groups = [{'names': [names[id(p)] for p in g['params']], 'lr': g['lr']} for g in plan.groups(lr)]
frozen = [plan.apply(e) for e in range(epochs)]
print(json.dumps({'groups': groups, 'frozen': frozen}))
`;

function pythonSchedule(dir: string, lr: number, epochs: number): Schedule {
  const script = writeText(dir, 'schedule_probe.py', PY_SCHEDULE);
  const r = spawnSync(PYTHON, [script, dir, String(lr), String(epochs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`schedule_probe.py exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Schedule;
}

function expectSameSchedule(py: Schedule, core: Schedule): void {
  expect(py.frozen).toEqual(core.frozen);
  expect(py.groups.map((g) => g.names)).toEqual(core.groups.map((g) => g.names));
  py.groups.forEach((g, i) => {
    expect(g.lr).toBeCloseTo(core.groups[i]?.lr as number, 12);
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
