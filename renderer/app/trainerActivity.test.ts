/** Tests of the status bar's activity: idle without busy runs, otherwise the run being trained (with its epoch), else paused, queued. */
import { describe, expect, it } from 'vitest';
import type { RunView } from './runs.ts';
import { trainerActivity } from './trainerActivity.ts';

function run(
  label: string,
  state: RunView['state'],
  epoch?: [number, number],
): Pick<RunView, 'label' | 'state' | 'progress' | 'evaluating'> {
  const progress =
    epoch === undefined ? null : ({ epoch: epoch[0], epochs: epoch[1] } as RunView['progress']);
  return { label, state, progress };
}

describe('trainerActivity', () => {
  it('is idle when no run is under way', () => {
    expect(trainerActivity([])).toBeNull();
    expect(trainerActivity([run('#1', 'finished'), run('#2', 'failed')])).toBeNull();
  });

  it('names the training run and its epoch (1-based) before a paused or queued one', () => {
    const runs = [run('#1', 'paused', [0, 5]), run('#2', 'running', [2, 10]), run('#3', 'queued')];
    expect(trainerActivity(runs)).toEqual({
      state: 'running',
      run: '#2',
      epoch: { current: 3, total: 10 },
    });
    expect(trainerActivity([run('#1', 'paused', [0, 5]), run('#3', 'queued')])).toEqual({
      state: 'paused',
      run: '#1',
      epoch: { current: 1, total: 5 },
    });
    expect(trainerActivity([run('#4', 'preparing')])).toEqual({ state: 'preparing', run: '#4' });
  });

  it("names the final evaluation's progress while a run evaluates", () => {
    const evaluating = {
      ...run('#2', 'running', [2, 3]),
      evaluating: { examples: 12, total: 480 },
    };
    expect(trainerActivity([run('#1', 'queued'), evaluating])).toEqual({
      state: 'running',
      run: '#2',
      epoch: { current: 3, total: 3 },
      evaluating: { examples: 12, total: 480 },
    });
  });
});
