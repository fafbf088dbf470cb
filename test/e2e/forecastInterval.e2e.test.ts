/** End-to-end: a forecast's 90 % prediction interval from the validation errors — a band with its caption in Evaluate and in Try, in English and Korean, light and dark — and still there after the exported .rnnmodel is reopened in a fresh window. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFile, setTraining, smallModel, trainToEnd } from './flow.ts';
import { type E2eEnvironment, openApp, screenshotDir, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** Screenshots `panel` in English and Korean, light and dark, as `<name>-<lang>-<theme>.png`; the page ends in Korean. */
async function shootFourWays(page: Page, panel: Locator, name: string): Promise<void> {
  for (const language of ['en', 'ko'] as const) {
    if (language === 'ko') {
      await page.getByRole('button', { name: '한국어', exact: true }).click();
      await page.getByText('예측 구간').first().waitFor();
    }
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate(() => document.fonts.ready);
      await page.mouse.move(5, 5);
      await page.evaluate(() => {
        const app = document.querySelector<HTMLElement>('.app');
        const main = document.querySelector('.app__main');
        if (app === null || main === null) return;
        app.style.height = `${app.clientHeight + main.scrollHeight - main.clientHeight}px`;
      });
      await panel.screenshot({
        path: join(screenshotDir, `${name}-${language}-${theme}.png`),
        animations: 'disabled',
      });
      await page.evaluate(() =>
        document.querySelector<HTMLElement>('.app')?.style.removeProperty('height'),
      );
    }
  }
  await page.getByRole('button', { name: 'English', exact: true }).click();
}

describe('forecast prediction interval', () => {
  it('shows the band and its caption in Evaluate and Try, and keeps it in the saved model', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv'));
    await smallModel(page, { hidden: '16', modelTab: 'Model' });
    await setTraining(page, { epochs: '2' });
    await trainToEnd(page, 'Finished');

    await page.getByTestId('next-evaluate').click();
    const evaluateChart = page.getByTestId('forecast-vs-actual');
    await evaluateChart.waitFor({ timeout: 120_000 });
    const caption = page.getByTestId('interval-caption');
    await caption.waitFor();
    expect(await caption.textContent()).toMatch(
      /^Shaded: the 90% prediction interval, as wide as the middle 90% of the model's one-step errors on the validation split \(\d+ forecasts\)\. On the test split it held \d+(\.\d)?% of the actual values\. It assumes future errors look like past ones\.$/,
    );
    expect(await evaluateChart.locator('path.recharts-area-area').count()).toBe(1);
    expect(await evaluateChart.getByText('90% prediction interval').count()).toBe(1);
    await shootFourWays(
      page,
      page.locator('section[aria-labelledby="forecast-title"]'),
      'evaluate-forecast-interval',
    );

    await page.getByTestId('next-try').click();
    await page.getByTestId('try-model-name').waitFor();
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    await page.getByTestId('interval-caption').waitFor();
    expect(await page.getByTestId('interval-caption').textContent()).toContain(
      'prediction interval for the next step',
    );
    expect(
      await page.getByTestId('try-forecast-chart').locator('path.recharts-area-area').count(),
    ).toBe(1);
    // Each forecast value states its interval: `t+1: 12.34 (9.87 – 15.02)`.
    expect(await page.getByTestId('try-result').textContent()).toMatch(
      /t\+1: -?[\d.]+ \(-?[\d.]+ – -?[\d.]+\)/,
    );
    await shootFourWays(page, page.locator('.try-demo').first(), 'try-forecast-interval');

    // The interval is saved in the .rnnmodel: a fresh window that opens it shows the band.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-model').click();
    const saved = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-')), 'seattle.rnnmodel');
    await (await download).saveAs(saved);
    expect(problems).toEqual([]);
    await context.close();

    const fresh = await openApp(env, { colorScheme: 'dark', locale: 'ko-KR' });
    await fresh.page.getByRole('tab', { name: '체험' }).click();
    await fresh.page.getByTestId('open-model-input').setInputFiles(saved);
    await expect
      .poll(() => fresh.page.getByTestId('try-model-name').textContent())
      .toBe('seattle.rnnmodel');
    await fresh.page.getByTestId('try-predict').click();
    await fresh.page.getByTestId('interval-caption').waitFor();
    expect(await fresh.page.getByTestId('interval-caption').textContent()).toContain('예측 구간');
    expect(fresh.problems).toEqual([]);
    await fresh.context.close();
  });
});
