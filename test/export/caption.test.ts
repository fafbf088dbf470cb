/** The captioner's PyTorch export under torch and torchvision: the same pixels, one step's logits to 1e-4, the core's greedy and beam captions from the exported model.py, predict.py on image files giving the app's captions, and train.py (plain and under torchrun) training on the image folder into a folder that `rnn-studio import` brings home with predict.py's captions. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { padSequences } from '../../core/data/batching.ts';
import { imageToTensorData } from '../../core/data/captions/imageTransform.ts';
import { BOS_ID, Vocab } from '../../core/data/vocab.ts';
import { writeBundle } from '../../core/io/bundle.ts';
import { readSafetensors } from '../../core/io/safetensors.ts';
import { Random } from '../../core/random.ts';
import { captionIds } from '../../core/tasks/caption/data.ts';
import { beamCaptions, greedyCaptions } from '../../core/tasks/caption/decode.ts';
import { type CaptionState, captionTask } from '../../core/tasks/caption/index.ts';
import type { CaptionModel } from '../../core/tasks/caption/model.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import type { ImageEncoderSpec, RunSpec } from '../../core/tasks/spec.ts';
import type {
  CaptionPrediction,
  DecodeOptions,
  PredictInput,
  Prediction,
  PreparedTask,
} from '../../core/tasks/task.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { bundleFromTask, restoreBundle } from '../../core/train/modelBundle.ts';
import { directoryImageFolder } from '../../node/images/directoryImageFolder.ts';
import { nodeImageDecoder } from '../../node/images/nodeImageDecoder.ts';
import { captureIo } from '../support/captureIo.ts';
import { quickTrain } from '../support/quickTrain.ts';
import { type CaptionsLayout, imageName, writeCaptionFolder } from './captionFolders.ts';
import {
  exportToTemp,
  maxAbsDiff,
  PYTHON,
  removeTempDirs,
  runPythonJson,
  tempDir,
  torchAvailable,
} from './helpers.ts';

const haveTorchvision =
  torchAvailable('PyTorch export (caption)') &&
  spawnSync(PYTHON, ['-c', 'import torchvision'], { stdio: 'ignore' }).status === 0;
if (!haveTorchvision) console.log('PyTorch export (caption): skipped — torchvision is absent.');

interface Case {
  name: string;
  image: ImageEncoderSpec;
  attention: 'none' | 'luong' | 'bahdanau';
  cell: 'lstm' | 'gru';
  numLayers?: number;
}

const SMALL_CNN: ImageEncoderSpec = {
  backbone: 'cnn',
  freeze: false,
  imageSize: 16,
  width: 4,
  blocks: 2,
  featureDropout: 0.1,
};
const RESNET: ImageEncoderSpec = {
  backbone: 'resnet18',
  freeze: true,
  imageSize: 64,
  weights: 'resnet18.safetensors',
};

const CASES: Case[] = [
  {
    name: 'Show and Tell: small CNN, LSTM started from the image',
    image: SMALL_CNN,
    attention: 'none',
    cell: 'lstm',
  },
  {
    name: 'Show, Attend and Tell: small CNN, Bahdanau, GRU',
    image: SMALL_CNN,
    attention: 'bahdanau',
    cell: 'gru',
  },
  {
    name: 'Luong attention, 2-layer GRU',
    image: SMALL_CNN,
    attention: 'luong',
    cell: 'gru',
    numLayers: 2,
  },
  {
    name: 'torchvision resnet18 from a safetensors file, frozen, Bahdanau, LSTM',
    image: RESNET,
    attention: 'bahdanau',
    cell: 'lstm',
  },
];

function spec(c: Case): RunSpec {
  const s = presetSpec('caption');
  s.data = { ...s.data, minFreq: 1, maxLength: 8 };
  s.model = {
    embeddingDim: 8,
    recurrent: { ...s.model.recurrent, cell: c.cell, hiddenSize: 16, numLayers: c.numLayers ?? 1 },
    attention: c.attention,
    headDropout: 0.1,
    image: c.image,
  };
  s.train = { ...s.train, batchSize: 6, lr: 0.02, seed: 5, valSplit: 0.15, testSplit: 0.15 };
  return s;
}

afterAll(removeTempDirs);

/** A folder of 24 coloured PNGs with `layout` captions (and a split file for Flickr8k's layout); resnet18's weights beside it. */
function imageFolder(layout: CaptionsLayout): string {
  const dir = tempDir();
  writeCaptionFolder(join(dir, 'photos'), { images: 24, layout, splitFile: layout === 'flickr8k' });
  const r = spawnSync(
    PYTHON,
    [join(import.meta.dirname, 'helper_resnet18.py'), join(dir, 'resnet18.safetensors')],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`helper_resnet18.py exited ${r.status}: ${r.stderr}`);
  return dir;
}

/** The core's captioner for `c`, trained `steps` steps on `<dir>/photos` (resnet18 loaded from `<dir>/resnet18.safetensors`). */
async function trained(c: Case, dir: string, steps: number): Promise<PreparedTask> {
  const weights = readSafetensors(
    new Uint8Array(readFileSync(join(dir, 'resnet18.safetensors'))),
  ).tensors;
  const task = await captionTask.prepare({
    spec: spec(c),
    fileName: 'photos',
    bytes: new Uint8Array(0),
    random: new Random(5),
    images: { folder: await directoryImageFolder(join(dir, 'photos')), decoder: nodeImageDecoder },
    ...(c.image.backbone === 'resnet18' ? { backboneWeights: weights } : {}),
  });
  quickTrain(task, { steps });
  return task;
}

function run(
  args: string[],
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(args[0] as string, args.slice(1), {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The task's model saved as a .rnnmodel and exported by `rnn-studio export --format pytorch` (the app's export menu runs the same core). */
async function exportWithCli(task: PreparedTask): Promise<string> {
  const model = join(tempDir(), 'captioner.rnnmodel');
  writeFileSync(model, writeBundle(bundleFromTask(task, { history: [], metrics: {} })));
  const out = join(tempDir(), 'export');
  const io = captureIo();
  expect(
    await runCli(['export', '--model', model, '--format', 'pytorch', '--out', out], io),
    io.err,
  ).toBe(0);
  return out;
}

/** predict.py's predictions for image files (JSON). */
function predictPy(dir: string, args: string[]): CaptionPrediction[] {
  const r = run([PYTHON, 'predict.py', ...args, '--json'], dir);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { predictions: CaptionPrediction[] }).predictions;
}

/** The app's predictions for the same files: decoded by the CLI's decoder, then the predictor. */
async function appPredictions(
  predict: (input: PredictInput) => Prediction,
  paths: string[],
  decode: DecodeOptions,
): Promise<CaptionPrediction[]> {
  const out: CaptionPrediction[] = [];
  for (const path of paths) {
    const image = await nodeImageDecoder.decode(new Uint8Array(readFileSync(path)), path);
    out.push(predict({ image, decode }) as CaptionPrediction);
  }
  return out;
}

/**
 * The same captions with scores to 1e-5 (attention maps are the app's alone). Candidates whose
 * scores tie within 1e-5 may come in either order (float rounding decides it), so each
 * prediction's candidates are compared as a set with their scores, and the best caption must
 * be the app's unless the first two tie.
 */
function expectSameCaptions(python: CaptionPrediction[], app: CaptionPrediction[]): void {
  expect(python).toHaveLength(app.length);
  python.forEach((p, i) => {
    const a = app[i] as CaptionPrediction;
    const scores = new Map(a.candidates.map((c) => [c.text, c.score]));
    expect(p.candidates.map((c) => c.text).sort()).toEqual([...scores.keys()].sort());
    for (const c of p.candidates) {
      expect(Math.abs(c.score - (scores.get(c.text) as number))).toBeLessThan(1e-5);
    }
    const [first, second] = a.candidates;
    if (second === undefined || (first?.score ?? 0) - second.score > 1e-5)
      expect(p.text).toBe(a.text);
  });
}

interface ParityOut {
  stateKeys: string[];
  pixels: number[];
  ids: number[][];
  logits: number[][][];
  greedy: number[][];
  beams: { ids: number[]; score: number }[][];
}

describe.runIf(haveTorchvision)('PyTorch export: caption', () => {
  let csvFolder: string | null = null;
  const folderOnce = () => {
    csvFolder ??= imageFolder('csv');
    return csvFolder;
  };

  for (const c of CASES) {
    it(`model.py gives the app's pixels, logits (1e-4), greedy and beam captions, and predict.py its captions (${c.name})`, async () => {
      const dir = folderOnce();
      const task = await trained(c, dir, 40);
      const out = exportToTemp(task);
      const model = task.model as CaptionModel;
      const state = task.state as unknown as CaptionState;
      const vocab = new Vocab(state.vocab);
      const paths = [0, 1, 2, 3, 7].map((i) => join(dir, 'photos', imageName(i)));
      const captions = [0, 1, 2, 3, 7].flatMap((i) => {
        const colour = ['red', 'green', 'blue'][i % 3];
        return [`a ${colour} square`, `A square that is ${colour}, surely!`];
      });
      const rows = paths.flatMap((_, i) => [i, i]);
      const py = runPythonJson<ParityOut>(join(import.meta.dirname, 'parity.py'), [out], {
        images: paths,
        captions,
        rows,
      });
      expect(py.stateKeys).toEqual(Object.keys(model.stateDict()).sort());

      const S = state.transform.crop;
      const pixels = new Float32Array(paths.length * 3 * S * S);
      for (const [i, path] of paths.entries()) {
        const image = await nodeImageDecoder.decode(new Uint8Array(readFileSync(path)), path);
        imageToTensorData(image, state.transform, { out: pixels, offset: i * 3 * S * S });
      }
      expect(maxAbsDiff(py.pixels, pixels)).toBeLessThan(1e-5);

      const ids = captions.map((t) => captionIds(t, state.tokenizer, vocab, state.maxLength));
      expect(py.ids).toEqual(ids);
      model.eval();
      const features = noGrad(() => model.featureMap(new Tensor(pixels, [paths.length, 3, S, S])));
      const tgt = padSequences(ids.map((y) => [BOS_ID, ...y]));
      const logits = noGrad(() => {
        const start = model.start(features, Int32Array.from(rows));
        return model.decode(tgt.ids, tgt.shape, start.state, start.memory).logits;
      });
      expect(maxAbsDiff(py.logits.flat(2), logits.data)).toBeLessThan(1e-4);

      expect(py.greedy).toEqual(greedyCaptions(model, features, { maxLength: state.maxLength }));
      paths.forEach((_, i) => {
        const one = new Tensor(
          features.data.slice(
            i * (features.size / paths.length),
            (i + 1) * (features.size / paths.length),
          ),
          [1, ...features.shape.slice(1)],
        );
        const app = beamCaptions(model, one, {
          beamSize: 3,
          lengthPenalty: 1,
          maxLength: state.maxLength,
        });
        expect(py.beams[i]?.map((h) => h.ids)).toEqual(app.map((h) => h.ids));
        expect(
          maxAbsDiff(
            py.beams[i]?.map((h) => h.score) ?? [],
            app.map((h) => h.score),
          ),
        ).toBeLessThan(1e-5);
      });

      const predictor = task.predictor();
      const predict = (input: PredictInput) => predictor.predict(input);
      expectSameCaptions(
        predictPy(out, ['--image', ...paths]),
        await appPredictions(predict, paths, { beamSize: 3 }),
      );
      expectSameCaptions(
        predictPy(out, ['--image', paths[0] as string, '--greedy']),
        await appPredictions(predict, paths.slice(0, 1), { greedy: true }),
      );
    }, 120_000);
  }

  const ROUND_TRIPS: { name: string; c: Case; layout: CaptionsLayout; torchrun: boolean }[] = [
    {
      name: 'a Flickr8k captions file and split file, under torchrun with 2 processes',
      c: CASES[1] as Case,
      layout: 'flickr8k',
      torchrun: true,
    },
    {
      name: 'a CSV captions file, resnet18 from --backbone',
      c: CASES[3] as Case,
      layout: 'csv',
      torchrun: false,
    },
  ];
  for (const r of ROUND_TRIPS) {
    it(`train.py trains on the image folder (${r.name}) and rnn-studio import brings its model home with predict.py's captions`, async () => {
      const dir = r.layout === 'csv' ? folderOnce() : imageFolder(r.layout);
      const task = await trained(r.c, dir, 5);
      const out = r.torchrun ? await exportWithCli(task) : exportToTemp(task);
      const data = join(dir, 'photos');
      const args = [
        'train.py',
        '--data',
        data,
        '--epochs',
        '2',
        '--out',
        'trained',
        '--log-every',
        '1',
      ];
      // NOTE: batches of 1 image, so 2 epochs are enough steps for captions with a clear best (a
      // barely trained decoder ties beams within float noise).
      if (!r.torchrun) args.push('--batch-size', '1');
      if (r.c.image.backbone === 'resnet18') {
        const without = run([PYTHON, ...args], out);
        expect(without.status).toBe(2);
        expect(without.stderr).toBe(
          "train.py: the encoder started from 'resnet18.safetensors' in the app: pass --backbone <that .safetensors file> (or --finetune to start from the exported weights).\n",
        );
        args.push('--backbone', join(dir, 'resnet18.safetensors'));
      }
      // NOTE: '--redirects 2 --tee 2' works around torchrun of Debian's torch 1.13 on Python 3.11 (README.md says so).
      const torchrun = [
        PYTHON,
        '-m',
        'torch.distributed.run',
        '--standalone',
        '--nproc_per_node',
        '2',
        '--redirects',
        '2',
        '--tee',
        '2',
      ];
      const t = run([...(r.torchrun ? torchrun : [PYTHON]), ...args], out);
      expect(t.status, t.stderr).toBe(0);
      const events = t.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events[0]).toMatchObject({
        type: 'start',
        task: 'caption',
        world: r.torchrun ? 2 : 1,
      });
      // The same images in each part as the app (its split file, or the seeded split by image).
      expect(events[0]?.examples).toEqual(task.sizes);
      expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
      expect(events.at(-1)).toMatchObject({ type: 'result' });
      const config = JSON.parse(readFileSync(join(out, 'trained', 'config.json'), 'utf8')) as {
        taskState: CaptionState;
      };
      expect(config.taskState.vocab).toEqual((task.state as unknown as CaptionState).vocab);

      const io = captureIo();
      const home = join(tempDir(), 'home.rnnmodel');
      expect(
        await runCli(['import', '--from', join(out, 'trained'), '--out', home], io),
        io.err,
      ).toBe(0);
      const { restored } = restoreBundle(new Uint8Array(readFileSync(home)), {
        fileName: home,
        tasks: taskDefinition,
      });
      const paths = [4, 5, 9].map((i) => join(data, imageName(i)));
      const predict = (input: PredictInput) => restored.predict(input);
      expectSameCaptions(
        predictPy(out, ['--model-dir', 'trained', '--image', ...paths]),
        await appPredictions(predict, paths, { beamSize: 3 }),
      );
    }, 300_000);
  }
});
