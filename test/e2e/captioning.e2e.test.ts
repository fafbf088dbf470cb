/** End-to-end captioning in Chromium: choose a folder of openly licensed photos with captions (test/data/captions-open), see what was read and the preview grid, set the captioner's options in Model, train to Finished with BLEU in the report, and find every option in the saved model; a folder missing an image is refused naming it; a user's resnet18 safetensors file starts a frozen encoder. */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { writeSafetensors } from '../../core/io/safetensors.ts';
import { ResNet18 } from '../../core/nn/resnet.ts';
import { Random } from '../../core/random.ts';
import { setTraining, trainToEnd } from './flow.ts';
import {
  dropFileOn,
  type E2eEnvironment,
  openApp,
  repoRoot,
  screenshot,
  startE2e,
} from './helpers.ts';

const PHOTOS = join(repoRoot, 'test', 'data', 'captions-open');

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** The last weights of the page's only run, as the trainer exports it (as base64: a resnet18 bundle is ~47 MB). */
async function runBundle(page: Page): Promise<Uint8Array> {
  const base64 = await page.evaluate(async () => {
    type Req = (m: object) => Promise<unknown>;
    const studio = (window as unknown as { studio: { request: Req } }).studio;
    const { runs } = (await studio.request({ type: 'list-runs' })) as {
      runs: { runId: string }[];
    };
    const { bytes } = (await studio.request({
      type: 'export-bundle',
      runId: runs[0]?.runId,
      which: 'last',
    })) as { bytes: Uint8Array };
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  });
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** A torchvision-named resnet18 state dict with seeded random weights, as a `.safetensors` file. */
async function resnet18File(): Promise<{ path: string; conv1: Float32Array }> {
  const state = new ResNet18({ random: new Random(7) }).stateDict();
  const path = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-r18-')), 'resnet18.safetensors');
  await writeFile(path, writeSafetensors(state));
  return { path, conv1: state['conv1.weight']?.data as Float32Array };
}

/** The photos folder as a zip (its entries under `captions-open/`). */
async function photosZip(): Promise<string> {
  const entries: Record<string, Uint8Array> = {};
  for (const name of await readdir(PHOTOS)) {
    entries[`captions-open/${name}`] = new Uint8Array(await readFile(join(PHOTOS, name)));
  }
  const path = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-zip-')), 'captions-open.zip');
  await writeFile(path, zipSync(entries));
  return path;
}

/** A copy of the photos whose captions also name an image the folder lacks. */
async function folderMissingAnImage(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-captions-')), 'photos-missing');
  await cp(PHOTOS, dir, { recursive: true });
  await writeFile(
    join(dir, 'captions.csv'),
    'image,caption\nchelsea.jpg,a cat looks to the side\nlighthouse.jpg,a lighthouse by the sea\n',
  );
  return dir;
}

describe('captioning in the app, end to end', () => {
  it('chooses a folder of photos, previews it, trains a captioner to Finished, and the saved model keeps the Model options', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });

    // A folder whose captions name a missing image is refused, naming the file, line and image.
    await page.getByTestId('caption-folder-input').setInputFiles(await folderMissingAnImage());
    await expect
      .poll(() => page.getByTestId('caption-error').textContent(), { timeout: 30_000 })
      .toContain(
        "Captions file 'captions.csv', line 3: the image 'lighthouse.jpg' is not in 'photos-missing'; add the image or remove its captions.",
      );
    await screenshot(page, 'caption-data-error.png');

    // The same photos as a zip: read through the zip reader in the page.
    await page.getByTestId('caption-zip-input').setInputFiles(await photosZip());
    await expect
      .poll(() => page.getByTestId('caption-facts').textContent())
      .toBe('5 images · 15 captions · 3 per image');
    expect(await page.getByTestId('dataset-name').textContent()).toBe('captions-open.zip');
    await page.getByRole('button', { name: 'Use other data' }).click();

    // The openly licensed photos as a folder: what was read, and the preview grid.
    await page.getByTestId('caption-folder-input').setInputFiles(PHOTOS);
    await page.getByTestId('caption-preview').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('caption-error').count()).toBe(0);
    expect(await page.getByTestId('dataset-name').textContent()).toBe('captions-open');
    expect(await page.getByTestId('caption-facts').textContent()).toBe(
      '5 images · 15 captions · 3 per image',
    );
    expect(await page.getByTestId('caption-format').textContent()).toMatch(
      /^Captions from 'captions\.csv' \(CSV image,caption\) · \d+ words in the training vocabulary$/,
    );
    const tiles = page.getByTestId('caption-tile');
    expect(await tiles.count()).toBe(5);
    expect(await tiles.first().locator('li').allTextContents()).toEqual([
      'a smiling astronaut in an orange suit in front of a flag',
      'a woman astronaut in an orange space suit with a helmet',
      'an astronaut in front of a flag and a model of a space shuttle',
    ]);
    // Every preview image has decoded in the page.
    await expect
      .poll(() =>
        page.$$eval('.caption-tile__image', (imgs) =>
          imgs.every((img) => (img as HTMLImageElement).naturalWidth > 0),
        ),
      )
      .toBe(true);
    await screenshot(page, 'caption-data.png');

    // Model: the captioner's options.
    await page.getByTestId('next-model').click();
    await page.getByRole('tab', { name: 'Model', selected: true }).waitFor();
    await page.getByTestId('caption-cnn-width').fill('8');
    await page.getByTestId('caption-cnn-blocks').fill('2');
    await page.getByTestId('caption-image-size').fill('32');
    await page.getByTestId('decoder-cell').selectOption('gru');
    await page.getByTestId('decoder-hidden').fill('24');
    await page.getByTestId('attention').selectOption('bahdanau');
    // The decoder's embedding card: its width and the caption vocabulary's settings, from the
    // preset (min. count 2, captions cut to 20 tokens); every word, at most 30 tokens.
    const wordCard = page.getByTestId('layer-decoder-embedding');
    expect(await wordCard.getByTestId('min-freq').inputValue()).toBe('2');
    expect(await wordCard.getByTestId('max-length').inputValue()).toBe('20');
    expect(await wordCard.getByTestId('bpe-merges').count()).toBe(0);
    const wordModule = wordCard.locator('.layer-card__module');
    const rows = async () =>
      Number(/nn\.Embedding\((\d+),/.exec((await wordModule.textContent()) ?? '')?.[1]);
    const atTwo = await rows();
    await wordCard.getByTestId('min-freq').fill('1');
    await expect.poll(rows).toBeGreaterThan(atTwo);
    expect(await rows()).toBeGreaterThan(30);
    await wordCard.getByTestId('max-vocab').fill('30');
    await wordCard.getByTestId('embedding-dim').fill('12');
    await wordCard.getByTestId('max-length').fill('16');
    expect(await wordModule.textContent()).toBe('nn.Embedding(30, 12, padding_idx=0)');
    await expect
      .poll(() => page.locator('.layer-card__module').first().textContent())
      .toBe('nn.Sequential(2 × [Conv2d 3×3, BatchNorm2d, ReLU, MaxPool2d(2)])');
    await screenshot(page, 'caption-model.png');

    // Train: a few steps to Finished, BLEU in the report and the nearest-neighbour baseline beside it.
    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '12', batchSize: '2', lr: '0.005', patience: '0' });
    await trainToEnd(page, 'Finished');
    expect(await page.getByTestId('run-result').textContent()).toMatch(
      /^Finished all 12 epochs\. BLEU \d+\.\d · BLEU-1 \d+\.\d · BLEU-2 \d+\.\d$/,
    );
    expect(await page.getByTestId('run-caption-baseline').textContent()).toMatch(
      /^Nearest-neighbour baseline \(the caption of the most similar training image\): BLEU \d+\.\d\.$/,
    );
    await screenshot(page, 'caption-train.png');

    // Evaluate lists the held-out photos of the chosen folder with the model's caption and every
    // reference (the run keeps the folder's File handles; no zip involved).
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('caption-examples').waitFor({ timeout: 60_000 });
    const examples = page.getByTestId('caption-example');
    expect(await examples.count()).toBeGreaterThan(0);
    expect(await examples.first().locator('.caption-examples__references li').count()).toBe(3);

    // Try: the run's model captions a dropped photo, and its attention map follows the words.
    await page.getByTestId('next-try').click();
    await page.getByText('Caption a photo').waitFor();
    await dropFileOn(page, 'caption-drop', join(PHOTOS, 'coffee.jpg'), 'image/jpeg');
    const caption = page.getByTestId('try-result');
    await expect.poll(() => caption.textContent(), { timeout: 60_000 }).not.toBe('');
    const words = page.getByTestId('image-attention').getByTestId('attention-word');
    await expect.poll(() => words.count()).toBeGreaterThan(0);
    expect((await words.allTextContents()).join(' ')).toBe(
      ((await caption.textContent()) ?? '').replace(/ \.$/, '').trim(),
    );
    await page.getByTestId('attention-canvas').waitFor();

    // What the user set reached the trainer and the saved model.
    const bundle = readBundle(await runBundle(page), 'caption.rnnmodel');
    expect(bundle.spec.task).toBe('caption');
    expect(bundle.spec.model.image).toMatchObject({
      backbone: 'cnn',
      freeze: false,
      imageSize: 32,
      width: 8,
      blocks: 2,
    });
    expect(bundle.spec.model.attention).toBe('bahdanau');
    expect(bundle.spec.model.recurrent).toMatchObject({ cell: 'gru', hiddenSize: 24 });
    expect(bundle.spec.data).toMatchObject({ minFreq: 1, maxVocab: 30, maxLength: 16 });
    expect(bundle.spec.model.embeddingDim).toBe(12);
    expect(bundle.weights.get('tgt_embedding.weight')?.shape).toEqual([30, 12]);
    expect(bundle.weights.get('encoder.4.weight')?.shape).toEqual([16, 8, 3, 3]);
    expect(bundle.weights.get('encoder.8.weight')).toBeUndefined();
    expect(bundle.weights.get('decoder.weight_hh_l0')?.shape).toEqual([72, 24]);
    expect(bundle.history).toHaveLength(12);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('speaks Korean: the refusal of a missing image and what was read', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    await page.getByTestId('caption-folder-input').setInputFiles(await folderMissingAnImage());
    await expect
      .poll(() => page.getByTestId('caption-error').textContent())
      .toContain(
        "캡션 파일 'captions.csv'의 3번째 줄: 이미지 'lighthouse.jpg'이(가) 'photos-missing'에 없습니다. 이미지를 넣거나 그 캡션을 지우세요.",
      );
    await page.getByTestId('caption-folder-input').setInputFiles(PHOTOS);
    await expect
      .poll(() => page.getByTestId('caption-facts').textContent())
      .toBe('이미지 5개 · 캡션 15개 · 이미지마다 3개');
    expect(await page.getByTestId('caption-format').textContent()).toMatch(
      /^'captions\.csv'의 캡션\(CSV image,caption\) · 학습 어휘 \d+개$/,
    );
    await screenshot(page, 'caption-data-ko.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("starts a frozen resnet18 encoder from the user's safetensors file: the trainer gets it and the saved model keeps its weights", async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.getByTestId('caption-folder-input').setInputFiles(PHOTOS);
    await page.getByTestId('caption-preview').waitFor({ timeout: 30_000 });
    await page.getByTestId('next-model').click();
    await page.getByTestId('caption-backbone').selectOption('resnet18');
    expect(await page.getByTestId('caption-image-size').inputValue()).toBe('224');
    // Another model's weights are refused, naming what is missing.
    const dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-notr18-'));
    await writeFile(
      join(dir, 'other.safetensors'),
      writeSafetensors({ 'conv1.weight': { shape: [2, 3, 3, 3], data: new Float32Array(54) } }),
    );
    await page.getByTestId('backbone-weights-input').setInputFiles(join(dir, 'other.safetensors'));
    await expect
      .poll(() => page.getByTestId('backbone-weights-error').textContent())
      .toBe(
        "'other.safetensors' is not torchvision's resnet18 state dict: 'conv1.weight' is missing or has another shape.",
      );
    const weights = await resnet18File();
    await page.getByTestId('backbone-weights-input').setInputFiles(weights.path);
    await expect
      .poll(() => page.getByTestId('backbone-weights-state').textContent())
      .toBe("Starting from 'resnet18.safetensors'.");
    await page.getByTestId('caption-image-size').fill('64');
    await page.getByTestId('caption-freeze').check();
    expect(await page.locator('.layer-card__module').first().textContent()).toBe(
      'torchvision.models.resnet18() (frozen)',
    );

    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', batchSize: '4', patience: '0' });
    await trainToEnd(page, 'Finished');
    const bundle = readBundle(await runBundle(page), 'caption.rnnmodel');
    expect(bundle.spec.model.image).toMatchObject({
      backbone: 'resnet18',
      freeze: true,
      imageSize: 64,
      weights: 'resnet18.safetensors',
    });
    // Frozen: the encoder's weights are the file's, bit for bit (random ones would differ).
    const conv1 = bundle.weights.get('encoder.conv1.weight')?.data;
    expect(conv1?.length).toBe(weights.conv1.length);
    expect(conv1?.every((v, i) => v === weights.conv1[i])).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
