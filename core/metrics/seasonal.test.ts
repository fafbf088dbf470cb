/** Tests of the seasonal baselines: periods from the time step, the seasonal naive forecast, MAE per step ahead. */
import { describe, expect, it } from 'vitest';
import { maeByStep, maeWhereDefined, seasonalNaiveForecast, seasonalPeriods } from './seasonal.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('seasonalPeriods', () => {
  it('maps the time step to the periods a person would use', () => {
    const monday = Date.UTC(2024, 0, 1);
    const everyDay = [0, 1, 2, 3, 4, 5, 6].map((d) => monday + d * DAY);
    const weekdays = [0, 1, 2, 3, 4, 7, 8].map((d) => monday + d * DAY);
    expect(seasonalPeriods(HOUR, null)).toEqual([24, 168]);
    expect(seasonalPeriods(DAY, everyDay)).toEqual([7]);
    expect(seasonalPeriods(DAY, weekdays)).toEqual([5]);
    expect(seasonalPeriods(7 * DAY, null)).toEqual([52]);
    expect(seasonalPeriods(31 * DAY, null)).toEqual([12]);
    expect(seasonalPeriods(91 * DAY, null)).toEqual([4]);
    expect(seasonalPeriods(15 * 60_000, null)).toEqual([4, 96]);
  });

  it('gives none without dates or for an unusual step', () => {
    expect(seasonalPeriods(null, null)).toEqual([]);
    expect(seasonalPeriods(3 * DAY, null)).toEqual([]);
  });
});

describe('seasonalNaiveForecast', () => {
  it('repeats the value one period earlier, also beyond one period', () => {
    const y = [0, 1, 2, 3, 4, 5, 6, 7];
    // Window ends at step 5 (value 5), period 3, horizon 4: steps 6, 7, 8, 9 → 3, 4, 5, 3.
    expect([...seasonalNaiveForecast(y, [5], { period: 3, horizon: 4 })]).toEqual([3, 4, 5, 3]);
  });

  it('is NaN where the history is shorter than a period, and MAE skips those', () => {
    const f = seasonalNaiveForecast([1, 2, 3], [0, 2], { period: 2, horizon: 1 });
    expect(Number.isNaN(f[0])).toBe(true);
    expect(f[1]).toBe(2);
    expect(maeWhereDefined(f, [9, 5])).toBe(3);
  });
});

describe('maeByStep', () => {
  it('averages each step ahead over the windows', () => {
    expect(maeByStep([1, 2, 3, 4], [0, 0, 0, 0], 2)).toEqual([2, 3]);
  });
});
