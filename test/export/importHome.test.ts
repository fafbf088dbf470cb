/** Coming home from PyTorch: `rnn-studio import --from` turns an export folder, or the folder its train.py wrote, into a model that predicts as the folder does; a folder whose weights do not fit is refused in one line. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { restoreBundle } from '../../core/train/modelBundle.ts';
import { captureIo } from '../support/captureIo.ts';
import { quickTrain } from '../support/quickTrain.ts';
import {
  exportToTemp,
  PYTHON,
  removeTempDirs,
  sharedData,
  tempDir,
  torchAvailable,
  writeText,
} from './helpers.ts';

afterAll(removeTempDirs);

const reviews = readFileSync(join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8')
  .split('\n')
  .slice(0, 401)
  .join('\n');
const texts = ['정말 재미있는 영화였다', '시간 낭비, 최악', '그냥 그랬다'];

async function exportedClassifier(): Promise<{ folder: string; predictions: unknown[] }> {
  const spec = presetSpec('classify');
  spec.data = { ...spec.data, tokenizer: 'char', maxVocab: 300 };
  spec.model = {
    ...spec.model,
    embeddingDim: 8,
    recurrent: { ...spec.model.recurrent, hiddenSize: 8, numLayers: 1 },
  };
  const task = await classifyTask.prepare({
    spec,
    fileName: 'nsmc.txt',
    bytes: new TextEncoder().encode(`${reviews}\n`),
    random: new Random(0),
  });
  quickTrain(task, { steps: 3 });
  const predictor = task.predictor();
  return {
    folder: exportToTemp(task),
    predictions: texts.map((text) => predictor.predict({ text })),
  };
}

async function importFolder(
  folder: string,
): Promise<{ status: number; out: string; err: string; model: string }> {
  const io = captureIo();
  const model = join(tempDir(), 'home.rnnmodel');
  const status = await runCli(['import', '--from', folder, '--out', model, '--json'], io);
  return { status, out: io.out, err: io.err, model };
}

function appPredictions(modelPath: string): unknown[] {
  const { restored } = restoreBundle(new Uint8Array(readFileSync(modelPath)), {
    fileName: modelPath,
    tasks: taskDefinition,
  });
  return texts.map((text) => restored.predict({ text }));
}

describe('rnn-studio import --from <export folder>', () => {
  it('turns the export folder back into a model with the same predictions', async () => {
    const { folder, predictions } = await exportedClassifier();
    const home = await importFolder(folder);
    expect(home.status, home.err).toBe(0);
    expect(JSON.parse(home.out)).toEqual({ type: 'result', model: home.model, task: 'classify' });
    expect(appPredictions(home.model)).toEqual(predictions);
  });

  it('refuses weights that do not fit config.json in one line naming the key and shapes', async () => {
    const { folder } = await exportedClassifier();
    const configPath = join(folder, 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
      spec: { model: { recurrent: { hiddenSize: number } } };
    };
    config.spec.model.recurrent.hiddenSize = 9;
    writeFileSync(configPath, JSON.stringify(config));
    const home = await importFolder(folder);
    expect(home.status).toBe(1);
    expect(home.err.trim().split('\n')).toHaveLength(1);
    expect(home.err).toContain(
      `rnn-studio import: ${folder}: the weights do not fit the model in config.json:`,
    );
    expect(home.err).toMatch(/'rnn\.weight_hh_l0' must have shape \[27, 9\], got \[24, 8\]/);
  });

  it('says an ONNX export folder cannot come back and which folder can', async () => {
    const { folder } = await exportedClassifier();
    const io = captureIo();
    const home = await importFolder(folder);
    expect(home.status, home.err).toBe(0);
    const onnx = join(tempDir(), 'onnx');
    expect(
      await runCli(['export', '--model', home.model, '--format', 'onnx', '--out', onnx], io),
    ).toBe(0);
    const back = await importFolder(onnx);
    expect(back.status).toBe(1);
    expect(back.err).toBe(
      `rnn-studio import: ${onnx}: this is an ONNX export, which the app cannot read back: choose the PyTorch export folder (rnn-studio export --format pytorch) or the folder its train.py wrote.\n`,
    );
  });

  it('names a missing vocabulary file and a folder without config.json', async () => {
    const { folder } = await exportedClassifier();
    rmSync(join(folder, 'vocab.json'));
    const missing = await importFolder(folder);
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('vocab.json');
    const empty = await importFolder(tempDir());
    expect(empty.status).toBe(1);
    expect(empty.err.trim().split('\n')).toHaveLength(1);
    expect(empty.err).toContain('config.json');
  });
});

describe.runIf(torchAvailable('import after train.py'))(
  'import after the exported train.py',
  () => {
    it('imports what train.py wrote after 2 epochs, and the app predicts what predict.py predicts', async () => {
      const { folder } = await exportedClassifier();
      const data = writeText(folder, 'reviews.txt', `${reviews}\n`);
      const train = spawnSync(
        PYTHON,
        ['train.py', '--data', data, '--epochs', '2', '--batch-size', '32', '--out', 'trained'],
        { cwd: folder, encoding: 'utf8', timeout: 240_000 },
      );
      expect(train.status, train.stderr).toBe(0);
      const trained = join(folder, 'trained');
      const home = await importFolder(trained);
      expect(home.status, home.err).toBe(0);
      const inputs = join(folder, 'inputs.txt');
      writeFileSync(inputs, `${texts.join('\n')}\n`);
      const predict = spawnSync(
        PYTHON,
        ['predict.py', '--model-dir', trained, '--input', inputs, '--json'],
        {
          cwd: folder,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(predict.status, predict.stderr).toBe(0);
      type Prediction = { label: string; probabilities: { label: string; probability: number }[] };
      const torch = JSON.parse(predict.stdout.trim().split('\n').at(-1) as string) as {
        predictions: Prediction[];
      };
      const app = appPredictions(home.model) as Prediction[];
      expect(app.map((p) => p.label)).toEqual(torch.predictions.map((p) => p.label));
      app.forEach((p, i) => {
        const theirs = torch.predictions[i]?.probabilities ?? [];
        expect(p.probabilities.map((q) => q.label)).toEqual(theirs.map((q) => q.label));
        p.probabilities.forEach((q, k) => {
          expect(Math.abs(q.probability - (theirs[k]?.probability as number))).toBeLessThan(1e-5);
        });
      });
    }, 300_000);
  },
);
