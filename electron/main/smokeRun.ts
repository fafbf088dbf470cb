/** The app's side of `--smoke`: checks the loaded page's preload, trains the bundled Seattle weather sample for one short epoch through main's run queue and the real trainer, then quits (saving the project) with exit code 0 or 1. */
import type { BundledSample } from '../../core/data/samples/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import { saveDatasetBytes } from './datasetFiles.ts';
import type { FileGrants } from './fileGrants.ts';
import type { RunRegistry } from './runs/runRegistry.ts';
import { runSmoke, type SmokeOptions, type SmokeSteps } from './smoke.ts';
import type { TrainerExitInfo } from './trainerProcess.ts';

/** The bundled sample the smoke test trains on (core/data/samples). */
export const SMOKE_SAMPLE_ID = 'seattle-weather';

/** What the smoke test needs from main.ts. */
export interface SmokeAppDeps {
  options: SmokeOptions;
  /** The main window's page, once it exists. */
  page: () => { executeJavaScript(code: string): Promise<unknown> } | null;
  runs: Pick<RunRegistry, 'startRun' | 'get' | 'onChange'>;
  grants: FileGrants;
  /** userData/datasets, where the sample's bytes are saved (as the renderer's saveDataset does). */
  datasetsDir: string;
  /** Subscribes to trainer crashes; returns the unsubscribe. */
  onTrainerCrash: (listener: (info: TrainerExitInfo) => void) => () => void;
  app: {
    quit(): void;
    exit(code: number): void;
    once(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  };
  log: (line: string) => void;
}

/**
 * A forecast run on the sample, small enough to finish in seconds on any machine: an 8-unit
 * LSTM over 14-day windows, one epoch (a few dozen steps).
 */
export function smokeSpec(sample: BundledSample): RunSpec {
  const base = presetSpec('forecast');
  const { date, target, features } = sample.roles;
  return {
    ...base,
    data: {
      ...base.data,
      ...(date === undefined ? {} : { dateColumn: date }),
      ...(target === undefined ? {} : { targetColumn: target }),
      ...(features === undefined ? {} : { featureColumns: [...features] }),
      window: 14,
    },
    model: { ...base.model, recurrent: { ...base.model.recurrent, hiddenSize: 8 } },
    train: { ...base.train, epochs: 1, batchSize: 64, earlyStoppingPatience: 0 },
  };
}

/** The smoke steps over the app's window, run registry and trainer. */
export function smokeSteps(deps: SmokeAppDeps): SmokeSteps {
  return {
    loadPage: async () => {
      const page = deps.page();
      if (page === null) throw new Error('Smoke: the main window must exist, got none.');
      const shell = await page.executeJavaScript(
        "typeof window.studio === 'object' && window.studio !== null ? window.studio.shell : 'missing'",
      );
      if (shell !== 'electron') {
        throw new Error(
          `Smoke: the page must expose window.studio from the preload, got '${String(shell)}'.`,
        );
      }
    },
    train: async (onProgress) => {
      // NOTE: imported here so the samples' text is parsed only when the smoke test runs.
      const { BUNDLED_SAMPLES, sampleBytes } = await import('../../core/data/samples/index.ts');
      const sample = BUNDLED_SAMPLES.find((s) => s.id === SMOKE_SAMPLE_ID);
      if (sample === undefined)
        throw new Error(`Smoke: sample '${SMOKE_SAMPLE_ID}' is not bundled.`);
      const saved = await saveDatasetBytes(deps.datasetsDir, sample.fileName, sampleBytes(sample));
      const path = deps.grants.grantFile(saved);
      const { runId } = deps.runs.startRun({
        spec: smokeSpec(sample),
        dataset: { path, fileName: sample.fileName },
      });
      await watchRun(deps, runId, onProgress);
    },
  };
}

/** Resolves when the run finished; rejects when it failed or the trainer crashed. */
function watchRun(
  deps: SmokeAppDeps,
  runId: string,
  onProgress: (progress: { steps: number; loss: number }) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      offChange();
      offCrash();
      if (error === undefined) resolve();
      else reject(error);
    };
    const offCrash = deps.onTrainerCrash((info) =>
      done(new Error(`Smoke: the trainer stopped unexpectedly (${info.reason}).`)),
    );
    const offChange = deps.runs.onChange(() => {
      const run = deps.runs.get(runId);
      const last = run.history.at(-1);
      if (last !== undefined) onProgress({ steps: last.step, loss: last.trainLoss });
      if (run.state === 'finished') done();
      else if (run.state === 'failed') {
        done(new Error(`Smoke: the run failed: ${run.error?.message ?? 'no reason given'}`));
      }
    });
  });
}

/**
 * Runs the smoke test, logs and writes its result, then quits through the normal path (the
 * project is saved, the trainer stopped). Exit code 0 on success, 1 on failure; if quitting
 * stalls (a dialog nobody answers) the app exits anyway after 30 s.
 */
export async function runSmokeAndQuit(deps: SmokeAppDeps): Promise<void> {
  const result = await runSmoke(smokeSteps(deps), deps.options).catch((err: unknown) => ({
    ok: false,
    steps: 0,
    loss: 0,
    error: `Smoke: ${(err as Error).message}`,
  }));
  deps.log(`Smoke: ${JSON.stringify(result)} (written to ${deps.options.outPath})`);
  const code = result.ok ? 0 : 1;
  deps.app.once('will-quit', (event) => {
    if (code === 0) return;
    event.preventDefault();
    deps.app.exit(code);
  });
  setTimeout(() => deps.app.exit(code), 30_000).unref();
  deps.app.quit();
}
