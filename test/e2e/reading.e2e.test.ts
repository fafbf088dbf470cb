/** End-to-end: what the Data section's reading panel decides reaches the trainer — a header the importer missed, a delimiter and an encoding the user picks, and a forecast with no extra inputs whose Try extends by the horizon. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFile, setTraining, sliceFile, smallModel, trainToEnd } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** Writes `content` to a fresh temporary file called `name`. */
async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-reading-')), name);
  await writeFile(path, content);
  return path;
}

/** Review lines: text and label, `n` of them. */
function reviews(n: number, sep: string, text: (i: number) => string): string[] {
  return Array.from(
    { length: n },
    (_, i) => `${text(i)}${sep}${i % 2 === 0 ? 'positive' : 'negative'}`,
  );
}

/** Picks the classify columns, trains one small epoch and expects it to finish. */
async function trainClassify(page: Page, columns: { text: string; label: string }): Promise<void> {
  await page.getByRole('radio', { name: /Classify/ }).check();
  await page.getByTestId('role-text').selectOption(columns.text);
  await page.getByTestId('role-label').selectOption(columns.label);
  await smallModel(page, { hidden: '8', embedding: '8', modelTab: 'Model' });
  await setTraining(page, { epochs: '1', batchSize: '16' });
  await trainToEnd(page, 'Finished');
  expect(await page.getByTestId('runs-table').locator('tbody tr').count()).toBe(1);
}

/** Replaces the loaded file with `file` ("Use another file") and waits until it is shown. */
async function switchTo(page: Page, file: string): Promise<void> {
  const name = file.split('/').at(-1) as string;
  await page.getByRole('button', { name: 'Use another file' }).click();
  await page.getByTestId('dataset-file-input').setInputFiles(file);
  await expect.poll(() => page.getByTestId('dataset-name').textContent()).toBe(name);
}

/** The "why" line of a reading option, found through the control it describes. */
async function why(page: Page, testId: string): Promise<string | null> {
  const id = await page.getByTestId(testId).getAttribute('aria-describedby');
  return page.locator(`[id="${id?.split(' ')[0]}"]`).textContent();
}

describe('the reading panel reaches the trainer', () => {
  it('trains with a header the importer missed, once the user ticks it and picks the columns', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // The label column is named like one of its labels and the text column's name reads like a
    // text, so the first row looks like data.
    const lines = reviews(80, ',', (i) => `${i % 2 === 0 ? 'good fun' : 'bad dull'} ${i}`);
    await loadFile(
      page,
      await tempFile('reviews.csv', `review text,positive\n${lines.join('\n')}\n`),
    );
    const header = page.getByTestId('header-checkbox');
    expect(await header.isChecked()).toBe(false);
    expect(await why(page, 'header-checkbox')).toContain('Guessed:');
    // The box follows the file: it turns on once the file is read again with a header.
    await header.click();
    await expect.poll(() => header.isChecked()).toBe(true);
    await expect.poll(() => why(page, 'header-checkbox')).toBe('Set by you');
    expect(await page.getByTestId('dataset-facts').textContent()).toContain('80 rows');
    await screenshot(page, 'data-reading-panel.png');
    await trainClassify(page, { text: 'review text', label: 'positive' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the fixes a new file of the same format can use, drops them for another, and says so', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const lines = reviews(20, ',', (i) => `nice ${i}`);
    await loadFile(
      page,
      await tempFile('january.csv', `review text,positive\n${lines.join('\n')}\n`),
    );
    await page.getByTestId('header-checkbox').click();
    await expect.poll(() => page.getByTestId('header-checkbox').isChecked()).toBe(true);
    await expect.poll(() => why(page, 'header-checkbox')).toBe('Set by you');
    await switchTo(
      page,
      await tempFile('february.csv', `review text,positive\n${lines.join('\n')}\n`),
    );
    await expect
      .poll(() => page.getByTestId('reading-carried').textContent())
      .toBe(
        "Kept your settings from 'january.csv': header. Change them here if this file differs.",
      );
    expect(await page.getByTestId('header-checkbox').isChecked()).toBe(true);
    const jsonl = lines.map((l, i) => JSON.stringify({ text: l, stars: i % 5 })).join('\n');
    await switchTo(page, await tempFile('march.jsonl', `${jsonl}\n`));
    await expect
      .poll(() => page.getByTestId('reading-carried').textContent())
      .toBe("Your settings for 'february.csv' (header) do not fit this file and were not used.");
    expect(problems).toEqual([]);
    await context.close();
  });

  it('words the reading panel in Korean', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    const lines = reviews(20, ';', (i) => `좋아요 ${i}`);
    await loadFile(page, await tempFile('후기.csv', `후기;평가\n${lines.join('\n')}\n`));
    await page.getByRole('heading', { name: '파일 읽기 설정' }).waitFor();
    expect(await why(page, 'delimiter-select')).toBe(
      '추정: 세미콜론 ( ; )(으)로 나누면 표본 줄의 100%가 2칸이 됩니다.',
    );
    await page.getByTestId('missing-codes').fill('-999, NA');
    await page.getByTestId('missing-codes').press('Enter');
    await expect.poll(() => why(page, 'missing-codes')).toBe('직접 지정');
    await screenshot(page, 'data-reading-panel-ko.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('trains with the delimiter the user picks over the guessed one', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // Every line holds two commas and two ';': the comma comes first among equals, so it is guessed.
    const lines = reviews(
      80,
      ';',
      (i) => `fine, ${i}, ${i % 2 === 0 ? 'loved it;5' : 'hated it;1'}`,
    );
    const head = 'comment (who, when, what);stars;label';
    const file = await tempFile('semi.csv', `${head}\n${lines.join('\n')}\n`);
    await loadFile(page, file);
    expect(await page.getByTestId('delimiter-select').inputValue()).toBe(',');
    await page.getByTestId('delimiter-select').selectOption(';');
    await expect.poll(() => why(page, 'delimiter-select')).toBe('Set by you');
    const label = page.getByTestId('role-label').locator('option[value="label"]');
    await expect.poll(() => label.count()).toBe(1);
    await trainClassify(page, { text: 'comment (who, when, what)', label: 'label' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('trains on a file in the encoding the user picks', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // Chinese reviews in GB18030 (句子 = sentence, 标签 = label; 这部电影非常好看 = a good film,
    // 正面 / 负面 = positive / negative). Its double-byte pairs also decode as Korean CP949.
    const hex = (h: string) => Buffer.from(h, 'hex');
    const ascii = (t: string) => Buffer.from(t, 'latin1');
    const parts = [hex('bee4d7d3'), ascii(','), hex('b1eac7a9'), ascii('\n')];
    for (let i = 0; i < 80; i++) {
      parts.push(hex('d5e2b2bfb5e7d3b0b7c7b3a3bac3bfb4'), ascii(` ${i},`));
      parts.push(hex(i % 2 === 0 ? 'd5fdc3e6' : 'b8bac3e6'), ascii('\n'));
    }
    await loadFile(page, await tempFile('reviews-gb.csv', Buffer.concat(parts)));
    const encoding = page.getByTestId('encoding-select');
    // NOTE: detection takes these bytes for CP949 today; should it learn GB18030, there is
    // nothing left for the user to pick and the rest of the test still holds.
    if ((await encoding.inputValue()) !== 'gb18030') {
      await encoding.selectOption('gb18030');
      await expect.poll(() => why(page, 'encoding-select')).toBe('Set by you');
    }
    expect(await page.getByTestId('preview-table').textContent()).toContain('这部电影非常好看');
    await trainClassify(page, { text: '句子', label: '标签' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('forecasts with no extra inputs, and Try extends the forecast by the horizon', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const file = join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv');
    await loadFile(page, await sliceFile(file, 300, 'seattle-300.csv'), /Forecast/);
    const inputs = page.getByRole('group', { name: 'Extra input columns' }).getByRole('checkbox');
    for (const box of await inputs.all()) await box.uncheck();
    expect(
      await inputs.evaluateAll((boxes) => boxes.some((b) => (b as HTMLInputElement).checked)),
    ).toBe(false);
    await page.getByTestId('next-model').click();
    await page.getByRole('tab', { name: 'Model', selected: true }).waitFor();
    await page.getByLabel('Window (steps in)').fill('14');
    await page.getByLabel('Horizon (steps out)').fill('3');
    await page.getByTestId('encoder-hidden').fill('8');
    await page.getByTestId('next-train').click();
    await setTraining(page, { epochs: '1', batchSize: '16' });
    await trainToEnd(page, 'Finished');
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('next-try').click();
    await page.getByTestId('try-model-name').waitFor();
    // One input column: Try rolls the forecast on past the horizon.
    expect(await page.getByTestId('try-steps').getAttribute('max')).toBe('365');
    expect(await page.getByTestId('try-steps').inputValue()).toBe('3');
    await page.getByTestId('try-steps').fill('6');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(await page.getByTestId('try-result').locator('li').count()).toBe(6);
    expect(problems).toEqual([]);
    await context.close();
  });
});
