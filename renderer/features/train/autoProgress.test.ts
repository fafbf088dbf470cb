/** An auto-tune run's live progress: the budget's share used, the round as the leaderboard numbers it, and the trial training now in the leaderboard. */
import { describe, expect, it } from 'vitest';
import type { LeaderboardRow, TrialProgress, TunePlan } from '../../../core/tune/report.ts';
import { liveRows, searchProgress } from './autoProgress.ts';

const plan: TunePlan = {
  trials: 1,
  rungs: 1,
  firstRungSteps: 5,
  maxMinutes: 5,
  metric: 'accuracy',
  higherIsBetter: true,
  seed: 0,
  specFirst: true,
  specSeconds: 200,
};
const config = { hiddenSize: 64, numLayers: 1, dropout: 0, lr: 0.001 };
const live = (o: Partial<TrialProgress> = {}): TrialProgress => ({
  trial: 0,
  rung: 0,
  config,
  epoch: 1,
  epochs: 4,
  step: 150,
  totalSteps: 400,
  loss: 0.6,
  searchSeconds: 75,
  ...o,
});
const row = (trial: number, rung: number): LeaderboardRow => ({
  trial,
  rung,
  config,
  score: 0.7,
  epochs: 1,
  steps: 100,
  seconds: 20,
  finished: false,
  place: trial + 1,
  dropped: false,
});

describe('searchProgress', () => {
  it('moves with the budget used while the spec trains first and no round has ended', () => {
    const tune = { plan, reports: [], live: live(), best: null };
    expect(searchProgress(tune)).toEqual({ fraction: 0.25, round: 1, live: live() });
    const later = { ...tune, live: live({ searchSeconds: 150 }) };
    expect(searchProgress(later)?.fraction).toBe(0.5);
  });

  it('numbers the round as the leaderboard does, later rounds and the tail included', () => {
    const tune = { plan, reports: [], live: live({ rung: 4, trial: 9 }), best: null };
    expect(searchProgress(tune)?.round).toBe(5);
  });

  it('starts at round 1 with nothing used, and gives way to the run once the search is over', () => {
    expect(searchProgress({ plan, reports: [], live: null, best: null })).toEqual({
      fraction: 0,
      round: 1,
      live: null,
    });
    expect(searchProgress({ plan, reports: [], live: null, best: 0 })).toBeNull();
    expect(searchProgress(undefined)).toBeNull();
  });
});

describe('liveRows', () => {
  it('adds the trial training now when it has not finished a round, with its steps and epochs', () => {
    const rows = liveRows([], live());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      trial: 0,
      place: null,
      score: null,
      steps: 150,
      epochs: 1.5,
      training: 1,
    });
  });

  it('brings the row of a trial training on up to date and leaves the others as reported', () => {
    const rows = liveRows([row(0, 0), row(1, 0)], live({ trial: 1, rung: 1, step: 180 }));
    expect(rows.map((r) => [r.trial, r.steps, r.training])).toEqual([
      [0, 100, null],
      [1, 180, 2],
    ]);
    expect(rows[1]?.place).toBe(2);
  });
});
