/** End-to-end, the Train controls and charts: pause stops the progress and resume continues it, stop ends the run with a usable model, a diverging setting shows its message and suggestion with no NaN drawn, and 100,000 steps draw and keep redrawing without freezing the page. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  chartSteps,
  FROZEN_PAGE_MS,
  loadFile,
  recordLongTasks,
  setTraining,
  smallModel,
  syntheticRun,
  worstLongTask,
} from './flow.ts';
import { type E2eEnvironment, openApp, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

const runState = (page: Page) => page.getByTestId('run-state').textContent();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The charts' step count once it stopped changing for 1.5 s: in-flight events and the throttled redraw have landed, however busy the machine. */
async function settledSteps(page: Page): Promise<number> {
  let last = await chartSteps(page);
  for (;;) {
    await sleep(1500);
    const now = await chartSteps(page);
    if (now === last) return now;
    last = now;
  }
}

describe('training controls', () => {
  it('pause stops the progress, resume continues it, stop ends the run with a model', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, join(sharedDataDir, 'uci-sentiment-sentences', 'yelp_labelled.txt'));
    await smallModel(page, { hidden: '16', embedding: '16', modelTab: 'Model' });
    // NOTE: no early stopping, so the run is still training when stop is pressed.
    await setTraining(page, { epochs: '200', batchSize: '8', patience: '0' });
    await page.getByTestId('start-training').click();
    await expect.poll(() => chartSteps(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('pause').click();
    await expect.poll(() => runState(page)).toBe('Paused');
    // Events already in flight arrive and the throttled charts catch up; then nothing moves.
    const paused = await settledSteps(page);
    await sleep(2500);
    expect(await chartSteps(page)).toBe(paused);
    expect(await runState(page)).toBe('Paused');
    await page.getByTestId('resume').click();
    await expect.poll(() => runState(page)).toBe('Training');
    await expect.poll(() => chartSteps(page), { timeout: 30_000 }).toBeGreaterThan(paused);
    await page.getByTestId('stop').click();
    await expect.poll(() => runState(page), { timeout: 30_000 }).toBe('Finished');
    expect(await page.getByTestId('run-result').textContent()).toMatch(
      /^Stopped by you after \d+ epochs\./,
    );
    // The stopped run's model works in Try.
    await page.getByTestId('next-evaluate').click();
    await page.getByTestId('next-try').click();
    await page.getByTestId('try-text').fill('Great food.');
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-result').waitFor();
    expect(['0', '1']).toContain(await page.getByTestId('try-label').textContent());
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a diverging setting (SGD, learning rate 10, no clipping) shows the reason and what to try, and draws no NaN', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await loadFile(page, join(sharedDataDir, 'seattle-weather', 'seattle-weather.csv'));
    await smallModel(page, { hidden: '16', modelTab: 'Model' });
    await setTraining(page, { epochs: '5', lr: '10', clipNorm: '0', optimizer: 'sgd' });
    await page.getByTestId('start-training').click();
    await page.getByTestId('training-error').waitFor({ timeout: 60_000 });
    expect(await runState(page)).toBe('Failed');
    expect(
      await page.getByTestId('training-error').locator('.notice__message').textContent(),
    ).toMatch(/^The (loss|gradient norm) became (NaN|infinite) at epoch 1, step \d+\.$/);
    expect(await page.getByTestId('training-suggestion').textContent()).toBe(
      'What to try: Lower the learning rate (now 10, try 1) or turn on gradient clipping (clip norm 1).',
    );
    await expect.poll(() => chartSteps(page)).toBeGreaterThan(0);
    const paths = await page
      .getByTestId('train-charts')
      .locator('path')
      .evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((d) => /NaN|Infinity/.test(d))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('charts with a long history', () => {
  it('draws 100,000 steps and keeps redrawing as they grow, without freezing the page', async () => {
    const { context, page, problems } = await openApp(env, {
      colorScheme: 'light',
      locale: 'en-US',
    });
    await page.goto(`${env.server.url}?e2e-hooks`);
    await page.getByRole('tab', { name: 'Train' }).click();
    await recordLongTasks(page);
    await syntheticRun(page, 90_000, 45);
    await expect.poll(() => chartSteps(page), { timeout: 30_000 }).toBe(90_000);
    // Live growth: ten more batches of 1,000 steps; the charts draw each one.
    for (let k = 1; k <= 10; k++) {
      const steps = 90_000 + k * 1000;
      await syntheticRun(page, steps, 50);
      await expect.poll(() => chartSteps(page), { timeout: 30_000 }).toBe(steps);
    }
    // NOTE: a guard, not a speed figure (that is build/scripts/benchLongTasks.mjs, docs/ui.md).
    expect(await worstLongTask(page)).toBeLessThan(FROZEN_PAGE_MS);
    // Downsampled for display: a path has at most a few thousand points, not 100,000.
    const longest = await page
      .getByTestId('chart-loss')
      .locator('path')
      .evaluateAll((els) =>
        Math.max(...els.map((e) => (e.getAttribute('d') ?? '').split('L').length)),
      );
    expect(longest).toBeLessThan(5000);
    await screenshot(page, 'train-history-100k.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});
