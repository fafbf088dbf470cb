/** The exported train.py keeps a word-vector embedding as the app does: frozen stays bit-identical (with and without --finetune), and a vocabulary fitted anew takes the exported rows of the words it shares. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../core/data/byteSource.ts';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';
import {
  PYTHON,
  removeTempDirs,
  repoRoot,
  sharedData,
  tempDir,
  torchAvailable,
  writeText,
} from './helpers.ts';

const LEE = join(repoRoot, 'test', 'data', 'wordVectors', 'lee_fasttext.vec');
const data = `${readFileSync(
  join(sharedData, 'uci-sentiment-sentences', 'imdb_labelled.txt'),
  'utf8',
)
  .split('\n')
  .slice(0, 301)
  .join('\n')}\n`;

/** A small classifier started from the real vectors, exported as the app saves it. */
async function exported(freeze: boolean): Promise<string> {
  const spec = presetSpec('classify');
  spec.data = { ...spec.data, minFreq: 1 };
  spec.model = {
    ...spec.model,
    recurrent: { ...spec.model.recurrent, cell: 'gru', hiddenSize: 8, numLayers: 1 },
    wordVectors: { file: 'lee_fasttext.vec', freeze },
  };
  spec.train = { ...spec.train, batchSize: 16, lr: 1e-2 };
  const task = await classifyTask.prepare({
    spec,
    fileName: 'imdb.txt',
    bytes: new TextEncoder().encode(data),
    random: new Random(0),
    wordVectors: {
      fileName: 'lee_fasttext.vec',
      chunks: () => memoryByteSource('lee_fasttext.vec', readFileSync(LEE)).pieces(),
    },
  });
  const dir = tempDir();
  const bundle = bundleFromTask(task, { history: [], metrics: {} });
  for (const file of exportPytorch(bundle)) writeFileSync(join(dir, file.name), file.content);
  writeText(dir, 'imdb.txt', data);
  return dir;
}

function trainPy(dir: string, extra: string[]): void {
  const r = spawnSync(
    PYTHON,
    ['train.py', '--data', 'imdb.txt', '--epochs', '2', '--out', 'trained', ...extra],
    { cwd: dir, encoding: 'utf8', timeout: 90_000 },
  );
  expect(r.status, r.stderr).toBe(0);
}

function weights(path: string) {
  return readSafetensors(readFileSync(path)).tensors;
}

function vocabOf(dir: string, sub = '.'): string[] {
  const config = JSON.parse(readFileSync(join(dir, sub, 'config.json'), 'utf8'));
  const state = config.taskState;
  if (Array.isArray(state.vocab)) return state.vocab;
  return JSON.parse(readFileSync(join(dir, sub, state.vocab.$file), 'utf8'));
}

afterAll(removeTempDirs);

describe.runIf(torchAvailable('PyTorch word vectors'))('train.py with word vectors', () => {
  it('--finetune keeps a frozen embedding bit-identical while the head trains', async () => {
    const dir = await exported(true);
    expect(
      JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).spec.model.wordVectors,
    ).toEqual({ file: 'lee_fasttext.vec', freeze: true });
    trainPy(dir, ['--finetune']);
    const before = weights(join(dir, 'model.safetensors'));
    const after = weights(join(dir, 'trained', 'model.safetensors'));
    expect(Array.from(after.get('embedding.weight')?.data ?? [])).toEqual(
      Array.from(before.get('embedding.weight')?.data ?? [0]),
    );
    expect(Array.from(after.get('head.weight')?.data ?? [])).not.toEqual(
      Array.from(before.get('head.weight')?.data ?? []),
    );
  }, 120_000);

  it('from scratch, the rows of shared words come from the export and stay frozen', async () => {
    const dir = await exported(true);
    trainPy(dir, []);
    const oldVocab = vocabOf(dir);
    const newVocab = vocabOf(dir, 'trained');
    const before = weights(join(dir, 'model.safetensors')).get('embedding.weight');
    const after = weights(join(dir, 'trained', 'model.safetensors')).get('embedding.weight');
    const dim = before?.shape[1] as number;
    expect(after?.shape[1]).toBe(dim);
    let shared = 0;
    newVocab.forEach((w, i) => {
      const j = oldVocab.indexOf(w);
      if (i < 4 || j < 4) return;
      shared += 1;
      expect(Array.from(after?.data.subarray(i * dim, (i + 1) * dim) ?? []), w).toEqual(
        Array.from(before?.data.subarray(j * dim, (j + 1) * dim) ?? []),
      );
    });
    expect(shared).toBeGreaterThan(100);
  }, 120_000);

  it('a fine-tuned embedding trains in train.py', async () => {
    const dir = await exported(false);
    trainPy(dir, ['--finetune']);
    expect(
      Array.from(
        weights(join(dir, 'trained', 'model.safetensors')).get('embedding.weight')?.data ?? [],
      ),
    ).not.toEqual(
      Array.from(weights(join(dir, 'model.safetensors')).get('embedding.weight')?.data ?? []),
    );
  }, 120_000);
});
