/** Where the runs outlive a window reload: localStorage in the app (a Map in tests), with long step series thinned and a full quota reported. */
import type { RunView, StepSeries, TrialCurve } from './runsReducer.ts';
import type { WriteFailureStore } from './writeFailures.ts';

/** The part of the Storage API the runs use. */
export interface RunsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'rnn-studio.runs.v1';
/** Steps kept per run in storage (every k-th step beyond it); memory keeps all. */
const STORED_STEPS = 2000;

/** A filter keeping every k-th entry of an array of `n` so at most `limit` remain (the last one always kept). */
function everyKth(n: number, limit: number): (a: number[]) => number[] {
  const every = Math.ceil(n / limit);
  return (a) => a.filter((_, i) => i % every === 0 || i === n - 1);
}

/** Every k-th entry of each series so at most `limit` remain (the last one always kept). */
export function thinSteps(steps: StepSeries, limit: number): StepSeries {
  const n = steps.step.length;
  if (n <= limit) return steps;
  const keep = everyKth(n, limit);
  return {
    step: keep(steps.step),
    loss: keep(steps.loss),
    smoothed: keep(steps.smoothed),
    lr: keep(steps.lr),
    gradNorm: keep(steps.gradNorm),
  };
}

/** Points kept per auto-tune trial curve in storage. */
const STORED_CURVE_POINTS = 300;

/** Each trial's curve thinned as {@link thinSteps} thins a run's steps. */
function thinCurves(curves: readonly TrialCurve[]): TrialCurve[] {
  return curves.map((c) => {
    if (c.step.length <= STORED_CURVE_POINTS) return c;
    const keep = everyKth(c.step.length, STORED_CURVE_POINTS);
    return { trial: c.trial, step: keep(c.step), loss: keep(c.loss) };
  });
}

/** The runs stored by the last window, or none when there are none or they cannot be read. */
export function loadRuns(storage: RunsStorage | undefined): RunView[] {
  if (storage === undefined) return [];
  const raw = storage.getItem(STORAGE_KEY);
  if (raw === null) return [];
  try {
    const runs = JSON.parse(raw) as RunView[];
    return Array.isArray(runs) ? runs.map((r) => ({ ...r, version: 0 })) : [];
  } catch (err) {
    console.warn('Stored runs could not be read; starting with none.', err);
    return [];
  }
}

/** Stores `runs` for the next reload; a failed write (quota full) goes to `failures`, a good one clears it. */
export function saveRuns(
  storage: RunsStorage | undefined,
  runs: readonly RunView[],
  failures: WriteFailureStore,
): void {
  if (storage === undefined) return;
  const thinned = runs.map((r) => ({
    ...r,
    steps: thinSteps(r.steps, STORED_STEPS),
    ...(r.tune?.curves === undefined
      ? {}
      : { tune: { ...r.tune, curves: thinCurves(r.tune.curves) } }),
  }));
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(thinned));
  } catch (err) {
    // NOTE: a full quota costs the runs' history after a reload: the window says so, and in
    // web mode leaving the page asks first (writeFailures.ts).
    console.warn('Runs could not be stored for the next reload.', err);
    const e = err instanceof Error ? err : new Error(String(err));
    failures.report({ kind: 'storage', path: null, message: `${e.name}: ${e.message}` });
    return;
  }
  failures.resolved('storage');
}

/** The page's localStorage, or undefined where it is unavailable (runs then last until a reload). */
export function browserStorage(): RunsStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch (err) {
    console.warn('localStorage is unavailable; runs will not survive a reload.', err);
    return undefined;
  }
}
