/** Tests of the runs' storage adapter: long step series are thinned with the last step kept, unreadable storage starts empty, and a full quota is reported and then cleared. */
import { describe, expect, it } from 'vitest';
import { newRun } from './runsReducer.ts';
import { loadRuns, type RunsStorage, saveRuns, thinSteps } from './runsStorage.ts';
import { createWriteFailureStore } from './writeFailures.ts';

const series = (n: number) => {
  const values = Array.from({ length: n }, (_, i) => i);
  return { step: values, loss: values, smoothed: values, lr: values, gradNorm: values };
};

function storage(full = false): RunsStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      data.set(k, v);
    },
  };
}

describe('runs storage', () => {
  it('thins long series to every k-th step and keeps the last one', () => {
    const thinned = thinSteps(series(10), 4);
    expect(thinned.step).toEqual([0, 3, 6, 9]);
    expect(thinSteps(series(3), 4).step).toEqual([0, 1, 2]);
  });

  it('stores runs thinned and loads them back with a fresh version', () => {
    const s = storage();
    const run = {
      ...newRun({ runId: 'r1', task: 'classify', label: 'r1', state: 'finished', startedAt: 1 }),
      steps: series(5000),
      version: 7,
    };
    saveRuns(s, [run], createWriteFailureStore());
    const [loaded] = loadRuns(s);
    expect(loaded?.steps.step.length).toBeLessThanOrEqual(2000);
    expect(loaded?.steps.step.at(-1)).toBe(4999);
    expect(loaded?.version).toBe(0);
  });

  it("stores an auto-tune run's trial curves thinned, each with its last point", () => {
    const s = storage();
    const long = series(1000);
    const run = {
      ...newRun({ runId: 'r1', task: 'classify', label: 'r1', state: 'finished', startedAt: 1 }),
      tune: {
        plan: {
          trials: 2,
          rungs: 1,
          firstRungSteps: 10,
          maxMinutes: 5,
          metric: 'accuracy',
          higherIsBetter: true,
          seed: 0,
        },
        reports: [],
        live: null,
        curves: [
          { trial: 0, step: long.step, loss: long.loss },
          { trial: 1, step: [1, 2], loss: [0.5, 0.4] },
        ],
        best: 0,
      },
    };
    saveRuns(s, [run], createWriteFailureStore());
    const [loaded] = loadRuns(s);
    const [first, second] = loaded?.tune?.curves ?? [];
    expect(first?.step.length).toBeLessThanOrEqual(300);
    expect(first?.step.at(-1)).toBe(999);
    expect(first?.loss.length).toBe(first?.step.length);
    expect(second).toEqual({ trial: 1, step: [1, 2], loss: [0.5, 0.4] });
    // The run in memory keeps every point.
    expect(run.tune.curves[0]?.step.length).toBe(1000);
  });

  it('starts with no runs when the stored text cannot be read', () => {
    const s = storage();
    s.data.set('rnn-studio.runs.v1', '{not json');
    expect(loadRuns(s)).toEqual([]);
    expect(loadRuns(undefined)).toEqual([]);
  });

  it('reports a full quota as a storage write failure', () => {
    const failures = createWriteFailureStore();
    saveRuns(storage(true), [], failures);
    expect(failures.getState().map((f) => f.kind)).toEqual(['storage']);
    saveRuns(storage(), [], failures);
    expect(failures.getState()).toEqual([]);
  });
});
