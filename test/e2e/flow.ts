/** Steps shared by the end-to-end tests of recipes, generate/chat and the training controls: load a file, shrink the model, set training, train, and record main-thread long tasks. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type ModelBundle, readBundle } from '../../core/io/bundle.ts';
import { sharedDataDir } from './helpers.ts';

/**
 * The longest main-thread task an end-to-end test tolerates: a guard against a frozen page that a
 * loaded machine cannot trip. How long the tasks really are is a benchmark
 * (build/scripts/benchLongTasks.mjs, docs/ui.md), not a test.
 */
export const FROZEN_PAGE_MS = 2000;

/** What the page keeps while recording: each long task as [start, duration] and when the test hook ran. */
interface LongTaskLog {
  __longTasks: [number, number][];
  __hookCalls: number[];
}

/** Starts recording main-thread long tasks (PerformanceObserver 'longtask'). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as LongTaskLog;
    w.__longTasks = [];
    w.__hookCalls = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: false });
  });
}

/**
 * The longest main-thread task since {@link recordLongTasks}, in ms (0 when none). A task in which
 * {@link syntheticRun}'s hook ran is the test's own work (it builds the history on the page's
 * main thread) and does not count.
 */
export async function worstLongTask(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as LongTaskLog;
    const own = ([start, ms]: [number, number]) =>
      (w.__hookCalls ?? []).some((t) => t >= start && t <= start + ms);
    return Math.max(0, ...w.__longTasks.filter((task) => !own(task)).map(([, ms]) => ms));
  });
}

/**
 * Shows (or extends) the synthetic finished run of `steps` steps in Train through the page's
 * `?e2e-hooks` test hook, noting the call so {@link worstLongTask} leaves its own task out.
 */
export async function syntheticRun(page: Page, steps: number, epochs: number): Promise<void> {
  await page.evaluate(
    (o) => {
      const w = window as unknown as Partial<LongTaskLog> & {
        __studioTest: { syntheticRun(o: { steps: number; epochs: number }): string };
      };
      w.__hookCalls?.push(performance.now());
      w.__studioTest.syntheticRun(o);
    },
    { steps, epochs },
  );
}

/** The first `lines` lines of a text file (header included), written to a temporary file. */
export async function sliceFile(path: string, lines: number, name: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  const out = join(await mkdtemp(join(tmpdir(), 'rnn-e2e-')), name);
  await writeFile(out, `${text.split('\n').slice(0, lines).join('\n')}\n`);
  return out;
}

/** Loads `file` in Data and picks `task` (a radio's name) when given. */
export async function loadFile(page: Page, file: string, task?: RegExp): Promise<void> {
  await page.getByTestId('dataset-file-input').setInputFiles(file);
  await page.getByTestId('dataset-name').waitFor();
  if (task !== undefined) await page.getByRole('radio', { name: task }).check();
}

/** In Model: a small embedding and hidden size (encoder and decoder). */
export async function smallModel(
  page: Page,
  o: { hidden: string; embedding?: string; modelTab: string },
): Promise<void> {
  await page.getByTestId('next-model').click();
  await page.getByRole('tab', { name: o.modelTab, selected: true }).waitFor();
  if (o.embedding !== undefined && (await page.getByTestId('embedding-dim').count()) > 0)
    await page.getByTestId('embedding-dim').fill(o.embedding);
  await page.getByTestId('encoder-hidden').fill(o.hidden);
  if ((await page.getByTestId('decoder-hidden').count()) > 0)
    await page.getByTestId('decoder-hidden').fill(o.hidden);
  await page.getByTestId('next-train').click();
}

/** Training settings in Train (only those given are changed). */
export async function setTraining(
  page: Page,
  o: {
    epochs?: string;
    batchSize?: string;
    lr?: string;
    clipNorm?: string;
    optimizer?: string;
    patience?: string;
  },
): Promise<void> {
  if (o.epochs !== undefined) await page.getByTestId('train-epochs').fill(o.epochs);
  if (o.patience !== undefined) await page.getByTestId('train-patience').fill(o.patience);
  if (o.batchSize !== undefined) await page.getByTestId('train-batch-size').fill(o.batchSize);
  if (o.lr !== undefined) await page.getByTestId('train-lr').fill(o.lr);
  if (o.clipNorm !== undefined) await page.getByTestId('train-clip-norm').fill(o.clipNorm);
  if (o.optimizer !== undefined)
    await page.getByTestId('train-optimizer').selectOption(o.optimizer);
}

/** The number of steps the charts show. */
export async function chartSteps(page: Page): Promise<number> {
  return Number(await page.getByTestId('train-charts').getAttribute('data-steps'));
}

/**
 * Starts training, waits until the charts show steps, the run reaches `finished` (the state's
 * text in the UI language) and the charts show its last events, and returns the worst
 * main-thread long task meanwhile.
 */
export async function trainToEnd(page: Page, finished: string): Promise<number> {
  await recordLongTasks(page);
  await page.getByTestId('start-training').click();
  await expect.poll(() => chartSteps(page), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect
    .poll(() => page.getByTestId('run-state').textContent(), { timeout: 120_000, interval: 500 })
    .toBe(finished);
  // The charts draw the ended run's last events at once (no redraw throttle once it has ended).
  await page
    .locator('[data-testid="train-charts"][data-current="true"]')
    .waitFor({ timeout: 5000 });
  return worstLongTask(page);
}

/** Adds one test's worst long task to `<tmp>/rnn-studio-longtasks-flows.json` (docs/ui.md quotes it). */
export async function noteLongTask(test: string, ms: number): Promise<void> {
  const path = join(tmpdir(), 'rnn-studio-longtasks-flows.json');
  let all: Record<string, number> = {};
  try {
    all = JSON.parse(await readFile(path, 'utf8')) as Record<string, number>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  all[test] = ms;
  await writeFile(path, `${JSON.stringify(all, null, 2)}\n`);
}

/** A run's exported `.rnnmodel`, as plain numbers (what page.evaluate can return). */
export interface RunBundle {
  runId: string;
  task: string;
  bytes: number[];
}

/** Every run's `.rnnmodel` (its last weights) as the trainer exports it. */
export async function runBundles(page: Page): Promise<RunBundle[]> {
  return page.evaluate(async () => {
    type Req = (m: object) => Promise<unknown>;
    const studio = (window as unknown as { studio: { request: Req } }).studio;
    const { runs } = (await studio.request({ type: 'list-runs' })) as {
      runs: { runId: string; task: string }[];
    };
    const out: RunBundle[] = [];
    for (const r of runs) {
      const { bytes } = (await studio.request({
        type: 'export-bundle',
        runId: r.runId,
        which: 'last',
      })) as { bytes: Uint8Array };
      out.push({ runId: r.runId, task: r.task, bytes: [...bytes] });
    }
    return out;
  });
}

/**
 * Starts the run set up in the Train section, waits until it has finished, and reads the session's
 * language model (its generate run) and the `task` run started from it: their bundles as exported
 * and as read, the raw ones for tests that open them as files.
 */
export async function finishTransferRun(
  page: Page,
  task: 'classify' | 'seq2seq',
  timeout = 120_000,
): Promise<{ lmBundle: RunBundle; bundle: RunBundle; lm: ModelBundle; model: ModelBundle }> {
  await page.getByTestId('start-training').click();
  await expect
    .poll(() => page.getByTestId('run-state').textContent(), { timeout, interval: 500 })
    .toBe('Finished');
  const bundles = await runBundles(page);
  const lmBundle = bundles.find((b) => b.task === 'generate');
  const bundle = bundles.find((b) => b.task === task);
  if (lmBundle === undefined || bundle === undefined) throw new Error('both runs expected');
  return {
    lmBundle,
    bundle,
    lm: readBundle(new Uint8Array(lmBundle.bytes), 'lm.rnnmodel'),
    model: readBundle(new Uint8Array(bundle.bytes), `${task}.rnnmodel`),
  };
}

/**
 * Trains a tiny character language model in the app on 400 NSMC reviews (generate, hidden 24,
 * embedding 16, one epoch) and waits for it to finish: the start of the transfer flows.
 */
export async function trainTinyNsmcLanguageModel(page: Page): Promise<void> {
  const file = await sliceFile(
    join(sharedDataDir, 'nsmc-sample', 'nsmc_sample_10k.txt'),
    401,
    'nsmc-400.txt',
  );
  await loadFile(page, file, /Generate/);
  await smallModel(page, { hidden: '24', embedding: '16', modelTab: 'Model' });
  await setTraining(page, { epochs: '1', batchSize: '32', lr: '0.005' });
  await trainToEnd(page, 'Finished');
}
