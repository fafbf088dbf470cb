/** The runs reducer with an auto-tune run: the plan, each finished trial in order, the trial training now, and the winner once the search is over. */
import { describe, expect, it } from 'vitest';
import type { TrialProgress, TrialReport, TunePlan } from '../../core/tune/report.ts';
import {
  newRun,
  type RunsAction,
  type RunsState,
  type RunView,
  reduceRuns,
} from './runsReducer.ts';

const plan: TunePlan = {
  trials: 2,
  rungs: 2,
  firstRungSteps: 10,
  maxMinutes: 5,
  metric: 'accuracy',
  higherIsBetter: true,
  seed: 0,
};
const report = (trial: number, rung: number): TrialReport => ({
  trial,
  rung,
  config: { hiddenSize: 64, numLayers: 1, dropout: 0, lr: 0.001 },
  score: 0.5 + trial / 10,
  epochs: 1,
  steps: 10 * (rung + 1),
  seconds: 2,
  finished: false,
});

const progress = (trial: number, step = 12, loss = 0.69): TrialProgress => ({
  trial,
  rung: 1,
  config: { hiddenSize: 64, numLayers: 1, dropout: 0, lr: 0.001 },
  epoch: 0,
  epochs: 4,
  step,
  totalSteps: 200,
  loss,
  searchSeconds: 30,
});

describe('runs reducer with auto-tune events', () => {
  it('keeps the plan, the reports as they arrive and the winner', () => {
    const start: RunsState = {
      runs: [newRun({ runId: 'a', task: 'classify', label: 'a', state: 'running', startedAt: 0 })],
      selected: 'a',
      compared: [],
    };
    const after = [
      { type: 'tune-started', runId: 'a', plan } as const,
      { type: 'tune-trial', runId: 'a', report: report(0, 0) } as const,
      { type: 'tune-trial', runId: 'a', report: report(1, 0) } as const,
    ].reduce(reduceRuns, start);
    expect(after.runs[0]?.tune).toEqual({
      plan,
      reports: [report(0, 0), report(1, 0)],
      live: null,
      curves: [],
      best: null,
    });
    const moving = reduceRuns(after, { type: 'tune-progress', runId: 'a', progress: progress(1) });
    expect(moving.runs[0]?.tune?.live).toEqual(progress(1));
    expect(moving.runs[0]?.tune?.reports).toHaveLength(2);
    const over = reduceRuns(moving, {
      type: 'tune-finished',
      runId: 'a',
      best: 1,
      leaderboard: [],
    });
    expect(over.runs[0]?.tune?.best).toBe(1);
    // Once the search is over the run's own progress shows: a late trial step changes nothing.
    expect(over.runs[0]?.tune?.live).toBeNull();
    const late = reduceRuns(over, { type: 'tune-progress', runId: 'a', progress: progress(0) });
    expect(late.runs[0]?.tune?.live).toBeNull();
    // A trial report of a run that never announced a search changes nothing.
    const plain = reduceRuns(start, { type: 'tune-trial', runId: 'a', report: report(0, 0) });
    expect(plain.runs[0]?.tune).toBeUndefined();
  });

  it("draws each trial's loss as it trains, on across its rounds, until the search is over", () => {
    const start: RunsState = {
      runs: [newRun({ runId: 'a', task: 'classify', label: 'a', state: 'running', startedAt: 0 })],
      selected: 'a',
      compared: [],
    };
    const step = (trial: number, at: number, loss: number) =>
      ({ type: 'tune-progress', runId: 'a', progress: progress(trial, at, loss) }) as const;
    const after = [
      { type: 'tune-started', runId: 'a', plan } as const,
      step(0, 5, 0.9),
      step(0, 10, 0.8),
      step(1, 5, 1.1),
      step(1, 10, 0.7),
      // Round 2 continues trial 0 from its checkpoint: its curve goes on; a repeated step adds nothing.
      step(0, 10, 0.8),
      step(0, 15, 0.6),
    ].reduce(reduceRuns, start);
    expect(after.runs[0]?.tune?.curves).toEqual([
      { trial: 0, step: [5, 10, 15], loss: [0.9, 0.8, 0.6] },
      { trial: 1, step: [5, 10], loss: [1.1, 0.7] },
    ]);
    expect(after.runs[0]?.tune?.live).toEqual(progress(0, 15, 0.6));
    const actions: RunsAction[] = [
      { type: 'tune-finished', runId: 'a', best: 0, leaderboard: [] },
      step(1, 20, 0.5),
    ];
    const over = actions.reduce(reduceRuns, after);
    expect(over.runs[0]?.tune?.curves?.[1]?.step).toEqual([5, 10]);
    // A run stored before curves were kept takes a trial's step as its first point.
    const stored: RunsState = {
      ...start,
      runs: [
        { ...(start.runs[0] as RunView), tune: { plan, reports: [], live: null, best: null } },
      ],
    };
    const old = reduceRuns(stored, step(2, 3, 1.2));
    expect(old.runs[0]?.tune?.curves).toEqual([{ trial: 2, step: [3], loss: [1.2] }]);
  });
});
