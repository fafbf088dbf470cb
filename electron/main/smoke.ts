/** The `--smoke` self-test of a built or packaged app: load the page, train a few steps of the bundled sample through the real trainer, write `{ ok, steps, loss, error? }` atomically, exit 0 or 1. */
import { join } from 'node:path';
import { writeJsonAtomic } from './atomicFile.ts';

/** The environment variable that turns the smoke test on, like `--smoke`. */
export const SMOKE_ENV = 'RNN_STUDIO_SMOKE';

/** The default time limit for the whole test (page, trainer start, training): 3 minutes. */
export const DEFAULT_SMOKE_TIMEOUT_MS = 180_000;

/** Where the result goes and how long the test may take. */
export interface SmokeOptions {
  /** The result file: `--smoke-out=<path>`, else `<userData>/smoke-result.json`. */
  outPath: string;
  /** `--smoke-timeout=<seconds>`, else {@link DEFAULT_SMOKE_TIMEOUT_MS}. */
  timeoutMs: number;
}

/** What the result file holds. `steps` and `loss` are what training reached (0 when none). */
export interface SmokeResult {
  ok: boolean;
  steps: number;
  loss: number;
  error?: string;
}

/** How far training got, as the smoke test reports it. */
export interface SmokeProgress {
  steps: number;
  loss: number;
}

/** The app's side of the test; main.ts wires these to the window, the run registry and the trainer. */
export interface SmokeSteps {
  /** Resolves once the window's page loaded and its preload exposed `window.studio`. */
  loadPage(): Promise<void>;
  /** Trains the bundled sample through the real trainer, reporting each epoch's progress. */
  train(onProgress: (progress: SmokeProgress) => void): Promise<void>;
}

/**
 * Reads the smoke switches from the command line and the environment; null when the test is off.
 * @throws Error `Smoke: --smoke-timeout must be a positive number of seconds, got '<value>'.`
 */
export function smokeOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  userDataDir: string,
): SmokeOptions | null {
  if (!argv.includes('--smoke') && env[SMOKE_ENV] !== '1') return null;
  const value = (name: string): string | undefined =>
    argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
  const out = value('--smoke-out');
  const timeout = value('--smoke-timeout');
  const seconds = timeout === undefined ? undefined : Number(timeout);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
    throw new Error(
      `Smoke: --smoke-timeout must be a positive number of seconds, got '${timeout}'.`,
    );
  }
  return {
    outPath: out === undefined || out === '' ? join(userDataDir, 'smoke-result.json') : out,
    timeoutMs: seconds === undefined ? DEFAULT_SMOKE_TIMEOUT_MS : seconds * 1000,
  };
}

/**
 * Runs the test within `timeoutMs` and writes the result to `outPath` atomically. Never throws:
 * every failure (page, trainer, training, time limit) becomes `{ ok: false, error }`.
 * A run counts only when it trained at least one step to a finite loss.
 */
export async function runSmoke(steps: SmokeSteps, options: SmokeOptions): Promise<SmokeResult> {
  let reached: SmokeProgress = { steps: 0, loss: 0 };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Smoke: no result within ${options.timeoutMs / 1000} s.`)),
      options.timeoutMs,
    );
  });
  let result: SmokeResult;
  try {
    await Promise.race([
      (async () => {
        await steps.loadPage();
        await steps.train((progress) => {
          reached = progress;
        });
      })(),
      limit,
    ]);
    result = checkReached(reached);
  } catch (err) {
    result = { ok: false, ...reached, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
  await writeJsonAtomic(options.outPath, result);
  return result;
}

function checkReached(reached: SmokeProgress): SmokeResult {
  if (reached.steps < 1) {
    return { ok: false, ...reached, error: 'Smoke: training ended without taking a step.' };
  }
  if (!Number.isFinite(reached.loss)) {
    return { ok: false, ...reached, error: `Smoke: the loss must be finite, got ${reached.loss}.` };
  }
  return { ok: true, ...reached };
}
