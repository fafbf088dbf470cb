/** The caption task on synthetic coloured images: it learns to name the colour it sees, the image-zeroed ablation cannot, the bundle state restores, and the nearest-neighbour baseline retrieves by feature. */
import { describe, expect, it } from 'vitest';
import { quickTrain } from '../../../test/support/quickTrain.ts';
import type { DecodedImage, ImageDecoder } from '../../data/captions/imageDecoder.ts';
import type { ImageFolder } from '../../data/captions/imageFolder.ts';
import { Random } from '../../random.ts';
import { presetSpec } from '../presets.ts';
import type { RunSpec } from '../spec.ts';
import type { CaptionPrediction, ImageSource } from '../task.ts';
import { captionTask } from './index.ts';

const COLOURS = { red: [220, 30, 30], green: [30, 200, 40], blue: [30, 40, 220] } as const;
type Colour = keyof typeof COLOURS;
const NAMES = Object.keys(COLOURS) as Colour[];

/** A 12×12 image of one colour with a little per-image noise. */
function pixels(colour: Colour, seed: number): DecodedImage {
  const random = new Random(seed);
  const data = new Uint8Array(12 * 12 * 4);
  const rgb = COLOURS[colour];
  for (let i = 0; i < 144; i++) {
    for (let c = 0; c < 3; c++) {
      data[i * 4 + c] = Math.max(0, Math.min(255, (rgb[c] as number) + random.int(40) - 20));
    }
    data[i * 4 + 3] = 255;
  }
  return { width: 12, height: 12, data };
}

/** 30 images (10 per colour), two captions each, with a split file putting 2 per colour in test. */
function source(): ImageSource {
  const files = new Map<string, Uint8Array>();
  const lines = ['image,caption'];
  const split = ['image\tsplit'];
  for (let i = 0; i < 30; i++) {
    const colour = NAMES[i % 3] as Colour;
    const name = `img/${i}.png`;
    files.set(name, Uint8Array.of(i));
    lines.push(`${i}.png,a ${colour} square`, `${i}.png,a square that is ${colour}`);
    split.push(`${i}.png\t${i >= 24 ? 'test' : 'train'}`);
  }
  files.set('captions.csv', new TextEncoder().encode(`${lines.join('\n')}\n`));
  files.set('split.tsv', new TextEncoder().encode(`${split.join('\n')}\n`));
  const folder: ImageFolder = {
    name: 'squares',
    paths: [...files.keys()],
    read: async (path) => files.get(path) as Uint8Array,
  };
  const decoder: ImageDecoder = {
    decode: async (bytes) => pixels(NAMES[(bytes[0] as number) % 3] as Colour, bytes[0] as number),
  };
  return { folder, decoder };
}

function spec(options: { zeroImage?: boolean; attention?: 'none' | 'bahdanau' } = {}): RunSpec {
  const s = presetSpec('caption');
  s.model.image = {
    backbone: 'cnn',
    freeze: false,
    imageSize: 8,
    width: 4,
    blocks: 1,
    ...(options.zeroImage ? { zeroImage: true } : {}),
  };
  s.model.attention = options.attention ?? 'bahdanau';
  s.model.embeddingDim = 8;
  s.model.recurrent = { ...s.model.recurrent, hiddenSize: 24 };
  s.model.headDropout = 0;
  s.data.minFreq = 1;
  s.train = { ...s.train, batchSize: 6, lr: 0.01, seed: 3 };
  return s;
}

async function trained(s: RunSpec) {
  const task = await captionTask.prepare({
    spec: s,
    fileName: 'squares',
    bytes: new Uint8Array(0),
    random: new Random(s.train.seed),
    images: source(),
  });
  quickTrain(task, { steps: 120 });
  return task;
}

function captionOf(task: Awaited<ReturnType<typeof trained>>, colour: Colour): string {
  const p = task.predictor().predict({ image: pixels(colour, 99), decode: { greedy: true } });
  return (p as CaptionPrediction).text;
}

describe('caption task', () => {
  it('names the colour of held-out images and scores BLEU against every reference', async () => {
    const task = await trained(spec());
    expect(task.sizes).toEqual({ train: 24, val: 0, test: 6 });
    for (const colour of NAMES) expect(captionOf(task, colour)).toContain(colour);
    const report = task.evaluate('test');
    expect(report.examples).toBe(6);
    expect(report.metrics.bleu1).toBeGreaterThan(90);
    expect(report.metrics.bleu).toBe(report.metrics.bleu4);
  }, 60_000);

  it('with the image zeroed writes one caption for every image', async () => {
    const task = await trained(spec({ zeroImage: true }));
    const captions = new Set(NAMES.map((c) => captionOf(task, c)));
    expect(captions.size).toBe(1);
    expect(task.evaluate('test').metrics.bleu1).toBeLessThan(90);
  }, 60_000);

  it('returns a softmax over the image regions for every word with attention, none without', async () => {
    const task = await trained(spec());
    const p = task.predictor().predict({ image: pixels('red', 5) }) as CaptionPrediction;
    expect(p.attention?.grid).toEqual({ rows: 4, cols: 4 });
    // The 12×12 image is resized to 8 and cropped to 8: the grid covers all of it.
    expect(p.attention?.region).toEqual({ x: 0, y: 0, width: 12, height: 12 });
    expect(p.attention?.weights.length).toBe(p.attention?.output.length);
    for (const row of p.attention?.weights ?? []) {
      expect(row.length).toBe(16);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const plain = await trained(spec({ attention: 'none' }));
    const q = plain.predictor().predict({ image: pixels('red', 5) }) as CaptionPrediction;
    expect(q.attention).toBeUndefined();
    expect(q.text).toContain('red');
  }, 60_000);

  it('restores from its state and weights to the same captions', async () => {
    const task = await trained(spec());
    const restored = captionTask.restore({
      spec: task.spec,
      state: JSON.parse(JSON.stringify(task.state)),
      weights: task.model.stateDict(),
    });
    for (const colour of NAMES) {
      const p = restored.predict({ image: pixels(colour, 99), decode: { greedy: true } });
      expect((p as CaptionPrediction).text).toBe(captionOf(task, colour));
    }
    const { model, baseline } = await restored.evaluateFile({
      fileName: 'squares',
      bytes: new Uint8Array(0),
      images: source(),
    });
    expect(model.examples).toBe(6);
    expect(baseline.metrics.bleu1).toBeGreaterThan(0);
  }, 60_000);

  it('refuses to train without an image folder', async () => {
    await expect(
      captionTask.prepare({
        spec: spec(),
        fileName: 'captions.csv',
        bytes: new Uint8Array(0),
        random: new Random(0),
      }),
    ).rejects.toThrow('caption: training needs an image folder or zip, got a single file.');
  });
});
