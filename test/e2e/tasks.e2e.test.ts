/** End-to-end, one test per landed task: import real data → small model → train two epochs → the charts update → evaluate → a prediction in Try; plus the whole flow in Korean and an opened .rnnmodel in Try. Main-thread long tasks are recorded while training. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { FROZEN_PAGE_MS } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;
/** The .rnnmodel the classify test exported, opened by the bundle test. */
let bundlePath: string | null = null;
/** The worst main-thread long task seen while training, per test. */
const longTasks: Record<string, number> = {};

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
  await writeFile(join(tmpdir(), 'rnn-studio-longtasks.json'), JSON.stringify(longTasks, null, 2));
});

/** The small model and short training every task test uses. */
interface FlowOptions {
  file: string;
  /** The task radio to pick when inspection suggests another. */
  task?: RegExp;
  hidden?: string;
  embedding?: string;
  /** The embedding card's vocabulary and length settings, typed in before training. */
  vocabulary?: { minFreq: string; maxVocab: string; maxLength: string };
  epochs?: string;
  batchSize?: string;
  /** Text for Try, and what checks the prediction. */
  tryText?: string;
  shots: string;
  texts: FlowTexts;
}

/** UI words of the language the test runs in. */
interface FlowTexts {
  model: string;
  train: string;
  finished: string;
}

const EN: FlowTexts = { model: 'Model', train: 'Train', finished: 'Finished' };
const KO: FlowTexts = { model: '모델', train: '학습', finished: '완료' };

/** Starts recording main-thread long tasks (PerformanceObserver 'longtask'). */
async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

async function worstLongTask(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks),
  );
}

/** The test split's size the Data section announces (the last number of its split counts). */
async function testSplitSize(page: Page): Promise<number> {
  const text = (await page.getByTestId('split-counts').textContent()) ?? '';
  return Number((text.match(/[\d,]+/g)?.at(-1) ?? '').replace(/,/g, ''));
}

/** The number of examples Evaluate says its counts and scores cover. */
async function evaluatedExamples(page: Page): Promise<number> {
  const note = page.getByTestId('held-out-note').first();
  await note.waitFor({ timeout: 120_000 });
  return Number(await note.getAttribute('data-examples'));
}

/** The sum of a table's body cells (the confusion matrix's counts, or a scores table's support column). */
async function cellSum(page: Page, testId: string, column?: number): Promise<number> {
  const cells = page.getByTestId(testId).locator('tbody tr td');
  const texts = await cells.allTextContents();
  const perRow = column === undefined ? 1 : 4;
  const picked = column === undefined ? texts : texts.filter((_, i) => i % perRow === column);
  return picked.reduce((a, t) => a + Number(t.replace(/,/g, '')), 0);
}

/** Data → Model → Train: loads the file, shrinks the model, trains and waits for the end; returns the worst long task and the test split's size. */
async function trainSmall(
  page: Page,
  o: FlowOptions,
): Promise<{ worst: number; testSize: number }> {
  await page.getByTestId('dataset-file-input').setInputFiles(o.file);
  await page.getByTestId('dataset-name').waitFor();
  if (o.task !== undefined) await page.getByRole('radio', { name: o.task }).check();
  const testSize = await testSplitSize(page);
  await page.getByTestId('next-model').click();
  await page.getByRole('tab', { name: o.texts.model, selected: true }).waitFor();
  if (o.embedding !== undefined && (await page.getByTestId('embedding-dim').count()) > 0)
    await page.getByTestId('embedding-dim').fill(o.embedding);
  if (o.vocabulary !== undefined) {
    await page.getByTestId('min-freq').fill(o.vocabulary.minFreq);
    await page.getByTestId('max-vocab').fill(o.vocabulary.maxVocab);
    await page.getByTestId('max-length').fill(o.vocabulary.maxLength);
  }
  await page.getByTestId('encoder-hidden').fill(o.hidden ?? '16');
  if ((await page.getByTestId('decoder-hidden').count()) > 0)
    await page.getByTestId('decoder-hidden').fill(o.hidden ?? '16');
  await page.getByTestId('next-train').click();
  await page.getByTestId('train-epochs').fill(o.epochs ?? '2');
  if (o.batchSize !== undefined) await page.getByTestId('train-batch-size').fill(o.batchSize);
  await recordLongTasks(page);
  await page.getByTestId('start-training').click();
  // The charts update while training: steps arrive before the run ends.
  await expect
    .poll(() => page.getByTestId('train-charts').getAttribute('data-steps'), { timeout: 120_000 })
    .not.toBe('0');
  await expect
    .poll(() => page.getByTestId('run-state').textContent(), { timeout: 240_000, interval: 500 })
    .toBe(o.texts.finished);
  const worst = await worstLongTask(page);
  expect(
    await page.getByTestId('chart-loss').locator('path.recharts-curve').count(),
  ).toBeGreaterThan(1);
  expect(await page.getByTestId('runs-table').locator('tbody tr').count()).toBe(1);
  await screenshot(page, `train-${o.shots}.png`);
  return { worst, testSize };
}

async function toEvaluate(page: Page, shots: string): Promise<void> {
  await page.getByTestId('next-evaluate').click();
  await page.getByTestId('metrics-table').waitFor();
  await screenshot(page, `evaluate-${shots}.png`).catch(() => undefined);
}

async function toTry(page: Page): Promise<void> {
  await page.getByTestId('next-try').click();
  await page.getByTestId('try-model-name').waitFor();
}

describe('every landed task, end to end', () => {
  it('classify: English Yelp reviews → confusion matrix → a sentiment with probability bars', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const { worst, testSize } = await trainSmall(page, {
      file: join(sharedDataDir, 'uci-sentiment-sentences', 'yelp_labelled.txt'),
      embedding: '16',
      // Not the preset's (2, 20,000, 128): what reaches the bundle came from these fields.
      vocabulary: { minFreq: '3', maxVocab: '400', maxLength: '24' },
      shots: 'classify',
      texts: EN,
    });
    longTasks.classify = worst;
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    await toEvaluate(page, 'classify');
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('confusion-matrix').locator('tbody tr').count()).toBe(2);
    expect(await page.locator('[data-metric="accuracy"]').count()).toBe(1);
    // Every example of the test split is counted: the confusion matrix and per-class support sum to it.
    expect(testSize).toBe(100);
    expect(await evaluatedExamples(page)).toBe(testSize);
    expect(await cellSum(page, 'confusion-matrix')).toBe(testSize);
    expect(await cellSum(page, 'class-scores', 3)).toBe(testSize);
    await screenshot(page, 'evaluate-classify.png');
    // The run's model exported as .rnnmodel (a Blob download in web mode) for the next test.
    await toTry(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-model').click();
    const saved = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-')), 'yelp.rnnmodel');
    await (await download).saveAs(saved);
    bundlePath = saved;
    // The vocabulary settings reached the trainer and the saved model: the spec, the tokens kept
    // (400 with the specials: the file has more words seen 3 times), the embedding's rows and the
    // length texts are cut to when the model predicts.
    const bundle = readBundle(new Uint8Array(await readFile(saved)), 'yelp.rnnmodel');
    expect(bundle.spec.data).toMatchObject({ minFreq: 3, maxVocab: 400, maxLength: 24 });
    expect(bundle.vocabularies.vocab).toHaveLength(400);
    expect(bundle.weights.get('embedding.weight')?.shape).toEqual([400, 16]);
    expect(bundle.taskState).toMatchObject({ maxLength: 24 });
    await page.getByTestId('try-text').fill('The food was great and the staff were lovely.');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(['0', '1']).toContain(await page.getByTestId('try-label').textContent());
    expect(await page.getByTestId('try-result').locator('li').count()).toBe(2);
    await screenshot(page, 'try-classify.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens the exported .rnnmodel in a fresh window and classifies with it', async () => {
    expect(bundlePath).not.toBeNull();
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'en-US',
    });
    await page.getByRole('tab', { name: 'Try' }).click();
    await page.getByTestId('open-model-input').setInputFiles(bundlePath as string);
    await expect.poll(() => page.getByTestId('try-model-name').textContent()).toBe('yelp.rnnmodel');
    await page.getByTestId('try-text').fill('Terrible service, cold food.');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(['0', '1']).toContain(await page.getByTestId('try-label').textContent());
    await screenshot(page, 'try-bundle-dark.png');
    // A file that is not a model shows the bundle reader's message.
    const bad = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-')), 'notes.rnnmodel');
    await writeFile(bad, 'not a zip');
    await page.getByTestId('open-model-input').setInputFiles(bad);
    await page.getByTestId('model-error').waitFor();
    expect(await page.getByTestId('model-error').textContent()).toContain('notes.rnnmodel');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('forecast: Seattle temp_max → forecast against actual and naive → a forecast beyond the series', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'en-US',
    });
    const { worst, testSize } = await trainSmall(page, {
      file: join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv'),
      shots: 'forecast',
      texts: EN,
    });
    longTasks.forecast = worst;
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    await toEvaluate(page, 'forecast');
    await page.getByTestId('forecast-vs-actual').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-metric="mae"]').count()).toBe(1);
    // Every step of the test split is forecast (one window each).
    expect(await evaluatedExamples(page)).toBe(testSize);
    await screenshot(page, 'evaluate-forecast.png');
    await toTry(page);
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(await page.getByTestId('try-result').locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'try-forecast.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tag: UD English EWT → per-tag scores and the error browser → a tagged sentence', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const { worst, testSize } = await trainSmall(page, {
      file: join(sharedDataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'),
      embedding: '16',
      epochs: '1',
      shots: 'tag',
      texts: EN,
    });
    longTasks.tag = worst;
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    await toEvaluate(page, 'tag');
    await page.getByTestId('tag-scores').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('tag-scores').locator('tbody tr').count()).toBeGreaterThan(5);
    // Every sentence of the test split is scored; only the first 200 are listed.
    expect(await evaluatedExamples(page)).toBe(testSize);
    await page.getByTestId('tag-browser').waitFor();
    await screenshot(page, 'evaluate-tag.png');
    await toTry(page);
    await page.getByTestId('try-text').fill('The cat sat on the mat .');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(await page.locator('.tagged__word').count()).toBe(7);
    await screenshot(page, 'try-tag.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('seq2seq: Tatoeba English→Korean → side-by-side with BLEU → a translation', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const { worst, testSize } = await trainSmall(page, {
      file: join(sharedDataDir, 'tatoeba-kor-eng', 'kor.txt'),
      task: /Sequence to sequence/,
      embedding: '16',
      epochs: '1',
      shots: 'seq2seq',
      texts: EN,
    });
    longTasks.seq2seq = worst;
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    await toEvaluate(page, 'seq2seq');
    await page.getByTestId('side-by-side').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-metric="bleu"]').count()).toBe(1);
    // BLEU covers every pair of the test split; 40 are listed side by side.
    expect(await evaluatedExamples(page)).toBe(testSize);
    expect(await page.getByTestId('side-by-side').locator('tbody tr').count()).toBeLessThanOrEqual(
      40,
    );
    await screenshot(page, 'evaluate-seq2seq.png');
    await toTry(page);
    await page.getByTestId('try-text').fill('I love you.');
    await page.getByTestId('try-predict').click();
    await expect
      .poll(() => page.getByTestId('try-result').textContent(), { timeout: 60_000 })
      .not.toBe('');
    await screenshot(page, 'try-seq2seq.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the whole flow in Korean', () => {
  it('NSMC 리뷰로 감성 분류를 학습하고 평가한 뒤 문장을 분류한다', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    const { worst, testSize } = await trainSmall(page, {
      file: join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'),
      embedding: '16',
      epochs: '1',
      batchSize: '64',
      shots: 'classify-ko',
      texts: KO,
    });
    longTasks['classify-ko'] = worst;
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    expect(await page.getByTestId('run-result').textContent()).toContain('에포크');
    await toEvaluate(page, 'classify-ko');
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('heading', { name: '혼동 행렬' }).count()).toBe(1);
    expect(await evaluatedExamples(page)).toBe(testSize);
    expect(await cellSum(page, 'confusion-matrix')).toBe(testSize);
    await screenshot(page, 'evaluate-classify-ko.png');
    await toTry(page);
    await page.getByTestId('try-text').fill('정말 재미있고 감동적인 영화였어요');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(await page.getByText('예측한 클래스:').count()).toBe(1);
    await screenshot(page, 'try-classify-ko.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});
