/** The leaderboard: each trial's latest report, trials further on first, dropped ones marked once the search is over. */
import { describe, expect, it } from 'vitest';
import { leaderboard, type TrialReport, trialReportSchema } from './report.ts';

const config = { hiddenSize: 64, numLayers: 1, dropout: 0, lr: 0.001 };
function report(trial: number, rung: number, score: number | null): TrialReport {
  return {
    trial,
    rung,
    config,
    score,
    epochs: rung + 1,
    steps: 10 * (rung + 1),
    seconds: 1,
    finished: false,
  };
}

describe('leaderboard', () => {
  it('orders by rung reached, then score, and marks the trials halving stopped', () => {
    const reports = [
      report(0, 0, 0.6),
      report(1, 0, 0.8),
      report(2, 0, 0.7),
      report(1, 1, 0.85),
      report(2, 1, 0.9),
    ];
    const live = leaderboard(reports, { higherIsBetter: true, searchOver: false });
    expect(live.map((r) => [r.place, r.trial, r.score])).toEqual([
      [1, 2, 0.9],
      [2, 1, 0.85],
      [3, 0, 0.6],
    ]);
    expect(live.some((r) => r.dropped)).toBe(false);
    const over = leaderboard(reports, { higherIsBetter: true, searchOver: true });
    expect(over.map((r) => r.dropped)).toEqual([false, false, true]);
  });

  it('puts the kept trial first once the search is over, ahead of a challenger with a better score', () => {
    const reports = [report(0, 0, 0.6), report(1, 0, 0.8), report(0, 1, 0.81), report(1, 1, 0.82)];
    const rows = leaderboard(reports, { higherIsBetter: true, searchOver: true, best: 0 });
    expect(rows.map((r) => [r.place, r.trial])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(leaderboard(reports, { higherIsBetter: true, searchOver: true })[0]?.trial).toBe(1);
  });

  it('checks a report on arrival', () => {
    expect(trialReportSchema.safeParse(report(0, 0, null)).success).toBe(true);
    expect(trialReportSchema.safeParse({ ...report(0, 0, 1), steps: -1 }).success).toBe(false);
    const comparison = {
      against: 0,
      examples: 120,
      gain: 11.2,
      standardError: 9.3,
      threshold: 2,
      kept: false,
    };
    expect(
      trialReportSchema.safeParse({ ...report(3, 4, 245), final: true, comparison }).success,
    ).toBe(true);
    expect(
      trialReportSchema.safeParse({
        ...report(3, 4, 245),
        comparison: { ...comparison, threshold: 0 },
      }).success,
    ).toBe(false);
  });
});
