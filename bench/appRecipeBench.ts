/** `npm run bench:app -- --recipe <name>`: one epoch of a recipe started through the trainer protocol in the browser edition's Web Worker (the data file posted as the app posts it, progress, epoch and checkpoint events back), beside the same epoch by `rnn-studio train`. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { joinTableFiles, type Recipe } from '../core/recipes/index.ts';
import type { RunSpec } from '../core/tasks/spec.ts';
import { type EpochFigures, trainCoreEpoch } from './recipeBench.ts';

/** The app's epoch as its events tell it, and what crossed the worker boundary meanwhile. */
export interface AppEpochFigures extends Omit<EpochFigures, 'peakRssMiB'> {
  /** Events the page received during the run, by type (progress, checkpoints, …). */
  events: Record<string, number>;
  /** Bytes of checkpoints posted to the page (each a structured-clone copy). */
  checkpointBytes: number;
}

export interface AppRecipeRow {
  recipe: string;
  app: AppEpochFigures;
  cli: EpochFigures;
  /** app / CLI for the steps and for the epoch with validation. */
  ratio: { steps: number; epoch: number };
}

const RUN_ID = 'bench-recipe';

/** The spec the CLI trains for `train --recipe <name> --epochs 1`. */
function oneEpochSpec(recipe: Recipe): RunSpec {
  const spec = structuredClone(recipe.spec) as RunSpec;
  spec.train.epochs = 1;
  return spec;
}

/**
 * Posts `start-training` to the page's bench worker with the file fetched from `dataUrl` (as a
 * File the worker reads in slices, as the app posts it) and resolves with the run's events once
 * it has finished.
 */
async function trainInWorker(
  page: Page,
  request: { spec: RunSpec; fileName: string; dataUrl: string },
): Promise<AppEpochFigures> {
  const result = await page.evaluate(
    async ({ spec, fileName, dataUrl, runId }) => {
      // As the app does: the File itself crosses to the worker, which reads it in slices.
      const file = new File([await (await fetch(dataUrl)).blob()], fileName);
      const worker = (window as unknown as { benchWorker: Worker }).benchWorker;
      return new Promise<Record<string, unknown>>((resolve) => {
        const counts: Record<string, number> = {};
        let checkpointBytes = 0;
        let lastProgress: Record<string, unknown> | null = null;
        let epoch: Record<string, unknown> | null = null;
        // NOTE: no named functions in here: tsx (esbuild keepNames) would wrap them in a __name() the page lacks.
        const done = new AbortController();
        worker.addEventListener(
          'message',
          (event: MessageEvent) => {
            const m = event.data as Record<string, unknown>;
            if (m.runId !== runId && m.id !== 1_000_000) return;
            const type = String(m.type);
            counts[type] = (counts[type] ?? 0) + 1;
            if (type === 'training-progress' && m.epoch === 0) lastProgress = m;
            if (type === 'training-epoch' && epoch === null) epoch = m;
            if (type === 'checkpoint') checkpointBytes += (m.bytes as Uint8Array).byteLength;
            const failed = type === 'training-error' || type === 'error';
            if (type === 'training-finished' || failed) {
              done.abort();
              resolve({
                counts,
                checkpointBytes,
                lastProgress,
                epoch,
                failure: failed ? m.message : null,
              });
            }
          },
          { signal: done.signal },
        );
        const message = {
          type: 'start-training',
          id: 1_000_000,
          runId,
          spec,
          data: { fileName, file },
        };
        worker.postMessage(message);
      });
    },
    { ...request, runId: RUN_ID },
  );
  const last = result.lastProgress as { elapsedSeconds: number; step: number } | null;
  const epoch = result.epoch as { seconds: number; step: number } | null;
  if (result.failure !== null || last === null || epoch === null || last.step !== epoch.step) {
    throw new Error(
      `bench:app: the worker's run must finish epoch 1, got ${String(result.failure ?? 'no epoch')}.`,
    );
  }
  return {
    stepsSeconds: last.elapsedSeconds,
    epochSeconds: epoch.seconds,
    steps: epoch.step,
    events: result.counts as Record<string, number>,
    checkpointBytes: result.checkpointBytes as number,
  };
}

/**
 * One epoch of `recipe` in the page's bench worker and by the CLI, back to back on the same file.
 * @throws Error when either side fails.
 */
export async function runAppRecipe(
  page: Page,
  recipe: Recipe,
  dataFiles: readonly string[],
): Promise<AppRecipeRow> {
  const dir = await mkdtemp(join(tmpdir(), `rnn-studio-bench-app-${recipe.name}-`));
  try {
    const bytes = joinTableFiles(await Promise.all(dataFiles.map((f) => readFile(f))));
    const fileName = basename(dataFiles[0] ?? 'data');
    const dataFile = join(dir, fileName);
    await writeFile(dataFile, bytes);
    // The page fetches the file from its own origin and wraps it in a File, as a dropped file is.
    const dataUrl = `bench-data/${encodeURIComponent(fileName)}`;
    await page.route(`**/${dataUrl}`, (route) =>
      route.fulfill({
        status: 200,
        body: Buffer.from(bytes),
        headers: {
          'Content-Type': 'application/octet-stream',
          'Cross-Origin-Resource-Policy': 'same-origin',
        },
      }),
    );
    const app = await trainInWorker(page, { spec: oneEpochSpec(recipe), fileName, dataUrl });
    const cli = await trainCoreEpoch(recipe.name, dataFile, join(dir, 'model.rnnmodel'));
    return {
      recipe: recipe.name,
      app,
      cli,
      ratio: {
        steps: app.stepsSeconds / cli.stepsSeconds,
        epoch: app.epochSeconds / cli.epochSeconds,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text lines of a recipe row: both sides' seconds and the events that crossed to the page. */
export function formatAppRecipe(r: AppRecipeRow): string {
  const events = Object.entries(r.app.events)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  return `${[
    `recipe ${r.recipe}, one epoch: steps s / with validation s / steps`,
    `app (Chromium worker)  ${r.app.stepsSeconds.toFixed(2)} / ${r.app.epochSeconds.toFixed(2)} / ${r.app.steps}`,
    `CLI (rnn-studio train) ${r.cli.stepsSeconds.toFixed(2)} / ${r.cli.epochSeconds.toFixed(2)} / ${r.cli.steps}  (peak RSS ${r.cli.peakRssMiB.toFixed(0)} MiB)`,
    `app / CLI              ${r.ratio.steps.toFixed(2)} / ${r.ratio.epoch.toFixed(2)}`,
    `events to the page: ${events}; checkpoints ${(r.app.checkpointBytes / 2 ** 20).toFixed(1)} MiB`,
  ].join('\n')}\n`;
}
