/** End-to-end: the model builder in Chromium shows PyTorch shapes and exact parameter counts for the loaded data, and explains settings that do nothing or cannot work. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** PyTorch's parameter count of one recurrent layer-direction (with bias). */
const perDirection = (gates: number, input: number, hidden: number): number =>
  gates * hidden * (input + hidden) + 2 * gates * hidden;

async function loadFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('dataset-file-input').setInputFiles(path);
  await page.getByTestId('dataset-name').waitFor();
}

async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
}

describe('Model section', () => {
  it('shows the shapes and the exact parameter count of LSTM(64→128, 2 layers, bidirectional)', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'));
    await page.getByRole('tab', { name: 'Model' }).click();
    await page.getByTestId('encoder-cell').selectOption('lstm');
    await fill(page, 'embedding-dim', '64');
    await fill(page, 'encoder-hidden', '128');
    await page.getByTestId('encoder-bidirectional').check();
    if ((await page.getByTestId('encoder-layers').locator('li').count()) === 1)
      await page.getByTestId('encoder-add-layer').click();

    const encoder = page.getByTestId('layer-encoder');
    expect(await encoder.locator('.layer-card__module').textContent()).toBe(
      'nn.LSTM(64, 128, num_layers=2, bidirectional=True)',
    );
    expect(await page.getByTestId('layer-encoder-outputs').locator('li').allTextContents()).toEqual(
      ['output (L, N, 256)', 'h_n (4, N, 128)', 'c_n (4, N, 128)'],
    );
    // Layer 0 reads 64 features, layer 1 reads both directions of layer 0 (2·128).
    const lstm = 2 * perDirection(4, 64, 128) + 2 * perDirection(4, 256, 128);
    expect(lstm).toBe(593_920);
    expect(await page.getByTestId('layer-encoder-params').textContent()).toBe(
      `${lstm.toLocaleString('en-US')} parameters`,
    );
    const arrows = await page.getByTestId('shape-arrow').allTextContents();
    expect(arrows.slice(0, 3)).toEqual(['ids (L, N)', 'embedded (L, N, 64)', 'output (L, N, 256)']);

    // The total adds the embedding (vocabulary × 64) and the head Linear(256, 2).
    const embedding = Number(
      (await page.getByTestId('layer-embedding-params').textContent())?.replace(/\D/g, ''),
    );
    expect(embedding % 64).toBe(0);
    expect(await page.getByTestId('layer-head').locator('.layer-card__module').textContent()).toBe(
      'nn.Linear(256, 2)',
    );
    const total = Number(
      (await page.getByTestId('total-params').textContent())?.replace(/\D/g, ''),
    );
    expect(total).toBe(embedding + lstm + 256 * 2 + 2);

    // batch_first puts N first in input and output, never in h_n.
    await page.getByTestId('batch-first').check();
    expect(await encoder.locator('.layer-card__module').textContent()).toBe(
      'nn.LSTM(64, 128, num_layers=2, batch_first=True, bidirectional=True)',
    );
    expect(await page.getByTestId('layer-encoder-outputs').locator('li').allTextContents()).toEqual(
      ['output (N, L, 256)', 'h_n (4, N, 128)', 'c_n (4, N, 128)'],
    );
    await page.getByTestId('batch-first').uncheck();

    // Dropout between layers needs more than one layer, as PyTorch warns.
    await fill(page, 'encoder-dropout', '0.3');
    expect(await page.getByTestId('advice-dropoutOneLayer').count()).toBe(0);
    await page.getByTestId('encoder-remove-layer').click();
    expect(
      await page.getByTestId('advice-dropoutOneLayer').locator('.notice__title').textContent(),
    ).toBe('Dropout has no effect with one layer');
    await page.getByTestId('encoder-add-layer').click();

    // The memory estimate's activations are for sequences of the Max. length set here.
    const note = page.getByTestId('memory-note');
    expect(await note.textContent()).toMatch(/ for a batch of \d+ sequences of 128 steps\.$/);
    await fill(page, 'max-length', '24');
    expect(await note.textContent()).toMatch(/ sequences of 24 steps\.$/);
    await fill(page, 'max-length', '128');

    // Typed key by key, as a user types: 400 passes through 4 and 40, below the field's minimum
    // (10), which stay on screen until the number fits; the embedding then has 400 rows.
    const maxVocab = page.getByTestId('max-vocab');
    await maxVocab.click();
    await maxVocab.press('ControlOrMeta+A');
    await maxVocab.pressSequentially('4');
    expect(await maxVocab.inputValue()).toBe('4');
    await maxVocab.pressSequentially('00');
    expect(await maxVocab.inputValue()).toBe('400');
    const embeddingModule = page.getByTestId('layer-embedding').locator('.layer-card__module');
    expect(await embeddingModule.textContent()).toBe('nn.Embedding(400, 64, padding_idx=0)');
    // Left below the minimum, the field shows the last value that fitted once it loses focus.
    await maxVocab.press('ControlOrMeta+A');
    await maxVocab.pressSequentially('7');
    await maxVocab.blur();
    expect(await maxVocab.inputValue()).toBe('400');
    // Emptied, the field means no limit: the spec leaves maxVocab out and the embedding has a row
    // for every word seen at least twice in the sample.
    await maxVocab.click();
    await maxVocab.press('ControlOrMeta+A');
    await maxVocab.press('Backspace');
    await maxVocab.blur();
    expect(await maxVocab.inputValue()).toBe('');
    const unlimited = /nn\.Embedding\((\d+),/.exec((await embeddingModule.textContent()) ?? '');
    expect(Number(unlimited?.[1])).toBeGreaterThan(400);
    await fill(page, 'max-vocab', '20000');
    // A size takes whole numbers only: 1.5 never reaches the model.
    const hidden = page.getByTestId('encoder-hidden');
    await hidden.click();
    await hidden.press('ControlOrMeta+A');
    await hidden.pressSequentially('1.5');
    await hidden.blur();
    expect(await hidden.inputValue()).toBe('1');
    expect(await encoder.locator('.layer-card__module').textContent()).toBe(
      'nn.LSTM(64, 1, num_layers=2, dropout=0.3, bidirectional=True)',
    );
    await fill(page, 'encoder-hidden', '128');
    // BPE's merges are asked for only with the BPE tokenizer, and each merge is a token more.
    expect(await page.getByTestId('bpe-merges').count()).toBe(0);
    await page.getByTestId('tokenizer').selectOption('bpe');
    await fill(page, 'bpe-merges', '300');
    const withMerges = await embeddingModule.textContent();
    await fill(page, 'bpe-merges', '500');
    const rows = (text: string | null) => Number(/nn\.Embedding\((\d+),/.exec(text ?? '')?.[1]);
    expect(rows(await embeddingModule.textContent()) - rows(withMerges)).toBe(200);
    await page.getByTestId('tokenizer').selectOption('word');
    expect(await page.getByTestId('bpe-merges').count()).toBe(0);
    await screenshot(page, 'model-classify-en.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a forecast model from the Seattle sample in the dark theme', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'en-US',
    });
    await page.getByTestId('sample-seattle-weather').click();
    await page.getByTestId('dataset-name').waitFor();
    await page.getByRole('tab', { name: 'Model' }).click();
    // date → target temp_max with precipitation, temp_min and wind: 4 numbers a step.
    const input = await page.getByTestId('shape-arrow').first().textContent();
    expect(input).toBe('input (L, N, 4)');
    await page.getByTestId('encoder-cell').selectOption('gru');
    await fill(page, 'encoder-hidden', '64');
    const layers = await page.getByTestId('encoder-layers').locator('li').count();
    const gru = perDirection(3, 4, 64) + (layers - 1) * perDirection(3, 64, 64);
    expect(await page.getByTestId('layer-encoder-params').textContent()).toBe(
      `${gru.toLocaleString('en-US')} parameters`,
    );
    expect(await page.getByTestId('encoder-nonlinearity').isDisabled()).toBe(true);
    await screenshot(page, 'model-forecast-en-dark.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('speaks Korean and refuses a bidirectional generator, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, problems } = await openApp(env, { colorScheme, locale: 'ko-KR' });
      await loadFile(page, join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'));
      await page.getByRole('radio', { name: /생성/ }).check();
      await page.getByRole('tab', { name: '모델' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('모델');
      await page.getByTestId('encoder-bidirectional').check();
      const advice = page.getByTestId('advice-bidirectionalGenerate');
      expect(await advice.getAttribute('role')).toBe('alert');
      expect(await advice.locator('.notice__title').textContent()).toBe(
        '생성 모델은 양방향일 수 없습니다',
      );
      expect(await page.getByTestId('layer-encoder-params').textContent()).toMatch(
        /^파라미터 [\d,]+개$/,
      );
      await screenshot(page, `model-generate-ko${colorScheme === 'dark' ? '-dark' : ''}.png`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
