/** End-to-end: derived columns on Samsung's daily prices — the user adds Range = High − Low with the keyboard, a taken or empty name is refused as typed, Range becomes the target, two epochs train and Evaluate scores it against the naive forecast; the samsung-stock recipe shows Range as its target. */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFile, setTraining, smallModel, trainToEnd } from './flow.ts';
import { type E2eEnvironment, galleryUrl, openApp, sharedDataDir, startE2e } from './helpers.ts';

const STOCK_CSV = join(sharedDataDir, 'samsung-005930-daily', '005930.KS.csv');
const SAMSUNG_URL = galleryUrl('samsung-005930-daily', '005930.KS.csv');

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

describe('derived columns', () => {
  it('adds Range = High − Low from the keyboard, trains it as the target and evaluates it against naive', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, STOCK_CSV, /Forecast/);
    const panel = page.getByTestId('derived-columns');
    await panel.waitFor();
    const name = page.getByTestId('derived-name');
    const problem = page.getByTestId('derived-problem');

    // A taken name is refused as it is typed; an emptied name once the user has typed.
    await name.focus();
    await page.keyboard.type('High');
    expect(await problem.textContent()).toBe(
      '“High” is already a column of this file or a derived column. Choose another name.',
    );
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    expect(await problem.textContent()).toBe('Give the new column a name.');
    // Enter with no name adds nothing.
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('derived-item').count()).toBe(0);

    // Name, then Tab to each choice; Enter in the form adds the column.
    await page.keyboard.type('Range');
    await page.keyboard.press('Tab');
    await page.getByTestId('derived-left').selectOption('High');
    await page.keyboard.press('Tab');
    await page.getByTestId('derived-op').selectOption('subtract');
    await page.keyboard.press('Tab');
    await page.getByTestId('derived-right').selectOption('Low');
    expect(await problem.textContent()).toBe('');
    expect(await page.getByTestId('derived-draft-formula').textContent()).toBe(
      'Adds Range = High − Low. Rows where a value is missing, or a division by zero, get a missing value.',
    );
    await name.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('derived-item').waitFor();
    expect(await page.getByTestId('derived-formula').allTextContents()).toEqual(['High − Low']);
    expect(await name.inputValue()).toBe('');
    expect(await problem.textContent()).toBe('');

    // Range joins the target and feature choices with its formula; the series plot computes it.
    const target = page.getByTestId('role-target');
    expect(await target.locator('option[value="Range"]').textContent()).toBe('Range (High − Low)');
    await target.selectOption('Range');
    await page
      .getByRole('heading', { name: 'Range (High − Low) over time' })
      .waitFor({ timeout: 10_000 });
    await page.getByTestId('series-chart').locator('.recharts-line-curve').waitFor();
    // The column list shows it after the file's columns, with its role and formula.
    const row = page.getByTestId('derived-column-row');
    expect(await row.locator('th').textContent()).toBe('Range');
    expect(await row.locator('td').allTextContents()).toEqual([
      'Numberderived',
      '—',
      '—',
      'Target',
      '= High − Low',
    ]);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'rnn-e2e-columns-derived.png') });
    const dataShot = join(tmpdir(), 'rnn-e2e-data-derived.png');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: dataShot, fullPage: false });

    // Two epochs of a small model, then Evaluate: MAE beside the naive forecast.
    await smallModel(page, { hidden: '16', modelTab: 'Model' });
    await setTraining(page, { epochs: '2' });
    await trainToEnd(page, 'Finished');
    await page.getByTestId('next-evaluate').click();
    const metrics = page.getByTestId('metrics-table');
    await metrics.waitFor();
    // The forecast's baseline is the naive forecast (the last value), shown in the chart below;
    // its errors are that column, not rows of their own.
    expect(await metrics.locator('thead th').allTextContents()).toEqual([
      'Metric',
      'Model',
      'Naive (last value)',
    ]);
    expect(await metrics.locator('[data-metric="naiveMae"]').count()).toBe(0);
    const mae = await page.locator('[data-metric="mae"] td').allTextContents();
    expect(mae).toHaveLength(2);
    for (const cell of mae) expect(cell).toMatch(/^\d[\d,.]*/);
    // The held-out examples are read with the derived column too.
    const chart = page.getByTestId('forecast-vs-actual');
    await chart.waitFor({ timeout: 60_000 });
    const chartText = (await chart.textContent()) ?? '';
    expect(chartText).toContain('Naive (last value)');
    await page
      .getByRole('heading', { name: 'Forecast of Range against the actual values' })
      .waitFor();
    const evalShot = join(tmpdir(), 'rnn-e2e-evaluate-derived.png');
    await page.screenshot({ path: evalShot, fullPage: false });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('removes a derived column from the target when it is removed', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    await loadFile(page, STOCK_CSV, /예측/);
    // The file's remarks are worded in Korean too: the Yahoo export's 'null' cells in a numeric
    // column are read as missing, and the note says which code and how many.
    expect(await page.locator('.file-summary__notes li').first().textContent()).toBe(
      "'Open' 열은 숫자 열이라 'null' 값(5칸)을 빈 값으로 읽었습니다.",
    );
    await page.getByTestId('derived-name').fill('Mid');
    await page.getByTestId('derived-left').selectOption('High');
    await page.getByTestId('derived-op').selectOption('add');
    await page.getByTestId('derived-right').selectOption('Low');
    await page.getByTestId('derived-add').click();
    await page.getByTestId('role-target').selectOption('Mid');
    expect(await page.getByTestId('role-target').inputValue()).toBe('Mid');
    await page.getByTestId('derived-name').fill('Open');
    expect(await page.getByTestId('derived-problem').textContent()).toBe(
      '“Open”은(는) 이미 이 파일의 열이거나 파생 열입니다. 다른 이름을 입력하세요.',
    );
    await page.getByTestId('derived-columns').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'rnn-e2e-data-derived-ko-dark.png') });
    await page.getByRole('button', { name: '파생 열 Mid 삭제' }).click();
    expect(await page.getByTestId('derived-item').count()).toBe(0);
    expect(await page.getByTestId('role-target').inputValue()).toBe('');
    expect(await page.getByTestId('roles-missing').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads the samsung-stock recipe with Range (High − Low) as its target', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.route(SAMSUNG_URL, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' },
        body: readFileSync(STOCK_CSV),
      }),
    );
    await page.getByTestId('recipe-samsung-stock').click();
    await page.getByTestId('recipe-loaded').waitFor();
    expect(await page.getByTestId('derived-formula').allTextContents()).toEqual(['High − Low']);
    const target = page.getByTestId('role-target');
    expect(await target.inputValue()).toBe('Range');
    expect(await target.locator('option:checked').textContent()).toBe('Range (High − Low)');
    await page.getByRole('heading', { name: 'Range (High − Low) over time' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
