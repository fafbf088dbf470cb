/** End-to-end: the Data section in Chromium inspects real files off the main thread, shows the task, roles, preview and statistics, refuses bad files with the importer's message, and cancels a large import. */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FROZEN_PAGE_MS } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

async function dropFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('dataset-file-input').setInputFiles(path);
}

/** The label of the checked task radio. */
async function checkedTask(page: Page): Promise<string> {
  return (
    (await page.locator('.task-option:has(input:checked) .task-option__name').textContent()) ?? ''
  );
}

describe('Data section', () => {
  it('inspects a Korean sentiment TSV as a classification with its roles, preview and class balance', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await dropFile(page, join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'));
    await page.getByTestId('dataset-name').waitFor();
    expect(await page.getByTestId('dataset-name').textContent()).toBe('nsmc_sample_10k.txt');
    expect(await page.getByTestId('dataset-format').inputValue()).toBe('tsv');
    expect(await page.getByTestId('encoding-select').inputValue()).toBe('utf-8');
    expect(await checkedTask(page)).toBe('ClassifySuggested');
    expect(await page.getByTestId('role-text').inputValue()).toBe('document');
    expect(await page.getByTestId('role-label').inputValue()).toBe('label');
    expect(await page.getByTestId('preview-count').textContent()).toBe('All 10,000 rows.');
    const balance = await page.getByTestId('class-balance').locator('li').allInnerTexts();
    expect(balance).toHaveLength(2);
    // The preview is windowed: far fewer row elements than rows.
    const drawn = await page.getByTestId('preview-table').locator('tbody tr').count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    await page
      .getByTestId('preview-table')
      .locator('.vtable__scroll')
      .evaluate((el) => {
        el.scrollTop = 29_000;
      });
    await expect
      .poll(() =>
        page.getByTestId('preview-table').locator('tbody tr').first().getAttribute('aria-rowindex'),
      )
      .not.toBe('2');
    await page
      .getByTestId('preview-table')
      .locator('.vtable__scroll')
      .evaluate((el) => {
        el.scrollTop = 0;
      });
    await screenshot(page, 'data-classify-en.png');

    // Another task re-guesses the roles; the store keeps them in step.
    await page.getByRole('radio', { name: /Generate/ }).check();
    expect(await page.getByTestId('role-text').inputValue()).toBe('document');
    await expect.poll(() => page.getByTestId('length-histogram').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads the Seattle sample in one click as a forecast with its series plot', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'en-US',
    });
    await page.getByTestId('sample-seattle-weather').click();
    await page.getByTestId('dataset-name').waitFor();
    expect(await checkedTask(page)).toBe('ForecastSuggested');
    expect(await page.getByTestId('role-target').inputValue()).toBe('temp_max');
    expect(await page.getByTestId('role-date').inputValue()).toBe('date');
    await page.getByTestId('series-chart').locator('.recharts-line-curve').waitFor();
    expect(await page.getByTestId('split-counts').textContent()).toBe(
      'Training 1,169 (80%) · validation 146 · test 146',
    );
    await screenshot(page, 'data-forecast-en-dark.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows a bad file's error panel with the importer's message", async () => {
    const rows = ['a,b,c'];
    for (let i = 0; i < 40; i++) rows.push(i % 6 === 5 ? `${i},${i}` : `${i},${i},${i}`);
    const path = join(tmpdir(), 'ragged.csv');
    await writeFile(path, rows.join('\n'));
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await dropFile(page, path);
    const panel = page.getByTestId('import-error');
    await panel.waitFor();
    expect(await panel.getAttribute('role')).toBe('alert');
    expect(await panel.locator('.notice__title').textContent()).toBe(
      'Rows of ragged.csv have different lengths',
    );
    expect(await page.getByTestId('import-error-message').textContent()).toBe(
      "'ragged.csv': 6 rows must have 3 fields like the header, but line 7 has 2, line 13 has 2, line 19 has 2, line 25 has 2, line 31 has 2, and 1 more. Check the delimiter (',') and quoting, or fix those lines.",
    );
    await screenshot(page, 'data-error-en.png');
    await page.getByRole('button', { name: 'Choose another file' }).click();
    expect(await page.getByTestId('import-error').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads a large CSV in the worker with progress, and cancels it', async () => {
    const line = '2020-01-01,1.2345,2.3456,3.4567,some words of text here\n';
    const path = join(tmpdir(), 'large.csv');
    await writeFile(path, `date,a,b,c,note\n${line.repeat(Math.ceil(150e6 / line.length))}`);
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await dropFile(page, path);
    await page.getByTestId('import-progress').waitFor();
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')))
      .toBeGreaterThan(0);
    // The page stays responsive while the worker reads (a guard against a frozen page, not a figure).
    const start = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    expect(Date.now() - start).toBeLessThan(FROZEN_PAGE_MS);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('import-progress').waitFor({ state: 'detached' });
    expect(await page.getByTestId('dataset-name').count()).toBe(0);
    expect(await page.getByTestId('import-error').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('speaks Korean: a CoNLL-U treebank is tagged, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, problems } = await openApp(env, { colorScheme, locale: 'ko-KR' });
      await dropFile(
        page,
        join(sharedDataDir, 'ud-korean-kaist', 'ko_kaist-ud-dev.first1000.conllu'),
      );
      await page.getByTestId('dataset-name').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('데이터');
      expect(await checkedTask(page)).toBe('태깅추천');
      expect(await page.getByTestId('dataset-format').inputValue()).toBe('conllu');
      expect(await page.getByTestId('preview-count').textContent()).toBe('전체 1,000행');
      expect(
        await page.evaluate(() => document.fonts.check('600 15px "Noto Sans KR"', '열 역할')),
      ).toBe(true);
      await screenshot(page, `data-tag-ko${colorScheme === 'dark' ? '-dark' : ''}.png`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
