/** End-to-end: Try explains a tiny seq2seq model with attention (the attention matrix) and a tiny classifier (coloured word importance), in English and Korean, light and dark. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type E2eEnvironment, openApp, screenshotDir, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;
let workDir: string;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
  workDir = await mkdtemp(join(tmpdir(), 'rnn-studio-explain-'));
});

afterAll(async () => {
  await env?.close();
});

/** The first `lines` lines of a shared data file, written to the work folder under the same name. */
async function slice(relative: string, lines: number): Promise<string> {
  const text = await readFile(join(sharedDataDir, relative), 'utf8');
  const path = join(workDir, relative.split('/').pop() as string);
  await writeFile(path, `${text.split('\n').slice(0, lines).join('\n')}\n`);
  return path;
}

/** Data → Model (small) → Train (a few epochs) → Try, in English. */
async function trainTiny(
  page: Page,
  o: { file: string; task?: RegExp; epochs: string; atEvaluate?: () => Promise<void> },
) {
  await page.getByTestId('dataset-file-input').setInputFiles(o.file);
  await page.getByTestId('dataset-name').waitFor();
  if (o.task !== undefined) await page.getByRole('radio', { name: o.task }).check();
  await page.getByTestId('next-model').click();
  await page.getByRole('tab', { name: 'Model', selected: true }).waitFor();
  if ((await page.getByTestId('embedding-dim').count()) > 0)
    await page.getByTestId('embedding-dim').fill('16');
  await page.getByTestId('encoder-hidden').fill('24');
  if ((await page.getByTestId('decoder-hidden').count()) > 0)
    await page.getByTestId('decoder-hidden').fill('24');
  await page.getByTestId('next-train').click();
  await page.getByTestId('train-epochs').fill(o.epochs);
  await page.getByTestId('start-training').click();
  await expect
    .poll(() => page.getByTestId('run-state').textContent(), { timeout: 240_000, interval: 500 })
    .toBe('Finished');
  await page.getByTestId('next-evaluate').click();
  await o.atEvaluate?.();
  await page.getByTestId('next-try').click();
  await page.getByTestId('try-model-name').waitFor();
}

/** Screenshots the Try demo panel in English and Korean, light and dark, as `<name>-<lang>-<theme>.png`. */
async function shootFourWays(page: Page, name: string, koreanText: string): Promise<void> {
  const panel = page.locator('.try-demo').first();
  for (const language of ['en', 'ko'] as const) {
    if (language === 'ko') {
      await page.getByRole('button', { name: '한국어' }).click();
      await page.getByText(koreanText).first().waitFor();
    }
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate(() => document.fonts.ready);
      await page.mouse.move(5, 5);
      // The section scrolls inside the app frame: stretch the frame so the whole panel is drawn.
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
}

describe('Try explains the model with pictures', () => {
  it('seq2seq with attention: the attention matrix of a translation, read by keyboard', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await trainTiny(page, {
      file: await slice('tatoeba-kor-eng/kor.txt', 1000),
      task: /Sequence to sequence/,
      epochs: '10',
      atEvaluate: async () => {
        // Evaluate: a side-by-side row's button shows the attention its output was written with.
        const table = page.getByTestId('side-by-side');
        await table.waitFor({ timeout: 120_000 });
        const outputs = await table.locator('tbody tr td:nth-child(3)').allTextContents();
        const row = outputs.findIndex((o) => o.trim() !== '');
        expect(row).toBeGreaterThanOrEqual(0);
        await page.getByTestId('show-attention').nth(row).click();
        const shown = page.getByTestId('attention-view');
        await shown.waitFor();
        // One matrix row per output token (the side-by-side joins the tokens into text).
        expect(await shown.locator('tbody tr').count()).toBeGreaterThan(0);
        expect(await page.getByText(`Where the model looked for row ${row + 1}`).count()).toBe(1);
        await shown.screenshot({ path: join(screenshotDir, 'evaluate-attention-en-light.png') });
      },
    });
    await page.getByTestId('try-text').fill('I love you.');
    await page.getByTestId('try-predict').click();
    const view = page.getByTestId('attention-view');
    await view.waitFor({ timeout: 60_000 });
    const rows = await view.locator('tbody tr').count();
    const columns = await view.locator('thead th.attention__source').count();
    expect(rows).toBeGreaterThan(0);
    expect(columns).toBeGreaterThan(1);
    expect(await view.locator('td.attention__cell').count()).toBe(rows * columns);
    expect(await view.getByText('Attention is where the model looked, not why.').count()).toBe(1);
    // Keyboard: focus the matrix, an arrow key activates a cell and the readout gives its weight.
    await view.getByRole('region').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => view.locator('.attention__readout').textContent())
      .toMatch(/^Output “.*”, source “.*”: \d+(\.\d)?%$/);
    expect(await view.locator('td[data-active="true"]').count()).toBe(1);
    await page.mouse.move(5, 5);
    await shootFourWays(page, 'try-attention', '모델이 본 곳');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('classify: the words that moved the decision, coloured blue and red with a legend', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await trainTiny(page, {
      file: join(sharedDataDir, 'uci-sentiment-sentences', 'yelp_labelled.txt'),
      epochs: '5',
    });
    await page.getByTestId('try-text').fill('The food was great but the service was awful');
    await page.getByTestId('try-predict').click();
    const view = page.getByTestId('importance-view');
    await view.waitFor({ timeout: 60_000 });
    const tokens = view.locator('.importance__token');
    expect(await tokens.count()).toBeGreaterThan(5);
    // The most important word is fully coloured on the side that supported the decision.
    expect(await view.locator('.importance__token[data-side="for"]').count()).toBeGreaterThan(0);
    const label = await page.getByTestId('try-label').textContent();
    expect(await view.getByText(`supported “${label}”`).count()).toBe(1);
    expect(await tokens.first().getAttribute('title')).toMatch(/^the: [+−±]\d+(\.\d)? pp$/i);
    await shootFourWays(page, 'try-importance', '결정을 움직인 단어');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("tag: each token's confidence under its tag", async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await trainTiny(page, {
      file: join(sharedDataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'),
      epochs: '2',
    });
    await page.getByTestId('try-text').fill('The cat sat on the mat .');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor({ timeout: 60_000 });
    const confidences = page.getByTestId('tag-confidence');
    expect(await confidences.count()).toBe(7);
    for (const text of await confidences.allTextContents()) {
      const percent = Number(/^(\d+(?:\.\d)?)%/.exec(text)?.[1]);
      expect(percent).toBeGreaterThan(0);
      expect(percent).toBeLessThanOrEqual(100);
    }
    expect(
      await page.getByText('A confident tag can still be wrong.', { exact: false }).count(),
    ).toBe(1);
    await shootFourWays(page, 'try-tag-confidence', '확신이 높아도 틀릴 수 있습니다');
    expect(problems).toEqual([]);
    await context.close();
  });
});
