/** End-to-end: the browser edition refuses a file above its training limit up front, saying why in English or Korean, and still trains a moderately large file it reads in slices in the trainer worker, showing the tab's peak memory the page measured. */
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateScaleFile } from '../../build/scripts/scaleShapes.mjs';
import { TRAINING_FILE_LIMIT_BYTES } from '../../core/train/trainingFile.ts';
import { chartSteps } from './flow.ts';
import { type E2eEnvironment, openApp, startE2e } from './helpers.ts';

const MIB = 1024 * 1024;
let env: E2eEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-big-'));
});

afterAll(async () => {
  await env?.close();
});

/** A sparse file 44 MiB over the browser limit: 300 MiB on paper, no blocks on disk. */
function sparseFile(name: string): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, TRAINING_FILE_LIMIT_BYTES.browser + 44 * MIB);
  closeSync(fd);
  return path;
}

describe('big files in the browser edition', () => {
  it('refuses a file above the limit before reading it, naming the file, both sizes and where to train it', async () => {
    const path = sparseFile('year-of-sensors.csv');
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.getByTestId('dataset-file-input').setInputFiles(path);
    const error = page.getByTestId('import-error');
    await error.waitFor();
    // No inspection ran: the refusal came from the size alone.
    expect(await page.getByTestId('import-progress').count()).toBe(0);
    expect(await error.locator('.notice__title').textContent()).toBe(
      'year-of-sensors.csv is too large for the browser edition',
    );
    expect(await page.getByTestId('import-error-message').textContent()).toBe(
      "'year-of-sensors.csv' must be at most 256 MiB to train in the browser edition, got 300 MiB. Train it in the desktop app or with the CLI (rnn-studio train), which read big files as a stream.",
    );
    expect(await page.getByTestId('dataset-name').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('words the refusal in Korean', async () => {
    const path = sparseFile('센서-일년치.csv');
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    await page.getByTestId('dataset-file-input').setInputFiles(path);
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error-message').textContent()).toBe(
      "'센서-일년치.csv'은(는) 300 MiB로, 브라우저판에서 학습할 수 있는 256 MiB보다 큽니다. 큰 파일을 스트림으로 읽는 데스크톱 앱이나 명령줄(rnn-studio train)에서 학습하세요.",
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('trains a moderately large forecast file (24 MiB, read by the worker in slices) to the end', async () => {
    const path = join(dir, 'sensors-24MiB.csv');
    const rows = await generateScaleFile(path, 'forecast', 24 * MIB);
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.getByTestId('dataset-file-input').setInputFiles(path);
    await page.getByTestId('dataset-name').waitFor({ timeout: 120_000 });
    await page.getByRole('radio', { name: /^Forecast/ }).check();
    await page.getByTestId('next-model').click();
    await page.getByTestId('encoder-hidden').fill('8');
    await page.getByTestId('next-train').click();
    await page.getByTestId('train-epochs').fill('1');
    // A few seconds of training, then the final evaluation over the whole test split.
    await page.getByTestId('train-max-minutes').fill('0.05');
    await page.getByTestId('start-training').click();
    await expect.poll(() => chartSteps(page), { timeout: 180_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('run-state').getAttribute('data-state'), {
        timeout: 240_000,
        interval: 500,
      })
      .toBe('finished');
    expect(rows).toBeGreaterThan(300_000);
    // The worker cannot measure memory in Chromium; the page measured the tab during the run.
    // A measurement waits for a garbage collection (tens of seconds on a loaded machine), so the
    // figure may arrive after the run ends.
    await page.getByTestId('run-peak-memory').waitFor({ timeout: 120_000 });
    const peak = await page.getByTestId('run-peak-memory').textContent();
    const match =
      /^Peak JavaScript memory of this browser tab during the run, as the page measures it \(the page and the trainer worker; WebAssembly memory not counted\): ([\d.,]+) (MB|GB)\.$/.exec(
        peak ?? '',
      );
    expect(match, peak ?? 'no peak shown').not.toBeNull();
    const megabytes = Number(match?.[1]?.replace(/,/g, '')) * (match?.[2] === 'GB' ? 1000 : 1);
    // The series alone, as numbers, outweigh the 24 MiB file's text.
    expect(megabytes).toBeGreaterThan(25);
    expect(problems).toEqual([]);
    await context.close();
  });
});
