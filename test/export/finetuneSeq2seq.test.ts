/** The exported train.py fine-tunes a seq2seq model whose encoder started from a language model as the app does: the decoder side is the head, each encoder layer and the source embedding below it (finetune.py vs core/train/finetune.ts), and a real `--finetune` run leaves the frozen encoder layers bit-identical. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { Random } from '../../core/random.ts';
import { seq2seqTask } from '../../core/tasks/seq2seq/index.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import {
  coreSchedule,
  expectSameSchedule,
  exportWith,
  pythonSchedule,
} from './fineTuneSchedule.ts';
import { PYTHON, removeTempDirs, torchAvailable, writeText } from './helpers.ts';
import { koreanLanguageModel, seq2seqFromLmSpec, tatoebaPairs } from './specs.ts';

const pairsTsv = `ko\ten\n${tatoebaPairs
  .slice(0, 160)
  .map((p) => p.join('\t'))
  .join('\n')}\n`;

async function fromLm(): Promise<PreparedTask> {
  return seq2seqTask.prepare({
    spec: seq2seqFromLmSpec(),
    fileName: 'pairs.tsv',
    bytes: new TextEncoder().encode(pairsTsv),
    random: new Random(0),
    initFrom: await koreanLanguageModel(),
  });
}

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch fine-tuning (seq2seq)'))(
  'train.py fine-tuning a seq2seq encoder',
  () => {
    it('matches the core: the decoder side at lr, encoder layers at lr/2.6^depth, the source embedding last', async () => {
      const task = await fromLm();
      const train = { initFrom: 'lm.rnnmodel', transfer: 'fine-tune' as const };
      const dir = exportWith(task, train);
      const core = coreSchedule(task, task.spec, 0.01, 4);
      expectSameSchedule(pythonSchedule(dir, 0.01, 4), core);
      // Depth 1 and 2 are the encoder's l1 and l0 (4 tensors each), depth 3 the source embedding.
      expect(core.groups.slice(1).map((g) => g.names.sort())).toEqual([
        [
          'encoder.bias_hh_l1',
          'encoder.bias_ih_l1',
          'encoder.weight_hh_l1',
          'encoder.weight_ih_l1',
        ],
        [
          'encoder.bias_hh_l0',
          'encoder.bias_ih_l0',
          'encoder.weight_hh_l0',
          'encoder.weight_ih_l0',
        ],
        ['src_embedding.weight'],
      ]);
      expect(core.frozen[0]).toHaveLength(9);
      expect(core.frozen[3]).toEqual([]);
    });

    it('python train.py --finetune leaves the frozen encoder layers and source embedding bit-identical', async () => {
      const task = await fromLm();
      const dir = exportWith(task, { initFrom: 'lm.rnnmodel', transfer: 'fine-tune' });
      const dataPath = writeText(dir, 'pairs.tsv', pairsTsv);
      const r = spawnSync(
        PYTHON,
        ['train.py', '--data', dataPath, '--finetune', '--epochs', '2', '--out', 'trained'],
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
        [1, 0, 9],
        [2, 1, 5],
      ]);
      const before = readSafetensors(readFileSync(join(dir, 'model.safetensors'))).tensors;
      const after = readSafetensors(
        readFileSync(join(dir, 'trained', 'model.safetensors')),
      ).tensors;
      for (const name of ['src_embedding.weight', 'encoder.weight_ih_l0', 'encoder.bias_hh_l0']) {
        expect(Array.from(after.get(name)?.data ?? []), name).toEqual(
          Array.from(before.get(name)?.data ?? [0]),
        );
      }
      for (const name of ['out.weight', 'decoder.weight_hh_l0', 'encoder.weight_hh_l1']) {
        expect(Array.from(after.get(name)?.data ?? []), name).not.toEqual(
          Array.from(before.get(name)?.data ?? []),
        );
      }
    }, 120_000);
  },
);
