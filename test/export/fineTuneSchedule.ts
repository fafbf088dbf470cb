/** The fine-tuning schedule of the core and of the exported finetune.py side by side: a prepared task exported with its train settings, each side's optimizer groups (names, learning rates) and the parameters each epoch freezes. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import { FineTunePlan } from '../../core/train/finetune.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';
import { PYTHON, tempDir, writeText } from './helpers.ts';

/** Exports `task` with `train` merged into its spec (as a run started from a language model is saved). */
export function exportWith(task: PreparedTask, train: Partial<RunSpec['train']>): string {
  const dir = tempDir();
  const bundle = bundleFromTask(task, { history: [], metrics: {} });
  bundle.spec = { ...bundle.spec, train: { ...bundle.spec.train, ...train } };
  for (const file of exportPytorch(bundle)) writeFileSync(join(dir, file.name), file.content);
  return dir;
}

export interface Schedule {
  groups: { names: string[]; lr: number }[];
  frozen: string[][];
}

/** The core's plan for `spec`: groups by parameter name with their learning rate, and what each epoch freezes. */
export function coreSchedule(
  task: PreparedTask,
  spec: RunSpec,
  lr: number,
  epochs: number,
): Schedule {
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

export function pythonSchedule(dir: string, lr: number, epochs: number): Schedule {
  const script = writeText(dir, 'schedule_probe.py', PY_SCHEDULE);
  const r = spawnSync(PYTHON, [script, dir, String(lr), String(epochs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`schedule_probe.py exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Schedule;
}

export function expectSameSchedule(py: Schedule, core: Schedule): void {
  expect(py.frozen).toEqual(core.frozen);
  expect(py.groups.map((g) => g.names)).toEqual(core.groups.map((g) => g.names));
  py.groups.forEach((g, i) => {
    expect(g.lr).toBeCloseTo(core.groups[i]?.lr as number, 12);
  });
}
