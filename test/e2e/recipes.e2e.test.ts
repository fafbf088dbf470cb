/** End-to-end: the recipes on the first screen (English, Korean, dark), a bundled-sample recipe trained from one click, and a failed download that names its URL and takes the file by hand. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recipeByName } from '../../core/recipes/index.ts';
import { formatMetric } from '../../renderer/components/metricFormat.ts';
import { FROZEN_PAGE_MS, noteLongTask, setTraining, trainToEnd } from './flow.ts';
import {
  type E2eEnvironment,
  galleryUrl,
  openApp,
  screenshot,
  sharedDataDir,
  startE2e,
} from './helpers.ts';

const CHATBOT_URL = galleryUrl('chatbot-data-ko', 'ChatbotData.csv');
const SAMSUNG_URL = galleryUrl('samsung-005930-daily', '005930.KS.csv');

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

describe('recipes on the first screen', () => {
  it('offers every recipe with its task, data, licence, expected metric and time (en, ko, dark)', async () => {
    for (const [locale, colorScheme, shot, title] of [
      ['en-US', 'light', 'recipes-en.png', 'Start from a recipe'],
      ['ko-KR', 'light', 'recipes-ko.png', '레시피로 시작하기'],
      ['en-US', 'dark', 'recipes-en-dark.png', 'Start from a recipe'],
    ] as const) {
      const { context, page, problems } = await openApp(env, { colorScheme, locale });
      await page.getByTestId('recipe-gallery').waitFor();
      expect(await page.getByRole('heading', { name: title }).count()).toBe(1);
      expect(await page.locator('.recipe-card').count()).toBe(10);
      const nsmc = page.getByTestId('recipe-nsmc-sentiment');
      const text = (await nsmc.textContent()) ?? '';
      if (locale === 'ko-KR') {
        expect(text).toContain('한국어 영화 리뷰 감성 분석');
        expect(text).toContain('내장 샘플');
        // Units are worded in Korean too ("415원", not "415 won").
        const mae = recipeByName('samsung-stock')?.result.value ?? Number.NaN;
        expect(await page.getByTestId('recipe-samsung-stock').textContent()).toContain(
          `MAE ${formatMetric('mae', mae, 'ko')}원`,
        );
      } else {
        expect(text).toContain('Korean movie-review sentiment');
        expect(text).toContain('1,000 Korean movie reviews (sentiment) — bundled, works offline');
        expect(text).toContain('CC0 1.0');
        // The card shows the recipe's measured result, formatted as the UI formats metrics.
        const stock = recipeByName('samsung-stock');
        const mae = stock?.result.value ?? Number.NaN;
        expect(await page.getByTestId('recipe-samsung-stock').textContent()).toContain(
          `MAE ${formatMetric('mae', mae, 'en')} won`,
        );
      }
      await screenshot(page, shot);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('trains the NSMC recipe from its bundled sample in one click, for two epochs', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.getByTestId('recipe-nsmc-sentiment').click();
    await page.getByTestId('recipe-loaded').waitFor();
    expect(await page.getByTestId('dataset-name').textContent()).toContain('nsmc-reviews-1k.tsv');
    // The recipe names its label codes.
    expect(await page.getByTestId('label-name-0').inputValue()).toBe('negative');
    expect(await page.getByTestId('label-name-1').inputValue()).toBe('positive');
    await page.getByRole('tab', { name: 'Model' }).click();
    // The recipe's model: a syllable BiLSTM 128 with max pooling.
    expect(await page.getByTestId('encoder-hidden').inputValue()).toBe('128');
    expect(await page.getByTestId('encoder-bidirectional').isChecked()).toBe(true);
    await page.getByRole('tab', { name: 'Train' }).click();
    expect(await page.getByTestId('train-lr').inputValue()).toBe('0.002');
    await setTraining(page, { epochs: '2' });
    const worst = await trainToEnd(page, 'Finished');
    await noteLongTask('recipe nsmc-sentiment', worst);
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    expect(await page.getByTestId('run-result').textContent()).toContain('Finished all 2 epochs.');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows an offline download failure naming the URL, then takes the file chosen by hand', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.route(CHATBOT_URL, (route) => route.abort('internetdisconnected'));
    await page.getByTestId('recipe-chatbot-ko').click();
    await page.getByTestId('recipe-error').waitFor();
    expect(await page.getByTestId('recipe-error-message').textContent()).toBe(
      `Gallery 'chatbot-data-ko', file 'ChatbotData.csv': downloading '${CHATBOT_URL}' failed (Failed to fetch). Check the connection and try again.`,
    );
    expect(await page.getByTestId('recipe-urls').textContent()).toBe(CHATBOT_URL);
    await screenshot(page, 'recipes-offline-en.png');
    await page
      .getByTestId('recipe-files-input')
      .setInputFiles(join(sharedDataDir, 'chatbot-data-ko', 'ChatbotData.csv'));
    await page.getByTestId('recipe-loaded').waitFor();
    expect(await page.getByRole('radio', { name: /Sequence to sequence/ }).isChecked()).toBe(true);
    // The browser logs the failed request itself (naming the URL or the network error); nothing else.
    expect(
      problems.filter((p) => !p.includes(CHATBOT_URL) && !p.includes('ERR_INTERNET_DISCONNECTED')),
    ).toEqual([]);
    await context.close();
  });

  it("downloads a gallery recipe in the page (web mode's CSP allows the gallery host) and trains it", async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const served: string[] = [];
    // The public host, answered from ../shared/data: the page's fetch, CSP and checksum are real.
    await page.route(SAMSUNG_URL, (route) => {
      served.push(route.request().url());
      return route.fulfill({
        status: 200,
        headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' },
        body: readFileSync(join(sharedDataDir, 'samsung-005930-daily', '005930.KS.csv')),
      });
    });
    await page.getByTestId('recipe-samsung-stock').click();
    await page.getByTestId('recipe-loaded').waitFor();
    expect(served).toEqual([SAMSUNG_URL]);
    expect(await page.getByTestId('dataset-name').textContent()).toContain('005930.KS.csv');
    await page.getByRole('tab', { name: 'Train' }).click();
    await setTraining(page, { epochs: '1' });
    await trainToEnd(page, 'Finished');
    expect(await page.getByTestId('run-result').textContent()).toContain('Finished all 1 epochs.');
    expect(problems).toEqual([]);
    await context.close();
  });
});
