/** The search's round planning: how many settings, how many first-rung steps, and when the spec as given needs the budget for itself. */
import { describe, expect, it } from 'vitest';
import { MARGIN, roundSize, specSeconds } from './budget.ts';
import { scoringCount, searchCost } from './halving.ts';
import { relativeCost, type TrialConfig } from './space.ts';

const timing = { secondsPerStep: 0.1, scoringSeconds: 1, enough: 50 };

describe('specSeconds', () => {
  it('counts every epoch of steps and its scoring', () => {
    expect(specSeconds(timing, { epochs: 20, stepsPerEpoch: 50 })).toBeCloseTo(20 * (5 + 1), 9);
  });
});

describe('roundSize', () => {
  it('gives all the settings the steps their share of the budget buys', () => {
    const size = roundSize([1, 1, 1, 1, 1, 1, 1, 1], { timing, searchSeconds: 600, fewest: 2 });
    const steps = (600 - scoringCount(8) * MARGIN) / (searchCost(8) * 0.1 * MARGIN);
    expect(size).toEqual({ trials: 8, steps: Math.floor(steps) });
  });

  it('halves the settings until the first rung gets enough steps, and starts no round below that', () => {
    // In 100 s, 8 settings would get 28 steps each, 4 get 75.
    expect(roundSize(Array(8).fill(1), { timing, searchSeconds: 100, fewest: 2 })).toEqual({
      trials: 4,
      steps: 75,
    });
    // In 20 s, 2 settings would get 33 steps.
    expect(roundSize(Array(8).fill(1), { timing, searchSeconds: 20, fewest: 2 })).toBeNull();
    // A later round (no base to keep) may try one setting: 15 s buy it 115 steps.
    expect(roundSize(Array(8).fill(1), { timing, searchSeconds: 15, fewest: 1 })?.trials).toBe(1);
  });

  it('lets the challengers take only the time the spec does not need (ud-korean-pos under load)', () => {
    // The trial log of 2026-12-06 10:57: 1.02 s a step, 3 s a scoring, 50 steps an epoch, the
    // recipe's 20 epochs; the search had its 210 s share and took 2 settings to 72 steps.
    const load = { secondsPerStep: 1.02, scoringSeconds: 3, enough: 25 };
    const needs = specSeconds(load, { epochs: 20, stepsPerEpoch: 50 });
    expect(needs).toBeGreaterThan(300);
    const costs = [1, 1.2, 0.8, 1.5, 0.6, 1, 1, 1];
    const shareOnly = roundSize(costs, { timing: load, searchSeconds: 210, fewest: 2 });
    expect(shareOnly?.trials).toBe(2);
    expect(
      roundSize(costs, { timing: load, searchSeconds: 210, fewest: 2, slackSeconds: 300 - needs }),
    ).toBeNull();
  });

  it('keeps the search where the spec leaves time (sunspots: the defaults need 2 of the 5 minutes)', () => {
    // 0.11 s a step, 0.3 s a scoring, 35 steps an epoch, 30 epochs: about 125 s.
    const sun = { secondsPerStep: 0.11, scoringSeconds: 0.3, enough: 18 };
    const needs = specSeconds(sun, { epochs: 30, stepsPerEpoch: 35 });
    const costs = [1, 2, 0.5, 1, 1, 4, 0.25, 1];
    const withSlack = roundSize(costs, {
      timing: sun,
      searchSeconds: 205,
      fewest: 2,
      slackSeconds: 295 - needs,
    });
    expect(withSlack).not.toBeNull();
    expect(withSlack?.trials).toBeGreaterThanOrEqual(4);
    // The slack, not the share, binds: fewer steps than the share alone would give.
    const shareOnly = roundSize(costs.slice(0, withSlack?.trials), {
      timing: sun,
      searchSeconds: 205,
      fewest: withSlack?.trials ?? 2,
    });
    expect(withSlack?.steps).toBeLessThanOrEqual(shareOnly?.steps ?? 0);
  });

  it('charges the challengers their own cost, not the base spec’s', () => {
    const cheap = roundSize([1, 0.25], { timing, searchSeconds: 1e6, fewest: 2, slackSeconds: 60 });
    const dear = roundSize([1, 4], { timing, searchSeconds: 1e6, fewest: 2, slackSeconds: 60 });
    expect(cheap?.steps).toBeGreaterThan((dear?.steps ?? 0) * 10);
  });
});

describe('a tiny spec beside the settings searched', () => {
  it("gives challengers a first round once the step's fixed work is counted, where multiply-adds alone put the spec first", () => {
    // A 4-wide spec on this machine: 2.5 ms a step, 0.2 s a scoring, 50 steps an epoch, 20
    // epochs (about 6.5 s) of a 1-minute budget, against settings 64 to 256 wide.
    const tiny: TrialConfig = {
      tokenizer: 'word',
      embeddingDim: 4,
      hiddenSize: 4,
      numLayers: 1,
      dropout: 0,
      lr: 0.001,
    };
    const configs = [
      tiny,
      ...[64, 128, 256, 128].map((n) => ({ ...tiny, embeddingDim: n, hiddenSize: n })),
    ];
    const fast = { secondsPerStep: 0.0025, scoringSeconds: 0.2, enough: 25 };
    const needs = specSeconds(fast, { epochs: 20, stepsPerEpoch: 50 });
    const plan = (costs: number[]) =>
      roundSize(costs, { timing: fast, searchSeconds: 42, fewest: 2, slackSeconds: 60 - needs });
    const multiplyAdds = configs.map((c) => (2 * c.hiddenSize ** 2) / 32);
    expect(plan(multiplyAdds)).toBeNull();
    const withFixedWork = configs.map((c) => relativeCost(c, tiny, 1));
    expect(plan(withFixedWork)?.trials).toBeGreaterThanOrEqual(2);
  });
});
