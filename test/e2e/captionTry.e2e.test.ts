/** End-to-end: a caption model trained by the CLI on openly licensed photos (test/data/captions-open, attention on) opens in Try; a dropped photo gets the beam's captions — the CLI's caption for the same pixels — and the attention map per word; a text file is refused by name; English and Korean screenshots. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPredict } from '../../cli/commands/predict.ts';
import { runTrain } from '../../cli/commands/train.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { nodeImageDecoder } from '../../node/images/nodeImageDecoder.ts';
import { captureIo } from '../support/captureIo.ts';
import {
  dropFileOn,
  type E2eEnvironment,
  openApp,
  repoRoot,
  screenshotDir,
  startE2e,
} from './helpers.ts';

const PHOTOS = join(repoRoot, 'test', 'data', 'captions-open');

let env: E2eEnvironment;
let workDir: string;
let modelPath: string;

/** Trains a small Show, Attend and Tell model on the five photos (all of them training images; it learns their captions by heart). */
async function trainCaptioner(out: string): Promise<void> {
  const io = captureIo();
  const argv = [PHOTOS, '--task', 'caption', '--attention', 'bahdanau', '--image-size', '64'];
  const small = ['--hidden', '48', '--embedding-dim', '24', '--min-freq', '1', '--lr', '0.02'];
  // NOTE: every photo trains (no validation part), so early stopping is off: 50 full epochs.
  const run = ['--epochs', '50', '--patience', '0', '--batch-size', '5'];
  const split = ['--val-split', '0', '--test-split', '0'];
  const code = await runTrain(
    [...argv, ...small, ...run, ...split, '--seed', '1', '--out', out],
    io,
    {
      tasks: taskDefinition,
    },
  );
  if (code !== 0) throw new Error(`training the captioner failed (${code}): ${io.err}`);
}

/** The photo as a PNG (decoded by jpeg-js), so the browser and the CLI read the very same pixels. */
async function pngOf(jpeg: string): Promise<string> {
  const image = await nodeImageDecoder.decode(await readFile(join(PHOTOS, jpeg)), jpeg);
  const png = new PNG({ width: image.width, height: image.height });
  png.data.set(image.data);
  const path = join(workDir, jpeg.replace(/\.jpe?g$/, '.png'));
  await writeFile(path, PNG.sync.write(png));
  return path;
}

/** The CLI's prediction for an image (beam 3, as Try's default). */
async function cliCaption(image: string): Promise<{
  text: string;
  candidates: { text: string; score: number }[];
  attention: { output: string[] };
}> {
  const io = captureIo();
  const code = await runPredict(['--model', modelPath, '--image', image, '--json'], io, {
    tasks: taskDefinition,
  });
  if (code !== 0) throw new Error(`predict failed: ${io.err}`);
  return JSON.parse(io.out).predictions[0];
}

/** The attention canvas as a data URL (what the user sees of the heat map). */
function canvasPicture(page: Page): Promise<string> {
  return page
    .getByTestId('attention-canvas')
    .evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
}

/** Screenshots the demo panel, the app frame stretched so the whole panel is drawn. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => {
    const app = document.querySelector<HTMLElement>('.app');
    const main = document.querySelector('.app__main');
    if (app === null || main === null) return;
    app.style.height = `${app.clientHeight + main.scrollHeight - main.clientHeight}px`;
  });
  await page
    .locator('.try-demo')
    .first()
    .screenshot({
      path: join(screenshotDir, name),
      animations: 'disabled',
    });
  await page.evaluate(() =>
    document.querySelector<HTMLElement>('.app')?.style.removeProperty('height'),
  );
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'rnn-studio-caption-try-'));
  modelPath = join(workDir, 'photos.rnnmodel');
  await trainCaptioner(modelPath);
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

describe('Try a caption model', () => {
  it('captions a dropped photo as the CLI does and shows where the model looked per word', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.getByRole('tab', { name: 'Try' }).click();
    await page.getByTestId('open-model-input').setInputFiles(modelPath);
    await expect
      .poll(() => page.getByTestId('try-model-name').textContent())
      .toBe('photos.rnnmodel');
    await page.getByText('Caption a photo').waitFor();

    const photo = await pngOf('chelsea.jpg');
    const expected = await cliCaption(photo);
    await dropFileOn(page, 'caption-drop', photo, 'image/png');
    const result = page.getByTestId('try-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toBe(expected.text);
    expect(expected.text).not.toBe('');
    // The beam's candidates with their scores, as the CLI ranks them.
    const candidates = page.getByTestId('caption-candidate');
    await expect.poll(() => candidates.count()).toBe(expected.candidates.length);
    const first = (await candidates.first().textContent()) ?? '';
    expect(first).toContain(expected.candidates[0]?.text);
    const score = Number(/score (-?\d+\.\d\d)/.exec(first)?.[1]);
    expect(score).toBeCloseTo(expected.candidates[0]?.score as number, 1);

    // The attention map: one button per word of the best caption, a heat map that follows the word.
    const view = page.getByTestId('image-attention');
    await view.waitFor();
    const words = view.getByTestId('attention-word');
    const wordCount = await words.count();
    expect(await words.allTextContents()).toEqual(expected.attention.output);
    expect(wordCount).toBeGreaterThan(1);
    expect(await page.getByTestId('attention-readout').textContent()).toMatch(
      new RegExp(
        `^“${expected.attention.output[0]}” \\(word 1 of ${wordCount}\\): the region it looked at most holds \\d+(\\.\\d)?% of its attention\\.$`,
      ),
    );
    const firstMap = await canvasPicture(page);
    await words.nth(wordCount - 1).hover();
    await expect
      .poll(() => view.getByTestId('attention-canvas').getAttribute('data-word'))
      .toBe(String(wordCount - 1));
    expect(await canvasPicture(page)).not.toBe(firstMap);
    // Keyboard: focusing a word chooses it; leaving the words keeps the chosen one.
    await words.nth(1).focus();
    await page.mouse.move(5, 5);
    await expect.poll(() => words.nth(1).getAttribute('aria-pressed')).toBe('true');
    await words.first().click();
    await page.mouse.move(5, 5);
    await expect
      .poll(() => view.getByTestId('attention-canvas').getAttribute('data-word'))
      .toBe('0');

    // Beam width: greedy decoding gives one candidate.
    await page.getByTestId('try-beam').selectOption('1');
    await expect.poll(() => candidates.count()).toBe(1);
    await page.getByTestId('try-beam').selectOption('3');
    await expect.poll(() => candidates.count()).toBe(expected.candidates.length);

    // A real JPEG, decoded by Chromium: a caption and its map.
    await dropFileOn(page, 'caption-drop', join(PHOTOS, 'coffee.jpg'), 'image/jpeg');
    await expect.poll(() => page.locator('.caption-result__file').textContent()).toBe('coffee.jpg');
    await page.locator('.caption-result[aria-busy="false"]').waitFor({ timeout: 60_000 });
    expect(await result.textContent()).not.toBe('');
    await view.waitFor();
    // The screenshot shows the map of the caption's second word, chosen by click.
    await words.nth(1).click();
    await page.mouse.move(5, 5);
    await expect
      .poll(() => view.getByTestId('attention-canvas').getAttribute('data-word'))
      .toBe('1');
    await shoot(page, 'caption-try-en-light.png');

    // A file that is no image is refused by name, with what to do.
    const notes = join(workDir, 'notes.txt');
    await writeFile(notes, 'not a photo');
    await page.getByTestId('caption-image-input').setInputFiles(notes);
    await expect
      .poll(() => page.getByTestId('caption-file-error').textContent())
      .toContain('“notes.txt” is not a JPEG or PNG image. Choose a .jpg or .png photo.');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads in Korean, the refusal of a damaged JPEG included', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    await page.getByRole('tab', { name: '체험' }).click();
    await page.getByTestId('open-model-input').setInputFiles(modelPath);
    await page.getByText('사진 설명하기').waitFor();
    await page.getByTestId('caption-image-input').setInputFiles(join(PHOTOS, 'astronaut.jpg'));
    await page.getByTestId('image-attention').waitFor({ timeout: 60_000 });
    await page.getByTestId('attention-word').nth(1).click();
    await page.mouse.move(5, 5);
    await expect
      .poll(() => page.getByTestId('attention-readout').textContent())
      .toMatch(
        /^“.+”\(\d+개 중 2번째 단어\): 가장 많이 본 영역이 어텐션의 \d+(\.\d)?%를 차지합니다\.$/,
      );
    await shoot(page, 'caption-try-ko-dark.png');
    // The first bytes of a JPEG and nothing after: the browser cannot decode it.
    const broken = join(workDir, 'broken.jpg');
    await writeFile(broken, (await readFile(join(PHOTOS, 'rocket.jpg'))).subarray(0, 40));
    await page.getByTestId('caption-image-input').setInputFiles(broken);
    await expect
      .poll(() => page.getByTestId('caption-file-error').textContent())
      .toMatch(/“broken\.jpg”을\(를\) 이미지로 읽을 수 없습니다\(.+\)\. 파일이 손상되었거나/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
