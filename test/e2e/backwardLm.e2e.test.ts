/** End-to-end, ELMo's pair in the app: a tiny forward and a tiny backward language model on NSMC reviews, then a classifier reading both as frozen features; its model view shows both frozen trunks and its saved model holds each one's weights. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { runBundles, setTraining, trainTinyNsmcLanguageModel } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, startE2e } from './helpers.ts';
import { unexplainedEnglish, visibleText } from './koreanAllowList.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** The option labels of a run picker, its empty choice left out. */
async function runChoices(select: Locator): Promise<string[]> {
  const labels = await select.locator('option').allTextContents();
  return labels.slice(1);
}

/**
 * Latin-letter words in `where`'s visible text outside quotes, code and the data file's own name
 * (run labels carry it) that the Korean allow-list does not explain.
 */
async function englishIn(where: Locator, fileName: string): Promise<string[]> {
  return unexplainedEnglish(await visibleText(where, 'code, pre'), [fileName]);
}

/**
 * Starts one more run and waits until `finished` runs are finished. NOTE: the run's state, not the
 * step chart: a short run can finish before the throttled chart redraws.
 */
async function trainAnother(page: Page, finished: number): Promise<void> {
  await page.getByTestId('start-training').click();
  const done = page.getByTestId('runs-table').locator('.run-state[data-state="finished"]');
  await expect.poll(() => done.count(), { timeout: 120_000, interval: 500 }).toBe(finished);
  expect(await page.getByTestId('run-state').textContent()).toBe('Finished');
}

describe('a forward and a backward language model, end to end', () => {
  it('trains both LMs in the app, then a classifier reading both: the run finishes and keeps each frozen trunk', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await trainTinyNsmcLanguageModel(page);

    // The same text read right to left: generate's recurrent card chooses the direction.
    await page.getByRole('tab', { name: 'Model' }).click();
    expect(await page.getByTestId('direction').inputValue()).toBe('forward');
    await page.getByTestId('direction').selectOption('backward');
    expect(await page.getByTestId('direction-hint').textContent()).toMatch(
      /^A backward language model is read beside a forward one/,
    );
    await page.getByTestId('next-train').click();
    await trainAnother(page, 2);

    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('radio', { name: /Classify/ }).check();
    await page.getByTestId('next-model').click();
    // Each picker lists the runs reading its way only.
    const forwardRuns = await runChoices(page.getByTestId('language-model-run'));
    expect(forwardRuns).toHaveLength(1);
    const lmRun = page.getByTestId('language-model-run');
    await lmRun.selectOption({ label: forwardRuns[0] as string });
    await page.getByTestId('language-model-chosen').waitFor();
    expect(await page.getByTestId('lm-transfer').inputValue()).toBe('features');
    const backwardRuns = await runChoices(page.getByTestId('lm-backward-run'));
    expect(backwardRuns).toHaveLength(1);
    expect(backwardRuns[0]).not.toBe(forwardRuns[0]);

    // Refusals, worded: a forward model offered as the backward one, and the other way round.
    const bundles = await runBundles(page);
    const dir = await mkdtemp(join(tmpdir(), 'rnn-e2e-bilm-'));
    const lmFiles = bundles.filter((b) => b.task === 'generate');
    const direction = (b: (typeof bundles)[number]) =>
      readBundle(new Uint8Array(b.bytes)).spec.model.direction ?? 'forward';
    const fwdBundle = lmFiles.find((b) => direction(b) === 'forward');
    const bwdBundle = lmFiles.find((b) => direction(b) === 'backward');
    if (fwdBundle === undefined || bwdBundle === undefined) throw new Error('both LMs expected');
    const fwdFile = join(dir, 'reviews-forward.rnnmodel');
    const bwdFile = join(dir, 'reviews-backward.rnnmodel');
    await writeFile(fwdFile, new Uint8Array(fwdBundle.bytes));
    await writeFile(bwdFile, new Uint8Array(bwdBundle.bytes));
    await page.getByTestId('lm-backward-file').setInputFiles(fwdFile);
    expect(
      await page.getByTestId('lm-backward-error').locator('.notice__message').textContent(),
    ).toBe(
      '\'reviews-forward.rnnmodel\' reads its text left to right; choose a generate model trained with "Reads text: right to left".',
    );
    await page.getByTestId('language-model-file').setInputFiles(bwdFile);
    expect(
      await page.getByTestId('language-model-error').locator('.notice__message').textContent(),
    ).toBe(
      "'reviews-backward.rnnmodel' reads its text right to left (a backward language model); choose a forward one here, then add this one below as the backward language model.",
    );

    // Removing the backward model leaves the forward one; choosing it again from its run.
    await page.getByTestId('lm-backward-file').setInputFiles(bwdFile);
    await page.getByTestId('lm-backward-chosen').waitFor();
    expect(await page.getByTestId('lm-backward-error').count()).toBe(0);
    // Choosing the forward model again clears its refusal and keeps the backward one.
    await lmRun.selectOption({ label: forwardRuns[0] as string });
    await expect.poll(() => page.getByTestId('language-model-error').count()).toBe(0);
    expect(await page.getByTestId('lm-backward-chosen').count()).toBe(1);
    expect(await page.getByTestId('layer-language-model-backward').count()).toBe(1);
    await page.getByTestId('lm-backward-remove').click();
    expect(await page.getByTestId('lm-backward-chosen').count()).toBe(0);
    expect(await page.getByTestId('layer-language-model-backward').count()).toBe(0);
    expect(await page.getByTestId('language-model-chosen').count()).toBe(1);
    await page.getByTestId('lm-backward-run').selectOption({ label: backwardRuns[0] as string });
    await page.getByTestId('lm-backward-chosen').waitFor();
    expect(await page.getByTestId('lm-backward-chosen').textContent()).toBe(
      `Also reading right to left: '${bwdBundle.runId}.rnnmodel', its embedding and recurrent layer (LSTM, hidden size 24), frozen.`,
    );
    // The model view: two read-only frozen cards, the backward one reading right to left.
    expect(
      await page.getByTestId('layer-language-model').locator('.layer-card__module').textContent(),
    ).toMatch(/^frozen: nn\.Embedding\(\d+, 16, padding_idx=0\) → nn\.LSTM\(16, 24/);
    expect(
      await page
        .getByTestId('layer-language-model-backward')
        .locator('.layer-card__module')
        .textContent(),
    ).toMatch(/^frozen, right to left: nn\.Embedding\(\d+, 16, padding_idx=0\) → nn\.LSTM\(16, 24/);
    // The summary counts both trunks as frozen (no gradients or Adam moments in the memory figure).
    const digits = async (id: string) =>
      Number((await page.getByTestId(id).textContent())?.replace(/\D/g, ''));
    expect(await digits('frozen-params')).toBe(
      (await digits('layer-language-model-params')) +
        (await digits('layer-language-model-backward-params')),
    );
    await page.getByTestId('lm-backward').scrollIntoViewIfNeeded();
    await screenshot(page, 'model-backward-lm.png');

    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
    await trainAnother(page, 3);

    const cls = (await runBundles(page)).find((b) => b.task === 'classify');
    if (cls === undefined) throw new Error('the classifier run expected');
    const model = readBundle(new Uint8Array(cls.bytes), 'cls.rnnmodel');
    const fwd = readBundle(new Uint8Array(fwdBundle.bytes));
    const bwd = readBundle(new Uint8Array(bwdBundle.bytes));
    expect(model.spec.train).toMatchObject({
      initFrom: `${fwdBundle.runId}.rnnmodel`,
      initFromBackward: `${bwdBundle.runId}.rnnmodel`,
      transfer: 'features',
    });
    expect(model.spec.model.lmFeatures?.backward).toBeDefined();
    const values = (b: typeof model, name: string) => Array.from(b.weights.get(name)?.data ?? []);
    const trunk = [...bwd.weights.keys()].filter((k) => /^(embedding|rnn)\./.test(k));
    expect(trunk.length).toBeGreaterThan(0);
    for (const name of trunk) {
      expect(values(model, `lm.backward.${name}`), name).toEqual(values(bwd, name));
      expect(values(model, `lm.${name}`), name).toEqual(values(fwd, name));
    }

    // After the run, the Model section still shows both frozen language models.
    await page.getByRole('tab', { name: 'Model' }).click();
    expect(await page.getByTestId('layer-language-model').count()).toBe(1);
    expect(await page.getByTestId('layer-language-model-backward').count()).toBe(1);

    // In Korean, the panel and the backward card read in Korean.
    await page.getByRole('button', { name: '한국어', exact: true }).click();
    const panel = page.getByTestId('language-model');
    await expect.poll(() => panel.textContent()).toContain('역방향 언어 모델');
    expect(await englishIn(panel, 'nsmc-400')).toEqual([]);
    const card = page.getByTestId('layer-language-model-backward');
    expect(await englishIn(card, 'nsmc-400')).toEqual([]);
    await page.getByTestId('lm-backward').scrollIntoViewIfNeeded();
    await screenshot(page, 'model-backward-lm-ko.png');

    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
