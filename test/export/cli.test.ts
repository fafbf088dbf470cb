/** `rnn-studio export`: a saved classifier becomes a folder that torch loads and predicts with, or an ONNX folder that ONNX Runtime runs; bad formats, damaged bundles and a file in the way of --out are one-line errors. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport } from '../../cli/commands/export.ts';
import { type CliIo, nodeIo } from '../../cli/io.ts';
import { type TokenizerConfig, tokenize } from '../../core/data/tokenizers.ts';
import { Vocab } from '../../core/data/vocab.ts';
import { writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { quickTrain } from '../../core/tasks/common/quickTrain.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { taskDefinition } from '../../core/tasks/registry.ts';
import type { ClassifyPrediction } from '../../core/tasks/task.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';
import { PYTHON, removeTempDirs, sharedData, tempDir, torchAvailable } from './helpers.ts';

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { ...nodeIo, stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

async function savedModel(dir: string) {
  const lines = readFileSync(join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8').split(
    '\n',
  );
  const spec = presetSpec('classify');
  spec.data = { tokenizer: 'word', minFreq: 1, maxVocab: 800, maxLength: 20 };
  spec.model = {
    ...spec.model,
    embeddingDim: 8,
    recurrent: { ...spec.model.recurrent, hiddenSize: 8 },
  };
  const bytes = new TextEncoder().encode(`${lines.slice(0, 151).join('\n')}\n`);
  const task = await classifyTask.prepare({
    spec,
    fileName: 'nsmc.txt',
    bytes,
    random: new Random(0),
  });
  quickTrain(task, { steps: 2 });
  const path = join(dir, 'model.rnnmodel');
  writeFileSync(
    path,
    writeBundle(bundleFromTask(task, { history: [], metrics: { accuracy: 0.5 } })),
  );
  return { path, task };
}

const options = { tasks: taskDefinition };

afterAll(removeTempDirs);

describe('rnn-studio export', () => {
  it.runIf(torchAvailable('rnn-studio export'))(
    'writes a folder whose predict.py gives the saved model’s label',
    async () => {
      const dir = tempDir();
      const { path, task } = await savedModel(dir);
      const out = join(dir, 'exported');
      const c = capture();
      const code = await runExport(
        ['--model', path, '--format', 'pytorch', '--out', out, '--json'],
        c.io,
        options,
      );
      expect(c.err.join('')).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(c.out.join('')) as { type: string; files: string[] };
      expect(result.type).toBe('result');
      expect(readdirSync(out).sort()).toEqual([...result.files].sort());
      expect(result.files).toEqual(
        expect.arrayContaining([
          'model.py',
          'model.safetensors',
          'config.json',
          'vocab.json',
          'train.py',
          'predict.py',
          'README.md',
          'safetensors_lite.py',
        ]),
      );
      const text = '배우들 연기가 정말 좋았다';
      const r = spawnSync(PYTHON, ['predict.py', '--text', text, '--json'], {
        cwd: out,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      const label = (JSON.parse(r.stdout) as { predictions: ClassifyPrediction[] }).predictions[0]
        ?.label;
      expect(label).toBe((task.predictor().predict({ text }) as ClassifyPrediction).label);
    },
    30_000,
  );

  it('writes the ONNX folder that ONNX Runtime runs to the saved model’s probabilities', async () => {
    const dir = tempDir();
    const { path, task } = await savedModel(dir);
    const out = join(dir, 'onnx');
    const c = capture();
    const code = await runExport(
      ['--model', path, '--format', 'onnx', '--out', out, '--json'],
      c.io,
      options,
    );
    expect(c.err.join('')).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(c.out.join('')) as { files: string[] };
    expect(result.files.sort()).toEqual(['README.md', 'config.json', 'model.onnx', 'vocab.json']);
    expect(readdirSync(out).sort()).toEqual(result.files);
    const state = task.state as unknown as {
      tokenizer: TokenizerConfig;
      vocab: string[];
      classes: string[];
    };
    const text = '정말 재미있는 영화';
    const ids = new Vocab(state.vocab).encode(tokenize(state.tokenizer, text));
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const run = await session.run({
      input_ids: new ort.Tensor(
        'int64',
        BigInt64Array.from(ids, (v) => BigInt(v)),
        [1, ids.length],
      ),
      lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
    });
    await session.release();
    const probs = (run.probabilities as ort.Tensor).data as Float32Array;
    const app = task.predictor().predict({ text }) as ClassifyPrediction;
    for (const p of app.probabilities) {
      const k = state.classes.indexOf(p.label);
      expect(Math.abs((probs[k] as number) - p.probability)).toBeLessThan(1e-4);
    }
  });

  it('refuses another format with exit 2 and the usage', async () => {
    const c = capture();
    const code = await runExport(
      ['--model', 'm.rnnmodel', '--format', 'tflite', '--out', 'x'],
      c.io,
      options,
    );
    expect(code).toBe(2);
    expect(c.err.join('').split('\n')[0]).toBe(
      "rnn-studio export: Option '--format' must be 'pytorch' or 'onnx', got 'tflite'.",
    );
  });

  it('reports a damaged bundle in one line with exit 1', async () => {
    const dir = tempDir();
    const path = join(dir, 'broken.rnnmodel');
    writeFileSync(path, 'not a zip');
    const c = capture();
    const code = await runExport(
      ['--model', path, '--format', 'pytorch', '--out', join(dir, 'o')],
      c.io,
      options,
    );
    expect(code).toBe(1);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(
      /^rnn-studio export: .*broken\.rnnmodel: this is not an RNN Studio model/,
    );
  });

  it('refuses a file where the output folder should be', async () => {
    const dir = tempDir();
    const { path } = await savedModel(dir);
    const blocker = join(dir, 'taken');
    writeFileSync(blocker, 'x');
    const c = capture();
    const code = await runExport(
      ['--model', path, '--format', 'pytorch', '--out', blocker],
      c.io,
      options,
    );
    expect(code).toBe(1);
    expect(c.err.join('')).toBe(
      `rnn-studio export: Option '--out' must be a folder, got the file '${blocker}'.\n`,
    );
  }, 30_000);
});
