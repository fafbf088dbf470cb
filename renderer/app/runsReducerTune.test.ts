/** The runs reducer with an auto-tune run: the plan, each finished trial in order, and the winner once the search is over. */
import { describe, expect, it } from 'vitest';
import type { TrialReport, TunePlan } from '../../core/tune/report.ts';
import { newRun, type RunsState, reduceRuns } from './runsReducer.ts';

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
      best: null,
    });
    const over = reduceRuns(after, { type: 'tune-finished', runId: 'a', best: 1, leaderboard: [] });
    expect(over.runs[0]?.tune?.best).toBe(1);
    // A trial report of a run that never announced a search changes nothing.
    const plain = reduceRuns(start, { type: 'tune-trial', runId: 'a', report: report(0, 0) });
    expect(plain.runs[0]?.tune).toBeUndefined();
  });
});
