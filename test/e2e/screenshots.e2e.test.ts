/** End-to-end: the Data and Model screens the other suites leave out (Data for seq2seq and generate, Model for tag and seq2seq), each checked and screenshotted for docs/screenshots. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadFile, sliceFile } from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** The label of the checked task radio (name and, when so, the "Suggested" badge). */
async function checkedTask(page: Page): Promise<string> {
  return (
    (await page.locator('.task-option:has(input:checked) .task-option__name').textContent()) ?? ''
  );
}

/** The PyTorch module line of the layer card `kind`. */
async function moduleOf(page: Page, kind: string): Promise<string> {
  return (
    (await page.getByTestId(`layer-${kind}`).locator('.layer-card__module').textContent()) ?? ''
  );
}

/** The kinds of the layer cards, top to bottom. */
async function layerKinds(page: Page): Promise<(string | null)[]> {
  return page
    .getByTestId('layer-flow')
    .locator('.layer-card')
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-kind')));
}

/** The output shapes listed on the layer card `kind`. */
async function outputsOf(page: Page, kind: string): Promise<string[]> {
  return page.getByTestId(`layer-${kind}-outputs`).locator('li').allTextContents();
}

describe('Data and Model screens for every task', () => {
  it('seq2seq: Tatoeba Korean–English pairs in Data, then the encoder, attention and decoder cards with PyTorch shapes', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, join(sharedDataDir, 'tatoeba-kor-eng', 'kor.txt'), /Sequence to sequence/);
    expect(await page.getByTestId('dataset-name').textContent()).toBe('kor.txt');
    expect(await checkedTask(page)).toBe('Sequence to sequenceSuggested');
    expect(await page.getByTestId('dataset-format').inputValue()).toBe('tsv');
    expect(await page.getByTestId('preview-count').textContent()).toBe('All 3,798 rows.');
    expect(await page.getByTestId('role-source').inputValue()).toBe('column 1');
    expect(await page.getByTestId('role-target').inputValue()).toBe('column 2');
    await screenshot(page, 'data-seq2seq-en.png');

    await page.getByRole('tab', { name: 'Model' }).click();
    await page.getByTestId('layer-flow').waitFor();
    expect(await layerKinds(page)).toEqual([
      'embedding',
      'encoder',
      'decoder-embedding',
      'decoder',
      'attention',
      'dropout',
      'head',
    ]);
    expect(await moduleOf(page, 'encoder')).toBe('nn.GRU(128, 256)');
    expect(await outputsOf(page, 'encoder')).toEqual(['output (L, N, 256)', 'h_n (1, N, 256)']);
    expect(await moduleOf(page, 'decoder')).toBe('nn.GRU(128, 256)');
    expect(await outputsOf(page, 'decoder')).toEqual(['output (T, N, 256)', 'h_n (1, N, 256)']);
    expect(await moduleOf(page, 'attention')).toBe('Luong (general)');
    // Each side has its own vocabulary: English words for the source; the Korean target is read as
    // syllables (as the core tokenises a mostly-Korean side), fewer than the English words.
    const source = Number(
      /^nn\.Embedding\((\d+), 128, padding_idx=0\)$/.exec(await moduleOf(page, 'embedding'))?.[1],
    );
    const target = Number(
      /^nn\.Embedding\((\d+), 128, padding_idx=0\)$/.exec(
        await moduleOf(page, 'decoder-embedding'),
      )?.[1],
    );
    expect(source).toBeGreaterThan(1000);
    expect(target).toBeGreaterThan(300);
    expect(target).toBeLessThan(source);
    expect(await moduleOf(page, 'head')).toBe(`nn.Linear(256, ${target})`);
    // Two lanes: the encoder reads the source; the decoder reads the target so far.
    expect(await page.getByTestId('shape-arrow').allTextContents()).toEqual([
      'ids (L, N)',
      'embedded (L, N, 128)',
      'ids (T, N)',
      'embedded (T, N, 128)',
      'output (T, N, 256)',
      'attended (T, N, 256)',
      'attended (T, N, 256)',
      `logits (T, N, ${target})`,
    ]);
    // The encoder's final state starts the decoder; its outputs feed the attention.
    expect(await page.getByTestId('lane-handoff').allTextContents()).toEqual([
      "h_n (1, N, 256) → decoder's initial state h_0 (1, N, 256)",
      'output (L, N, 256) → attention, at every target step',
    ]);
    await screenshot(page, 'model-seq2seq-en.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tag: UD English EWT in Model has a per-token head, one score per tag for every token', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, join(sharedDataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'));
    expect(await checkedTask(page)).toBe('TagSuggested');
    await page.getByRole('tab', { name: 'Model' }).click();
    await page.getByTestId('layer-flow').waitFor();
    // The word-only tagger first (the task's default may include the character encoder).
    if ((await page.getByTestId('layer-char-encoder').count()) > 0) {
      await page.getByRole('button', { name: 'Remove the character encoder' }).click();
    }
    expect(await layerKinds(page)).toEqual(['embedding', 'encoder', 'dropout', 'head']);
    expect(await moduleOf(page, 'encoder')).toBe('nn.LSTM(100, 128, bidirectional=True)');
    expect(await outputsOf(page, 'encoder')).toEqual([
      'output (L, N, 256)',
      'h_n (2, N, 128)',
      'c_n (2, N, 128)',
    ]);
    expect(await page.getByTestId('encoder-nonlinearity').isDisabled()).toBe(true);
    // No pooling: the head keeps the sequence and scores the 17 UPOS tags at every token.
    expect(await moduleOf(page, 'head')).toBe('nn.Linear(256, 17)');
    expect((await page.getByTestId('shape-arrow').allTextContents()).slice(-2)).toEqual([
      'output (L, N, 256)',
      'logits (L, N, 17)',
    ]);
    expect(await page.getByTestId('layer-head-params').textContent()).toBe(
      `${(256 * 17 + 17).toLocaleString('en-US')} parameters`,
    );
    // The character encoder widens each word's features by 2 · 25 before the BiLSTM.
    await page.getByTestId('add-char-encoder').click();
    expect(await layerKinds(page)).toEqual([
      'embedding',
      'char-encoder',
      'encoder',
      'dropout',
      'head',
    ]);
    expect(await moduleOf(page, 'encoder')).toBe('nn.LSTM(150, 128, bidirectional=True)');
    expect(await outputsOf(page, 'char-encoder')).toEqual([
      'features (L, N, 150)',
      'char features (L, N, 50)',
    ]);
    await screenshot(page, 'model-tag-en.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('generate: NSMC reviews picked as a generation task in Data, in Korean and dark', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    const file = await sliceFile(
      join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'),
      1501,
      'nsmc-1500.txt',
    );
    await loadFile(page, file, /생성/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('데이터');
    // Inspection suggests classification for these labelled reviews; generate was picked.
    expect(await checkedTask(page)).toBe('생성');
    expect(await page.getByTestId('suggested-badge').locator('xpath=..').textContent()).toBe(
      '분류추천',
    );
    expect(await page.getByTestId('preview-count').textContent()).toBe('전체 1,500행');
    expect(await page.getByTestId('role-text').inputValue()).toBe('document');
    await expect.poll(() => page.getByTestId('length-histogram').isVisible()).toBe(true);
    await screenshot(page, 'data-generate-ko-dark.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});
