/** Tests of the forecast prediction interval: per-step error quantiles by hand, too few residuals, coverage on other errors. */
import { describe, expect, it } from 'vitest';
import {
  fitInterval,
  INTERVAL_LEVEL,
  intervalCoverage,
  MIN_RESIDUALS,
  quantileSorted,
  residualQuantiles,
} from './interval.ts';

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics, as numpy.quantile', () => {
    // numpy.quantile([0, 1, 2, 3, 4], [0.05, 0.5, 0.95]) → [0.2, 2, 3.8]
    expect(quantileSorted([0, 1, 2, 3, 4], 0.05)).toBeCloseTo(0.2, 12);
    expect(quantileSorted([0, 1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantileSorted([0, 1, 2, 3, 4], 0.95)).toBeCloseTo(3.8, 12);
  });
});

describe('residualQuantiles', () => {
  it('takes the error quantiles of each step ahead separately', () => {
    // 21 windows, H = 2: step 1 errors are −10…10, step 2 errors are twice that.
    const predicted: number[] = [];
    const actual: number[] = [];
    for (let w = 0; w < 21; w++) {
      predicted.push(100, 100);
      actual.push(100 + (w - 10), 100 + 2 * (w - 10));
    }
    const q = residualQuantiles(predicted, actual, { horizon: 2, level: 0.9 });
    expect(q?.residuals).toBe(21);
    // 5th percentile of −10…10 (21 values): at index 1 → −9; 95th at 19 → 9.
    expect(q?.lower[0]).toBeCloseTo(-9, 12);
    expect(q?.upper[0]).toBeCloseTo(9, 12);
    expect(q?.lower[1]).toBeCloseTo(-18, 12);
    expect(q?.upper[1]).toBeCloseTo(18, 12);
  });

  it(`states no interval from fewer than ${MIN_RESIDUALS} validation windows`, () => {
    const few = Array.from({ length: MIN_RESIDUALS - 1 }, (_, i) => i);
    expect(residualQuantiles(few, few, { horizon: 1, level: 0.9 })).toBeNull();
  });
});

describe('intervalCoverage and fitInterval', () => {
  it('counts the actual values inside the band, bounds included', () => {
    const band = { lower: [-1], upper: [1] };
    expect(intervalCoverage([0, 0, 0, 0], [-1, 0.5, 1, 3], band)).toBe(0.75);
    expect(intervalCoverage([], [], band)).toBeNull();
  });

  it('fits on validation errors and reports coverage on test errors', () => {
    const val = Array.from({ length: 100 }, (_, i) => i / 10 - 5);
    const zeros = val.map(() => 0);
    const interval = fitInterval(
      { predicted: zeros, actual: val },
      { predicted: [0, 0], actual: [0, 100] },
      1,
    );
    expect(interval?.level).toBe(INTERVAL_LEVEL);
    expect(interval?.coverage).toBe(0.5);
    expect(interval?.lower[0]).toBeLessThan(-4);
    expect(interval?.upper[0]).toBeGreaterThan(4);
  });
});
