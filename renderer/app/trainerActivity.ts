/** What the status bar says while runs are under way: the run being trained or evaluated (or prepared, paused, stopping, queued) instead of "Trainer ready". */
import type { RunView } from './runs.ts';

/** States in which the trainer is busy with a run, most telling first. */
const BUSY = ['running', 'stopping', 'preparing', 'paused', 'queued'] as const;
type BusyState = (typeof BUSY)[number];

/** The run the status bar names, and its state; null when the trainer is idle. */
export interface TrainerActivity {
  state: BusyState;
  run: string;
  /** The epoch in progress (1-based) and the number planned, once the run reported progress. */
  epoch?: { current: number; total: number };
  /** The final evaluation's examples scored so far and the split's size, while it runs. */
  evaluating?: { examples: number; total: number };
}

/** The status bar's activity for `runs`: the first run in the most telling busy state. */
export function trainerActivity(
  runs: readonly Pick<RunView, 'label' | 'state' | 'progress' | 'evaluating'>[],
): TrainerActivity | null {
  for (const state of BUSY) {
    const run = runs.find((r) => r.state === state);
    if (run === undefined) continue;
    const p = run.progress;
    const evaluating = run.evaluating ?? null;
    return {
      state,
      run: run.label,
      ...(p !== null ? { epoch: { current: p.epoch + 1, total: p.epochs } } : {}),
      ...(evaluating !== null ? { evaluating } : {}),
    };
  }
  return null;
}
