/** End-to-end, the two tasks tasks.e2e.test.ts leaves out: generate (NSMC reviews → perplexity and samples → the generator with temperature) and a Korean chatbot (ChatbotData slice → BLEU → the chat window with beam size), with screenshots of Train, Evaluate and Try. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  FROZEN_PAGE_MS,
  loadFile,
  noteLongTask,
  setTraining,
  sliceFile,
  smallModel,
  trainToEnd,
} from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

describe('generate and chat, end to end', () => {
  it('generate: NSMC reviews → perplexity and samples → text at two temperatures', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    const file = await sliceFile(
      join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'),
      1501,
      'nsmc-1500.txt',
    );
    await loadFile(page, file, /Generate/);
    const splitText = (await page.getByTestId('split-counts').textContent()) ?? '';
    const testSize = Number((splitText.match(/[\d,]+/g)?.at(-1) ?? '').replace(/,/g, ''));
    await smallModel(page, { hidden: '128', embedding: '32', modelTab: 'Model' });
    await setTraining(page, { epochs: '3', batchSize: '32', lr: '0.005' });
    const worst = await trainToEnd(page, 'Finished');
    await noteLongTask('generate', worst);
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    await screenshot(page, 'train-generate.png');
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('metrics-table').waitFor();
    await expect
      .poll(() => page.locator('[data-metric="perplexity"]').count(), { timeout: 60_000 })
      .toBe(1);
    await page.getByTestId('samples').waitFor({ timeout: 60_000 });
    // Perplexity covers every text of the test split, as the Data section counted it.
    expect(testSize).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('held-out-note').getAttribute('data-examples'))).toBe(
      testSize,
    );
    expect(await page.getByTestId('samples').locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'evaluate-generate.png');
    await page.getByTestId('next-try').click();
    await page.getByTestId('try-text').fill('이 영화');
    const texts: string[] = [];
    for (const temperature of ['0.3', '1.5']) {
      await page.getByTestId('try-temperature').fill(temperature);
      await page.getByTestId('try-predict').click();
      await expect
        .poll(async () => (await page.getByTestId('try-result').textContent()) ?? '', {
          timeout: 30_000,
        })
        .not.toBe(texts.at(-1) ?? '');
      const text = (await page.getByTestId('try-result').textContent()) ?? '';
      expect(text.startsWith('이 영화')).toBe(true);
      expect(text.length).toBeGreaterThan('이 영화'.length);
      texts.push(text);
    }
    expect(texts[0]).not.toBe(texts[1]);
    await page.getByTestId('try-temperature').fill('0.8');
    await page.getByTestId('try-predict').click();
    await expect
      .poll(async () => (await page.getByTestId('try-result').textContent()) ?? '')
      .not.toBe(texts[1]);
    await screenshot(page, 'try-generate.png');
    // The PyTorch and ONNX exports of the web edition: a zip of each export folder.
    for (const format of ['pytorch', 'onnx']) {
      const download = page.waitForEvent('download');
      await page.getByTestId(`export-${format}`).click();
      const zip = await download;
      expect(zip.suggestedFilename()).toMatch(new RegExp(`-${format}\\.zip$`));
      const entries = Object.keys(unzipSync(new Uint8Array(readFileSync(await zip.path()))));
      expect(entries).toContain(
        `${format}-export/${format === 'onnx' ? 'model.onnx' : 'model.py'}`,
      );
      await page.getByTestId('export-done').waitFor();
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('chat: Korean question–answer pairs → BLEU → answers with beam size 1 and 4', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    const file = await sliceFile(
      join(sharedDataDir, 'chatbot-data-ko', 'ChatbotData.csv'),
      2001,
      'chatbot-2000.csv',
    );
    await loadFile(page, file, /시퀀스/);
    await page.getByTestId('next-model').click();
    // Characters: a few epochs on 2,000 pairs already give non-empty answers.
    await page.getByTestId('tokenizer').selectOption('char');
    await page.getByRole('tab', { name: '데이터' }).click();
    await smallModel(page, { hidden: '64', embedding: '32', modelTab: '모델' });
    await setTraining(page, { epochs: '5', batchSize: '32', lr: '0.005' });
    const worst = await trainToEnd(page, '완료');
    await noteLongTask('chat', worst);
    expect(worst).toBeLessThan(FROZEN_PAGE_MS);
    await screenshot(page, 'train-chat-ko-dark.png');
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('side-by-side').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-metric="bleu"]').count()).toBe(1);
    await screenshot(page, 'evaluate-chat-ko-dark.png');
    await page.getByTestId('next-try').click();
    // A Q/A file opens the chat window rather than the translator.
    await page.getByTestId('chat-log').waitFor();
    for (const beam of ['1', '4']) {
      await page.getByTestId('try-beam').selectOption(beam);
      await page.getByTestId('try-text').fill('오늘 너무 피곤해');
      await page.getByTestId('try-predict').click();
      await expect
        .poll(() => page.getByTestId('chat-answer').count(), { timeout: 30_000 })
        .toBe(beam === '1' ? 1 : 2);
    }
    const answers = await page.getByTestId('chat-answer').allTextContents();
    for (const a of answers) expect(a.trim()).not.toBe('');
    await screenshot(page, 'try-chat-ko-dark.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});
