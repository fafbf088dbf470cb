/** End-to-end: the reading panel's choices for files the guess gets wrong — the JSON path of records inside records, the columns and comment prefix of a CoNLL-like file, the sheet of a workbook and the date order — reach the run spec, and training runs on what they read. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils, write } from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReadOptions } from '../../core/data/index.ts';
import { loadFile, setTraining, smallModel, trainToEnd } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** Writes `content` to a fresh temporary file called `name`. */
async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-choices-')), name);
  await writeFile(path, content);
  return path;
}

/** The "why" line of a reading option, found through the control it describes. */
async function why(page: Page, testId: string): Promise<string | null> {
  const id = await page.getByTestId(testId).getAttribute('aria-describedby');
  return page.locator(`[id="${id?.split(' ')[0]}"]`).textContent();
}

/** `spec.data.reading` of the one run in the Runs table, as the app stored it. */
async function runReading(page: Page): Promise<ReadOptions> {
  const stored = await page.evaluate(() => localStorage.getItem('rnn-studio.runs.v1'));
  const runs = JSON.parse(stored ?? '[]') as { spec: { data: { reading: ReadOptions } } }[];
  expect(runs).toHaveLength(1);
  return (runs[0] as (typeof runs)[number]).spec.data.reading;
}

/** Review texts with a label, `n` of them. */
function review(i: number): { text: string; label: string } {
  return i % 2 === 0
    ? { text: `fresh bread and kind staff ${i}`, label: 'good' }
    : { text: `slow queue and cold coffee ${i}`, label: 'bad' };
}

/** UI words of the language a test runs in. */
const EN = { classify: /Classify/, model: 'Model', finished: 'Finished' };
const KO = { classify: /분류/, model: '모델', finished: '완료' };

/** Picks the classify columns, trains one small epoch and expects it to finish. */
async function trainClassify(
  page: Page,
  columns: { text: string; label: string },
  words = EN,
): Promise<void> {
  await page.getByRole('radio', { name: words.classify }).check();
  await page.getByTestId('role-text').selectOption(columns.text);
  await page.getByTestId('role-label').selectOption(columns.label);
  await smallModel(page, { hidden: '8', embedding: '8', modelTab: words.model });
  await setTraining(page, { epochs: '1', batchSize: '16' });
  await trainToEnd(page, words.finished);
}

describe('the reading panel’s choices reach the trainer', () => {
  it('trains on the reviews inside each store once the user picks their JSON path', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // Eight stores hold ten reviews each; the stores array is the longest at the top, so it is guessed.
    const stores = Array.from({ length: 8 }, (_, s) => ({
      city: `city ${s}`,
      reviews: Array.from({ length: 10 }, (_, r) => review(s * 10 + r)),
    }));
    const doc = { meta: { exported: '2024-05-01' }, data: { stores } };
    await loadFile(page, await tempFile('stores.json', JSON.stringify(doc, null, 2)));
    const path = page.getByTestId('json-path-select');
    expect(await path.inputValue()).toBe('data.stores');
    expect(await why(page, 'json-path-select')).toBe(
      "Guessed: 'data.stores' holds the most records (8).",
    );
    expect(await path.locator('option').allTextContents()).toEqual([
      'data.stores (8)',
      'data.stores.reviews (80)',
    ]);
    // The keyboard picks the reviews: focus the list and step down to the next path.
    await path.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => why(page, 'json-path-select')).toBe('Set by you');
    expect(await path.inputValue()).toBe('data.stores.reviews');
    expect(await page.getByTestId('dataset-facts').textContent()).toContain('80 rows');
    await screenshot(page, 'data-reading-json-path.png');
    await trainClassify(page, { text: 'text', label: 'label' });
    expect(await runReading(page)).toMatchObject({
      format: 'json',
      jsonPath: 'data.stores.reviews',
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('trains a tagger on a CoNLL-like file whose columns and comment prefix the user chooses', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // Index, word, part of speech, lemma: part-of-speech tags are not chunk tags, so nothing says
    // the file is token-per-line; its comment lines start with ';' and have four fields too.
    const words: [string, string][] = [
      ['the', 'DET'],
      ['dog', 'NOUN'],
      ['runs', 'VERB'],
      ['a', 'DET'],
      ['cat', 'NOUN'],
      ['sleeps', 'VERB'],
    ];
    const sentences = Array.from({ length: 60 }, (_, s) => {
      const lines = [0, 1, 2].map((k) => {
        const [word, pos] = words[(s % 2) * 3 + k] as [string, string];
        return `${k + 1} ${word} ${pos} ${word.replace(/s$/, '')}`;
      });
      return [`; sentence ${s + 1} checked`, ...lines].join('\n');
    });
    await loadFile(page, await tempFile('pos.txt', `${sentences.join('\n\n')}\n`));
    expect(await page.getByTestId('dataset-format').inputValue()).not.toBe('conll');
    await page.getByTestId('dataset-format').selectOption('conll');
    await page.getByTestId('conll-layout').waitFor();
    expect(await page.getByTestId('conll-token-column').inputValue()).toBe('0');
    expect(await page.getByTestId('conll-tag-column').inputValue()).toBe('3');
    expect(await page.getByTestId('conll-comment-prefix').inputValue()).toBe('#');
    expect(await why(page, 'conll-layout')).toBe(
      'Guessed: No column holds chunk tags, so tokens are read from column 1 and tags from column 4 of 4. Choose the columns.',
    );
    await page.getByTestId('conll-token-column').selectOption('1');
    await expect.poll(() => why(page, 'conll-layout')).toBe('Set by you');
    await page.getByTestId('conll-tag-column').selectOption('2');
    await expect.poll(() => page.getByTestId('conll-tag-column').inputValue()).toBe('2');
    // The comment lines are still read as tokens, until their prefix is given.
    const preview = page.getByTestId('preview-table');
    await expect.poll(() => preview.textContent()).toContain('sentence the dog runs');
    await page.getByTestId('conll-comment-prefix').fill(';');
    await page.getByTestId('conll-comment-prefix').press('Enter');
    await expect.poll(() => preview.textContent()).not.toContain('sentence');
    expect(await preview.textContent()).toContain('DET NOUN VERB');
    await screenshot(page, 'data-reading-conll.png');
    expect(await page.getByRole('radio', { name: /^Tag/ }).isChecked()).toBe(true);
    await smallModel(page, { hidden: '8', embedding: '8', modelTab: 'Model' });
    await setTraining(page, { epochs: '1', batchSize: '16' });
    await trainToEnd(page, 'Finished');
    expect(await runReading(page)).toMatchObject({
      format: 'conll',
      conll: { tokenColumn: 1, tagColumn: 2, commentPrefix: ';' },
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('trains on the second sheet of a workbook once the user picks it, in Korean', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'ko-KR',
    });
    // A wide notes sheet comes first and has the most cells, so it is guessed.
    const book = utils.book_new();
    const notes = [['note', 'author', 'page', 'status']];
    for (let i = 0; i < 60; i++) notes.push([`note ${i}`, `author ${i % 3}`, `${i}`, 'open']);
    utils.book_append_sheet(book, utils.aoa_to_sheet(notes), 'Notes');
    const rows = [['review', 'verdict']];
    for (let i = 0; i < 80; i++) rows.push([review(i).text, review(i).label]);
    utils.book_append_sheet(book, utils.aoa_to_sheet(rows), 'Reviews');
    const bytes = write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
    await loadFile(page, await tempFile('shop.xlsx', bytes));
    const sheet = page.getByTestId('sheet-select');
    expect(await sheet.inputValue()).toBe('Notes');
    expect(await why(page, 'sheet-select')).toBe(
      "추정: 'Notes' 시트가 통합 문서의 시트 2개 중 셀이 가장 많습니다.",
    );
    await sheet.selectOption('Reviews');
    await expect.poll(() => why(page, 'sheet-select')).toBe('직접 지정');
    await expect
      .poll(() => page.getByTestId('role-label').locator('option[value="verdict"]').count())
      .toBe(1);
    // A sheet's header can be fixed as a CSV's can; a workbook has no text encoding to choose.
    expect(await page.getByTestId('header-checkbox').isChecked()).toBe(true);
    expect(await page.getByTestId('encoding-select').count()).toBe(0);
    await screenshot(page, 'data-reading-sheet-ko.png');
    await trainClassify(page, { text: 'review', label: 'verdict' }, KO);
    expect(await runReading(page)).toMatchObject({ format: 'xlsx', sheet: 'Reviews' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('asks for the order of dates that read both ways, in Korean, and keeps the choice for the run', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    // Days and months both at most 12: every date reads day first and month first. Sales grow
    // day by day when the dates are read day first.
    const lines = ['날짜,판매량'];
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= 12; d++) {
        const date = `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2023`;
        lines.push(`${date},${100 + m * 12 + d + (d % 3)}`);
      }
    }
    await loadFile(page, await tempFile('판매.csv', `${lines.join('\n')}\n`));
    const order = page.getByTestId('date-order-select');
    expect(await order.inputValue()).toBe('auto');
    expect(await why(page, 'date-order-select')).toBe(
      "'날짜' 열의 날짜(예: '01/01/2023')는 일이 먼저로도 월이 먼저로도 읽힙니다. 순서를 고르세요.",
    );
    await order.selectOption('dmy');
    await expect.poll(() => why(page, 'date-order-select')).toBe('직접 지정');
    expect(await page.getByLabel('날짜 순서').inputValue()).toBe('dmy');
    await screenshot(page, 'data-reading-panel-date-ko.png');
    await smallModel(page, { hidden: '8', modelTab: '모델' });
    await setTraining(page, { epochs: '1', batchSize: '16' });
    await trainToEnd(page, '완료');
    expect(await runReading(page)).toMatchObject({ format: 'csv', dateOrder: 'dmy' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows numbers read as Excel dates with the evidence, lets the user undo and redo it, and keeps the choice for the run', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    // A spreadsheet saved as CSV with its date cells as serial numbers: 44927 is 2023-01-01.
    const lines = ['Date,Sales'];
    for (let i = 0; i < 150; i++) lines.push(`${44927 + i},${200 + i * 2 + (i % 5)}`);
    await loadFile(page, await tempFile('sales-export.csv', `${lines.join('\n')}\n`));
    const serial = page.getByTestId('serial-dates-select');
    const dateType = page
      .getByTestId('column-list')
      .locator('tr', { hasText: 'Date' })
      .locator('.type-chip');
    // The guess is shown as the control's value, with its evidence.
    expect(await serial.inputValue()).toBe('excel');
    expect(await why(page, 'serial-dates-select')).toContain(
      "Column 'Date' holds numbers such as 44927 that read as Excel dates (2023-01-01).",
    );
    expect(await dateType.getAttribute('data-type')).toBe('date');
    await serial.selectOption('none');
    await expect.poll(() => dateType.getAttribute('data-type')).toBe('integer');
    expect(await why(page, 'serial-dates-select')).toBe('Set by you');
    await page.getByTestId('serial-dates-select').selectOption('excel');
    await expect.poll(() => dateType.getAttribute('data-type')).toBe('date');
    await page.getByRole('radio', { name: /Forecast/ }).check();
    await smallModel(page, { hidden: '8', modelTab: 'Model' });
    await setTraining(page, { epochs: '1', batchSize: '16' });
    await trainToEnd(page, 'Finished');
    expect(await runReading(page)).toMatchObject({ format: 'csv', serialDates: 'excel' });
    expect(problems).toEqual([]);
    await context.close();
  });
});
