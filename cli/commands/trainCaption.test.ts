/** `rnn-studio train <folder> --task caption` end to end with a user's resnet18 state dict (random weights): train with the backbone frozen, predict an image file with attention in --json, eval the folder's test images; and the one-line refusals. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { writeSafetensors } from '../../core/io/safetensors.ts';
import { ResNet18 } from '../../core/nn/resnet.ts';
import { Random } from '../../core/random.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { runEval } from './eval.ts';
import { runPredict } from './predict.ts';
import { runTrain } from './train.ts';

const tasks = taskDefinition;
const COLOURS = [
  ['red', [220, 30, 30]],
  ['green', [30, 200, 40]],
  ['blue', [30, 40, 220]],
] as const;

/** A 40×30 PNG of one colour. */
function png(rgb: readonly number[]): Buffer {
  const image = new PNG({ width: 40, height: 30 });
  for (let i = 0; i < 40 * 30; i++) image.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(image);
}

/** A folder `photos/` of 9 coloured images, two captions each, and a split file (3 test images). */
function photos(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'rnn-caption-')), 'photos');
  mkdirSync(join(root, 'images'), { recursive: true });
  const captions = ['image,caption'];
  const split = ['image\tsplit'];
  for (let i = 0; i < 9; i++) {
    const [name, rgb] = COLOURS[i % 3] as (typeof COLOURS)[number];
    writeFileSync(join(root, 'images', `${i}.png`), png(rgb));
    captions.push(`${i}.png,a ${name} wall`, `${i}.png,the wall is ${name}`);
    split.push(`${i}.png\t${i >= 6 ? 'test' : 'train'}`);
  }
  writeFileSync(join(root, 'captions.csv'), `${captions.join('\n')}\n`);
  writeFileSync(join(root, 'split.tsv'), `${split.join('\n')}\n`);
  return root;
}

describe('train --task caption', () => {
  it('trains on a resnet18 state dict the user wrote, then predicts and evaluates', async () => {
    const root = photos();
    const dir = join(root, '..');
    const weights = new ResNet18({ random: new Random(7) }).stateDict();
    const weightsPath = join(dir, 'resnet18.safetensors');
    writeFileSync(weightsPath, writeSafetensors(Object.entries(weights)));
    const out = join(dir, 'captioner.rnnmodel');
    const io = captureIo();
    const argv = [
      root,
      '--task',
      'caption',
      '--backbone-weights',
      weightsPath,
      '--freeze-backbone',
      '--attention',
      'bahdanau',
    ];
    const small = ['--image-size', '32', '--hidden', '16', '--embedding-dim', '8', '--epochs', '1'];
    const code = await runTrain(
      [...argv, ...small, '--min-freq', '1', '--out', out, '--json'],
      io,
      {
        tasks,
      },
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(io.out.trim().split('\n').at(-1) as string);
    expect(result).toMatchObject({ type: 'result', split: 'test', examples: 3, model: out });
    expect(Object.keys(result.metrics)).toEqual(
      expect.arrayContaining(['bleu', 'bleu1', 'bleu2', 'bleu3', 'bleu4', 'loss']),
    );
    expect(result.baseline.bleu1).toBeGreaterThan(0);

    const bundle = readBundle(new Uint8Array(readFileSync(out)), 'captioner.rnnmodel');
    expect(bundle.spec.model.image).toMatchObject({
      backbone: 'resnet18',
      freeze: true,
      weights: 'resnet18.safetensors',
    });
    // The frozen backbone is the user's, bit for bit, under torchvision's names.
    for (const name of ['conv1.weight', 'layer4.1.bn2.running_var', 'fc.bias']) {
      expect(bundle.weights.get(`encoder.${name}`)?.data).toEqual(weights[name]?.data);
    }

    const image = join(root, 'images', '7.png');
    const p = captureIo();
    expect(await runPredict(['--model', out, '--image', image, '--json'], p, { tasks })).toBe(0);
    const [prediction] = JSON.parse(p.out).predictions;
    expect(prediction.kind).toBe('caption');
    expect(prediction.candidates.length).toBeGreaterThan(0);
    // 32 pixels through resnet18 leave a 1×1 feature map: every word attends to its one region.
    expect(prediction.attention.grid).toEqual({ rows: 1, cols: 1 });
    for (const row of prediction.attention.weights) expect(row).toEqual([1]);

    const e = captureIo();
    expect(await runEval(['--model', out, '--data', root, '--json'], e, { tasks })).toBe(0);
    const evaluated = JSON.parse(e.out);
    expect(evaluated.examples).toBe(3);
    expect(evaluated.metrics.bleu4).toBe(result.metrics.bleu4);
  }, 400_000);

  it('refuses a weights file that is not resnet18 in one line naming it', async () => {
    const root = photos();
    const weightsPath = join(root, '..', 'other.safetensors');
    writeFileSync(
      weightsPath,
      writeSafetensors({ 'conv1.weight': { shape: [2], data: new Float32Array(2) } }),
    );
    const io = captureIo();
    const argv = [root, '--task', 'caption', '--backbone-weights', weightsPath];
    const code = await runTrain([...argv, '--out', join(root, '..', 'm.rnnmodel')], io, { tasks });
    expect(code).toBe(1);
    expect(io.err.split('\n').length).toBe(2);
    expect(io.err).toContain(
      "rnn-studio train: caption: 'other.safetensors' must be torchvision's resnet18 state dict (safetensors); ResNet18.loadStateDict: missing key(s) 'bn1.weight'",
    );
  });

  it('refuses an option value naming the option', async () => {
    const io = captureIo();
    const code = await runTrain(
      [photos(), '--task', 'caption', '--backbone', 'vgg', '--out', 'x'],
      io,
      {
        tasks,
      },
    );
    expect(code).toBe(2);
    expect(io.err.split('\n')[0]).toBe(
      "rnn-studio train: Option '--backbone' must be 'cnn', 'resnet18', got 'vgg'.",
    );
  });
});
