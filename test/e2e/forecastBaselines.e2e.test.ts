/** End-to-end: a forecast that loses to its seasonal baseline — a daily series repeating every week exactly (the seasonal naive forecast is perfect) trained for one epoch — shows the warning in Train and Evaluate (English and Korean), the baselines table, the target mode chosen on validation, and the baseline's forecast in Try. */

import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFile, setTraining, trainToEnd } from './flow.ts';
import { type E2eEnvironment, openApp, startE2e } from './helpers.ts';

let env: E2eEnvironment;
let weekly: string;
let holidays: string;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  const day = 86_400_000;
  const week = [10, 30, 25, 40, 15, 60, 5];
  const lines = Array.from({ length: 300 }, (_, t) => {
    const date = new Date(Date.UTC(2021, 0, 4) + t * day).toISOString().slice(0, 10);
    return `${date},${week[t % 7]}`;
  });
  weekly = join(mkdtempSync(join(tmpdir(), 'rnn-e2e-weekly-')), 'weekly-sales.csv');
  await writeFile(weekly, `date,sales\n${lines.join('\n')}\n`);
  // Sales jump on holidays, which a calendar knows in advance.
  const holidayLines = Array.from({ length: 300 }, (_, t) => {
    const date = new Date(Date.UTC(2021, 0, 4) + t * day).toISOString().slice(0, 10);
    const holiday = (t * 7) % 10 < 3 ? 1 : 0;
    return `${date},${holiday ? 20 : 5},${holiday}`;
  });
  holidays = join(mkdtempSync(join(tmpdir(), 'rnn-e2e-holidays-')), 'holiday-sales.csv');
  await writeFile(holidays, `date,sales,holiday\n${holidayLines.join('\n')}\n`);
});

afterAll(async () => {
  await env?.close();
});

describe('known-future inputs', () => {
  it('marks a feature as known in advance in Model and asks for its future values in Try', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, holidays, /Forecast/);
    await page.getByTestId('role-target').selectOption('sales');
    const featureBox = page.getByRole('checkbox', { name: 'holiday' });
    if (!(await featureBox.isChecked())) await featureBox.check();
    await page.getByTestId('next-model').click();
    await page.getByRole('tab', { name: 'Model', selected: true }).waitFor();
    await page.getByTestId('encoder-hidden').fill('4');
    const known = page.getByTestId('known-future');
    await known.getByRole('checkbox', { name: 'holiday' }).check();
    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1' });
    await trainToEnd(page, 'Finished');
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('next-try').click();
    const future = page.getByTestId('try-future');
    await future.waitFor();
    expect(
      await page.locator(`label[for="${await future.getAttribute('id')}"]`).textContent(),
    ).toBe('Next 1 values of holiday (known in advance; rows by “;”, columns by “,”)');
    // Without the future values the core names what it needs.
    await page.getByTestId('try-predict').click();
    await expect
      .poll(() => page.locator('[role="alert"]').first().textContent())
      .toContain(
        "input.future must hold the next 1 rows of 'holiday' (known in advance), got 0 rows.",
      );
    await future.fill('1');
    await page.getByTestId('try-predict').click();
    await expect
      .poll(async () => (await page.getByTestId('try-result').textContent()) ?? '')
      // The value, then its prediction interval from the validation errors.
      .toMatch(/^t\+1: -?\d+\.\d\d \(-?\d+\.\d\d – -?\d+\.\d\d\)$/);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('forecast baselines', () => {
  it('warns in Train and Evaluate when the model loses to the seasonal naive forecast, and offers the baseline in Try', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, weekly, /Forecast/);
    await page.getByTestId('next-model').click();
    await page.getByRole('tab', { name: 'Model', selected: true }).waitFor();
    expect(await page.getByTestId('target-mode').inputValue()).toBe('auto');
    await page.getByTestId('encoder-hidden').fill('4');
    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', lr: '0.00001' });
    await trainToEnd(page, 'Finished');

    const trainWarning = page.getByTestId('forecast-warning');
    await trainWarning.waitFor();
    expect(await trainWarning.locator('.notice__title').textContent()).toBe(
      'The model loses to a simple forecast',
    );
    expect(await trainWarning.locator('.notice__body p').first().textContent()).toMatch(
      /^On the validation split the model's MAE [\d,.]+ is worse than that of the seasonal naive \(period 7\) forecast \(0\)\.$/,
    );

    await page.getByTestId('next-evaluate').click();
    const outcome = page.getByTestId('forecast-outcome');
    await outcome.waitFor();
    await outcome.getByTestId('forecast-warning').waitFor();
    expect(await outcome.getByTestId('target-mode-line').textContent()).toMatch(
      /^Target mode: .+ — chosen on the validation split \(its mean lies [\d,.]+ training standard deviations (above|below) the training mean; MAE of a linear stand-in per mode: levels [\d,.]+, changes [\d,.]+, window-normalised [\d,.]+\)\.$/,
    );
    const rows = outcome.getByTestId('forecast-baselines').locator('tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual([
      'Model',
      'naive (last value)',
      'seasonal naive (period 7)',
      'Holt-Winters',
    ]);
    expect(await rows.nth(2).locator('td').textContent()).toBe('0 (lowest)');
    // The general metrics table leaves the baselines to this panel.
    expect(
      await page.locator('[data-testid="metrics-table"] [data-metric="seasonalNaiveMae"]').count(),
    ).toBe(0);
    await outcome.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'rnn-e2e-forecast-warning.png') });

    // The same warning in Korean.
    await page.getByRole('button', { name: '한국어' }).click();
    expect(await outcome.locator('.notice__title').textContent()).toBe(
      '모델이 단순한 예측보다 못합니다',
    );
    expect(await outcome.locator('.notice__body p').first().textContent()).toMatch(
      /^검증 구간에서 모델의 MAE [\d,.]+가 계절 단순\(주기 7\) 예측의 MAE\(0\)보다 나쁩니다\.$/,
    );

    await page.getByTestId('next-try').click();
    const offered = page.getByTestId('try-baseline');
    await offered.waitFor();
    expect(await offered.textContent()).toMatch(
      /^검증 구간에서 가장 나은 기준 예측은 계절 단순\(주기 7\) 예측입니다\. .+: t\+1: \d+\.00$/,
    );
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
