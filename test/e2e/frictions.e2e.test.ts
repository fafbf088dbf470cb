/** End-to-end: the small frictions of the first runs — settings survive a header change, the preview shows the label column, label names reach Try and Evaluate, the status bar names the training run, and every Tab stop in Data has a name. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sliceFile } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** The Tab stops in the main area (tabindex 0 on a non-control) that have no accessible name. */
function unnamedTabStops(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.app__main [tabindex="0"]')]
      .filter((el) => {
        const label = el.getAttribute('aria-label') ?? '';
        const by = el.getAttribute('aria-labelledby');
        const named = by !== null && document.getElementById(by)?.textContent?.trim();
        return label.trim() === '' && !named;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`),
  );
}

describe('first-run frictions', () => {
  it('keeps Epochs over a header change, shows the label column, and names labels through Train, Evaluate and Try', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const file = await sliceFile(
      join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'),
      301,
      'nsmc-300.txt',
    );
    await page.getByTestId('dataset-file-input').setInputFiles(file);
    await page.getByTestId('dataset-name').waitFor();

    // The preview marks the label column (the last of three, after long reviews) and shows it.
    const preview = page.getByTestId('preview-table');
    const marked = preview.locator('th', { hasText: /^label$/ });
    expect(await marked.getAttribute('class')).toBe('vtable__marked');
    const view = await preview.locator('.vtable__scroll').boundingBox();
    const cell = await marked.boundingBox();
    expect(cell !== null && view !== null).toBe(true);
    if (cell !== null && view !== null) {
      expect(cell.x).toBeGreaterThanOrEqual(view.x);
      expect(cell.x + cell.width).toBeLessThanOrEqual(view.x + view.width + 1);
    }

    // Epochs set in Train survive reading the file without, then with, a header row.
    await page.getByTestId('next-model').click();
    await page.getByTestId('embedding-dim').fill('16');
    await page.getByTestId('encoder-hidden').fill('16');
    await page.getByTestId('next-train').click();
    await page.getByTestId('train-epochs').fill('2');
    await page.getByRole('tab', { name: 'Data' }).click();
    // NOTE: the box shows the inspection's header, so it changes once the file is read again.
    const header = page.getByTestId('header-checkbox');
    await header.click();
    await expect.poll(() => header.isChecked()).toBe(false);
    await expect.poll(() => page.getByTestId('role-label').inputValue()).not.toBe('label');
    await header.click();
    await expect.poll(() => header.isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('role-label').inputValue()).toBe('label');
    await page.getByRole('tab', { name: 'Train' }).click();
    expect(await page.getByTestId('train-epochs').inputValue()).toBe('2');
    expect(await page.getByTestId('encoder-hidden').count()).toBe(0);

    // Label names given in Data.
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByTestId('label-name-0').fill('negative');
    await page.getByTestId('label-name-0').press('Enter');
    await page.getByTestId('label-name-1').fill('positive');
    await page.getByTestId('label-name-1').press('Tab');
    await expect
      .poll(() => page.getByTestId('class-balance').textContent())
      .toContain('negative (0)');
    expect(await page.getByTestId('class-balance').textContent()).toContain('positive (1)');
    expect(await unnamedTabStops(page)).toEqual([]);
    await screenshot(page, 'data-label-names-en.png');

    // While the run trains, the status bar names it (with its data), not "Trainer ready".
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('start-training').click();
    await expect
      .poll(() => page.getByTestId('trainer-status').textContent())
      .toMatch(/^(Preparing|Training) #1 · nsmc-300 · /);
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 240_000, interval: 500 })
      .toBe('Finished');
    await expect.poll(() => page.getByTestId('trainer-status').textContent()).toBe('Trainer ready');

    // Evaluate and Try speak in the names.
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    const matrix = (await page.getByTestId('confusion-matrix').textContent()) ?? '';
    expect(matrix).toContain('negative');
    expect(matrix).toContain('positive');
    await page.getByTestId('next-try').click();
    await page.getByTestId('try-text').fill('정말 재미있고 감동적인 영화');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(['negative', 'positive']).toContain(await page.getByTestId('try-label').textContent());
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says a refused run once on the Train page', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // One label only: training refuses it while preparing the data.
    const rows = Array.from({ length: 40 }, (_, i) => `review number ${i} was fine,good`);
    const file = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-')), 'one-class.csv');
    await writeFile(file, `text,label\n${rows.join('\n')}\n`);
    await page.getByTestId('dataset-file-input').setInputFiles(file);
    await page.getByTestId('dataset-name').waitFor();
    await page.getByRole('radio', { name: /Classify/ }).check();
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByTestId('start-training').click();
    await page.getByTestId('training-error').waitFor({ timeout: 60_000 });
    const message =
      (await page.getByTestId('training-error').locator('.notice__message').textContent()) ?? '';
    expect(message).not.toBe('');
    await expect.poll(() => page.getByTestId('run-state').textContent()).toBe('Failed');
    const said = await page
      .locator('.app__main .notice__message')
      .evaluateAll((els, m) => els.filter((el) => el.textContent === m).length, message);
    expect(said).toBe(1);
    expect(await page.getByTestId('start-error').count()).toBe(0);
    // The trainer's refusal is logged by the page (console.error), nothing else.
    expect(problems.filter((p) => !p.includes(message.slice(0, 40)))).toEqual([]);
    await context.close();
  });

  it('names every Tab stop of a forecast file in Data (the series chart, the preview)', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    await page
      .getByTestId('dataset-file-input')
      .setInputFiles(join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv'));
    await page.getByTestId('series-chart').locator('svg').first().waitFor();
    expect(await page.locator('.app__main [tabindex="0"]').count()).toBeGreaterThan(1);
    expect(await unnamedTabStops(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
