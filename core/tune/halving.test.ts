/** Successive halving's arithmetic and ranking. */
import { describe, expect, it } from 'vitest';
import { rank, rungCount, rungSteps, scoringCount, searchCost, survivors } from './halving.ts';

describe('successive halving', () => {
  it('plans 8 → 4 → 2 → 1 over four rungs, each rung doubling the steps', () => {
    expect(rungCount(8)).toBe(4);
    expect(rungCount(5)).toBe(4);
    expect([0, 1, 2, 3].map((r) => rungSteps(10, r))).toEqual([10, 20, 40, 80]);
    // 8·1 + 4·1 + 2·2 + 1·4 first-rung budgets of steps, and 8 + 4 + 2 + 1 scorings.
    expect(searchCost(8)).toBe(20);
    expect(scoringCount(8)).toBe(15);
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
});
