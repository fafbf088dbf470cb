/** Successive halving's arithmetic and ranking, and the base spec kept to the final comparison. */
import { describe, expect, it } from 'vitest';
import {
  finalist,
  rank,
  rungCount,
  rungSteps,
  scoringCount,
  searchCost,
  survivors,
} from './halving.ts';

describe('successive halving', () => {
  it('plans 8 → 4 → 2 → 2 over four rungs, each rung doubling the steps', () => {
    expect(rungCount(8)).toBe(4);
    expect(rungCount(5)).toBe(4);
    expect([0, 1, 2, 3].map((r) => rungSteps(10, r))).toEqual([10, 20, 40, 80]);
    // 8·1 + 4·1 + 2·2 + 2·4 first-rung budgets of steps (the last rung may hold the base beside
    // the best challenger), and 8 + 4 + 2 + 2 scorings.
    expect(searchCost(8)).toBe(24);
    expect(scoringCount(8)).toBe(16);
    expect(searchCost(2)).toBe(4);
    expect(searchCost(1)).toBe(1);
  });

  it('keeps the better half in the metric direction, unscored trials last, ties to the earlier trial', () => {
    const standings = [
      { trial: 0, score: 0.7 },
      { trial: 1, score: null },
      { trial: 2, score: 0.9 },
      { trial: 3, score: 0.7 },
      { trial: 4, score: 0.1 },
    ];
    expect(survivors(standings, true)).toEqual([2, 0, 3]);
    expect(survivors(standings, false)).toEqual([4, 0, 3]);
    expect(rank(standings, true).at(-1)?.trial).toBe(1);
  });

  it('never drops the kept trial: it replaces the weakest survivor, or joins a half of one', () => {
    const standings = [
      { trial: 0, score: 0.5 },
      { trial: 1, score: 0.9 },
      { trial: 2, score: 0.8 },
      { trial: 3, score: 0.7 },
    ];
    expect(survivors(standings, true, { keep: 0 })).toEqual([1, 0]);
    expect(survivors(standings.slice(0, 2), true, { keep: 0 })).toEqual([1, 0]);
    // Already in the better half: nothing changes; not in the rung at all: nothing added.
    expect(survivors(standings.slice(0, 2), false, { keep: 0 })).toEqual([0]);
    expect(survivors(standings.slice(1), true, { keep: 0 })).toEqual([1, 2]);
  });

  it('keeps the challenger only when it is strictly better after both trained on', () => {
    expect(finalist({ trial: 0, score: 12.6 }, { trial: 3, score: 12.8 }, false)).toBe(0);
    expect(finalist({ trial: 0, score: 12.6 }, { trial: 3, score: 12.6 }, false)).toBe(0);
    expect(finalist({ trial: 0, score: 12.6 }, { trial: 3, score: 12.5 }, false)).toBe(3);
    expect(finalist({ trial: 0, score: null }, { trial: 3, score: 0.8 }, true)).toBe(3);
    expect(finalist({ trial: 0, score: 0.8 }, { trial: 3, score: null }, true)).toBe(0);
  });

  it('lets the base spec win when a fast starter leads every rung but plateaus worse (learning curves)', () => {
    // Validation MAE after `steps`: the base (lr 0.001) learns slowly to 12.6; the challengers
    // (higher learning rates) lead early but plateau at 13.2–14 — the sunspots case.
    const floors = [12.6, 13.2, 13.5, 13.8, 14.0, 14.2, 14.4, 14.6];
    const speeds = [2000, 60, 80, 100, 120, 140, 160, 180];
    const mae = (trial: number, steps: number) =>
      (floors[trial] as number) + 10 * Math.exp(-steps / (speeds[trial] as number));
    const race = (keep: number | undefined) => {
      let alive = [0, 1, 2, 3, 4, 5, 6, 7];
      for (let rung = 0; rung < rungCount(8) - 1; rung++) {
        const standings = alive.map((trial) => ({ trial, score: mae(trial, rungSteps(30, rung)) }));
        alive = survivors(standings, false, keep === undefined ? {} : { keep });
      }
      return alive;
    };
    // Without the kept base, the base is gone after the first rung of 30 steps.
    expect(race(undefined)).not.toContain(0);
    const finalists = race(0);
    expect(finalists).toEqual([1, 0]);
    // Both trained on to the end (20,000 steps): the base's floor is the better one.
    const end = (trial: number) => ({ trial, score: mae(trial, 20_000) });
    expect(finalist(end(0), end(1), false)).toBe(0);
    // A challenger that is better to the end still wins.
    const better = (trial: number) => ({ trial, score: trial === 1 ? 12.0 : mae(trial, 20_000) });
    expect(finalist(better(0), better(1), false)).toBe(1);
  });
});
